"""What an importer hands over: contact records, or rejections saying where and why.

Importers stream (a 100,000-row file never sits in memory as objects) and never raise
on bad input. A record that names a person in any way (a name, an e-mail, a phone) is
imported: a field that cannot be stored as what it claims to be is kept as written in
the notes and reported as an Oddity. Only a record with nothing to identify anyone (or
no record at all: a quote left open) is a Rejection.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from followup_desktop.core.currencies import FALLBACK
from followup_desktop.core.model import ContactStatus, Deal


@dataclass(frozen=True, slots=True)
class Oddity:
    """Something odd in a record that was imported anyway, and what became of it.
    Shown to the rep as ``source:line: what``."""

    source: str
    line: int
    what: str
    # Oddities of one kind are counted together past the first few shown; "" means
    # alike when their words are, without the values quoted in them.
    kind: str = ""

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.what}"


@dataclass(frozen=True, slots=True)
class SetAside:
    """A value that could not go into its field (an address that is none, a zone that
    does not exist): kept as a labelled line, so nothing the file held is lost."""

    field: str  # the field's label: "E-mail", "Phone", "Time zone", "Name"
    value: str

    def __str__(self) -> str:
        return f"{self.field} as imported: {self.value}"


@dataclass(eq=False, slots=True)
class KeptColumns:
    """The columns of one file that FollowUp has no field for and whose values its
    records keep in their notes: said once for the file, at its header's line, rather
    than at every row (a Google export has them in every row)."""

    source: str
    line: int
    headers: Sequence[str]
    columns: set[int] = field(default_factory=set)
    records: int = 0

    def add(self, columns: Iterable[int]) -> None:
        self.columns.update(columns)
        self.records += 1

    def oddity(self) -> Oddity:
        names = ", ".join(self.headers[index] for index in sorted(self.columns))
        count = f"{self.records:,} contact{'s' if self.records != 1 else ''}"
        return Oddity(self.source, self.line, f"kept in each contact's notes: {names} ({count})")


@dataclass(eq=False, slots=True)
class TurnedNames:
    """A file's names written "Last, First" and read as "First Last": said once for the
    file, at the first one's line, with how it was read (the rep sees the rule at work
    and can tell a company that was taken for a person)."""

    source: str
    line: int = 0
    written: str = ""
    read: str = ""
    count: int = 0

    def add(self, line: int, written: str, read: str) -> None:
        if not self.count:
            self.line, self.written, self.read = line, written, read
        self.count += 1

    def oddity(self) -> Oddity:
        names = "a name" if self.count == 1 else f"{self.count:,} names"
        return Oddity(
            self.source,
            self.line,
            f'{names} written "Last, First" read as "First Last" '
            f'(the first: "{self.written}" as "{self.read}")',
        )


@dataclass(eq=False, slots=True)
class ReadAs:
    """The code page a file that is not UTF-8 was read in, guessed from its letters:
    said once for the file, with the first word it made, so the rep sees a wrong guess
    at a glance (at the header's line when no record has such a word)."""

    source: str
    code_page: str  # as text_decoding.code_page_name says it
    line: int
    word: str = ""

    def add(self, line: int, word: str) -> None:
        if not self.word:
            self.line, self.word = line, word

    def oddity(self) -> Oddity:
        example = f', as in "{self.word}"' if self.word else ""
        return Oddity(self.source, self.line, f"not UTF-8: read as {self.code_page}{example}")


# What a file says once, at its end, rather than at every record.
SaidOnce = KeptColumns | TurnedNames | ReadAs


@dataclass(slots=True)
class ImportedContact:
    """One record to store. Phones are E.164, except those in ``unchecked_phones``
    (kept as written: libphonenumber could not check them); e-mails normalised, name
    never empty; ``oddities`` says what was odd in it."""

    source: str
    line: int
    name: str
    company: str = ""
    title: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    # The file's notes and every value no field takes: the contact's own notes.
    notes: str = ""
    time_zone: str = ""
    oddities: tuple[Oddity, ...] = ()
    unchecked_phones: frozenset[str] = frozenset()
    set_aside: tuple[SetAside, ...] = ()  # also written into ``notes``
    named: bool = True  # False: the record had no name; ``name`` is its address or number
    # The file's columns this record kept in its notes ("Website: …"), told once a file.
    kept_columns: KeptColumns | None = None
    # The file's names turned round ("Cruz, Dana" → "Dana Cruz"), told once a file.
    turned_names: TurnedNames | None = None
    # The code page the file was read in when it is not UTF-8, told once a file.
    read_as: ReadAs | None = None
    # A FollowUp sheet's Status (None: the file says nothing) and deals (contact id 0).
    status: ContactStatus | None = None
    deals: tuple[Deal, ...] = ()
    # A FollowUp sheet's personal notes, said in the call: only from its own column.
    personal_notes: str = ""


@dataclass(frozen=True, slots=True)
class Rejection:
    """A record that was not imported. Shown to the rep as ``source:line: reason``."""

    source: str
    line: int
    reason: str
    # What the record held, to tell which one it was ("Nobody Corp"); "" when nothing.
    held: str = ""

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.reason}"


ImportItem = ImportedContact | Rejection


def distinct_emails(addresses: Iterable[str]) -> list[str]:
    """Each address once, whatever its case (the first spelling wins)."""
    seen: dict[str, str] = {}
    for address in addresses:
        seen.setdefault(address.casefold(), address)
    return list(seen.values())


class UnreadableFile(Exception):
    """The whole file cannot be read (missing, not a contacts file, unknown encoding)."""


@dataclass(frozen=True, slots=True)
class ImportOptions:
    phone_region: str = "US"
    # A sheet's deal with no currency is in the rep's (services/system_currency.py).
    currency: str = FALLBACK


def read_contacts(path: Path, options: ImportOptions | None = None) -> Iterator[ImportItem]:
    """Records from a CSV or vCard file, chosen by content as well as by extension.

    UnreadableFile at once for anything that is not a regular file (a named pipe, a
    device, a folder), before a byte is read."""
    from followup_desktop.exchange import csv_import, vcard_import
    from followup_desktop.exchange.text_decoding import check_regular_file

    check_regular_file(path)
    opts = options or ImportOptions()
    if vcard_import.looks_like_vcard(path):
        return vcard_import.read_vcards(path, opts)
    if vcard_import.looks_like_calendar(path):
        raise UnreadableFile(
            "this is a calendar file (iCalendar), not contacts: import a CSV or vCard "
            "(.vcf) export of your contacts"
        )
    return csv_import.read_csv(path, opts)
