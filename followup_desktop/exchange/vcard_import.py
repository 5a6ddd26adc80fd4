"""vCard 2.1, 3.0 and 4.0 files: one card or many, as phones and mail programs write them.

A small parser of our own (only the properties FollowUp keeps are decoded): line
unfolding, QUOTED-PRINTABLE with soft line breaks, per-property CHARSET, grouped
properties (``item1.EMAIL``), quoted parameters, escapes, and the usual malformations
(lower-case BEGIN, ``#`` comments, base64 photos ended by a blank line).
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
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
from followup_desktop.exchange.text_decoding import (
    _looks_like_utf16,
    decode_charset,
    detect_encoding,
    read_bytes,
)

KEPT = {"FN", "N", "ORG", "TITLE", "EMAIL", "TEL", "NOTE", "TZ"}
_SPLIT_UNESCAPED_SEMICOLON = re.compile(r"(?<!\\);")


def looks_like_vcard(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(2048)
    except OSError:
        return False
    encoding = detect_encoding(head)
    text = (
        head.decode(encoding, errors="ignore")
        if encoding != "utf-16"
        else head.decode("utf-16", errors="ignore")
    )
    return "begin:vcard" in text.lower()


@dataclass(slots=True)
class Property:
    name: str
    params: dict[str, list[str]]
    value: bytes


@dataclass(slots=True)
class Card:
    line: int
    properties: list[Property] = field(default_factory=list)
    closed: bool = False


def _physical_lines(data: bytes) -> list[bytes]:
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")


def _split_name_params(head: bytes) -> tuple[str, dict[str, list[str]]]:
    parts: list[bytes] = []
    current = bytearray()
    quoted = False
    for byte in head:
        if byte == 0x22:  # "
            quoted = not quoted
            continue
        if byte == 0x3B and not quoted:  # ;
            parts.append(bytes(current))
            current = bytearray()
            continue
        current.append(byte)
    parts.append(bytes(current))
    name = parts[0].decode("ascii", errors="replace").strip().upper()
    if "." in name:
        name = name.rsplit(".", 1)[1]  # "item1.EMAIL" → "EMAIL"
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        text = part.decode("ascii", errors="replace").strip()
        if not text:
            continue
        key, _, value = text.partition("=")
        if not value:
            # vCard 2.1 bare parameters: "TEL;WORK;VOICE", "PHOTO;JPEG", "ENCODING" values.
            key, value = (
                ("ENCODING", key)
                if key.upper() in {"QUOTED-PRINTABLE", "BASE64", "B"}
                else ("TYPE", key)
            )
        params.setdefault(key.upper(), []).extend(v.strip() for v in value.split(","))
    return name, params


def _colon_outside_quotes(line: bytes) -> int:
    quoted = False
    for index, byte in enumerate(line):
        if byte == 0x22:
            quoted = not quoted
        elif byte == 0x3A and not quoted:
            return index
    return -1


def parse_cards(data: bytes) -> Iterator[Card]:
    lines = _physical_lines(data)
    card: Card | None = None
    pending: Property | None = None
    index = 0
    while index < len(lines):
        raw = lines[index]
        number = index + 1
        index += 1
        if card is not None and pending is not None and raw[:1] in (b" ", b"\t"):
            pending.value += raw[1:]  # folded continuation (3.0/4.0 and indented base64)
            continue
        stripped = raw.strip()
        if not stripped or stripped.startswith(b"#"):
            continue
        colon = _colon_outside_quotes(stripped)
        if colon < 0:
            continue  # a stray base64 line or junk between properties: nothing FollowUp keeps
        name, params = _split_name_params(stripped[:colon])
        value = stripped[colon + 1 :]
        if "QUOTED-PRINTABLE" in (v.upper() for v in params.get("ENCODING", [])):
            # Soft line breaks: a trailing "=" continues the value on the next line, whatever it holds.
            while value.endswith(b"=") and index < len(lines):
                value = value[:-1] + lines[index].strip()
                index += 1
        if name == "BEGIN" and value.strip().upper() == b"VCARD":
            if card is not None:
                yield card
            card = Card(line=number)
            pending = None
            continue
        if card is None:
            continue
        if name == "END" and value.strip().upper() == b"VCARD":
            card.closed = True
            yield card
            card, pending = None, None
            continue
        pending = Property(name, params, value)
        if name in KEPT:
            card.properties.append(pending)
    if card is not None:
        yield card


def _unescape(text: str) -> str:
    return re.sub(r"\\([\\,;nN:])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _text(prop: Property, file_encoding: str) -> str:
    raw = prop.value
    if "QUOTED-PRINTABLE" in (v.upper() for v in prop.params.get("ENCODING", [])):
        raw = quopri.decodestring(raw)
    charset = next(iter(prop.params.get("CHARSET", [])), "") or file_encoding
    return decode_charset(raw, charset)


def _components(text: str) -> list[str]:
    return [_unescape(part).strip() for part in _SPLIT_UNESCAPED_SEMICOLON.split(text)]


def card_to_item(card: Card, source: str, options: ImportOptions, file_encoding: str) -> ImportItem:
    if not card.closed:
        return Rejection(source, card.line, "card is not closed (no END:VCARD)")
    values: dict[str, list[str]] = {}
    for prop in card.properties:
        values.setdefault(prop.name, []).append(_text(prop, file_encoding))
    try:
        emails = distinct_emails(
            normalize_email(_unescape(v)) for v in values.get("EMAIL", []) if v.strip()
        )
        phones = list(
            dict.fromkeys(
                normalize_phone(_unescape(v).strip().removeprefix("tel:"), options.phone_region)
                for v in values.get("TEL", [])
                if v.strip()
            )
        )
    except InvalidField as error:
        return Rejection(source, card.line, str(error))
    name = clean_text(_unescape(next(iter(values.get("FN", [])), "")), 200)
    if not name and values.get("N"):
        family, given, additional, *_ = [*_components(values["N"][0]), "", "", ""]
        name = clean_text(" ".join(part for part in (given, additional, family) if part), 200)
    if not name:
        name = emails[0].split("@")[0] if emails else phones[0] if phones else ""
    if not name:
        return Rejection(source, card.line, "no name, e-mail or phone")
    organisation = _components(values["ORG"][0]) if values.get("ORG") else [""]
    time_zone = ""
    for candidate in values.get("TZ", []):
        try:
            time_zone = validate_time_zone(_unescape(candidate).removeprefix("VALUE=text:"))
        except InvalidField:
            continue  # offsets like "-05:00" are not zones; the rep can pick one later
        if time_zone:
            break
    return ImportedContact(
        source=source,
        line=card.line,
        name=name,
        company=clean_text(organisation[0], 200),
        title=clean_text(_unescape(next(iter(values.get("TITLE", [])), "")), 200),
        emails=emails,
        phones=phones,
        notes=_unescape(next(iter(values.get("NOTE", [])), "")).strip()[:4000],
        time_zone=time_zone,
    )


def read_vcards(path: Path, options: ImportOptions) -> Iterator[ImportItem]:
    data = read_bytes(path)
    encoding = detect_encoding(data)
    if encoding.startswith("utf-16") or _looks_like_utf16(data):
        # Re-encode as UTF-8 so the byte-level parser sees ASCII structure.
        data = data.decode(
            encoding if encoding.startswith("utf-16") else "utf-16", errors="replace"
        ).encode("utf-8")
        data = data.removeprefix(b"\xef\xbb\xbf")
        encoding = "utf-8"
    if b"begin:vcard" not in data[:65536].lower():
        raise UnreadableFile("no BEGIN:VCARD found: this is not a vCard file")
    return (card_to_item(card, str(path), options, encoding) for card in parse_cards(data))
