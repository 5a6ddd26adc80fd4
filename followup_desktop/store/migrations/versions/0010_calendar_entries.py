"""calendar entries: what this store last put on the rep's CalDAV calendar, a follow-up each

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # No foreign key: a follow-up gone with its contact must still be taken off the
    # calendar, so its entry outlives it until the next sync deletes it there.
    op.create_table(
        "calendar_entries",
        sa.Column("follow_up_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("href", sa.Text(), nullable=False),
        sa.Column("uid", sa.Text(), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("calendar_entries")
