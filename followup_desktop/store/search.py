"""Contact search: FTS5 indexes on SQLite, LIKE elsewhere.

This is the one place with SQLite-only SQL (besides its migrations). Matching semantics
are those of ``core.text_search.matches``: long words are substrings of the contact's
folded ``search_text``, one- and two-character words are word starts.

Indexes: the trigram index (``contact_search``) answers words of 3+ characters, the
word-prefix index (``contact_words``) one- and two-character word starts; only a short
word with punctuation in it ("%", "@") has no index and is checked row by row.

How a page stays fast at 100,000 contacts (figures in docs/performance.md). A capped
count of the index's hits (C only, well under a millisecond for most terms) picks one of
three plans, each exact, whose cost is bounded by the hits rather than by the list:
- up to SORT_HITS hits: look the hits up by id and sort them (about 1.5 µs a hit);
- up to WALK_HITS: walk the list's own index in list order, checking each entry against
  the hits set aside in a temporary b-tree (0.15 µs a hit, 0.15 µs an entry walked);
  this stays cheap even when the hits cluster at the far end of the list;
- more: the term is so common that walking the list in order and checking each row
  finds a page within a few hundred rows, and setting the hits aside would cost more.
Counting the matches always goes through the indexes, in C, so a count running on a
worker never holds the GIL against the UI thread for long.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    LargeBinary,
    Select,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause

from followup_desktop.core.text_search import is_word_start, query_words, starts_a_word
from followup_desktop.store.schema import ContactRow

# Up to this many index hits, sorting the hits beats walking the list (measured: the
# crossover is near 3,000 on the 100k benchmark list; clustered hits make walks dearer).
SORT_HITS = 3000
# Above this many, setting the hits aside costs more than a plain ordered walk.
WALK_HITS = 20_000

# Page cache while a large import runs (negative: KiB), about 1 KiB a contact at 100k.
BULK_CACHE_KIB = -131072

FTS_TABLE = "contact_search"
WORDS_TABLE = "contact_words"
WORD_START_FUNCTION = "followup_starts_a_word"
_CONTACTS = ContactRow.__tablename__

# Created by migrations 0002 and 0003. A batch migration that copies `contacts` drops
# their triggers with the old table: such a migration must create them again.


@contextmanager
def bulk_loading(session: Session) -> Iterator[None]:
    """For large imports: the index triggers are set aside and both indexes rebuilt once
    at the end (when anything was written), 5× faster than row by row. Inside the
    caller's transaction, so a failure rolls the triggers back too. The trigger
    definitions are read from the database, so they stay whatever the migrations made
    them."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    triggers = set_triggers_aside(session)
    # Rows arrive in file order, so every index (name, company, e-mail, phone) is written
    # at random places; once those pages outgrow the default 2 MB cache, SQLite spills
    # dirty pages to the WAL mid-transaction and writes the same pages again and again
    # (100k contacts: 16 s instead of 4). A bigger cache for this one connection, for
    # the length of the import, keeps them in memory until the commit.
    (cache,) = session.execute(text("PRAGMA cache_size")).one()
    session.execute(text(f"PRAGMA cache_size = {BULK_CACHE_KIB}"))
    # Rows inserted, updated or deleted on this connection so far: when the load changed
    # none (the same file imported again), the indexes are still right as they are.
    changes = text("SELECT total_changes()")
    before = session.execute(changes).scalar_one()
    try:
        yield
        session.flush()  # the caller's last changes, while the triggers are still away
        if session.execute(changes).scalar_one() != before:
            rebuild(session)
        put_triggers_back(session, triggers)
    finally:
        # Back to the usual size, also after a failure (never hiding that failure).
        with suppress(SQLAlchemyError):
            session.execute(text(f"PRAGMA cache_size = {int(cache)}"))


def set_triggers_aside(session: Session) -> list[tuple[str, str]]:
    """Drops the index triggers on contacts (inside the caller's transaction), giving
    back their names and definitions (as the migrations made them) to put back."""
    triggers = [
        (str(name), str(sql))
        for name, sql in session.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
            {"t": _CONTACTS},
        )
    ]
    for name, _ in triggers:
        session.execute(text(f'DROP TRIGGER "{name}"'))
    return triggers


def put_triggers_back(session: Session, triggers: list[tuple[str, str]]) -> None:
    for _, sql in triggers:
        session.execute(text(sql))


def rebuild(session: Session) -> None:
    """Both indexes built again from every contact's search text."""
    for table in (FTS_TABLE, WORDS_TABLE):
        session.execute(text(f"INSERT INTO {table}({table}) VALUES ('rebuild')"))


def index_from(session: Session, first_id: int) -> None:
    """The contacts from ``first_id`` on (inserted with the triggers aside) added to
    both indexes, in one statement each."""
    for table in (FTS_TABLE, WORDS_TABLE):
        session.execute(
            text(
                f"INSERT INTO {table}(rowid, search_text)"
                f" SELECT id, search_text FROM {_CONTACTS} WHERE id >= :first"
            ),
            {"first": first_id},
        )


@lru_cache(maxsize=256)
def _word_start_pattern(word: str) -> re.Pattern[str] | None:
    """``word`` at the start of a token (not preceded by a letter or digit), or None
    when ``word`` is not itself a run of letters and digits."""
    if not is_word_start(word):
        return None
    return re.compile(r"(?<![^\W_])" + re.escape(word))


def _starts_a_word(text: str | None, word: str) -> int:
    # One compiled search instead of splitting the whole text into tokens: the same
    # answer as core.text_search.starts_a_word, several times cheaper per row.
    pattern = _word_start_pattern(word)
    if pattern is None:
        return int(starts_a_word(text or "", word))
    return int(pattern.search(text or "") is not None)


def register_functions(dbapi_connection: Any) -> None:
    """SQL functions the search needs, on every new SQLite connection."""
    dbapi_connection.create_function(WORD_START_FUNCTION, 2, _starts_a_word, deterministic=True)


def _like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _like(word: str) -> ColumnElement[bool]:
    return ContactRow.search_text.like(_like_pattern(word), escape="\\")


def _starts(word: str) -> ColumnElement[bool]:
    """``word`` starts a word of the row's search text, checked row by row.

    Python functions called from SQL take the GIL for every row, and on a worker thread
    that stalls the UI thread painting: so ASCII rows (nearly all) are checked in C with
    GLOB, where a word is exactly a run of ASCII letters and digits; other rows, and
    words that are not ASCII, ask the Python rule."""
    text_column = ContactRow.search_text
    present = func.instr(text_column, word) > 0  # drops, cheaply, rows that cannot match
    python_rule = func.followup_starts_a_word(text_column, word) == 1
    if not word.isascii():
        return and_(present, python_rule)
    # length() counts characters (up to a NUL), the blob's length bytes: equal only for
    # ASCII text without NULs.
    ascii_row = func.length(text_column) == func.length(cast(text_column, LargeBinary))
    starts_c = or_(
        text_column.op("GLOB")(f"{word}*"), text_column.op("GLOB")(f"*[^a-zA-Z0-9]{word}*")
    )
    return and_(present, case((ascii_row, starts_c), else_=python_rule))


def _fts_phrase(words: list[str]) -> str:
    # Each word as a quoted FTS string: nothing the rep typed is query syntax.
    return " AND ".join('"' + word.replace('"', '""') + '"' for word in words)


@dataclass(frozen=True, slots=True)
class _IndexTerm:
    """Some of the typed words, answered exactly by one FTS index."""

    table: str
    match: str
    words: tuple[str, ...]

    def hits(self) -> str:
        # The bind is named after the table: two indexes may share one statement.
        return f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH :{self.table}"

    def estimate_hits(self, session: Session) -> int:
        """The number of hits (deleted contacts included): exact up to SORT_HITS, else
        estimated from how far into the ids the first SORT_HITS + 1 hits reach. Hits come
        in id order, so this reads no more than SORT_HITS + 1 of them however common the
        term is (counting every hit of "exam" takes milliseconds)."""
        cap = SORT_HITS + 1
        # Straight to the driver (SQLite-only SQL anyway): the ORM's statement handling
        # costs more than this query does for most terms.
        found, last, top = (
            session.connection()
            .exec_driver_sql(
                f"SELECT count(*), max(rowid), (SELECT max(id) FROM {_CONTACTS}) "
                f"FROM ({self.hits().replace(':' + self.table, '?')} ORDER BY rowid LIMIT ?)",
                (self.match, cap),
            )
            .one()
        )
        if found < cap or not last:
            return int(found)
        return max(cap, cap * int(top or 0) // int(last))

    def id_in(self, *, seek: bool) -> TextClause:
        """``contacts.id`` among the hits. With ``seek`` SQLite looks each hit up by id;
        without (the unary +), it walks the list's index and checks entries against the
        hits, so the list order comes free."""
        prefix = "" if seek else "+"
        sql = f"{prefix}{_CONTACTS}.id IN ({self.hits()})"
        return text(sql).bindparams(**{self.table: self.match})

    def row_check(self) -> ColumnElement[bool]:
        """The same condition checked on each row's ``search_text``."""
        if self.table == FTS_TABLE:
            return and_(*[_like(word) for word in self.words])
        return and_(*[_starts(word) for word in self.words])


def _index_terms(words: list[str]) -> tuple[list[_IndexTerm], list[str]]:
    """Index terms for ``words`` (trigrams for long ones, word starts for short ones),
    and the words no index answers."""
    long_words = [word for word in words if len(word) >= 3]
    starts = [word for word in words if len(word) < 3 and is_word_start(word)]
    others = [word for word in words if word not in long_words and word not in starts]
    terms: list[_IndexTerm] = []
    if long_words:
        terms.append(_IndexTerm(FTS_TABLE, _fts_phrase(long_words), tuple(long_words)))
    if starts:
        prefixes = " AND ".join(f'"{word}"*' for word in starts)
        terms.append(_IndexTerm(WORDS_TABLE, prefixes, tuple(starts)))
    return terms, others


def filter_contacts(
    session: Session, statement: Select[Any], typed: str, *, ordered: bool = True
) -> Select[Any]:
    """``statement`` narrowed to contacts matching ``typed``.

    ``ordered``: the statement reads a page in list order (ORDER BY an indexed column,
    LIMIT), so the plan is chosen for that; otherwise (a count) every match is visited.
    """
    words = query_words(typed)
    if not words:
        return statement
    if session.get_bind().dialect.name != "sqlite":
        return statement.where(*[_like(word) for word in words])
    terms, others = _index_terms(words)
    unindexed = [_like(word) for word in others]
    if not terms:
        return statement.where(*unindexed)
    if not ordered:
        first, *rest = terms
        return statement.where(
            first.id_in(seek=True), *[term.id_in(seek=False) for term in rest], *unindexed
        )
    counted = sorted((term.estimate_hits(session), index) for index, term in enumerate(terms))
    hits, leading = counted[0]  # the most selective index leads
    if hits == 0:
        return statement.where(literal(False))
    conditions: list[ColumnElement[bool] | TextClause] = []
    for count, index in counted:
        term = terms[index]
        if index == leading and hits <= SORT_HITS:
            conditions.append(term.id_in(seek=True))
        elif count <= WALK_HITS:
            conditions.append(term.id_in(seek=False))
        else:
            conditions.append(term.row_check())
    return statement.where(*conditions, *unindexed)


def match_ids_statement(typed: str) -> Select[Any]:
    """A portable statement selecting the ids of matching contacts (for tests and counts)."""
    return select(ContactRow.id).where(and_(*[_like(word) for word in query_words(typed)]))
