"""deal values beyond 21 million: a deal's value (and the contact's open-deal total) in
hundredths as a 64-bit number, where PostgreSQL's 32-bit integer refused any deal above
21,474,836.47 that the deal's field lets a rep type (up to 1,000,000,000)

SQLite's integers are 64-bit already: only a team server's columns change.

Revision ID: 0025
Revises: 0024
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (("deals", "value_minor"), ("contacts", "open_deal_value_minor"))


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column in COLUMNS:
        op.alter_column(table, column, type_=sa.BigInteger(), existing_type=sa.Integer())


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column in COLUMNS:
        op.alter_column(table, column, type_=sa.Integer(), existing_type=sa.BigInteger())
