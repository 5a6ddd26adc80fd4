"""addresses that bounced: mail to a contact's address that came back for good marks the
address, so the rep sees it where she reads the address and before she writes to it again

Two columns on ``contact_emails``: when the failure came and why, in plain words. The
rows keep their owner and rules (migration 0019); a rep marks only her own contacts'.

Revision ID: 0024
Revises: 0023
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contact_emails", recreate="never") as batch:
        batch.add_column(sa.Column("bounced_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("bounce_reason", sa.String(200), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("contact_emails", recreate="never") as batch:
        batch.drop_column("bounce_reason")
        batch.drop_column("bounced_at")
