"""busy times: the rep's meetings for the next two weeks, read from their calendars

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Replaced whole at each sync: what the calendars said last, kept for offline use.
    op.create_table(
        "busy_times",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_busy_times_starts_at", "busy_times", ["starts_at"])


def downgrade() -> None:
    op.drop_index("ix_busy_times_starts_at", table_name="busy_times")
    op.drop_table("busy_times")
