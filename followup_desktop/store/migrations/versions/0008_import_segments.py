"""import segments: a large import commits in segments, journalled, and lets others write

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The contacts each committed segment of an unfinished import added, by id range:
    # taken back if it never finishes (store/contact_import.py).
    op.create_table(
        "import_segments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("batch", sa.Integer(), nullable=False),
        sa.Column("first_id", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("import_segments")
