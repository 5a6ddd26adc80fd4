"""What an importer hands over: whole contact records, or rejections saying where and why.

Importers stream (a 100,000-row file never sits in memory as objects) and never raise
on bad input: a record is either complete and valid, or it is a Rejection.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(slots=True)
class ImportedContact:
    """One valid record. Phones are E.164, e-mails normalised, name never empty."""

    source: str
    line: int
    name: str
    company: str = ""
    title: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    notes: str = ""
    time_zone: str = ""


@dataclass(frozen=True, slots=True)
class Rejection:
    """A record that was not imported. Shown to the rep as ``source:line: reason``."""

    source: str
    line: int
    reason: str

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


def read_contacts(path: Path, options: ImportOptions | None = None) -> Iterator[ImportItem]:
    """Records from a CSV or vCard file, chosen by content as well as by extension."""
    from followup_desktop.exchange import csv_import, vcard_import

    opts = options or ImportOptions()
    if vcard_import.looks_like_vcard(path):
        return vcard_import.read_vcards(path, opts)
    return csv_import.read_csv(path, opts)
