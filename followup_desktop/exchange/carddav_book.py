"""The rep's CardDAV address book: found, made, and its cards written with the same
conditional writes as the calendar. The requests go through the ``caldav`` package's DAV
client (its HTTP, auth and XML parsing); CardDAV adds only two bodies of its own here,
the PROPFIND that finds the address books (RFC 6352 §7.1) and the extended MKCOL that
makes one (RFC 5689). The cards themselves are made with ``vobject``; one written over
keeps every line FollowUp does not change as it was written (``vcard_lines``).
"""

from __future__ import annotations

import base64
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import vobject

from followup_desktop.core.contact_rules import InvalidField, normalize_phone
from followup_desktop.exchange import vcard_lines
from followup_desktop.exchange.caldav_calendar import (
    CalendarInfo,
    CalendarServer,
    _guarded,
    _listed,
)

DAV, CARDDAV = "DAV:", "urn:ietf:params:xml:ns:carddav"


def _not_about_cards(record: logging.LogRecord) -> bool:
    # The caldav client expects calendars and warns at every vCard it is handed back;
    # cards are what this module asks for, so that warning is noise in the rep's log.
    return "Unexpected content type: text/vcard" not in record.getMessage()


logging.getLogger("caldav").addFilter(_not_about_cards)
BOOK_NAME = "FollowUp"
VCARD = "text/vcard; charset=utf-8"

_HOME = f"""<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="{DAV}" xmlns:card="{CARDDAV}"><d:prop><card:addressbook-home-set/></d:prop></d:propfind>"""
_BOOKS = f"""<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="{DAV}"><d:prop><d:resourcetype/><d:displayname/></d:prop></d:propfind>"""
_MAKE = f"""<?xml version="1.0" encoding="utf-8"?>
<d:mkcol xmlns:d="{DAV}" xmlns:card="{CARDDAV}"><d:set><d:prop>
<d:resourcetype><d:collection/><card:addressbook/></d:resourcetype>
<d:displayname>{{name}}</d:displayname></d:prop></d:set></d:mkcol>"""


@dataclass(frozen=True, slots=True)
class Card:
    """A contact as the phone sees it."""

    uid: str
    name: str
    company: str = ""
    title: str = ""
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    note: str = ""


class AddressBookServer(CalendarServer):
    """The same login as the calendar's; its address books."""

    def address_books(self) -> list[CalendarInfo]:
        home = self._home()
        response = _guarded(lambda: self.client.propfind(home, _BOOKS, depth=1))
        books = []
        for reply in _listed(response, "list the address books", home).findall(
            f"{{{DAV}}}response"
        ):
            href = reply.findtext(f"{{{DAV}}}href") or ""
            kinds = reply.find(f".//{{{DAV}}}resourcetype")
            if kinds is None or kinds.find(f"{{{CARDDAV}}}addressbook") is None:
                continue
            name = reply.findtext(f".//{{{DAV}}}displayname") or href.rstrip("/").rsplit("/")[-1]
            books.append(CalendarInfo(name, urljoin(home, href)))
        return books

    def make_address_book(self, name: str = BOOK_NAME) -> CalendarInfo:
        url = urljoin(self._home(), f"{uuid.uuid4()}/")
        body = _MAKE.replace("{name}", name)
        response = _guarded(
            lambda: self.client.request(url, "MKCOL", body, {"Content-Type": "application/xml"})
        )
        if not 200 <= response.status < 300:
            from followup_desktop.exchange.caldav_calendar import SyncProblem

            raise SyncProblem(f"the server would not make an address book ({response.status})")
        return CalendarInfo(name, url)

    def _home(self) -> str:
        principal = _guarded(lambda: self.client.principal())
        response = _guarded(lambda: self.client.propfind(str(principal.url), _HOME, depth=0))
        # No answer to read (an empty one, an error page) is no address book home either.
        tree = response.tree
        href: str | None = (
            tree.findtext(f".//{{{CARDDAV}}}addressbook-home-set/{{{DAV}}}href")
            if tree is not None
            else None
        )
        if not href:
            from followup_desktop.exchange.caldav_calendar import SyncProblem

            raise SyncProblem("this server keeps no address books (no CardDAV)")
        return urljoin(str(principal.url), href)

    def card_url(self, book_url: str, uid: str) -> str:
        stem = "".join(c if c.isalnum() or c in "-_." else "-" for c in uid)
        base = book_url if book_url.endswith("/") else book_url + "/"
        return urljoin(base, f"{stem}.vcf")

    def put_card(self, url: str, data: bytes, etag: str | None, new: bool) -> str | None:
        return self.put(url, data, etag, new, content_type=VCARD)

    def card_etag(self, url: str) -> str | None:
        return self.etag(url, "text/vcard")

    def read_card(self, url: str) -> tuple[bytes, str | None] | None:
        return self.read(url, "text/vcard")


def build_card(card: Card) -> bytes:
    """A vCard 4.0: FN, N, ORG, TITLE, every phone and e-mail, the note line, the UID."""
    made = vobject.vCard()
    made.add("version").value = "4.0"
    made.add("uid").value = card.uid
    made.add("fn").value = card.name
    given, _, family = card.name.rpartition(" ")
    made.add("n").value = vobject.vcard.Name(family=family or card.name, given=given)
    if card.company:
        made.add("org").value = [card.company]
    if card.title:
        made.add("title").value = card.title
    for number in card.phones:
        made.add("tel").value = number
    for address in card.emails:
        made.add("email").value = address
    if card.note:
        made.add("note").value = card.note
    text: str = made.serialize()
    return text.encode("utf-8")


def patch_card(copy: bytes | None, card: Card, revised: str, region: str) -> bytes:
    """``card`` written over ``copy`` (the card as it is on the server): only what changed
    of FN/N, ORG, TITLE, TEL and EMAIL is replaced, so a photo, an address or a birthday
    added on the phone stays, and so do the labels of numbers kept. REV is ``revised``.
    Every line FollowUp does not change stays as written (``vcard_lines``): another
    program's photo, labels and own properties reach it again as it wrote them. Without a
    copy, or with one that holds no whole card, a fresh card."""
    if copy is None:
        return build_card(card)
    written = vcard_lines.read(copy.decode("utf-8", errors="replace"))
    if written is None:
        return build_card(card)
    if _first_said(written, "fn") != card.name:
        given, _, family = card.name.rpartition(" ")
        _put(written, "fn", card.name)
        _put(written, "n", vobject.vcard.Name(family=family or card.name, given=given))
    if _first_said(written, "org") != card.company:
        _put(written, "org", [card.company] if card.company else None)
    if _first_said(written, "title") != card.title:
        _put(written, "title", card.title or None)
    _patch_list(written, "tel", card.phones, lambda v: _number(v, region))
    _patch_list(written, "email", card.emails, str.casefold)
    _put(written, "rev", revised)
    if not written.named("uid"):
        written.add(_lines_of("uid", card.uid))
    if not written.named("version"):
        written.add(_lines_of("version", "3.0"), first=True)  # as vobject wrote it before
    return written.text().encode("utf-8")


# What a second card for a contact holds that the contact's own card already says in
# its way: the join kept the contact's name, company and title, or took the card's.
_NOT_CARRIED = frozenset({"version", "uid", "fn", "n", "org", "title", "rev", "prodid"})
# Properties a card holds at most one of (RFC 6350): a second one is not read.
_ONE_ONLY = frozenset({"bday", "anniversary", "gender", "kind"})


def carry_over(kept: bytes, joining: bytes, region: str) -> bytes | None:
    """``kept`` (a contact's own card, as on the server) with what ``joining`` (a second
    card for them, made on the phone) holds beyond it: a birthday, an address, a note, a
    photo, and the numbers and e-mails it lacks, each with its label. A labelled group
    (``item1.TEL`` with ``item1.X-ABLabel``) moves whole, renamed when ``kept`` uses its
    name; it stays behind with its number when ``kept`` has the number. ``kept``
    unchanged when there is nothing to carry; None when either card cannot be read."""
    try:
        own = vobject.readOne(kept.decode("utf-8", errors="replace"))
        other = vobject.readOne(joining.decode("utf-8", errors="replace"))
    except Exception:  # vobject raises many kinds on a broken card
        return None
    if _version(own) == "4.0":
        # A picture moves as 4.0 writes it; so is it compared with one moved before.
        for found in other.contents.values():
            for line in found:
                _as_data_uri(line)
    folds = {"tel": lambda v: _number(v, region), "email": str.casefold}
    present = {
        key: {fold(str(line.value).strip()) for line in own.contents.get(key, [])}
        for key, fold in folds.items()
    }
    lines = [
        line for key, found in other.contents.items() if key not in _NOT_CARRIED for line in found
    ]
    left_behind = {
        line.group
        for line in lines
        if line.group
        and line.name.lower() in folds
        and folds[line.name.lower()](str(line.value).strip()) in present[line.name.lower()]
    }
    # A group is said as a whole (a label belongs to its own number or address): one
    # moved before (the second card joined again) stays behind, while a label the contact's
    # card gives another number ("mobile" twice) moves with the line it labels.
    own_groups = _grouped(own)
    left_behind |= {
        group
        for group, said_there in _grouped(other).items()
        if any(said_there <= kept_group for kept_group in own_groups.values())
    }
    said = {_said(line) for found in own.contents.values() for line in found if not line.group}
    groups = {group.casefold() for group in own_groups}
    renamed: dict[str, str] = {}
    carried: list[Any] = []
    for line in lines:
        key = line.name.lower()
        if line.group in left_behind or (not line.group and _said(line) in said):
            continue
        if key in folds and folds[key](str(line.value).strip()) in present[key]:
            continue
        if key in _ONE_ONLY and key in own.contents:
            # One per card (a second BDAY is not read): theirs stays, this one is noted.
            note = f"From a second card for them: {line.name.upper()} {line.value}"
            if ("NOTE", note, "[]") not in said:
                added = own.add("note")
                added.value = note
                said.add(("NOTE", note, "[]"))
                carried.append(added)
            continue
        moved = vobject.base.ContentLine.duplicate(line)
        if line.group:
            if line.group not in renamed:
                renamed[line.group] = _free_group(line.group, groups)
            moved.group = renamed[line.group]
        own.add(moved)
        carried.append(moved)
    if not carried:
        return kept
    # What the card held stays as written (a photo another program wrote, its labels):
    # only the lines carried over are written by vobject, at the card's end.
    written = vcard_lines.read(kept.decode("utf-8", errors="replace"))
    if written is None:
        return None
    written.add(_as_lines(carried))
    return written.text().encode("utf-8")


# What an inline picture, sound or key is, for the data: URI vCard 4.0 writes it as.
_MEDIA = {"photo": "image", "logo": "image", "sound": "audio", "key": "application"}
_KEY_MEDIA = {"PGP": "application/pgp-keys", "X509": "application/pkix-cert"}
_WHICH = frozenset({"HOME", "WORK", "PREF"})  # TYPE values that are not a media type


def _version(card: Any) -> str:
    version = card.contents.get("version")
    return str(version[0].value).strip() if version else ""


def _as_data_uri(line: Any) -> None:
    """A vCard 3.0 or 2.1 inline value (``PHOTO;ENCODING=b;TYPE=JPEG:…``) as vCard 4.0
    has it, a data: URI: 4.0 has no ENCODING parameter, and its TYPE is not a media type,
    so a 4.0 reader would find no picture in the line as written."""
    major = _MEDIA.get(line.name.lower())
    encodings = {value.upper() for value in line.params.get("ENCODING", [])}
    singles = [value for value in line.singletonparams if value.upper() != "BASE64"]
    if major is None or not (
        encodings & {"B", "BASE64"} or len(singles) < len(line.singletonparams)
    ):
        return
    data = line.value
    if isinstance(data, str):  # not decoded by vobject: the base64 as written
        data = base64.b64decode("".join(data.split()), validate=False)
    kinds = [*line.params.get("TYPE", []), *singles]
    media = [kind for kind in kinds if kind.upper() not in _WHICH]
    if not media:
        mediatype = "application/octet-stream"
    elif "/" in media[0]:
        mediatype = media[0].lower()
    elif major == "application":
        mediatype = _KEY_MEDIA.get(media[0].upper(), "application/octet-stream")
    else:
        mediatype = f"{major}/{media[0].lower()}"
    line.params.pop("ENCODING", None)
    line.params.pop("TYPE", None)
    if which := [kind for kind in kinds if kind.upper() in ("HOME", "WORK")]:
        line.params["TYPE"] = which
    line.singletonparams = []
    line.value = f"data:{mediatype};base64,{base64.b64encode(data).decode('ascii')}"
    line.encoded = False


def _said(line: Any) -> tuple[str, str, str]:
    """A line as a reader takes it: its name, value and parameters (its group aside)."""
    params = sorted((k.upper(), tuple(sorted(map(str, v)))) for k, v in line.params.items())
    return line.name.upper(), str(line.value), repr(params)


def _grouped(card: Any) -> dict[str, frozenset[tuple[str, str, str]]]:
    """Each group of ``card`` (by its name as written) with what its lines say."""
    found: dict[str, set[tuple[str, str, str]]] = {}
    for lines in card.contents.values():
        for line in lines:
            if line.group:
                found.setdefault(line.group, set()).add(_said(line))
    return {group: frozenset(said) for group, said in found.items()}


def _free_group(group: str, taken: set[str]) -> str:
    if group.casefold() not in taken:
        taken.add(group.casefold())
        return group
    number = 1
    while f"item{number}" in taken:
        number += 1
    taken.add(f"item{number}")
    return f"item{number}"


def _value(line: vcard_lines.Line, key: str) -> Any:
    """What one of FollowUp's own lines says, read as vobject reads it in a whole card."""
    try:
        alone = vobject.readOne(f"BEGIN:VCARD\r\n{line.unfolded}\r\nEND:VCARD\r\n")
        return alone.contents[key][0].value
    except Exception:  # vobject raises many kinds on a broken line
        return line.unfolded.partition(":")[2]


def _first_said(written: vcard_lines.WrittenCard, key: str) -> str:
    lines = written.named(key)
    value = _value(lines[0], key) if lines else ""
    if isinstance(value, list):
        value = " ".join(str(v) for v in value if v)
    return " ".join(str(value).split())


def _lines_of(key: str, value: Any) -> list[vcard_lines.Line]:
    """``key`` with ``value`` as vobject writes it (escaped, folded)."""
    made = vobject.vCard()
    made.add(key).value = value
    text: str = made.serialize(validate=False)  # a card of one line has no FN
    return [line for line in vcard_lines.split(text) if line.name == key.upper()]


def _as_lines(lines: list[Any]) -> list[vcard_lines.Line]:
    """vobject's content ``lines`` as it writes them (escaped, folded)."""
    made = vobject.vCard()
    for line in lines:
        made.add(vobject.base.ContentLine.duplicate(line))
    text: str = made.serialize(validate=False)  # a card of a few lines has no FN
    made_here = ("BEGIN", "END", "VERSION")  # none of them is carried over
    return [line for line in vcard_lines.split(text) if line.name not in made_here]


def _put(written: vcard_lines.WrittenCard, key: str, value: Any) -> None:
    """Every ``key`` line gives way to one saying ``value`` (none when None), written
    where the first was."""
    old = written.named(key)
    new = _lines_of(key, value) if value is not None else []
    if old:
        written.replace(old[0], new)
        for line in old[1:]:
            written.remove(line)
    else:
        written.add(new)


def _patch_list(
    written: vcard_lines.WrittenCard,
    key: str,
    wanted: tuple[str, ...],
    fold: Callable[[str], str],
) -> None:
    keep = {fold(v) for v in wanted}
    present: set[str] = set()
    for line in written.named(key):
        folded = fold(str(_value(line, key)).strip())
        if folded in keep and folded not in present:
            present.add(folded)
            continue
        written.remove(line)
        # A label left with nothing to label (item1.X-ABLabel without its item1.TEL) goes too.
        rest = written.grouped(line.group) if line.group else []
        if all(other.name == "X-ABLABEL" for other in rest):
            for other in rest:
                written.remove(other)
    for value in wanted:
        if fold(value) not in present:
            written.add(_lines_of(key, value))
            present.add(fold(value))


def _number(text: str, region: str) -> str:
    try:
        return normalize_phone(text, region)
    except InvalidField:
        return text.strip()


def read_card(data: bytes) -> Card | None:
    """The fields FollowUp keeps, from a vCard (3.0 or 4.0); None when unreadable."""
    try:
        parsed = vobject.readOne(data.decode("utf-8", errors="replace"))
    except Exception:  # vobject raises many kinds on a broken card
        return None
    contents = parsed.contents

    def first(key: str) -> str:
        values = contents.get(key) or []
        value = values[0].value if values else ""
        if isinstance(value, list):
            value = " ".join(str(v) for v in value if v)
        return str(value).strip()

    return Card(
        uid=first("uid"),
        name=first("fn"),
        company=first("org"),
        title=first("title"),
        phones=tuple(str(t.value).strip() for t in contents.get("tel", []) if str(t.value).strip()),
        emails=tuple(
            str(e.value).strip() for e in contents.get("email", []) if str(e.value).strip()
        ),
        note=first("note"),
    )
