"""Contact search: an FTS5 trigram index on SQLite, plain LIKE elsewhere.

This is the one place with SQLite-only SQL (besides its migration). Matching semantics
are those of ``core.text_search.matches``: every typed word is a substring of the
contact's folded ``search_text``.

How the first page stays fast at 100,000 contacts (figures in docs/performance.md):
- a probe collects up to DENSE_HITS candidate ids: from the trigram index when a word has
  3+ characters, else by scanning ``search_text`` (trigrams cannot help 1–2 characters);
- fewer candidates than that means these are all: filter and sort just them;
- more means the term is common, and walking the list in its order finds a page of
  matches within a few hundred rows.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, column, literal, select, text
from sqlalchemy.orm import Session

from followup_desktop.core.text_search import query_words
from followup_desktop.store.schema import ContactRow

# Above this many matches of a short term, walking the list in order beats sorting them.
DENSE_HITS = 5000

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
    every_word = [_like(word) for word in words]
    if session.get_bind().dialect.name != "sqlite":
        return statement.where(*every_word)
    long_words = [word for word in words if len(word) >= 3]
    if long_words:
        matching = text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q").bindparams(
            q=_fts_phrase(long_words)
        )
        found = matching.columns(column("rowid")).subquery()
        candidates: Select[Any] = select(found.c.rowid)
    else:
        candidates = select(ContactRow.id).where(*every_word)
    probe = session.scalars(candidates.limit(DENSE_HITS + 1)).all()
    if not probe:
        return statement.where(literal(False))
    if len(probe) <= DENSE_HITS:
        # Every candidate is known: filter and sort just those. The index is cheap to ask
        # again; a scan is not, so its ids are passed on as they are.
        known = ContactRow.id.in_(candidates) if long_words else ContactRow.id.in_(probe)
        return statement.where(known, *every_word)
    return statement.where(*every_word)


def match_ids_statement(typed: str) -> Select[Any]:
    """A portable statement selecting the ids of matching contacts (for tests and counts)."""
    return select(ContactRow.id).where(and_(*[_like(word) for word in query_words(typed)]))
