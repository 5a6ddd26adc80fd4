"""From the raw values an importer found to one record or one Rejection.

Shared by the CSV and vCard importers so that "keep what can be kept", the name fallback
and field cleaning behave the same whatever the file format. A value that is not what
its field needs (an e-mail that is not an address, an unknown time zone, a name cut to
fit) does not cost the record: it is kept as written in the contact's notes, labelled,
and the record carries an Oddity saying so. The notes are where a rep already reads and
edits free text about a contact; a broken address kept as an e-mail would instead be
offered to every invite and draft, and would be one more "address" to merge people on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from followup_desktop.core.contact_rules import (
    HasExtension,
    InvalidField,
    clean_text,
    format_phone,
    normalize_email,
    normalize_phone,
    validate_time_zone,
    zone_for_number,
)
from followup_desktop.core.model import ContactStatus, Deal
from followup_desktop.exchange.records import (
    ImportedContact,
    ImportItem,
    KeptColumns,
    Oddity,
    Rejection,
    SetAside,
    distinct_emails,
)

NAME_LIMIT = 200
NOTES_LIMIT = 4000
PHONE_LIMIT = 64  # the store's column
# A number someone wrote that libphonenumber cannot check is still kept as a number when
# it reads like one (digits, spaces, + ( ) . - / and an extension); "ask reception" is not.
_DIALLABLE = re.compile(r"\+?[0-9][0-9 ()./-]{4,}(?:\s*(?:x|ext\.?)\s*[0-9]{1,6})?", re.I)
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
    return "\n".join(texts)  # build_record caps it, and says so when it does


@dataclass(frozen=True, slots=True)
class FieldLines:
    """The lines a record's values are written on, where they are not all on the
    record's first (a vCard's properties each have their own): an oddity about a value
    points at its line. 0, or a value past the end, is the record's line."""

    emails: Sequence[int] = ()
    phones: Sequence[int] = ()
    time_zone: int = 0
    name: int = 0


def _line_of(lines: Sequence[int], index: int) -> int:
    return lines[index] if index < len(lines) else 0


class _Odd:
    """The odd values of one record: kept as labelled lines for its notes, each with an
    Oddity for the import report (at the value's own line when it has one)."""

    __slots__ = ("kept", "line", "oddities", "source")

    def __init__(self, source: str, line: int) -> None:
        self.source, self.line = source, line
        self.kept: list[SetAside] = []
        self.oddities: list[Oddity] = []

    def keep(self, label: str, raw: str, why: str, line: int = 0) -> None:
        kept = SetAside(label, clean_text(raw, NOTES_LIMIT))
        if kept not in self.kept:  # the same odd value twice in a record is one oddity
            self.kept.append(kept)
            self.say(f"{why}: kept in the notes", line)

    def say(self, what: str, line: int = 0) -> None:
        self.oddities.append(Oddity(self.source, line or self.line, what))


# Field labels for values kept in the notes.
EMAIL: Final = "E-mail"
PHONE: Final = "Phone"
TIME_ZONE: Final = "Time zone"


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
    personal_notes: str = "",
    time_zone: str = "",
    region: str = "US",
    oddities: Sequence[str | Oddity] = (),
    kept_lines: Sequence[str] = (),
    kept: tuple[KeptColumns, Sequence[int]] | None = None,
    status: ContactStatus | None = None,
    deals: Sequence[Deal] = (),
    where: FieldLines | None = None,
) -> ImportItem:
    """An ImportedContact keeping everything it can, or a Rejection when nothing in it
    identifies a person. ``oddities`` are what the importer itself found odd.

    ``kept_lines`` are the record's values that no field takes ("Website: …"), kept in
    its notes after the file's own; ``kept`` says which of the file's columns (or a
    vCard's properties) they came from, told once for the file rather than per record.
    A re-import adds only the lines a contact lacks (core/note_lines.py).

    ``personal_notes`` (the notes the call says aloud), ``status`` and ``deals`` are a
    FollowUp sheet's (exchange/sheet_status_deals.py): nothing else goes in them.
    ``where`` says which line each value is on, when not all are on ``line``; an
    importer's own oddity that is about one line comes as an Oddity, the rest as words."""
    if kept_lines:
        notes = clean_notes([notes, "\n".join(kept_lines)])
    odd: _Odd | None = None
    addresses: list[str] = []
    for index, value in enumerate(emails):
        try:
            addresses.append(normalize_email(value))
        except InvalidField as error:
            odd = odd or _Odd(source, line)
            odd.keep(EMAIL, value, str(error), _line_of(where.emails, index) if where else 0)
    numbers: list[str] = []
    unchecked: list[str] = []
    for index, value in enumerate(phones):
        try:
            numbers.append(normalize_phone(value, region))
        except InvalidField as error:
            odd = odd or _Odd(source, line)
            at = _line_of(where.phones, index) if where else 0
            # A number with an extension as libphonenumber writes it ("+1 312-555-0142
            # ext. 12"), whatever the file's form; any other as the file has it.
            if isinstance(error, HasExtension):
                written = error.written
            else:
                written = clean_text(value, PHONE_LIMIT)
            if _DIALLABLE.fullmatch(written):
                # What Google Contacts and Thunderbird do: the number stays a number.
                if written not in unchecked:  # the same number twice is one oddity
                    unchecked.append(written)
                    odd.say(f"{error}: kept as written, marked not checked", at)
            else:
                odd.keep(PHONE, value, str(error), at)
    if unchecked:
        numbers.extend(n for n in unchecked if n not in numbers)
    zone = ""
    if time_zone:
        try:
            zone = validate_time_zone(time_zone)
        except InvalidField as error:
            odd = odd or _Odd(source, line)
            odd.keep(TIME_ZONE, time_zone, str(error), where.time_zone if where else 0)
    if len(addresses) > 1:
        addresses = distinct_emails(addresses)
    if len(numbers) > 1:
        numbers = list(dict.fromkeys(numbers))
    if not zone and numbers:
        zone = _zone_of(numbers)
    person = clean_text(name, NAME_LIMIT)
    named = bool(person)
    if len(person) == NAME_LIMIT and len(whole := clean_text(name, len(name))) > NAME_LIMIT:
        odd = odd or _Odd(source, line)
        why = f"the name is longer than {NAME_LIMIT} characters"
        odd.keep("Name", whole, why, where.name if where else 0)
    if not person:
        # A bare address or number is still someone to follow up; show it as the name.
        if addresses:
            person = clean_text(addresses[0].rsplit("@", 1)[0], NAME_LIMIT)
        elif numbers:
            person = numbers[0] if numbers[0] in unchecked else format_phone(numbers[0])
        elif odd is not None and (raw := _first_raw(emails, phones)):
            person = clean_text(raw, NAME_LIMIT)  # "broken@" still says who this is
    if not person:
        held = _what_it_held(company, title, notes, personal_notes)
        return Rejection(source, line, NO_IDENTITY, held)
    for words, text in (("notes", notes), ("personal notes", personal_notes)):
        if len(text) > NOTES_LIMIT:
            odd = odd or _Odd(source, line)
            odd.say(
                f"the {words} are longer than {NOTES_LIMIT:,} characters: the rest was left out"
            )
    notes, personal_notes = notes[:NOTES_LIMIT], personal_notes[:NOTES_LIMIT]
    if oddities:
        odd = odd or _Odd(source, line)
        for what in oddities:
            if isinstance(what, Oddity):
                odd.oddities.append(what)
            else:
                odd.say(what)
    if odd is not None and odd.kept:
        lines = [str(kept) for kept in odd.kept]
        notes = "\n".join([notes, *lines] if notes else lines)
    item = ImportedContact(
        source=source,
        line=line,
        name=person,
        company=tidy(company) if company else "",
        title=tidy(title) if title else "",
        emails=addresses,
        phones=numbers,
        notes=notes,
        personal_notes=personal_notes,
        time_zone=zone,
        oddities=() if odd is None else tuple(odd.oddities),
        unchecked_phones=frozenset(unchecked),
        set_aside=() if odd is None else tuple(odd.kept),
        named=named,
        status=status,
        deals=tuple(deals),
    )
    if kept is not None and kept[1]:
        item.kept_columns = kept[0]
        kept[0].add(kept[1])
    return item


def _zone_of(numbers: Sequence[str]) -> str:
    """The zone the record's numbers agree on (a Chicago desk line and a Chicago mobile),
    or "" when they disagree or none tells: better unknown than wrong."""
    zones = {zone_for_number(number) for number in numbers}
    return zones.pop() if len(zones) == 1 else ""


# A rejected record's words shown to say which one it was: enough to find it, not a
# page of notes.
_HELD_LIMIT = 40


def _what_it_held(*values: str) -> str:
    """The first thing a record without a name, an e-mail or a phone held ("Nobody
    Corp"), so the report points at a row the rep can recognise; "" when it held none."""
    for value in values:
        for part in value.splitlines():
            if text := clean_text(part, _HELD_LIMIT + 1):
                return text if len(text) <= _HELD_LIMIT else text[: _HELD_LIMIT - 1] + "…"
    return ""


def _first_raw(*groups: Sequence[str]) -> str:
    for group in groups:
        for value in group:
            if value.strip():
                return value
    return ""
