"""The columns of a contacts CSV that FollowUp has no field for, kept as notes lines.

Real exports are full of them: addresses, websites, birthdays, Outlook's dozens of
columns, a user's own. Each value is kept with its contact as a readable
"Column: value" line in the notes, where the rep already reads and edits free text.
Left out are only the columns that describe a field FollowUp does fill (Google's
"E-mail 1 - Type" beside "E-mail 1 - Value"), and the placeholders some programs write
where there is nothing ("0/0/00" for a date Outlook has no value for).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

MULTI_VALUE = " ::: "  # Google's way of putting several values in one cell
# Google's numbered groups: "Address 1 - Street" is part "street" of group "address 1".
_NUMBERED = re.compile(r"(.+ \d+)-(.+)")
# The parts of a group that only say which one it is ("Work", "* Home").
_DESCRIBING = frozenset({"type", "label"})
# Google gives an address whole ("- Formatted") and in parts ("- Street", "- City"):
# the parts say it again.
_WHOLE = "formatted"
# What an export writes where the contact has no value: said by every row, it says nothing.
_NOTHING_ANYWHERE = frozenset({"0/0/00", "00/00/00", "0/0/0000"})
_NOTHING_IN: dict[str, frozenset[str]] = {
    "gender": frozenset({"unspecified"}),
    "priority": frozenset({"normal"}),
    "sensitivity": frozenset({"normal"}),
    "private": frozenset({"false"}),
    # Google puts every contact in its "My Contacts" group.
    "group membership": frozenset({"* my contacts", "* mycontacts"}),
    "labels": frozenset({"* my contacts", "* mycontacts"}),
}
_LONGEST_NOTHING = max(
    len(word) for words in (_NOTHING_ANYWHERE, *_NOTHING_IN.values()) for word in words
)


@dataclass(frozen=True, slots=True)
class Extra:
    """One kept column: its index, its header as written, the index of the column that
    says which one of its group it is (an address's "Work"), and of the one that holds
    its group whole (left out where that one has a value)."""

    index: int
    header: str
    describer: int | None
    whole: int | None
    nothing: frozenset[str]


def _group(key: str) -> tuple[str, str]:
    match = _NUMBERED.fullmatch(key)
    return (match.group(1), match.group(2)) if match else ("", "")


def extra_columns(
    headers: Sequence[str], keys: Sequence[str], mapped: set[int]
) -> tuple[Extra, ...]:
    """The columns to keep, from the header as written and its keys (lower case, spaces
    tidied); ``mapped`` holds the indexes of the columns that fill a field."""
    groups = [_group(key) for key in keys]
    mapped_groups = {groups[i][0] for i in mapped if groups[i][0]}
    describers: dict[str, int] = {}
    wholes: dict[str, int] = {}
    for index, (group, part) in enumerate(groups):
        if group and part in _DESCRIBING and index not in mapped:
            describers.setdefault(group, index)
        elif group and part == _WHOLE and index not in mapped:
            wholes.setdefault(group, index)
    described = {
        group
        for index, (group, part) in enumerate(groups)
        if group and part not in _DESCRIBING and index not in mapped
    }
    extras: list[Extra] = []
    for index, (header, key) in enumerate(zip(headers, keys, strict=True)):
        if index in mapped:
            continue
        group, part = groups[index]
        if part in _DESCRIBING and (group in mapped_groups or group in described):
            continue  # it describes a field, or is said beside its group's values
        extras.append(
            Extra(
                index,
                header.strip() or f"Column {index + 1}",
                None if part in _DESCRIBING else describers.get(group),
                None if part in (_WHOLE, *_DESCRIBING) else wholes.get(group),
                _NOTHING_ANYWHERE | _NOTHING_IN.get(key, frozenset()),
            )
        )
    return tuple(extras)


def value_of(cell: str, nothing: frozenset[str]) -> str:
    """A cell as one readable value: its lines and Google's several values joined with
    ", ", placeholders for nothing left out ("" when nothing is left)."""
    if MULTI_VALUE not in cell and "\n" not in cell and "\r" not in cell:
        # Nearly every cell: one plain value. Placeholders are short words.
        text = cell.strip()
        return "" if len(text) <= _LONGEST_NOTHING and text.casefold() in nothing else text
    parts = cell.split(MULTI_VALUE) if MULTI_VALUE in cell else (cell,)
    kept: list[str] = []
    for part in parts:
        text = ", ".join(line.strip() for line in part.splitlines() if line.strip())
        if text and text.casefold() not in nothing:
            kept.append(text)
    return ", ".join(kept)


def kept_lines(extras: Sequence[Extra], row: Sequence[str]) -> tuple[list[str], list[int]]:
    """The "Column: value" lines of ``row``, and the indexes of the columns they came from."""
    lines: list[str] = []
    columns: list[int] = []
    width = len(row)
    for extra in extras:
        if extra.index >= width or not (cell := row[extra.index]) or cell.isspace():
            continue
        if extra.whole is not None and extra.whole < width and row[extra.whole].strip():
            continue
        if not (value := value_of(cell, extra.nothing)):
            continue
        header = extra.header
        describer = extra.describer
        if (
            describer is not None
            and describer < width
            and (which := value_of(row[describer], extra.nothing).lstrip("* "))
        ):
            header = f"{header} ({which})"
        lines.append(f"{header}: {value}")
        columns.append(extra.index)
    return lines, columns
