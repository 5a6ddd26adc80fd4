"""applied writes: the id of each write a rep's app sent, remembered by the store in the
transaction that makes it, so a write sent again (kept on the laptop while the team
server was away, its first attempt's answer lost) is written once

Revision ID: 0018
Revises: 0017
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "applied_writes",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applied_writes")),
    )


def downgrade() -> None:
    op.drop_table("applied_writes")
