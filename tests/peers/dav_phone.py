"""The rep's phone, as far as the address book is concerned: another CardDAV client (the
``caldav`` package's DAV client, with vobject for the cards) that lists, reads, edits,
adds and deletes cards on the same server while FollowUp syncs."""

from __future__ import annotations

import base64
import http.client
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import caldav
import icalendar
import pytest
import vobject

from followup_desktop.exchange.caldav_calendar import CalendarServer
from tests.peers.fixtures import DavServer

_ETAGS = (
    '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>'
)


class Phone:
    def __init__(self, server: DavServer, book_url: str) -> None:
        self.book_url = book_url
        self.server = server
        self.client = caldav.DAVClient(
            url=server.url, username=server.user, password=server.password, require_tls=False
        )

    def close(self) -> None:
        self.client.close()

    def paths(self) -> dict[str, str]:
        """Every card's path with its ETag."""
        found = self.client.propfind(self.book_url, _ETAGS, depth=1)
        paths: dict[str, str] = {}
        for reply in found.tree.iterfind("{DAV:}response"):
            path = unquote(urlsplit(urljoin(self.book_url, reply.findtext("{DAV:}href"))).path)
            if path.endswith(".vcf"):
                paths[path] = reply.findtext(".//{DAV:}getetag") or ""
        return paths

    def read(self, path: str) -> tuple[Any, str]:
        got = self.client.request(self._url(path), "GET", "", {"Accept": "text/vcard"})
        assert got.status == 200, f"GET {path}: {got.status}"
        return vobject.readOne(got.raw), str(got.headers.get("ETag") or "")

    def cards(self) -> dict[str, Any]:
        """Every card, by FN."""
        cards = {}
        for path in self.paths():
            card, _ = self.read(path)
            cards[card.fn.value] = card
        return cards

    def path_of(self, name: str) -> str:
        for path in self.paths():
            if self.read(path)[0].fn.value == name:
                return path
        raise AssertionError(f"no card for {name!r}")

    def write(self, path: str, card: Any, etag: str = "") -> None:
        headers = {"Content-Type": "text/vcard; charset=utf-8"}
        if etag:
            headers["If-Match"] = etag
        got = self.client.put(self._url(path), card.serialize(), headers)
        assert got.status in (200, 201, 204), f"PUT {path}: {got.status}"

    def write_as_is(self, stem: str, data: bytes) -> str:
        """A card another program wrote, put to the byte as given: its path."""
        path = unquote(urlsplit(urljoin(self.book_url, f"{stem}.vcf")).path)
        headers = {"Content-Type": "text/vcard; charset=utf-8", "If-None-Match": "*"}
        got = self.client.put(self._url(path), data.decode("utf-8"), headers)
        assert got.status in (200, 201, 204), f"PUT {path}: {got.status}"
        return path

    def as_stored(self, path: str) -> bytes:
        """The card at ``path`` to the byte as the server hands it out (the caldav client
        would turn its CRLFs into LFs)."""
        url = urlsplit(self._url(path))
        token = base64.b64encode(f"{self.server.user}:{self.server.password}".encode())
        connection = http.client.HTTPConnection(url.hostname or "", url.port, timeout=10)
        try:
            headers = {"Authorization": f"Basic {token.decode()}", "Accept": "text/vcard"}
            connection.request("GET", url.path, headers=headers)
            response = connection.getresponse()
            assert response.status == 200, f"GET {path}: {response.status}"
            return response.read()
        finally:
            connection.close()

    def edit(self, name: str, change: Any) -> str:
        """Read the card of ``name``, let ``change(card)`` edit it, write it back (If-Match)."""
        path = self.path_of(name)
        card, etag = self.read(path)
        change(card)
        self.write(path, card, etag)
        return path

    def add(
        self, name: str, *, org: str = "", tels: tuple[str, ...] = (), emails=(), more=None
    ) -> str:  # type: ignore[no-untyped-def]
        """A card made on the phone; ``more`` adds what else the rep typed there."""
        card = vobject.vCard()
        card.add("version").value = "3.0"
        uid = str(uuid.uuid4()).upper()  # as an iPhone names them
        card.add("uid").value = uid
        card.add("fn").value = name
        given, _, family = name.rpartition(" ")
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
        if org:
            card.add("org").value = [org]
        for number in tels:
            card.add("tel").value = number
        for address in emails:
            card.add("email").value = address
        if more is not None:
            more(card)
        path = unquote(urlsplit(urljoin(self.book_url, f"{uid}.vcf")).path)
        self.write(path, card)
        return path

    def delete(self, path: str) -> None:
        got = self.client.delete(self._url(path))
        assert got.status in (200, 204), f"DELETE {path}: {got.status}"

    def _url(self, path: str) -> str:
        return urljoin(self.book_url, path)


def edited_at_the_first_delete(edit: Callable[[], object], monkeypatch: pytest.MonkeyPatch) -> None:
    """The rep runs ``edit`` on the phone while a sync runs: after the sync read what
    changed there, just before it deletes its first entry or card (whose DELETE, with the
    ETag read before the edit, then meets 412)."""
    real = CalendarServer.delete

    def delete(self, url, etag):  # type: ignore[no-untyped-def]
        monkeypatch.setattr(CalendarServer, "delete", real)
        edit()
        return real(self, url, etag)

    monkeypatch.setattr(CalendarServer, "delete", delete)


def set_value(card: Any, key: str, value: str) -> None:
    """One property of a card set (added when missing)."""
    lines = card.contents.get(key)
    if lines:
        lines[0].value = [value] if key == "org" else value
    else:
        card.add(key).value = [value] if key == "org" else value


def rev(card: Any, stamp: str) -> None:
    """The card's REV, as a phone writes it on each edit."""
    set_value(card, "rev", stamp)


def calendar_events(server: DavServer, calendar_url: str) -> list[icalendar.Event]:
    """The events of a calendar as another client reads them."""
    client = caldav.DAVClient(
        url=server.url, username=server.user, password=server.password, require_tls=False
    )
    try:
        events = []
        for found in client.calendar(url=calendar_url).events():
            events += list(icalendar.Calendar.from_ical(found.data).walk("VEVENT"))
        return events
    finally:
        client.close()
