"""What the CalDAV/CardDAV side makes of answers and entries it cannot use: an event
whose times do not read, a listing answered without a body. Each is a sentence or is
left out; none stops the sync with a Python error."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from lxml import etree

from followup_desktop.exchange.caldav_calendar import CalendarServer, SyncProblem, read_start
from followup_desktop.exchange.carddav_book import AddressBookServer
from followup_desktop.exchange.dav_listing import listing

MEETING = "DTSTART:20300107T100000Z\r\nDTEND:20300107T110000Z"


def _calendar(*events: str) -> bytes:
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:e{n}\r\nSUMMARY:Meeting\r\n{event}\r\nEND:VEVENT\r\n"
        for n, event in enumerate(events)
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//\r\n{body}END:VCALENDAR\r\n".encode()


class _Calendar:
    """A calendar of the account: ``search`` answers its objects as caldav does."""

    def __init__(self, url: str, data: bytes) -> None:
        self.url = url
        self._data = data

    def search(self, **_: Any) -> list[Any]:
        import icalendar

        return [SimpleNamespace(icalendar_instance=icalendar.Calendar.from_ical(self._data))]


class _Client:
    """caldav's DAVClient as far as the code under test uses it."""

    def __init__(
        self, calendars: list[_Calendar] | None = None, answers: dict[int, Any] | None = None
    ) -> None:
        self._calendars = calendars or []
        self._answers = answers or {}  # PROPFIND answers by depth

    def principal(self) -> Any:
        return SimpleNamespace(url="https://dav.example/rep/", calendars=lambda: self._calendars)

    def report(self, url: str, body: str, depth: int = 0) -> Any:
        return SimpleNamespace(status=501, tree=None, headers={})  # no sync-collection

    def propfind(self, url: str, body: str, depth: int = 0) -> Any:
        return self._answers[depth]


def _server(client: _Client, kind: type[CalendarServer] = CalendarServer) -> Any:
    server: Any = kind.__new__(kind)  # no login: its client is the stand-in
    server.client = client
    server.transfers = 0
    return server


def _no_body(status: int) -> Any:
    return SimpleNamespace(status=status, tree=None, headers={})


def test_a_start_that_does_not_read_is_no_start() -> None:
    data = _calendar("DTSTART:next tuesday")
    assert read_start(data.replace(b"UID:e0", b"UID:x"), "x", UTC) is None


def test_a_start_given_twice_is_no_start() -> None:
    data = _calendar("DTSTART:20300107T100000Z\r\nDTSTART:20300107T120000Z")
    assert read_start(data.replace(b"UID:e0", b"UID:x"), "x", UTC) is None


def test_a_meeting_whose_end_does_not_read_is_left_out_and_the_others_count() -> None:
    data = _calendar(
        MEETING,
        "DTSTART:20300107T130000Z\r\nDURATION:20300107T140000Z",  # a date-time, no duration
        "DTSTART:20300107T150000Z\r\nDURATION:an hour",
        "DTSTART:20300107T160000Z\r\nDTEND:soon",
        "DTSTART:20300107T170000Z\r\nDURATION:PT1H\r\nDURATION:PT2H",
        "DTSTART:20300108T090000Z\r\nDURATION:PT30M",
    )
    server = _server(_Client([_Calendar("https://dav.example/rep/work/", data)]))
    busy = server.busy(
        datetime(2030, 1, 7, tzinfo=UTC), datetime(2030, 1, 9, tzinfo=UTC), "/followup/"
    )
    assert busy == [
        (datetime(2030, 1, 7, 10, tzinfo=UTC), datetime(2030, 1, 7, 11, tzinfo=UTC)),
        (datetime(2030, 1, 8, 9, tzinfo=UTC), datetime(2030, 1, 8, 9, 30, tzinfo=UTC)),
    ]


@pytest.mark.parametrize(
    ("status", "said"),
    [(404, "the server answered 404"), (207, "the server's answer lists nothing")],
)
def test_a_listing_answered_without_a_body_is_a_sentence(status: int, said: str) -> None:
    server = _server(_Client(answers={1: _no_body(status)}))
    with pytest.raises(SyncProblem, match=said) as raised:
        listing(server, "https://dav.example/rep/followup/")
    assert "could not list the entries at https://dav.example/rep/followup/" in str(raised.value)


def test_address_books_answered_without_a_body_are_a_sentence() -> None:
    home = etree.fromstring(
        b'<d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav">'
        b"<d:response><d:href>/rep/</d:href><d:propstat><d:prop><c:addressbook-home-set>"
        b"<d:href>/rep/books/</d:href></c:addressbook-home-set></d:prop></d:propstat>"
        b"</d:response></d:multistatus>"
    )
    answers = {0: SimpleNamespace(status=207, tree=home, headers={}), 1: _no_body(500)}
    server = _server(_Client(answers=answers), AddressBookServer)
    with pytest.raises(SyncProblem, match=r"could not list the address books at .*answered 500"):
        server.address_books()


def test_an_address_book_home_answered_without_a_body_is_no_card_dav() -> None:
    server = _server(_Client(answers={0: _no_body(404)}), AddressBookServer)
    with pytest.raises(SyncProblem, match="keeps no address books"):
        server.address_books()
