"""CSV contact files: Google (old and new), Outlook, Thunderbird, LinkedIn, Roundcube and
plain "name,email,phone" sheets.

Columns are recognised by a table of header names, not by guessing at values. The header
is the first row that names a known column, so preambles (LinkedIn's "Notes:") are
skipped. Every record is validated whole: one bad e-mail or phone rejects the record,
with the file line it started on.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from followup_desktop.core.contact_rules import (
    InvalidField,
    clean_text,
    normalize_email,
    normalize_phone,
    validate_time_zone,
)
from followup_desktop.exchange.records import (
    ImportedContact,
    ImportItem,
    ImportOptions,
    Rejection,
    UnreadableFile,
    distinct_emails,
)
from followup_desktop.exchange.text_decoding import read_text

DELIMITERS = (",", ";", "\t")
HEADER_SEARCH_ROWS = 30
# Google's way of putting several values in one cell.
MULTI_VALUE = " ::: "

# Header name (lower-case, single spaces) → field. One table for every dialect.
COLUMNS: dict[str, str] = {
    **dict.fromkeys(("name", "full name", "display name", "contact name", "contact"), "name"),
    **dict.fromkeys(("first name", "given name", "firstname", "first"), "first"),
    **dict.fromkeys(("middle name", "additional name", "middlename"), "middle"),
    **dict.fromkeys(("last name", "family name", "surname", "lastname", "last"), "last"),
    **dict.fromkeys(
        (
            "email",
            "e-mail",
            "mail",
            "email address",
            "e-mail address",
            "e-mail 2 address",
            "e-mail 3 address",
            "primary email",
            "secondary email",
            "email home",
            "email work",
            "email other",
            "work email",
            "home email",
            "other email",
        ),
        "email",
    ),
    **dict.fromkeys(
        (
            "phone",
            "telephone",
            "tel",
            "phone number",
            "mobile",
            "mobile phone",
            "mobile number",
            "cell",
            "cell phone",
            "business phone",
            "business phone 2",
            "home phone",
            "home phone 2",
            "work phone",
            "primary phone",
            "other phone",
            "home mobile",
            "car phone",
            "company main phone",
            "assistant's phone",
        ),
        "phone",
    ),
    **dict.fromkeys(
        ("company", "company name", "organization", "organisation", "organization name", "account"),
        "company",
    ),
    **dict.fromkeys(("job title", "position", "organization title", "role"), "title"),
    **dict.fromkeys(("time zone", "timezone", "tz"), "time_zone"),
    **dict.fromkeys(("notes", "note", "comments"), "notes"),
}
# Numbered Google columns: "E-mail 1 - Value", "Phone 2 - Value", "Organization 1 - Name".
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^e-?mail \d+ - value$"), "email"),
    (re.compile(r"^phone \d+ - value$"), "phone"),
    (re.compile(r"^organi[sz]ation \d+ - name$"), "company"),
    (re.compile(r"^organi[sz]ation \d+ - title$"), "title"),
)
IDENTIFYING = {"name", "first", "last", "email", "phone"}
COMPANY_SUFFIXES = {"inc", "ltd", "llc", "gmbh", "co", "corp", "sa", "ag", "plc", "bv"}


def _field(header: str) -> str | None:
    key = " ".join(header.strip().strip("\ufeff").lower().split())
    if key in COLUMNS:
        return COLUMNS[key]
    for pattern, field in PATTERNS:
        if pattern.match(key):
            return field
    return None


@dataclass(frozen=True, slots=True)
class Layout:
    """Which column index holds which field, from the header row."""

    fields: dict[str, list[int]]
    header_line: int

    @classmethod
    def from_header(cls, cells: list[str], line: int) -> Layout | None:
        fields: dict[str, list[int]] = {}
        for index, cell in enumerate(cells):
            field = _field(cell)
            if field is None and cell.strip().lower() == "title":
                # Outlook's "Title" is "Mr."/"Dr."; only a generic sheet means the job.
                field = "generic_title"
            if field:
                fields.setdefault(field, []).append(index)
        if "generic_title" in fields:
            generic = fields.pop("generic_title")
            if "title" not in fields and "first" not in fields:
                fields["title"] = generic
        if not IDENTIFYING & fields.keys():
            return None
        return cls(fields, line)

    def values(self, row: list[str], field: str) -> list[str]:
        found: list[str] = []
        for index in self.fields.get(field, ()):
            if index < len(row):
                found.extend(part.strip() for part in row[index].split(MULTI_VALUE) if part.strip())
        return found

    def first(self, row: list[str], field: str) -> str:
        values = self.values(row, field)
        return values[0] if values else ""


def _rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Rows with the physical line each starts on (quoted fields may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise UnreadableFile(f"line {reader.line_num}: {error}") from None
        yield line, row
        line = reader.line_num + 1


def _find_layout(text: str) -> tuple[str, Layout]:
    best: tuple[int, str, Layout] | None = None
    for delimiter in DELIMITERS:
        for count, (line, row) in enumerate(_rows(text, delimiter)):
            if count >= HEADER_SEARCH_ROWS:
                break
            layout = Layout.from_header(row, line)
            if layout is not None:
                score = sum(len(columns) for columns in layout.fields.values())
                if best is None or score > best[0]:
                    best = (score, delimiter, layout)
                break
    if best is None:
        raise UnreadableFile("no header row with a name, e-mail or phone column was found")
    return best[1], best[2]


def _person_name(layout: Layout, row: list[str]) -> str:
    name = clean_text(layout.first(row, "name"), 200)
    if name.count(",") == 1 and not layout.first(row, "first"):
        last, first = (part.strip() for part in name.split(","))
        # "Cruz, Dana" is a person; "Acme, Inc." ends in a suffix no first name looks like.
        if first and last and " " not in last and first.rstrip(".").lower() not in COMPANY_SUFFIXES:
            name = f"{first} {last}"
    if name:
        return name
    parts = (layout.first(row, "first"), layout.first(row, "middle"), layout.first(row, "last"))
    return clean_text(" ".join(part for part in parts if part), 200)


def record_from_row(
    layout: Layout, row: list[str], source: str, line: int, options: ImportOptions
) -> ImportItem | None:
    """One row as a whole record, a Rejection, or None for a row with nothing in it."""
    if not any(cell.strip() for cell in row):
        return None
    try:
        emails = distinct_emails(normalize_email(value) for value in layout.values(row, "email"))
        phones = list(
            dict.fromkeys(
                normalize_phone(value, options.phone_region)
                for value in layout.values(row, "phone")
            )
        )
        time_zone = validate_time_zone(layout.first(row, "time_zone"))
    except InvalidField as error:
        return Rejection(source, line, str(error))
    name = _person_name(layout, row)
    if not name:
        fallback = emails[0].split("@")[0] if emails else phones[0] if phones else ""
        name = fallback
    if not name:
        return Rejection(source, line, "no name, e-mail or phone")
    return ImportedContact(
        source=source,
        line=line,
        name=name,
        company=clean_text(layout.first(row, "company"), 200),
        title=clean_text(layout.first(row, "title"), 200),
        emails=emails,
        phones=phones,
        notes=layout.first(row, "notes").strip()[:4000],
        time_zone=time_zone,
    )


def read_csv(path: Path, options: ImportOptions) -> Iterator[ImportItem]:
    text = read_text(path)
    if not text.strip():
        raise UnreadableFile("the file is empty")
    delimiter, layout = _find_layout(text)
    return _records(text, delimiter, layout, str(path), options)


def _records(
    text: str, delimiter: str, layout: Layout, source: str, options: ImportOptions
) -> Iterator[ImportItem]:
    for line, row in _rows(text, delimiter):
        if line <= layout.header_line:
            continue
        item = record_from_row(layout, row, source, line, options)
        if item is not None:
            yield item
