"""The pieces customer-facing sentences are built from, cleaned of what would double up
when a template puts them in a sentence: "the {commitment}" with "the pilot proposal"
must not read "the the pilot proposal", "to {objective}." with "Review the proposal."
must not end in "..".

A rep writes an objective as a verb phrase ("review the proposal") and a promise as a
noun phrase ("the pilot proposal"); templates say "to {objective}" and "the {commitment}".
"""

from __future__ import annotations

import re

# Sentence ends a value may carry that its template supplies itself. An ellipsis too,
# inside a sentence ("to talk about the revised quote…." reads wrong); a note read back
# in quotes keeps it: there it is the rep's own word.
_TRAILING = re.compile(r"(?:[\s.,;:!?]|…)+$")
_TRAILING_IN_QUOTES = re.compile(r"(?<![.…])[\s.,;:!?]+$")
_DETERMINER = re.compile(r"^(?:the|a|an|our|my|your)\s+", re.IGNORECASE)
_TO = re.compile(r"^to\s+", re.IGNORECASE)
_ABBREVIATIONS = ("Inc.", "Ltd.", "Co.", "Corp.", "etc.")


def _plain(text: str) -> str:
    return " ".join(text.split())


def _trimmed(text: str, trailing: re.Pattern[str] = _TRAILING) -> str:
    text = _plain(text)
    # An abbreviation's own full stop stays ("Acme, Inc."): only the sentence's goes.
    if text.endswith(_ABBREVIATIONS):
        return text
    return trailing.sub("", text)


def _lowered(text: str) -> str:
    """First letter down, unless the first word is a name or an acronym ("SAP", "iOS")."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:].islower():
        return text[0].lower() + text[1:]
    return text


def verb_phrase(text: str) -> str:
    """An objective as "to {objective}" needs it: "To review the proposal." → "review
    the proposal". One written as a thing ("the pilot budget") becomes something to do
    about it: "talk about the pilot budget"."""
    phrase = _lowered(_TO.sub("", _trimmed(text)))
    return f"talk about {phrase}" if _DETERMINER.match(phrase) else phrase


def noun_phrase(text: str) -> str:
    """A promise as "the {commitment}" needs it: "The pilot proposal." → "pilot
    proposal"; "our case study" → "case study". Its capitals stay: after "the", a name
    ("Berlin office tour") matters more than a capital left on a common word."""
    return _DETERMINER.sub("", _trimmed(text))


def quoted(text: str) -> str:
    """A note read back in quotes: the sentence's last full stop left to the template,
    an ellipsis kept ("“Visited warehouse…”")."""
    if text.rstrip().endswith(("…", "...")):
        return _plain(text)
    return _trimmed(text, _TRAILING_IN_QUOTES)


def company_name(text: str) -> str:
    """A company as written, its own abbreviation kept ("Acme, Inc.")."""
    return _plain(text)
