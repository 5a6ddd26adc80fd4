"""A vCard as the content lines it is written in (RFC 6350 §3.2), for writing over a card
another program wrote: FollowUp takes out and puts in its own lines, and every other line
stays as that program wrote it, folds, escapes and parameters included. vobject reads and
writes a card whole and changes on the way what it does not understand (a vCard 4.0
``data:`` photo cut at its comma, a second nickname dropped), so a card written
over is not read and written through it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# The group and name a content line starts with: "item1.TEL;TYPE=CELL:…".
_NAME = re.compile(r"(?:([A-Za-z0-9-]+)\.)?([A-Za-z0-9-]+)[;:]")
# A vCard 2.1 quoted-printable value goes on after a line that ends with "=".
_QUOTED_PRINTABLE = re.compile(r"[;:]\s*(?:ENCODING\s*=\s*)?QUOTED-PRINTABLE\s*[;:]", re.I)


@dataclass(frozen=True, slots=True, eq=False)  # two lines written alike are two lines
class Line:
    """One content line: the physical lines it is written on (a folded line on several),
    the group and the upper-case name it starts with ("" when it names nothing), and how
    many cards it is in (1 in the card itself, more inside one nested in it)."""

    written: tuple[str, ...]
    group: str
    name: str
    depth: int = 1

    @property
    def unfolded(self) -> str:
        text = self.written[0]
        for more in self.written[1:]:
            if more[:1] in (" ", "\t"):
                text += more[1:]
            else:  # a quoted-printable soft break: the "=" at its end is no character
                text = text[:-1] + more
        return text


class WrittenCard:
    """The first card of a vCard file, line by line as written, with what is around it."""

    def __init__(self, before: list[str], lines: list[Line], after: list[str]) -> None:
        self._before = before
        self.lines = lines  # BEGIN:VCARD to END:VCARD, both included
        self._after = after

    def named(self, name: str) -> list[Line]:
        """The card's own ``name`` lines (any group), in the order written."""
        wanted = name.upper()
        return [line for line in self.lines if line.depth == 1 and line.name == wanted]

    def grouped(self, group: str) -> list[Line]:
        """The card's own lines of ``group`` (item1.TEL, item1.X-ABLabel…)."""
        wanted = group.casefold()
        return [line for line in self.lines if line.depth == 1 and line.group.casefold() == wanted]

    def replace(self, old: Line, new: Iterable[Line]) -> None:
        at = self._index(old)
        self.lines[at : at + 1] = list(new)

    def remove(self, line: Line) -> None:
        del self.lines[self._index(line)]

    def add(self, new: Iterable[Line], *, first: bool = False) -> None:
        """``new`` at the end of the card (before its END:VCARD), or right after its
        BEGIN:VCARD when ``first``."""
        at = 1 if first else len(self.lines) - 1
        self.lines[at:at] = list(new)

    def text(self) -> str:
        """The file again, every line ended by CRLF as RFC 6350 has it."""
        physical = [*self._before, *(p for line in self.lines for p in line.written), *self._after]
        return "".join(f"{line}\r\n" for line in physical)

    def _index(self, line: Line) -> int:
        return next(at for at, there in enumerate(self.lines) if there is line)


def read(text: str) -> WrittenCard | None:
    """``text`` as its first card's lines; None when it holds no whole card."""
    logical = split(text)
    begin = next((at for at, line in enumerate(logical) if _is(line, "BEGIN")), None)
    if begin is None:
        return None
    lines: list[Line] = []
    depth = 0
    for line in logical[begin:]:
        if _is(line, "BEGIN"):
            depth += 1
            lines.append(_at_depth(line, depth - 1))
        elif _is(line, "END"):
            depth -= 1
            lines.append(_at_depth(line, depth))
            if depth == 0:
                return WrittenCard(
                    [p for line in logical[:begin] for p in line.written],
                    lines,
                    [p for line in logical[begin + len(lines) :] for p in line.written],
                )
        else:
            lines.append(_at_depth(line, depth))
    return None  # no END:VCARD: a card cut short


def split(text: str) -> list[Line]:
    """The content lines of ``text`` (a card or a part of one), as :func:`read` splits them."""
    physical = re.split(r"\r\n|\n", text)
    if physical and physical[-1] == "":
        physical.pop()  # the break ending the last line ends no line of its own
    return _logical(physical)


def _logical(physical: list[str]) -> list[Line]:
    grouped: list[list[str]] = []
    for line in physical:
        if grouped and (line[:1] in (" ", "\t") or _soft_break(grouped[-1])):
            grouped[-1].append(line)
        else:
            grouped.append([line])
    return [_line(tuple(written)) for written in grouped]


def _soft_break(written: list[str]) -> bool:
    return written[-1].endswith("=") and bool(_QUOTED_PRINTABLE.search(written[0]))


def _line(written: tuple[str, ...]) -> Line:
    found = _NAME.match(written[0])
    if found is None:
        return Line(written, "", "")
    return Line(written, found.group(1) or "", found.group(2).upper())


def _is(line: Line, name: str) -> bool:
    return line.name == name and line.unfolded.partition(":")[2].strip().upper() == "VCARD"


def _at_depth(line: Line, depth: int) -> Line:
    return Line(line.written, line.group, line.name, depth)
