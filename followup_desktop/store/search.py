"""Contact search: FTS5 indexes on SQLite, LIKE elsewhere.

This is the one place with SQLite-only SQL (besides its migrations). Matching semantics
are those of ``core.text_search.matches``: long words are substrings of the contact's
folded ``search_text``, one- and two-character words are word starts.

How the first page stays fast at 100,000 contacts (figures in docs/performance.md):
- a probe collects up to DENSE_HITS candidate ids from an index: the trigram index
  (``contact_search``) for words of 3+ characters, the word-prefix index
  (``contact_words``) for short ones; only a short word with punctuation in it ("%")
  has no index and is found by scanning;
- fewer candidates than that means these are all: filter and sort just them;
- more means the term is common, and walking the list in its order finds a page of
  matches within a few hundred rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, column, func, literal, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause

from followup_desktop.core.text_search import is_word_start, query_words, starts_a_word
from followup_desktop.store.schema import ContactRow

# Above this many matches of a short term, walking the list in order beats sorting them.
DENSE_HITS = 5000

FTS_TABLE = "contact_search"
WORDS_TABLE = "contact_words"
WORD_START_FUNCTION = "followup_starts_a_word"

# Created by migrations 0002 and 0003. A batch migration that copies `contacts` drops
# their triggers with the old table: such a migration must create them again.


@contextmanager
def bulk_loading(session: Session) -> Iterator[None]:
    """For large imports: the index triggers are set aside and both indexes rebuilt once
    at the end, 5× faster than row by row. Inside the caller's transaction, so a failure
    rolls the triggers back too. The trigger definitions are read from the database, so
    they stay whatever the migrations made them."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    triggers = session.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'contacts'")
    ).all()
    for name, _ in triggers:
        session.execute(text(f'DROP TRIGGER "{name}"'))
    yield
    for table in (FTS_TABLE, WORDS_TABLE):
        session.execute(text(f"INSERT INTO {table}({table}) VALUES ('rebuild')"))
    for _, sql in triggers:
        session.execute(text(sql))


def register_functions(dbapi_connection: Any) -> None:
    """SQL functions the search needs, on every new SQLite connection."""
    dbapi_connection.create_function(
        WORD_START_FUNCTION,
        2,
        lambda text, word: int(starts_a_word(text or "", word)),
        deterministic=True,
    )


def _like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _like(word: str) -> ColumnElement[bool]:
    return ContactRow.search_text.like(_like_pattern(word), escape="\\")


def _condition(word: str, sqlite: bool) -> ColumnElement[bool]:
    """One word's filter, evaluated row by row (the ordered scan of a common term)."""
    if sqlite and is_word_start(word):
        return func.followup_starts_a_word(ContactRow.search_text, word) == 1
    return _like(word)


def _fts_phrase(words: list[str]) -> str:
    # Each word as a quoted FTS string: nothing the rep typed is query syntax.
    return " AND ".join('"' + word.replace('"', '""') + '"' for word in words)


def filter_contacts(session: Session, statement: Select[Any], typed: str) -> Select[Any]:
    """``statement`` narrowed to contacts matching ``typed``."""
    words = query_words(typed)
    if not words:
        return statement
    sqlite = session.get_bind().dialect.name == "sqlite"
    every_word = [_condition(word, sqlite) for word in words]
    if not sqlite:
        return statement.where(*every_word)
    indexed, covered = _index_query(words)
    if indexed is None:
        candidates: Select[Any] = select(ContactRow.id).where(*every_word)
    else:
        found = indexed.columns(column("rowid")).subquery()
        candidates = select(found.c.rowid)
    probe = session.scalars(candidates.limit(DENSE_HITS + 1)).all()
    if not probe:
        return statement.where(literal(False))
    if len(probe) <= DENSE_HITS:
        # Every candidate is known: filter and sort just those. An index is cheap to ask
        # again; a scan is not, so its ids are passed on as they are.
        known = ContactRow.id.in_(candidates) if indexed is not None else ContactRow.id.in_(probe)
        rest = [_condition(word, sqlite) for word in words if word not in covered]
        return statement.where(known, *rest)
    return statement.where(*every_word)


def _index_query(words: list[str]) -> tuple[TextClause | None, set[str]]:
    """The most selective index for ``words`` (trigrams for long ones, word starts else)
    and the words whose condition the index already guarantees."""
    long_words = [word for word in words if len(word) >= 3]
    if long_words:
        query = text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q")
        return query.bindparams(q=_fts_phrase(long_words)), set(long_words)
    starts = [word for word in words if is_word_start(word)]
    if starts:
        prefixes = " AND ".join(f'"{word}"*' for word in starts)
        query = text(f"SELECT rowid FROM {WORDS_TABLE} WHERE {WORDS_TABLE} MATCH :q")
        return query.bindparams(q=prefixes), set(starts)
    return None, set()


def match_ids_statement(typed: str) -> Select[Any]:
    """A portable statement selecting the ids of matching contacts (for tests and counts)."""
    return select(ContactRow.id).where(and_(*[_like(word) for word in query_words(typed)]))
