"""card copies: each card as both sides last agreed on it, to merge edits made on the phone

Also what a write goes over, so what only the phone keeps (a photo) stays.

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable, a plain ADD COLUMN: cards put before this revision have no copy (they are
    # merged without one).
    op.add_column("card_entries", sa.Column("card", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("card_entries", "card")
