"""CSV contact files: Google (old and new), Outlook, Thunderbird, LinkedIn, Roundcube and
plain "name,email,phone" sheets.

Columns are recognised by one table of header names, not by guessing at values. The
header is the first row that names a known column, so preambles (LinkedIn's "Notes:")
are skipped. A row that names a person is imported even when a value in it is odd (the
value is kept in the notes and reported with the file line the row started on); a row
with nothing to identify anyone is rejected. Values of columns FollowUp has no field for
(addresses, websites, birthdays) are kept in the notes too, as "Column: value" lines
(csv_extras), and the file says once which columns those were. The file is read as a
stream.
"""

from __future__ import annotations

import csv
import io
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from followup_desktop.core.model import ContactStatus, Deal
from followup_desktop.exchange.csv_export import restored
from followup_desktop.exchange.csv_extras import Extra, extra_columns, kept_lines, value_of
from followup_desktop.exchange.record_building import build_record, clean_notes
from followup_desktop.exchange.records import (
    ImportedContact,
    ImportItem,
    ImportOptions,
    KeptColumns,
    ReadAs,
    Rejection,
    TurnedNames,
    UnreadableFile,
)
from followup_desktop.exchange.sheet_status_deals import StatusAndDeals
from followup_desktop.exchange.text_decoding import (
    REPLACED,
    SHIFT_JIS,
    code_page_name,
    open_text,
    sniff,
)

DELIMITERS = (",", ";", "\t")
# A file that is not UTF-8 (nor marked as any other): Western, unless its letters are
# Central European ones (Czech, Polish, Hungarian names from an old Excel).
LEGACY_8BIT = ("cp1252", "cp1250")
# The encodings a file is read in by a guess from its bytes (no mark says so, nor is it
# UTF-8): the report says which one, once for the file.
GUESSED = (*LEGACY_8BIT, SHIFT_JIS)
# A word with a character past ASCII in it: the example of how a code page read a file.
_ACCENTED_WORD = re.compile(r"[^\s,;]*[^\x00-\x7f][^\s,;]*")
HEADER_SEARCH_ROWS = 30
HEAD_CHARS = 256 * 1024
# A quote left open swallows the rest of the file into one field; no real note is this long.
MAX_RECORD_LINES = 200
# A field this long is still read (and the record builder caps what it keeps, saying so);
# the csv module's own limit (128 KiB) would make one long pasted note refuse the file.
FIELD_CHARS = 16 * 1024 * 1024
# Google's way of putting several values in one cell.
MULTI_VALUE = " ::: "

# Every header this importer understands, by the field it fills. Keys are compared after
# _header_key(): lower case, single spaces, "_" as a space, no spaces around "-".
FIELD_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "display name", "contact name", "contact"),
    "first": ("first name", "given name", "firstname", "first", "forename"),
    "middle": ("middle name", "additional name", "middlename"),
    "last": ("last name", "family name", "surname", "lastname", "last"),
    "email": (
        *("email", "e-mail", "mail", "email address", "e-mail address", "emailaddress"),
        *("e-mail 2 address", "e-mail 3 address", "email 2 address", "email 3 address"),
        *("primary email", "secondary email", "email home", "email work", "email other"),
        *("work email", "home email", "other email", "personal email", "business email"),
    ),
    "phone": (
        *("phone", "telephone", "tel", "phone number", "telephone number", "mobile"),
        *("mobile phone", "mobile number", "cell", "cell phone", "business phone"),
        *("business phone 2", "home phone", "home phone 2", "work phone", "primary phone"),
        *("other phone", "home mobile", "car phone", "company main phone", "assistant's phone"),
        *("direct phone", "office phone", "work mobile"),
    ),
    "company": (
        *("company", "company name", "organization", "organisation", "organization name"),
        *("organisation name", "account", "account name", "employer"),
    ),
    "title": ("job title", "position", "organization title", "organisation title", "role"),
    "time_zone": ("time zone", "timezone", "tz"),
    "notes": ("notes", "note", "comments", "comment"),
    # A FollowUp sheet's (exchange/contacts_sheet.py): what the call says to the contact.
    "personal_notes": ("personal notes",),
}
COLUMNS = {header: field for field, headers in FIELD_HEADERS.items() for header in headers}
# Numbered Google columns: "E-mail 1 - Value", "Phone 2 - Type", "Organization 1 - Name".
NUMBERED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"e-?mail (\d+)-value"), "email"),
    (re.compile(r"phone (\d+)-value"), "phone"),
    (re.compile(r"phone (\d+)-(?:type|label)"), "phone_kind"),
    (re.compile(r"organi[sz]ation (\d+)-name"), "company"),
    (re.compile(r"organi[sz]ation (\d+)-title"), "title"),
)
IDENTIFYING = frozenset({"name", "first", "last", "email", "phone"})
# Fields that take one value: a second column of one ("name,name", "Organization 2 -
# Name") has its differing value kept in the notes.
ONE_VALUE = ("name", "first", "middle", "last", "company", "title", "time_zone")
# Numbers a rep cannot call; Outlook and Thunderbird give them columns we never map.
NOT_VOICE = re.compile(r"fax|pager|modem", re.IGNORECASE)
COMPANY_SUFFIXES = frozenset(
    {"inc", "ltd", "llc", "llp", "lp", "gmbh", "co", "corp", "sa", "ag", "plc", "bv", "nv"}
    | {"kg", "kk", "oy", "ab", "as", "srl", "spa", "pty", "limited", "company", "group"}
)
SURNAME_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "du", "la", "le"}
)


def _header_key(header: str) -> str:
    key = " ".join(header.replace("\ufeff", "").replace("_", " ").lower().split())
    return key.replace(" -", "-").replace("- ", "-")


def _field(header: str) -> tuple[str | None, str]:
    """The field a header fills, and its number for Google's numbered columns."""
    key = _header_key(header)
    if key in COLUMNS:
        return COLUMNS[key], ""
    for pattern, field in NUMBERED:
        if match := pattern.fullmatch(key):
            return field, match.group(1)
    return None, ""


@dataclass(frozen=True, slots=True)
class Layout:
    """Which column indexes hold which field, from the header row."""

    columns: dict[str, tuple[int, ...]]
    header_line: int
    width: int  # the header's cells: a row past them holds values no column names
    # Google phone "- Value" column → its "- Type" column, to leave fax and pager out.
    phone_kinds: dict[int, int]
    names: tuple[str, ...]  # each column's header as written ("Column 7" when blank)
    extras: tuple[Extra, ...]  # the columns no field takes: kept in the notes
    spares: tuple[str, ...]  # one-value fields with several columns
    # A FollowUp sheet's Status and Deal N columns (None: the sheet has neither).
    status_and_deals: StatusAndDeals | None = None

    @classmethod
    def from_header(cls, cells: list[str], line: int) -> Layout | None:
        found: dict[str, list[int]] = {}
        numbered: dict[tuple[str, str], int] = {}
        for index, cell in enumerate(cells):
            field, number = _field(cell)
            if field is None and _header_key(cell) == "title":
                # Outlook's "Title" is "Mr."/"Dr."; only a sheet without name parts means the job.
                field = "bare_title"
            if field:
                found.setdefault(field, []).append(index)
                numbered.setdefault((field, number), index)
        bare_title = found.pop("bare_title", [])
        if bare_title and "title" not in found and "first" not in found:
            found["title"] = bare_title
        if not IDENTIFYING & found.keys():
            return None
        found.pop("phone_kind", None)
        kinds = {
            index: numbered[("phone_kind", number)]
            for (field, number), index in numbered.items()
            if field == "phone" and number and ("phone_kind", number) in numbered
        }
        names = tuple(
            cell.replace("\ufeff", "").strip() or f"Column {index + 1}"
            for index, cell in enumerate(cells)
        )
        mapped = {index for indexes in found.values() for index in indexes} | set(kinds.values())
        keys = [_header_key(cell) for cell in cells]
        own = StatusAndDeals.from_keys(keys, names)
        if own is not None:
            mapped |= own.indexes()
        extras = extra_columns(names, keys, mapped)
        columns = {f: tuple(i) for f, i in found.items()}
        spares = tuple(field for field in ONE_VALUE if len(columns.get(field, ())) > 1)
        return cls(columns, line, len(cells), kinds, names, extras, spares, own)

    def values(self, row: list[str], field: str) -> list[str]:
        found: list[str] = []
        width = len(row)
        for index in self.columns.get(field, ()):
            if index < width:
                _add_cell(found, row[index])
        return found

    def first(self, row: list[str], field: str) -> str:
        width = len(row)
        for index in self.columns.get(field, ()):
            if index < width and (cell := row[index].strip()):
                if MULTI_VALUE not in cell:
                    return cell
                for part in cell.split(MULTI_VALUE):
                    if part := part.strip():
                        return part
        return ""

    def spare(self, row: list[str], field: str, lines: list[str], columns: list[int]) -> None:
        """Values of ``field``'s other columns that differ from the one it takes, added
        to ``lines`` (from columns ``columns``) to keep in the notes."""
        taken = ""
        width = len(row)
        for index in self.columns[field]:
            if index >= width or not (cell := row[index].strip()):
                continue
            if not taken:
                taken = cell.casefold()
            elif cell.casefold() != taken:
                lines.append(f"{self.names[index]}: {value_of(cell, frozenset())}")
                columns.append(index)

    def phones(self, row: list[str], lines: list[str], columns: list[int]) -> list[str]:
        """The row's numbers to call; a fax or pager number is added to ``lines`` (from
        column ``columns``) to keep in the notes instead."""
        if not self.phone_kinds:
            return self.values(row, "phone")
        found: list[str] = []
        width = len(row)
        for index in self.columns.get("phone", ()):
            if index >= width:
                continue
            kind = self.phone_kinds.get(index)
            if kind is not None and kind < width and NOT_VOICE.search(row[kind]):
                if number := row[index].strip():
                    lines.append(f"{self.names[index]} ({row[kind].strip()}): {number}")
                    columns.append(index)
                continue
            _add_cell(found, row[index])
        return found


def _add_cell(found: list[str], cell: str) -> None:
    if MULTI_VALUE in cell:
        found.extend(part.strip() for part in cell.split(MULTI_VALUE) if part.strip())
    elif cell := cell.strip():
        found.append(cell)


class _Lines:
    """The file's lines, numbered, keeping those read for the record being read: a record
    found broken is read again from its second line (``read_again``)."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self._again: deque[tuple[int, str]] = deque()
        self._number = 0
        self.record: list[tuple[int, str]] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self._again:
            number, line = self._again.popleft()
        else:
            line = next(self._lines)
            self._number += 1
            number = self._number
        self.record.append((number, line))
        return line

    def read_again(self, lines: list[tuple[int, str]]) -> None:
        self._again.extendleft(reversed(lines))


def _rows(lines: _Lines, delimiter: str) -> Iterator[tuple[int, int, list[str]]]:
    """Rows with the physical lines each starts and ends on (quoted fields span lines)."""
    reader = csv.reader(lines, delimiter=delimiter, strict=False)
    while True:
        lines.record = []
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            start = lines.record[0][0] if lines.record else 1
            raise UnreadableFile(f"line {start}: {error} (is a quote left open?)") from None
        yield lines.record[0][0], lines.record[-1][0], row


def _header_for(head: str, delimiter: str) -> Layout | None:
    rows = _rows(_Lines(io.StringIO(head, newline="")), delimiter)
    try:
        for count, (line, _, row) in enumerate(rows):
            if count >= HEADER_SEARCH_ROWS:
                return None
            if layout := Layout.from_header(row, line):
                return layout
    except UnreadableFile:
        return None  # this delimiter reads the head as malformed; another may not
    return None


def _find_layout(head: str) -> tuple[str, Layout]:
    """The delimiter and header that explain the most columns in the file's first rows."""
    best: tuple[int, str, Layout] | None = None
    for delimiter in DELIMITERS:
        layout = _header_for(head, delimiter)
        if layout is not None:
            score = sum(len(columns) for columns in layout.columns.values())
            if best is None or score > best[0]:
                best = (score, delimiter, layout)
    if best is None:
        raise UnreadableFile("no header row with a name, e-mail or phone column was found")
    return best[1], best[2]


def uninvert_name(name: str) -> str:
    """ "Cruz, Dana" → "Dana Cruz"; "Acme, Inc." and "Sales, EMEA team" stay as they are."""
    if name.count(",") != 1:
        return name
    last, first = (part.strip() for part in name.split(","))
    if not last or not first or any(ch.isdigit() for ch in name):
        return name
    if first.replace(".", "").casefold() in COMPANY_SUFFIXES or len(first.split()) > 3:
        return name
    *particles, _ = last.split()
    if any(word.casefold() not in SURNAME_PARTICLES for word in particles):
        return name
    return f"{first} {last}"


def _person_name(layout: Layout, row: list[str]) -> tuple[str, str]:
    """The row's name, and as written when it was turned round ("" when it was not)."""
    name = layout.first(row, "name")
    if name:
        turned = uninvert_name(name)
        return turned, name if turned != name else ""
    parts = (layout.first(row, "first"), layout.first(row, "middle"), layout.first(row, "last"))
    return " ".join(part for part in parts if part), ""


def record_from_row(
    layout: Layout,
    row: list[str],
    source: str,
    line: int,
    options: ImportOptions,
    oddities: tuple[str, ...] = (),
    kept: KeptColumns | None = None,
    turned: TurnedNames | None = None,
    strays: bool = False,
    read_as: ReadAs | None = None,
) -> ImportItem | None:
    """One row as a whole record, a Rejection, or None for a row with nothing in it.
    Values of columns no field takes are kept in the notes as "Column: value" lines
    (and noted in ``kept``); cells past the header's too: no column says what they are.
    A name turned round ("Cruz, Dana") is noted in ``turned``. With ``strays`` (a UTF-8
    file with bytes that are not), a U+FFFD in the row is such a byte: said where.
    ``read_as``: the code page the file was read in, guessed, noted with its first word
    past ASCII."""
    joined = "".join(row)
    if not joined.strip():
        return None
    if "\0" in joined:
        oddities = (*oddities, _nul_in(layout, row))
    if strays and REPLACED in joined:
        where = _columns_with(layout, row, REPLACED)
        oddities = (*oddities, f"a byte that is not UTF-8 in {where}: read as {REPLACED}")
    notes = clean_notes(layout.values(row, "notes")) if "notes" in layout.columns else ""
    personal = layout.values(row, "personal_notes") if "personal_notes" in layout.columns else []
    lines, columns = kept_lines(layout.extras, row) if layout.extras else ([], [])
    phones = layout.phones(row, lines, columns)
    for field in layout.spares:
        layout.spare(row, field, lines, columns)
    status: ContactStatus | None = None
    deals: tuple[Deal, ...] = ()
    if layout.status_and_deals is not None:
        found: list[str] = []
        status, deals = layout.status_and_deals.read(row, lines, found, options.currency)
        oddities = (*oddities, *found)
    if past := [cell.strip() for cell in row[layout.width :] if cell.strip()]:
        count = len(past)
        oddities = (
            *oddities,
            f"{count} value{'s' if count > 1 else ''} past the last column: kept in the notes",
        )
        lines.append("Past the last column: " + " · ".join(past))
    name, written = _person_name(layout, row)
    item = build_record(
        source,
        line,
        name=name,
        emails=layout.values(row, "email"),
        phones=phones,
        company=layout.first(row, "company"),
        title=layout.first(row, "title"),
        notes=notes,
        personal_notes=clean_notes(personal),
        time_zone=layout.first(row, "time_zone"),
        region=options.phone_region,
        oddities=oddities,
        kept_lines=lines,
        kept=(kept, columns) if kept is not None else None,
        status=status,
        deals=deals,
    )
    if written and turned is not None and isinstance(item, ImportedContact):
        item.turned_names = turned
        turned.add(line, written, item.name)
    if read_as is not None and isinstance(item, ImportedContact):
        item.read_as = read_as
        if not read_as.word and not joined.isascii():
            read_as.add(line, _first_accented_word(row))
    return item


def _first_accented_word(row: list[str]) -> str:
    for cell in row:
        if not cell.isascii() and (match := _ACCENTED_WORD.search(cell)):
            return match.group()
    return ""


def _nul_in(layout: Layout, row: list[str]) -> str:
    """What a NUL character in the row is: no one types it; a file cut or overwritten
    by something else (a crash while saving, a disk error) has them."""
    where = _columns_with(layout, row, "\0")
    return f"a NUL character (a sign of a damaged file) in {where}: left out"


def _columns_with(layout: Layout, row: list[str], character: str) -> str:
    """The columns of ``row`` whose cells hold ``character``, by their headers."""
    return ", ".join(
        dict.fromkeys(
            layout.names[index] if index < layout.width else "past the last column"
            for index, cell in enumerate(row)
            if character in cell
        )
    )


csv.field_size_limit(max(csv.field_size_limit(), FIELD_CHARS))


def read_csv(path: Path, options: ImportOptions) -> Iterator[ImportItem]:
    """The file's records, streamed. UnreadableFile at once if it is not a contacts CSV."""
    encoding, strays = sniff(path, legacy=LEGACY_8BIT)
    with open_text(path, encoding) as stream:
        head = stream.read(HEAD_CHARS)
    if not head.strip():
        raise UnreadableFile("the file is empty")
    delimiter, layout = _find_layout(head)
    return _records(path, encoding, delimiter, layout, options, strays)


def _records(
    path: Path,
    encoding: str,
    delimiter: str,
    layout: Layout,
    options: ImportOptions,
    strays: bool = False,
) -> Iterator[ImportItem]:
    """``strays``: the file is UTF-8 with stray bytes, each read as U+FFFD. A file in a
    legacy code page (or Shift_JIS, guessed too) says which, once."""
    source = str(path)
    kept = KeptColumns(source, layout.header_line, layout.names)
    turned = TurnedNames(source)
    read_as = (
        ReadAs(source, code_page_name(encoding), layout.header_line)
        if encoding in GUESSED
        else None
    )
    # FollowUp's own sheet (its Status column says so) read back: the apostrophes its
    # export put before formula starts come off. Another program's cells are as written:
    # "X;'=" may be someone's text.
    ours = layout.status_and_deals is not None
    with open_text(path, encoding) as stream:
        lines = _Lines(stream)
        for start, end, row in _rows(lines, delimiter):
            if start <= layout.header_line:
                continue
            if ours:
                row = [restored(cell) for cell in row]
            if end > start and (broken := _quote_left_open(lines.record, layout, delimiter)):
                # The line read with its quote as a character, and the rows it swallowed
                # read as rows.
                first = lines.record[0][1]
                row = [cell.strip('"') for cell in _unquoted(first, delimiter)]
                lines.read_again(lines.record[1:])
                item = record_from_row(
                    layout, row, source, start, options, (broken,), kept, turned, strays, read_as
                )
                if item is not None:
                    yield item
                continue
            if end - start >= MAX_RECORD_LINES:
                yield Rejection(
                    source,
                    start,
                    f"a quoted field runs over {end - start + 1} lines: is a quote left open?",
                )
                continue
            item = record_from_row(
                layout,
                row,
                source,
                start,
                options,
                kept=kept,
                turned=turned,
                strays=strays,
                read_as=read_as,
            )
            if item is not None:
                yield item


def _quote_left_open(record: list[tuple[int, str]], layout: Layout, delimiter: str) -> str:
    """Why a record over several lines is a quote left open on its first line ("" when it
    reads as a field with line breaks in it). A field's lines end with the line holding
    its closing quote, which has an odd number of quotes; the lines a quote left open
    swallowed are each a whole row of the file, quotes paired."""
    for _number, line in record[1:]:
        if not line.strip():
            continue
        if line.count('"') % 2:
            return ""
        if len(next(csv.reader([line], delimiter=delimiter), [])) != layout.width:
            return ""
    return "a quote opened on this line is not closed: read without it"


def _unquoted(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter, quoting=csv.QUOTE_NONE), [])
