"""word-start index for one- and two-character searches (SQLite FTS5 unicode61)

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of the DDL at this revision; store/search.py queries what this creates.
CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS contact_words USING fts5("
    "search_text, content='contacts', content_rowid='id', tokenize='unicode61', prefix='1 2')",
    "CREATE TRIGGER IF NOT EXISTS contacts_words_ai AFTER INSERT ON contacts BEGIN "
    "INSERT INTO contact_words(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS contacts_words_ad AFTER DELETE ON contacts BEGIN "
    "INSERT INTO contact_words(contact_words, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS contacts_words_au AFTER UPDATE OF search_text ON contacts "
    "BEGIN INSERT INTO contact_words(contact_words, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO contact_words(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO contact_words(contact_words) VALUES ('rebuild')",
)
DROP = (
    "DROP TRIGGER IF EXISTS contacts_words_ai",
    "DROP TRIGGER IF EXISTS contacts_words_ad",
    "DROP TRIGGER IF EXISTS contacts_words_au",
    "DROP TABLE IF EXISTS contact_words",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in CREATE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in DROP:
        op.execute(statement)
