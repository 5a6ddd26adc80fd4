"""How contacts are matched by search: the same folding for what is stored and what is typed.

Matching is a plain substring test per typed word, after folding case and accents, so
"jose" finds "José" and "5550142" finds "+1 312-555-0142". Nothing a rep types is
syntax: quotes, %, _ and FTS operators are just characters.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def search_text(
    name: str, company: str, title: str, emails: Iterable[str], phones: Iterable[str]
) -> str:
    """The one string a contact is searched by."""
    parts = [name, company, title, *emails]
    for phone in phones:
        # E.164 and its bare digits, so "+4420..." and "4420..." and "020..." tails all match.
        parts.extend((phone, phone.lstrip("+")))
    return fold(" ".join(part for part in parts if part))


def query_words(typed: str) -> list[str]:
    """Distinct folded words of a query, longest first (the most selective leads)."""
    words = dict.fromkeys(fold(typed).split())
    return sorted(words, key=len, reverse=True)


def matches(text: str, typed: str) -> bool:
    """The reference semantics the indexed search must agree with."""
    folded = fold(text)
    return all(word in folded for word in query_words(typed))
