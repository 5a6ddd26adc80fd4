"""unchecked phones: a number libphonenumber cannot check is kept as written

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # SQLite stores text of any length whatever the declared size; PostgreSQL needs the
    # wider column for a number kept as someone wrote it ("+234 (0)1 234 5678 ext. 12").
    with op.batch_alter_table("contact_phones", recreate="never") as batch:
        batch.add_column(
            sa.Column("checked", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("contact_phones", "e164", type_=sa.String(64), existing_type=sa.String(20))


def downgrade() -> None:
    with op.batch_alter_table("contact_phones", recreate="never") as batch:
        batch.drop_column("checked")
