"""touch facts: what the rep's numbers need, kept per contact and per touch

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from followup_desktop.store import touch_facts

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTERS = ("outreach", "voicemail_run", "answered_runs", "visits")
GAP_INDEX = "ix_touches_next_touch_us"
FOLLOW_UP_INDEX = "ix_touches_follow_up"


def upgrade() -> None:
    # Plain ADD COLUMN (no batch table copy): instant on SQLite whatever the row count,
    # and the contacts table with its search triggers stays as it is.
    op.add_column("contacts", sa.Column("attempts_before_connection", sa.Integer(), nullable=True))
    for name in COUNTERS:
        op.add_column("contacts", sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
    op.add_column("touches", sa.Column("next_touch_us", sa.BigInteger(), nullable=True))
    # The backfill runs the same code that keeps the facts as touches are logged. It
    # reads and writes only the columns added here, so later schema changes leave it be.
    touch_facts.rebuild(op.get_bind(), fresh=True)
    # Built after the backfill: one sort instead of 300,000 index updates.
    op.create_index(
        GAP_INDEX,
        "touches",
        ["next_touch_us", "outcome", "at"],
        sqlite_where=sa.text("next_touch_us IS NOT NULL"),
        postgresql_where=sa.text("next_touch_us IS NOT NULL"),
    )
    op.create_index(
        FOLLOW_UP_INDEX,
        "touches",
        ["follow_up_id", "at"],
        sqlite_where=sa.text("follow_up_id IS NOT NULL"),
        postgresql_where=sa.text("follow_up_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index(FOLLOW_UP_INDEX, table_name="touches")
    op.drop_index(GAP_INDEX, table_name="touches")
    # SQLite 3.35+ drops a column in place, without copying the table.
    op.drop_column("touches", "next_touch_us")
    for name in reversed(COUNTERS):
        op.drop_column("contacts", name)
    op.drop_column("contacts", "attempts_before_connection")
