"""Contact search: an FTS5 trigram index on SQLite, plain LIKE elsewhere.

This is the one place with SQLite-only SQL (besides its migration). Matching semantics
are those of ``core.text_search.matches``: every typed word is a substring of the
contact's folded ``search_text``.

Strategy, so the first page is fast for both common and rare terms:
- words of 3+ characters go to the trigram index, probed with a LIMIT: when the matches
  are few, they are fetched by id and sorted; when they are many, the ordered scan of
  the list (by the sort index) stops after one page anyway, so the LIKE filter is used.
- words under 3 characters cannot use trigrams and are filtered with LIKE.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, literal, select, text
from sqlalchemy.orm import Session

from followup_desktop.core.text_search import query_words
from followup_desktop.store.schema import ContactRow

# Above this many index hits, scanning in list order finds a page sooner than sorting hits.
DENSE_HITS = 2000

FTS_TABLE = "contact_search"

# Created by migration 0002. A batch migration that copies `contacts` drops its
# triggers with the old table: such a migration must create them again.


def _like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _like(word: str) -> ColumnElement[bool]:
    return ContactRow.search_text.like(_like_pattern(word), escape="\\")


def _fts_phrase(words: list[str]) -> str:
    # Each word as a quoted FTS string: nothing the rep typed is query syntax.
    return " AND ".join('"' + word.replace('"', '""') + '"' for word in words)


def filter_contacts(session: Session, statement: Select[Any], typed: str) -> Select[Any]:
    """``statement`` narrowed to contacts matching ``typed``."""
    words = query_words(typed)
    if not words:
        return statement
    long_words = [word for word in words if len(word) >= 3]
    if session.get_bind().dialect.name == "sqlite" and long_words:
        phrase = _fts_phrase(long_words)
        hits = (
            session.execute(
                text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q LIMIT :n"),
                {"q": phrase, "n": DENSE_HITS + 1},
            )
            .scalars()
            .all()
        )
        if len(hits) <= DENSE_HITS:
            if not hits:
                return statement.where(literal(False))
            short = [_like(word) for word in words if len(word) < 3]
            return statement.where(and_(ContactRow.id.in_(hits), *short))
    return statement.where(and_(*[_like(word) for word in words]))


def match_ids_statement(typed: str) -> Select[tuple[int]]:
    """A portable statement selecting the ids of matching contacts (for tests and counts)."""
    return select(ContactRow.id).where(and_(*[_like(word) for word in query_words(typed)]))
