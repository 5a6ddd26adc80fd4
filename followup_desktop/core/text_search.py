"""How contacts are matched by search: the same folding for what is stored and what is typed.

A typed word of three or more characters matches anywhere (a substring), so "5550142"
finds "+1 312-555-0142" and "mith" finds "Smith". A word of one or two letters or digits
matches the start of a word ("ja" finds "Jane" and "jane.doe@…", not "Benjamin"): that
is what someone typing the first letters of a name means, and it keeps short searches
indexed. Anything else a rep types (quotes, %, _, FTS operators) is just characters,
matched as a substring. Case and accents never matter: "jose" finds "José".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

SHORT = 3  # words shorter than this match word starts
# A word, as SQLite's unicode61 tokenizer sees one: a run of letters and digits.
TOKEN = re.compile(r"[^\W_]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class _CombiningMarks(dict[int, int | None]):
    """A str.translate table deleting combining marks (accents once decomposed), filled
    as characters are first met: one C-level pass per text instead of a Python test per
    character, without building a table of all of Unicode up front."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_WITHOUT_MARKS = _CombiningMarks()


def fold(text: str) -> str:
    if text.isascii():  # most names and every e-mail: no accents to strip
        return " ".join(text.lower().split())
    stripped = unicodedata.normalize("NFKD", text).translate(_WITHOUT_MARKS)
    return " ".join(stripped.casefold().split())


def search_text(
    name: str, company: str, title: str, emails: Iterable[str], phones: Iterable[str]
) -> str:
    """The one string a contact is searched by."""
    parts = [name, company, title, *emails]
    for phone in phones:
        # E.164 and its bare digits, so "+4420..." and "4420..." both match.
        parts.extend((phone, phone.lstrip("+")))
    return fold(" ".join(part for part in parts if part))


def query_words(typed: str) -> list[str]:
    """Distinct folded words of a query, longest first (the most selective leads).

    Control characters (a NUL pasted from somewhere) separate words: no stored text holds
    one, and FTS5 reads a NUL as the end of its query ("unterminated string")."""
    words = dict.fromkeys(fold(_CONTROL.sub(" ", typed)).split())
    return sorted(words, key=len, reverse=True)


def is_word_start(word: str) -> bool:
    """Whether ``word`` is matched against word starts rather than as a substring."""
    return len(word) < SHORT and TOKEN.fullmatch(word) is not None


def starts_a_word(text: str, word: str) -> bool:
    return any(token.startswith(word) for token in TOKEN.findall(text))


def matches(text: str, typed: str) -> bool:
    """The reference semantics the indexed search must agree with."""
    folded = fold(text)
    return all(
        starts_a_word(folded, word) if is_word_start(word) else word in folded
        for word in query_words(typed)
    )
