"""Reports as CSV files a spreadsheet opens safely.

A cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is a
formula to Excel and LibreOffice: a contact named ``=HYPERLINK(...)`` must not become one.
Such cells get a leading apostrophe, on export only (the store keeps what was typed).
A spreadsheet may also split the file on another separator than ours (``;`` is the usual
one in European locales), so every text cell is quoted and a formula start right after
``,``, ``;`` or a tab inside a cell gets its apostrophe too (OWASP's CSV injection advice).
Numbers stay unquoted numbers.
The file is written to a temporary name and renamed, so a crash leaves the old file or
the new one, never half of it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from followup_desktop.core.durable_files import replace_file

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A lookahead, so a separator that is itself a formula start (a tab) is checked again.
_FORMULA_AFTER_SEPARATOR = re.compile(r"([,;\t])(?=[=+\-@\t\r])")


def neutralised(cell: object) -> str:
    text = "" if cell is None else str(cell)
    if _is_number(text):
        return text
    text = _FORMULA_AFTER_SEPARATOR.sub(r"\1'", text)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


_GUARD_AFTER_SEPARATOR = re.compile(r"([,;\t])'(?=[=+\-@\t\r])")


def restored(cell: str) -> str:
    """A cell as it was before ``neutralised``: FollowUp's own export read back (a phone
    "'+1-555-0123", a note "'- call back") gets its apostrophes off again. No program
    writes an apostrophe before a formula start otherwise (a spreadsheet shows it, and
    drops it when it saves)."""
    if "'" not in cell:
        return cell
    cell = _GUARD_AFTER_SEPARATOR.sub(r"\1", cell)
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def _cell(value: object) -> str | int | float:
    # Numbers go out as numbers (unquoted); everything else as neutralised, quoted text.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return neutralised(value)


_PLAIN_NUMBER = re.compile(r"[-+]?[0-9]+(\.[0-9]+)?")


def _is_number(text: str) -> bool:
    # "-12.5" is a number, not a formula: keep it a number for the spreadsheet.
    return _PLAIN_NUMBER.fullmatch(text) is not None


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow([neutralised(cell) for cell in header])
    for row in rows:
        writer.writerow([_cell(cell) for cell in row])
    return buffer.getvalue()


def write_atomically(path: Path, text: str) -> None:
    """``text`` (UTF-8 with a BOM, which Excel needs to read UTF-8) at ``path``, whole."""
    replace_file(path, text.encode("utf-8-sig"))


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    write_atomically(path, csv_text(header, rows))
