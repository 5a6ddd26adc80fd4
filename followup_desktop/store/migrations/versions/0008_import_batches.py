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

# Frozen copies of the insert and update triggers of 0002 and 0003, as this revision
# makes them: while an import's transaction holds a row in search_index_later, they
# pass its contacts by, and the import indexes them in one statement (store/
# contact_import.py). No trigger is dropped while an import runs, so no other
# connection ever sees the schema change under it.
_INDEXES = {"contacts_search": "contact_search", "contacts_words": "contact_words"}
_LATER = "WHEN NOT EXISTS (SELECT 1 FROM search_index_later) "


def _triggers(when: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # elsewhere the search reads the rows (LIKE): no index, no trigger
    for prefix, index in _INDEXES.items():
        op.execute(f"DROP TRIGGER IF EXISTS {prefix}_ai")
        op.execute(
            f"CREATE TRIGGER {prefix}_ai AFTER INSERT ON contacts {when}BEGIN "
            f"INSERT INTO {index}(rowid, search_text) VALUES (new.id, new.search_text); END"
        )
        op.execute(f"DROP TRIGGER IF EXISTS {prefix}_au")
        op.execute(
            f"CREATE TRIGGER {prefix}_au AFTER UPDATE OF search_text ON contacts {when}"
            f"BEGIN INSERT INTO {index}({index}, rowid, search_text) "
            "VALUES ('delete', old.id, old.search_text); "
            f"INSERT INTO {index}(rowid, search_text) VALUES (new.id, new.search_text); END"
        )


def upgrade() -> None:
    op.create_table(
        "import_segments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("batch", sa.Integer(), nullable=False),
        sa.Column("first_id", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
    )
    op.create_table("search_index_later", sa.Column("id", sa.Integer(), primary_key=True))
    _triggers(_LATER)


def downgrade() -> None:
    _triggers("")  # first: the triggers name the table
    op.drop_table("search_index_later")
    op.drop_table("import_segments")
