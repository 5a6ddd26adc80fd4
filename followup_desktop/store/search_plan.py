"""A typed search on SQLite as SQL text: which index answers which words, the plan, and
the conditions, with their parameters. No SQLAlchemy here, so the store (``search``,
through SQLAlchemy) and the first look at start-up (``first_look``, sqlite3 alone, while
SQLAlchemy loads) run one and the same search.

Matching semantics are those of ``core.text_search.matches``: long words are substrings
of the contact's folded ``search_text``, one- and two-character words are word starts.
The trigram index (``contact_search``) answers words of 3+ characters, the word-prefix
index (``contact_words``) one- and two-character word starts; only a short word with
punctuation in it ("%", "@") has no index and is checked row by row.

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from followup_desktop.core.text_search import is_word_start, query_words, starts_a_word

# Up to this many index hits, sorting the hits beats walking the list (measured: the
# crossover is near 3,000 on the 100k benchmark list; clustered hits make walks dearer).
SORT_HITS = 3000
# Above this many, setting the hits aside costs more than a plain ordered walk.
WALK_HITS = 20_000

CONTACTS = "contacts"
FTS_TABLE = "contact_search"
WORDS_TABLE = "contact_words"
WORD_START_FUNCTION = "followup_starts_a_word"
_TEXT = f"{CONTACTS}.search_text"

# Runs one statement (``?`` parameters) and gives back its one row.
OneRow = Callable[[str, Sequence[Any]], Sequence[Any]]


@dataclass(frozen=True, slots=True)
class Condition:
    """A piece of a WHERE clause on ``contacts``, with its named parameters."""

    sql: str
    parameters: dict[str, Any] = field(default_factory=dict)


NOTHING = Condition("0")  # an index has no hit: nothing matches


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


def like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _like(word: str, name: str) -> Condition:
    return Condition(f"{_TEXT} LIKE :{name} ESCAPE '\\'", {name: like_pattern(word)})


def _starts(word: str, name: str) -> Condition:
    """``word`` starts a word of the row's search text, checked row by row.

    Python functions called from SQL take the GIL for every row, and on a worker thread
    that stalls the UI thread painting: so ASCII rows (nearly all) are checked in C with
    GLOB, where a word is exactly a run of ASCII letters and digits; other rows, and
    words that are not ASCII, ask the Python rule."""
    present = f"instr({_TEXT}, :{name}) > 0"  # drops, cheaply, rows that cannot match
    python_rule = f"{WORD_START_FUNCTION}({_TEXT}, :{name}) = 1"
    if not word.isascii():
        return Condition(f"({present} AND {python_rule})", {name: word})
    # length() counts characters (up to a NUL), the blob's length bytes: equal only for
    # ASCII text without NULs.
    ascii_row = f"length({_TEXT}) = length(CAST({_TEXT} AS BLOB))"
    starts_c = f"({_TEXT} GLOB :{name}_first OR {_TEXT} GLOB :{name}_inner)"
    return Condition(
        f"({present} AND CASE WHEN {ascii_row} THEN {starts_c} ELSE {python_rule} END)",
        {name: word, f"{name}_first": f"{word}*", f"{name}_inner": f"*[^a-zA-Z0-9]{word}*"},
    )


def _fts_phrase(words: Sequence[str]) -> str:
    # Each word as a quoted FTS string: nothing the rep typed is query syntax.
    return " AND ".join('"' + word.replace('"', '""') + '"' for word in words)


@dataclass(frozen=True, slots=True)
class IndexTerm:
    """Some of the typed words, answered exactly by one FTS index."""

    table: str
    match: str
    words: tuple[str, ...]

    def hits(self) -> str:
        # The parameter is named after the table: two indexes may share one statement.
        return f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH :{self.table}"

    def estimate_hits(self, one_row: OneRow) -> int:
        """The number of hits (deleted contacts included): exact up to SORT_HITS, else
        estimated from how far into the ids the first SORT_HITS + 1 hits reach. Hits come
        in id order, so this reads no more than SORT_HITS + 1 of them however common the
        term is (counting every hit of "exam" takes milliseconds)."""
        cap = SORT_HITS + 1
        found, last, top = one_row(
            f"SELECT count(*), max(rowid), (SELECT max(id) FROM {CONTACTS}) "
            f"FROM ({self.hits().replace(':' + self.table, '?')} ORDER BY rowid LIMIT ?)",
            (self.match, cap),
        )
        if found < cap or not last:
            return int(found)
        return max(cap, cap * int(top or 0) // int(last))

    def id_in(self, *, seek: bool) -> Condition:
        """``contacts.id`` among the hits. With ``seek`` SQLite looks each hit up by id;
        without (the unary +), it walks the list's index and checks entries against the
        hits, so the list order comes free."""
        prefix = "" if seek else "+"
        return Condition(f"{prefix}{CONTACTS}.id IN ({self.hits()})", {self.table: self.match})

    def row_check(self) -> Condition:
        """The same condition checked on each row's ``search_text``."""
        check = _like if self.table == FTS_TABLE else _starts
        return all_of([check(word, f"{self.table}_{n}") for n, word in enumerate(self.words)])


def all_of(conditions: Sequence[Condition]) -> Condition:
    parameters: dict[str, Any] = {}
    for condition in conditions:
        parameters.update(condition.parameters)
    return Condition(" AND ".join(f"({c.sql})" for c in conditions) or "1", parameters)


def index_terms(words: Sequence[str]) -> tuple[list[IndexTerm], list[str]]:
    """Index terms for ``words`` (trigrams for long ones, word starts for short ones),
    and the words no index answers."""
    long_words = [word for word in words if len(word) >= 3]
    starts = [word for word in words if len(word) < 3 and is_word_start(word)]
    others = [word for word in words if word not in long_words and word not in starts]
    terms: list[IndexTerm] = []
    if long_words:
        terms.append(IndexTerm(FTS_TABLE, _fts_phrase(long_words), tuple(long_words)))
    if starts:
        prefixes = " AND ".join(f'"{word}"*' for word in starts)
        terms.append(IndexTerm(WORDS_TABLE, prefixes, tuple(starts)))
    return terms, others


def matching(typed: str, one_row: OneRow, *, ordered: bool = True) -> Condition:
    """The condition on ``contacts`` for the rows matching ``typed`` ("1": every row).

    ``ordered``: the statement reads a page in list order (ORDER BY an indexed column,
    LIMIT), so the plan is chosen for that, asking the indexes how many hits they have
    through ``one_row``; otherwise (a count) every match is visited."""
    words = query_words(typed)
    terms, others = index_terms(words)
    unindexed = [_like(word, f"unindexed_{n}") for n, word in enumerate(others)]
    if not terms:
        return all_of(unindexed)
    if not ordered:
        first, *rest = terms
        return all_of(
            [first.id_in(seek=True), *[term.id_in(seek=False) for term in rest], *unindexed]
        )
    counted = sorted((term.estimate_hits(one_row), index) for index, term in enumerate(terms))
    hits, leading = counted[0]  # the most selective index leads
    if hits == 0:
        return NOTHING
    conditions: list[Condition] = []
    for count, index in counted:
        term = terms[index]
        if index == leading and hits <= SORT_HITS:
            conditions.append(term.id_in(seek=True))
        elif count <= WALK_HITS:
            conditions.append(term.id_in(seek=False))
        else:
            conditions.append(term.row_check())
    return all_of([*conditions, *unindexed])
