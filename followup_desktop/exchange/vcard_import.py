"""vCard 2.1, 3.0 and 4.0 files: one card or many, as phones and mail programs write them.

A small streaming parser of our own that decodes only the properties FollowUp keeps (its
fields, and from a file those it has no field for: an address, a website, a birthday,
kept in the notes by vcard_extras): line unfolding, QUOTED-PRINTABLE with soft line
breaks, per-property CHARSET, grouped properties (``item1.EMAIL``), quoted parameters,
escapes, and the usual malformations (lower-case BEGIN, ``#`` comments, base64 photos
indented or ended by a blank line). What says nothing to a rep (PHOTO above all) is
skipped without being stored.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import quopri
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from followup_desktop.core.contact_rules import InvalidField, validate_time_zone
from followup_desktop.exchange.record_building import FieldLines, build_record, clean_notes
from followup_desktop.exchange.records import (
    ImportItem,
    ImportOptions,
    Oddity,
    Rejection,
    UnreadableFile,
)
from followup_desktop.exchange.text_decoding import (
    REPLACED,
    SHIFT_JIS,
    WIDE_ENCODINGS,
    byte_lines,
    codec_name,
    decode_utf8_value,
    decode_value,
    head_text,
    read_head,
    sniff,
    utf8_with_strays,
)
from followup_desktop.exchange.vcard_extras import (
    FIELDS,
    LABELS,
    KeptLabels,
    Written,
    is_kept,
    kept_lines,
)

# The properties that fill a field, by their name as bytes (names are matched undecoded).
KEPT = {name.encode(): name for name in FIELDS}
_PROPERTY_NAME = re.compile(rb"[A-Z0-9-]+")
# Numbers a rep cannot call: not imported (or rejected) as phones; from a file, kept in
# the notes ("Fax (work): …").
NOT_VOICE = frozenset({"FAX", "PAGER", "MODEM", "BBS"})
VOICE = frozenset({"VOICE", "CELL", "MSG", "TEXT"})
BARE_ENCODINGS = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"})
SNIFF_BYTES = 1024
NOT_CLOSED = "card is not closed (no END:VCARD)"
BEGIN_SEARCH_BYTES = 64 * 1024
# Legacy 8-bit values with no CHARSET: Western, or Central European (The Bat!, Polish and
# Czech phones) when that reads as more letters, or as more words of one language's.
LEGACY_8BIT = ("cp1252", "cp1250")
# On a line of its own, whatever the line endings (old Macs wrote a bare CR).
_BEGIN = re.compile(r"(?:^|[\r\n])[ \t]*begin[ \t]*:[ \t]*vcard[ \t]*(?:[\r\n]|$)", re.IGNORECASE)
_BEGIN_OR_END = re.compile(rb"[ \t]*(?:begin|end)[ \t]*:[ \t]*vcard[ \t]*$", re.IGNORECASE)
_ESCAPE = re.compile(r"\\([\\,;:nN])")


_CALENDAR = re.compile(r"^\s*begin[ \t]*:[ \t]*vcalendar\b", re.IGNORECASE)


def looks_like_vcard(path: Path) -> bool:
    """BEGIN:VCARD at the start of a line in the first KB, in any case or encoding."""
    return _head_matches(path, _BEGIN)


def looks_like_calendar(path: Path) -> bool:
    """An iCalendar file (an invite, a calendar export): chosen for contacts by mistake,
    next to the .vcf or .csv it resembles."""
    return _head_matches(path, _CALENDAR)


def _head_matches(path: Path, pattern: re.Pattern[str]) -> bool:
    try:
        head = read_head(path, SNIFF_BYTES)
    except UnreadableFile:
        return False
    return pattern.search(head_text(head)) is not None


@dataclass(slots=True)
class Property:
    """One kept property, its value still as written (folded parts joined)."""

    name: str
    value: bytearray
    params: dict[str, list[str]]
    quoted_printable: bool
    group: str = ""  # "item1" of "item1.URL": its X-ABLabel says which website it is
    line: int = 0  # the file line it starts on: a warning about its value points there

    def param(self, key: str) -> str:
        values = self.params.get(key)
        return values[0] if values else ""


@dataclass(slots=True)
class Card:
    line: int
    version: bytes = b""
    properties: dict[str, list[Property]] = field(default_factory=dict)
    closed: bool = False


def _split_outside_quotes(text: bytes, separator: int) -> list[bytes]:
    if b'"' not in text:
        return text.split(bytes((separator,)))
    parts: list[bytes] = []
    current = bytearray()
    quoted = False
    for byte in text:
        if byte == 0x22:
            quoted = not quoted
        elif byte == separator and not quoted:
            parts.append(bytes(current))
            current.clear()
        else:
            current.append(byte)
    parts.append(bytes(current))
    return parts


def _colon(line: bytes) -> int:
    quoted = False  # a quoted parameter value may hold a colon (4.0 SORT-AS, LABEL)
    for index, byte in enumerate(line):
        if byte == 0x22:
            quoted = not quoted
        elif byte == 0x3A and not quoted:
            return index
    return -1


def _params(head: bytes) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for part in _split_outside_quotes(head, 0x3B)[1:]:
        text = part.decode("ascii", errors="replace").strip()
        if not text:
            continue
        key, equals, value = text.partition("=")
        if not equals:
            # vCard 2.1 bare parameters: "TEL;WORK;VOICE", "PHOTO;JPEG", "NOTE;QUOTED-PRINTABLE".
            key, value = ("ENCODING" if key.upper() in BARE_ENCODINGS else "TYPE"), key
        params.setdefault(key.strip().upper(), []).extend(
            item.strip().strip('"') for item in value.split(",")
        )
    return params


@lru_cache(maxsize=1024)
def _kept_name(name: bytes, extras: bool) -> str | None:
    """The name a property is kept under: a field's, or with ``extras`` one that no
    field takes but says something (vcard_extras); None for one not kept."""
    if (kept := KEPT.get(name)) is not None:
        return kept
    if extras and _PROPERTY_NAME.fullmatch(name) and is_kept(text := name.decode()):
        return text
    return None


def parse_cards(lines: Iterable[bytes], extras: bool = True) -> Iterator[Card]:
    """Cards with their kept properties still encoded; an unclosed card has closed=False.
    Without ``extras``, only the properties that fill a field are kept.

    Property names are compared as bytes and parameters parsed only for kept properties,
    so the thousands of base64 lines of a photo cost one test each.
    """
    card: Card | None = None
    last: Property | None = None  # the kept property a folded line continues
    soft_break = False  # the previous quoted-printable line ended in "="
    for number, line in enumerate(lines, start=1):
        if soft_break and not _BEGIN_OR_END.match(line):
            # A soft line break continues the value whatever the next line holds ("#…" too).
            soft_break = line.rstrip().endswith(b"=")
            if last is not None:
                last.value += b"\n" + line.rstrip()
            continue
        if line.startswith((b" ", b"\t")):
            if last is not None and card is not None:
                # 2.1 unfolding keeps the white space; 3.0 and 4.0 drop one character.
                last.value += line if card.version == b"2.1" else line[1:]
            continue
        soft_break = False
        stripped = line.strip()
        if not stripped or stripped[:1] == b"#":
            last = None if not stripped else last
            continue
        colon = stripped.find(b":")
        if colon >= 0 and stripped.find(b'"', 0, colon) >= 0:
            colon = _colon(stripped)
        if colon < 0:
            continue  # an unindented base64 line of a 2.1 PHOTO, or junk
        head, value = stripped[:colon], stripped[colon + 1 :]
        semicolon = head.find(b";")
        name = (head if semicolon < 0 else head[:semicolon]).strip().upper()
        group, _, name = name.rpartition(b".")  # "item1.EMAIL" → "EMAIL"
        if name in (b"BEGIN", b"END") and value.strip().upper() == b"VCARD":
            if card is not None:
                card.closed = name == b"END"  # a second BEGIN leaves the first one unclosed
                yield card
            card = Card(line=number) if name == b"BEGIN" else None
            last = None
            continue
        if card is None:
            continue
        if name == b"VERSION":
            card.version = value.strip()
        quoted_printable = semicolon >= 0 and b"QUOTED-PRINTABLE" in head.upper()
        kept = _kept_name(name, extras)
        if kept is None:
            last = None
        else:
            params = _params(head) if semicolon >= 0 else {}
            last = Property(kept, bytearray(value), params, quoted_printable, line=number)
            if group:
                last.group = group.decode("ascii", errors="replace").lower()
            card.properties.setdefault(kept, []).append(last)
        soft_break = quoted_printable and value.endswith(b"=")
    if card is not None:
        yield card


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text  # nearly every value
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _components(text: str, separator: str = ";") -> list[str]:
    """Split at separators that are not backslash-escaped; escapes are kept for later."""
    if "\\" not in text:
        return text.split(separator)
    parts: list[str] = []
    current: list[str] = []
    chars = iter(text)
    for char in chars:
        if char == "\\":
            current.append(char + next(chars, ""))
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _structured(text: str, joined: str = " ") -> list[str]:
    """N and ORG components; a component's comma-separated list reads as words (``joined``
    by spaces). An ORG's as written, commas and all: vCard 2.1 escapes no comma (Outlook
    writes "ORG:Acme, Inc."), and no company is a list of names."""
    return [
        joined.join(_unescape(item).strip() for item in _components(part, ",") if item.strip())
        for part in _components(text)
    ]


# What a value not in UTF-8 is, for the warning, by the property it came from.
_WHAT = {
    "FN": "the name is",
    "N": "the name is",
    "ORG": "the company is",
    "TITLE": "the title is",
    "EMAIL": "an e-mail is",
    "TEL": "a phone number is",
    "NOTE": "the notes are",
    "TZ": "the time zone is",
}


def _what_else(name: str) -> str:
    label = LABELS.get(name)
    return f"the {label.lower()} is" if label else f"{name} is"


@dataclass(frozen=True, slots=True)
class ValueDecoder:
    """How to turn one property's bytes into text, given what the file itself is."""

    honour_charset: bool  # False for UTF-16/32 files, re-encoded as UTF-8 before parsing
    fallbacks: tuple[str, ...]
    # The file is UTF-8 but for stray bytes (text_decoding.sniff): its values are too.
    utf8_file: bool = False
    # A vCard 4.0 card's: its values must be UTF-8; one that is not is still read.
    version_4: bool = False
    # One card's (``for_version``): what was odd in how its values were read (a value
    # not in UTF-8, a stray byte), said in its warnings at the line first said of.
    misread: dict[str, int] | None = None

    def for_version(self, version: bytes) -> ValueDecoder:
        """The decoder for one card of ``version``."""
        return replace(self, version_4=version == b"4.0", misread={})

    def _say(self, prop: Property, what: str) -> None:
        if self.misread is not None:
            self.misread.setdefault(what, prop.line)

    def _utf8(self, declared: str) -> str:
        """Why the value is meant to be UTF-8, as its warning says it ("" when it is not):
        it says so, or its card or its file is."""
        if declared:
            with contextlib.suppress(LookupError):
                if codec_name(declared) == "utf-8":
                    return "though the card says it is"
            return ""
        if self.version_4:
            return "as vCard 4.0 requires"
        return "as the rest of the file is" if self.utf8_file else ""

    def text(self, prop: Property) -> str:
        raw = bytes(prop.value)
        if prop.quoted_printable:
            raw = quopri.decodestring(raw)
        elif prop.param("ENCODING").upper() in ("B", "BASE64"):
            # Not base64 after all: read the bytes as written.
            with contextlib.suppress(binascii.Error, ValueError):
                raw = base64.b64decode(raw, validate=False)
        declared = prop.param("CHARSET") if self.honour_charset or prop.quoted_printable else ""
        if not raw.isascii() and (why := self._utf8(declared)):
            with contextlib.suppress(UnicodeDecodeError):
                return raw.decode("utf-8")
            what = _WHAT.get(prop.name) or _what_else(prop.name)
            if (text := utf8_with_strays(raw)) is not None:
                where = what.rpartition(" ")[0]
                self._say(prop, f"a byte that is not UTF-8 in {where}: read as {REPLACED}")
                return text
            # No UTF-8 letter in it: a legacy code page's text is the best guess, and a
            # guess is said, with the value's line.
            text, how = decode_utf8_value(raw, self.fallbacks)
            self._say(prop, f"{what} not UTF-8, {why}: {how}")
            return text
        return decode_value(raw, declared, self.fallbacks)

    def texts(self, card: Card, name: str) -> list[str]:
        return [self.text(prop) for prop in card.properties.get(name, ())]

    def first(self, card: Card, name: str) -> str:
        """The first non-empty value, unescaped; only that one is decoded."""
        return self.first_and_line(card, name)[0]

    def first_and_line(self, card: Card, name: str) -> tuple[str, int]:
        """The first non-empty value, unescaped, and the line it is on ("", 0: none)."""
        for prop in card.properties.get(name, ()):
            if text := _unescape(self.text(prop)).strip():
                return text, prop.line
        return "", 0

    def filled(self, card: Card, props: Iterable[Property]) -> tuple[list[str], list[int]]:
        """The non-empty values of ``props``, unescaped, and the line each is on."""
        texts: list[str] = []
        lines: list[int] = []
        for prop in props:
            if text := _unescape(self.text(prop)).strip():
                texts.append(text)
                lines.append(prop.line)
        return texts, lines


def _is_callable(prop: Property) -> bool:
    types = {value.upper() for value in prop.params.get("TYPE", ())}
    return not (types & NOT_VOICE) or bool(types & VOICE)


def _time_zone(card: Card, decoder: ValueDecoder) -> tuple[str, int]:
    """The first TZ that names a zone; else the first as written (a UTC offset such as
    "-05:00" is not a zone), for build_record to keep in the notes and report; and the
    line it is on."""
    written, line = "", 0
    for prop in card.properties.get("TZ", ()):
        text = _unescape(decoder.text(prop)).strip()
        try:
            zone = validate_time_zone(text)
        except InvalidField:
            written, line = (written, line) if written else (text, prop.line)
            continue
        if zone:
            return zone, prop.line
    return written, line


def _person_name(card: Card, decoder: ValueDecoder) -> tuple[str, int]:
    """The card's name, and the line it is written on."""
    name, line = decoder.first_and_line(card, "FN")
    if not name and "N" in card.properties:
        first = card.properties["N"][0]
        family, given, additional, *_ = [*_structured(decoder.text(first)), "", ""]
        name, line = " ".join(part for part in (given, additional, family) if part), first.line
    return name, line


def _extras(card: Card, decoder: ValueDecoder, title: str) -> list[tuple[str, str]]:
    """The card's "Label: value" lines for its notes, with their labels: what no field
    takes, a fax number, a second company or title."""
    written: list[Written] = []
    for name, props in card.properties.items():
        if name in ("FN", "N", "EMAIL", "NOTE", "TZ", "UID", "REV"):
            continue
        for prop in props:
            if name == "TEL" and _is_callable(prop):
                continue
            text = decoder.text(prop)
            if name == "TITLE" and _unescape(text).strip() == title:
                continue
            parts = _components(text) if name in ("ADR", "ORG") else [text]
            types = (*prop.params.get("TYPE", ()), *prop.params.get("X-SERVICE-TYPE", ()))
            written.append(Written(name, prop.group, types, tuple(map(_unescape, parts))))
    return kept_lines(written, NOT_VOICE) if written else []


def card_to_item(
    card: Card,
    source: str,
    options: ImportOptions,
    decoder: ValueDecoder,
    kept: KeptLabels | None = None,
) -> ImportItem:
    """The card as a record; with ``kept``, what no field takes is kept in its notes."""
    decoder = decoder.for_version(card.version)
    phones, phone_lines = decoder.filled(
        card, (prop for prop in card.properties.get("TEL", ()) if _is_callable(prop))
    )
    organisation = decoder.texts(card, "ORG")
    name, name_line = _person_name(card, decoder)
    emails, email_lines = decoder.filled(card, card.properties.get("EMAIL", ()))
    title = decoder.first(card, "TITLE")
    extras = _extras(card, decoder, title) if kept is not None else []
    notes = clean_notes(_unescape(v) for v in decoder.texts(card, "NOTE"))
    zone, zone_line = _time_zone(card, decoder)
    oddities: list[str | Oddity] = [
        Oddity(source, line, what) for what, line in (decoder.misread or {}).items()
    ]
    if not card.closed:
        oddities.append(f"{NOT_CLOSED}: imported what it held")
    item = build_record(
        source,
        card.line,
        name=name,
        emails=emails,
        phones=phones,
        company=_structured(organisation[0], ", ")[0] if organisation else "",
        title=title,
        notes=notes,
        time_zone=zone,
        region=options.phone_region,
        oddities=oddities,
        kept_lines=[line for _label, line in extras],
        kept=kept.of([label for label, _line in extras], card.line) if kept and extras else None,
        where=FieldLines(email_lines, phone_lines, zone_line, name_line),
    )
    if not card.closed and isinstance(item, Rejection):
        return Rejection(source, card.line, NOT_CLOSED)
    return item


def read_vcards(path: Path, options: ImportOptions) -> Iterator[ImportItem]:
    """The file's cards, streamed. UnreadableFile at once if it holds no BEGIN:VCARD."""
    encoding, strays = sniff(path, legacy=LEGACY_8BIT[0])
    if _BEGIN.search(head_text(read_head(path, BEGIN_SEARCH_BYTES))) is None:
        raise UnreadableFile("no BEGIN:VCARD found: this is not a vCard file")
    decoder = ValueDecoder(
        honour_charset=encoding not in WIDE_ENCODINGS,
        fallbacks=(SHIFT_JIS,) if encoding == SHIFT_JIS else LEGACY_8BIT,
        utf8_file=strays,
    )
    source = str(path)
    cards = parse_cards(byte_lines(path, encoding))
    kept = KeptLabels(source)
    return (card_to_item(card, source, options, decoder, kept) for card in cards)


@dataclass(frozen=True, slots=True)
class ServerCard:
    """One card read from the rep's address book: the contact it holds (or why it holds
    none), its UID and its REV as written (empty when it has none)."""

    item: ImportItem
    uid: str
    revised: str


def read_server_card(data: bytes, source: str, options: ImportOptions) -> ServerCard | None:
    """The first card in ``data`` (a CardDAV member: UTF-8 by RFC 6352), read by the
    importer's rules; None when there is no card at all. What no field takes stays on
    the card, out of the contact's notes: FollowUp's writes keep it there."""
    decoder = ValueDecoder(honour_charset=True, fallbacks=LEGACY_8BIT)
    lines = data.removeprefix(b"\xef\xbb\xbf").splitlines()
    card = next(parse_cards(lines, extras=False), None)
    if card is None:
        return None
    item = card_to_item(card, source, options, decoder)
    return ServerCard(item, decoder.first(card, "UID"), decoder.first(card, "REV"))
