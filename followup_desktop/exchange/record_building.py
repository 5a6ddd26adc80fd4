"""From the raw values an importer found to one whole record or one Rejection.

Shared by the CSV and vCard importers so that "whole or not at all", the name fallback
and field cleaning behave the same whatever the file format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from followup_desktop.core.contact_rules import (
    InvalidField,
    clean_text,
    format_phone,
    normalize_email,
    normalize_phone,
    validate_time_zone,
)
from followup_desktop.exchange.records import (
    ImportedContact,
    ImportItem,
    Rejection,
    distinct_emails,
)

NAME_LIMIT = 200
NOTES_LIMIT = 4000
NO_IDENTITY = "no name, e-mail or phone"
# Notes keep their line breaks and tabs; other control characters (NUL above all, which
# PostgreSQL refuses in text) are dropped.
_NOTE_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NEWLINES = re.compile(r"\r\n?")


@lru_cache(maxsize=4096)
def tidy(value: str, limit: int = NAME_LIMIT) -> str:
    """clean_text, remembered: companies and titles repeat across thousands of rows."""
    return clean_text(value, limit)


def clean_notes(parts: Iterable[str]) -> str:
    """Several note values as one text: line breaks kept, controls dropped, capped."""
    texts: list[str] = []
    for part in parts:
        text = _NOTE_CONTROLS.sub("", _NEWLINES.sub("\n", part)).strip()
        if text and text not in texts:
            texts.append(text)
    return "\n".join(texts)[:NOTES_LIMIT]


def build_record(
    source: str,
    line: int,
    *,
    name: str,
    emails: Sequence[str] = (),
    phones: Sequence[str] = (),
    company: str = "",
    title: str = "",
    notes: str = "",
    time_zone: str = "",
    region: str = "US",
) -> ImportItem:
    """A valid ImportedContact, or a Rejection naming the first field that is wrong."""
    try:
        addresses = [normalize_email(value) for value in emails]
        numbers = [normalize_phone(value, region) for value in phones]
        zone = validate_time_zone(time_zone) if time_zone else ""
    except InvalidField as error:
        return Rejection(source, line, str(error))
    if len(addresses) > 1:
        addresses = distinct_emails(addresses)
    if len(numbers) > 1:
        numbers = list(dict.fromkeys(numbers))
    person = clean_text(name, NAME_LIMIT)
    if not person:
        # A bare address or number is still someone to follow up; show it as the name.
        if addresses:
            person = clean_text(addresses[0].rsplit("@", 1)[0], NAME_LIMIT)
        elif numbers:
            person = format_phone(numbers[0])
    if not person:
        return Rejection(source, line, NO_IDENTITY)
    return ImportedContact(
        source=source,
        line=line,
        name=person,
        company=tidy(company) if company else "",
        title=tidy(title) if title else "",
        emails=addresses,
        phones=numbers,
        notes=notes,
        time_zone=zone,
    )
