"""the rep's own notes: a contact's notes that no customer ever hears or reads, beside the
personal notes the call screen and the scripts say aloud

``contacts.personal_notes`` was the contact's one notes field, and an import put the
file's own notes and its leftovers in it ("E-mail as imported: …", "Website: …"): the
call screen showed them as the contact's personal word and a script card read them to the
customer. ``contacts.notes`` takes them from now on, and whatever the rep writes for
herself. Nothing moves: an imported line cannot be told from one the rep wrote.

A constant default: a plain ADD COLUMN, instant on SQLite and PostgreSQL whatever the
book's size. On a team server the reps' rights are the table's (migration 0014) and its
rules read the owner only, so they cover the column as they are; the functions run as
the tables' owner (0021–0023) do not read it, and the search text does not hold it (as
it holds no personal notes), so neither index changes.

Revision ID: 0028
Revises: 0027
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("contacts", sa.Column("notes", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    op.drop_column("contacts", "notes")
