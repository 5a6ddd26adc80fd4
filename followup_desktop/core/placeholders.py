"""Filling the rep's own wording: ``{first_name}`` style placeholders in script cards and
e-mail templates.

The rep edits these texts, so nothing in them may crash the app or run code: this is not
``str.format`` (which reads attributes and indexes). A placeholder is ``{name}`` with a
name of letters, digits and underscores; ``{{`` and ``}}`` are literal braces; anything
else in braces is left as typed. A name we do not know stays visible as ``{name}`` and
is reported, so the editor can point at the typo; a known one with no value for this
contact (no company on file) is reported as missing and left visible too, so the rep
never reads out a half sentence.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass

from followup_desktop.core import settings as options

_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")


class PartKind(enum.Enum):
    TEXT = "text"  # the template's own words
    VALUE = "value"  # a filled placeholder
    UNKNOWN = "unknown"  # a name that is not a placeholder at all
    MISSING = "missing"  # a known placeholder with nothing to fill in for this contact


@dataclass(frozen=True, slots=True)
class Part:
    text: str
    kind: PartKind
    name: str = ""


@dataclass(frozen=True, slots=True)
class FilledText:
    parts: tuple[Part, ...]

    @property
    def text(self) -> str:
        return "".join(part.text for part in self.parts)

    @property
    def unknown(self) -> tuple[str, ...]:
        return self._names(PartKind.UNKNOWN)

    @property
    def missing(self) -> tuple[str, ...]:
        return self._names(PartKind.MISSING)

    @property
    def complete(self) -> bool:
        return not self.unknown and not self.missing

    def _names(self, kind: PartKind) -> tuple[str, ...]:
        return tuple(dict.fromkeys(part.name for part in self.parts if part.kind is kind))


def fill(
    template: str, values: Mapping[str, str], known: frozenset[str] | None = None
) -> FilledText:
    """``template`` with every ``{name}`` in ``values`` replaced.

    ``known`` lists every placeholder name there is (default: the keys of ``values``); a
    known name whose value is empty is MISSING, any other name UNKNOWN.
    """
    names = known if known is not None else frozenset(values)
    parts: list[Part] = []
    position = 0
    for match in _TOKEN.finditer(template):
        if match.start() > position:
            parts.append(Part(template[position : match.start()], PartKind.TEXT))
        position = match.end()
        token = match.group(0)
        name = match.group(1)
        if name is None:
            parts.append(Part(token[0], PartKind.TEXT))
        elif values.get(name):
            value = values[name]
            parts.append(Part(value, PartKind.VALUE, name))
            # "Acme, Inc." ends the sentence too: one full stop, not "Inc.." (an
            # ellipsis in the template stays).
            ends_sentence = template.startswith(".", position)
            if value.endswith(".") and ends_sentence and not template.startswith("..", position):
                position += 1
        elif name in names or name in values:
            parts.append(Part(token, PartKind.MISSING, name))
        else:
            parts.append(Part(token, PartKind.UNKNOWN, name))
    if position < len(template):
        parts.append(Part(template[position:], PartKind.TEXT))
    return FilledText(tuple(_merged(parts)))


def _merged(parts: list[Part]) -> list[Part]:
    """Adjacent plain text joined, so a line of words is one part."""
    merged: list[Part] = []
    for part in parts:
        if merged and part.kind is PartKind.TEXT and merged[-1].kind is PartKind.TEXT:
            merged[-1] = Part(merged[-1].text + part.text, PartKind.TEXT)
        else:
            merged.append(part)
    return merged


# The rep's own details come from Settings: a placeholder of theirs left unfilled is fixed
# there once, not worked around on every call (the contact's details are the contact's).
_FILLED_FROM_SETTINGS = {
    "rep_name": options.REP_NAME.key,
    "rep_first_name": options.REP_NAME.key,
    "rep_email": options.REP_EMAIL.key,
}


def setting_for(name: str) -> str | None:
    """The Settings key that fills placeholder ``name``; None when Settings do not."""
    return _FILLED_FROM_SETTINGS.get(name)


def unfilled(filled: FilledText) -> tuple[Part, ...]:
    """The parts a customer must never hear as typed: unknown or missing placeholders."""
    return tuple(part for part in filled.parts if part.kind in (PartKind.UNKNOWN, PartKind.MISSING))
