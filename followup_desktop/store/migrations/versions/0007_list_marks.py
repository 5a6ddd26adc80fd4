"""list marks: what the contact list shows beside a name and a deal, kept on the row

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contacts", recreate="never") as batch:
        batch.add_column(
            sa.Column("open_deal_currency", sa.String(3), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("marks", sa.Integer(), nullable=False, server_default="0"))
    # core.contact_marks: 1 = a phone but no time zone, 2 = a number not checked.
    op.execute(
        "UPDATE contacts SET marks ="
        " (CASE WHEN time_zone = '' AND EXISTS (SELECT 1 FROM contact_phones p"
        "  WHERE p.contact_id = contacts.id) THEN 1 ELSE 0 END)"
        " + (CASE WHEN EXISTS (SELECT 1 FROM contact_phones p"
        "  WHERE p.contact_id = contacts.id AND NOT p.checked) THEN 2 ELSE 0 END)"
    )
    op.execute(
        "UPDATE contacts SET open_deal_currency = (SELECT CASE WHEN MIN(d.currency) ="
        " MAX(d.currency) THEN MIN(d.currency) ELSE '' END FROM deals d"
        " WHERE d.contact_id = contacts.id AND d.stage NOT IN ('won', 'lost'))"
        " WHERE EXISTS (SELECT 1 FROM deals d WHERE d.contact_id = contacts.id"
        " AND d.stage NOT IN ('won', 'lost'))"
    )


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN (SQLite 3.35+), not a table copy: a copy would take the
    # search index triggers on contacts with the old table.
    with op.batch_alter_table("contacts", recreate="never") as batch:
        batch.drop_column("marks")
        batch.drop_column("open_deal_currency")
