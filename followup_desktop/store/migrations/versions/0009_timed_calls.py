"""timed calls: a touch keeps when the call screen's timer started and how long it ran

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain nullable ADD COLUMN: instant on SQLite under a million touches (no table copy).
    op.add_column("touches", sa.Column("started_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("touches", sa.Column("seconds", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("touches", "seconds")
    op.drop_column("touches", "started_at")
