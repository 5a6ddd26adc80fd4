"""The rep's CalDAV calendar, through the ``caldav`` package (its client does the HTTP, the
DAV XML and the discovery: RFC 6764 from a bare domain or /.well-known/caldav, then the
principal and its calendar home). This module adds what a two-way sync needs on top:
every write conditional on what we last saw (``If-None-Match: *`` for a new entry,
``If-Match: <etag>`` after), and failures as sentences for the rep.

Imported when a sync runs, never at start-up: ``caldav`` brings niquests and lxml.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import partial
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urljoin, urlsplit

import icalendar
from caldav.collection import Calendar
from caldav.davclient import DAVClient
from caldav.lib import error as dav_error
from caldav.response import DAVResponse
from icalendar.prop import vDate, vDatetime, vDDDTypes, vDuration

from followup_desktop.exchange.imap_drafts import is_loopback

if TYPE_CHECKING:
    from lxml.etree import _Element

log = logging.getLogger(__name__)

T = TypeVar("T")

TIMEOUT_S = 20
CALENDAR_NAME = "FollowUp"


class SyncProblem(Exception):
    """The server could not be used; the message says why and what to check."""

    # Whether a write that failed so may still have reached the server. Not when the
    # server answered no (this class): nothing was written.
    may_have_written = False


class LoginRefused(SyncProblem):
    """The server answers but refuses the user name or the password: a password changed
    on the server. Sent again, it only gets the account locked."""


def refused(status: int | None = None) -> str:
    """What the rep reads when the login is refused, and where to type it again."""
    code = f" ({status})" if status is not None else ""
    return (
        f"the server refused the user name or the password{code}: type them again in "
        "File › Calendar account… (or: followup sync setup)"
    )


class Offline(SyncProblem):
    """The server cannot be reached now: changes wait in the store."""

    def __init__(self, message: str, may_have_written: bool = True) -> None:
        super().__init__(message)
        # A request that timed out or was cut off may have been taken; one whose
        # connection was never made was not.
        self.may_have_written = may_have_written


# Why a connection was never made (``_reason``): a request that failed so sent nothing.
NEVER_CONNECTED = (
    "connection refused",
    "name or service not known",
    "temporary failure in name resolution",
    "no route to host",
    "network is unreachable",
    "the secure connection failed",
)


class Changed(SyncProblem):
    """The entry changed on the server since we last saw it (HTTP 412)."""


@dataclass(frozen=True, slots=True)
class CalendarInfo:
    name: str
    url: str


def _host(url: str) -> str:
    return urlsplit(url if "://" in url else f"https://{url}").hostname or ""


class CalendarServer:
    """One login to the rep's server. ``url``: an https:// address or a bare domain."""

    def __init__(self, url: str, user: str, password: str, verify: bool | str = True) -> None:
        local = is_loopback(_host(url))
        self.client = DAVClient(
            url=url if "://" in url else f"https://{url}",
            username=user,
            password=password,
            timeout=TIMEOUT_S,
            ssl_verify_cert=verify,
            # Plain http only to this computer: a password never crosses a network in clear.
            require_tls=not local,
            enable_rfc6764=not local,
        )
        self.transfers = 0  # entries and cards read or written (not listings)

    def close(self) -> None:
        self.client.close()

    def calendars(self) -> list[CalendarInfo]:
        """The calendars of the account, named as the rep named them."""
        found = _guarded(lambda: self.client.principal().calendars())
        return [CalendarInfo(_name(c), str(c.url)) for c in found]

    def make_calendar(self, name: str = CALENDAR_NAME) -> CalendarInfo:
        made = _guarded(lambda: self.client.principal().make_calendar(name=name))
        return CalendarInfo(name, str(made.url))

    def entry_url(self, calendar_url: str, uid: str) -> str:
        """Where an entry with ``uid`` lives: a name from the UID alone (safe characters)."""
        stem = "".join(c if c.isalnum() or c in "-_." else "-" for c in uid)
        base = calendar_url if calendar_url.endswith("/") else calendar_url + "/"
        return urljoin(base, f"{stem}.ics")

    def put(
        self,
        url: str,
        data: bytes,
        etag: str | None,
        new: bool,
        content_type: str = "text/calendar; charset=utf-8",
    ) -> str | None:
        """Write an entry: ``new`` only if nothing is there yet, else only if it is still
        ``etag``. Returns its new ETag (None when the server does not say)."""
        headers = {"Content-Type": content_type}
        self.transfers += 1
        if new:
            headers["If-None-Match"] = "*"
        elif etag:
            headers["If-Match"] = etag
        response = _guarded(lambda: self.client.put(url, data.decode("utf-8"), headers))
        _raise_for(response.status, "save the entry", url)
        return _etag(response.headers) or self.etag(url, content_type.split(";")[0])

    def delete(self, url: str, etag: str | None) -> None:
        headers = {"If-Match": etag} if etag else {}
        self.transfers += 1
        response = _guarded(lambda: self.client.delete(url, headers))
        if response.status == 404:
            return  # already gone: the rep deleted it on their phone
        _raise_for(response.status, "remove the entry", url)

    # What GET asks for: a server that negotiates (Xandikos) answers 406 to anything else.
    accept = "text/calendar"

    def etag(self, url: str, accept: str = "") -> str | None:
        wanted = {"Accept": accept or self.accept}
        response = _guarded(lambda: self.client.request(url, "GET", "", wanted))
        if response.status == 404:
            return None
        _raise_for(response.status, "read the entry", url)
        return _etag(response.headers)

    def read(self, url: str, accept: str = "") -> tuple[bytes, str | None] | None:
        wanted = {"Accept": accept or self.accept}
        self.transfers += 1
        response = _guarded(lambda: self.client.request(url, "GET", "", wanted))
        if response.status == 404:
            return None
        _raise_for(response.status, "read the entry", url)
        raw = response.raw
        return (raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)), _etag(
            response.headers
        )

    def busy(self, start: datetime, end: datetime, skip: str) -> list[tuple[datetime, datetime]]:
        """The rep's meetings in [start, end) on every calendar of the account but
        ``skip`` (FollowUp's own): a time-range REPORT each, recurring ones expanded. An
        all-day entry (a holiday, a birthday) and one marked free (TRANSP:TRANSPARENT)
        do not count, nor a cancelled one."""
        found: list[tuple[datetime, datetime]] = []
        for calendar in _guarded(lambda: self.client.principal().calendars()):
            if str(calendar.url).rstrip("/") == skip.rstrip("/"):
                continue
            events = _guarded(
                partial(calendar.search, start=start, end=end, event=True, expand=True)
            )
            for event in events:
                found += _busy_spans(event.icalendar_instance)
        return sorted(found)


def read_start(data: bytes, uid: str, floating: tzinfo) -> datetime | date | None:
    """The start of the event ``uid`` in a calendar object: an instant; the day of an
    all-day one; None when it has none (unreadable). A floating time (no zone, as some
    phones write a moved entry) is read on ``floating``: it means the clock of whoever
    looks at the calendar, the rep."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError:
        return None
    for event in calendar.walk("VEVENT"):
        if str(event.get("UID", "")) != uid or event.get("RECURRENCE-ID") is not None:
            continue
        moment = _value(event.get("DTSTART"))
        if isinstance(moment, datetime):
            placed = moment if moment.tzinfo is not None else moment.replace(tzinfo=floating)
            return placed.astimezone(UTC)
        if isinstance(moment, date):
            return moment
    return None


def _value(prop: object) -> object:
    """The value of a date, date-time or duration property; None when it is missing,
    unreadable (icalendar keeps a broken one as text) or given more than once (a list)."""
    if isinstance(prop, (vDDDTypes, vDate, vDatetime, vDuration)):
        return prop.dt
    return None


def _busy_spans(calendar: icalendar.Calendar) -> list[tuple[datetime, datetime]]:
    """The meetings of a calendar object as UTC spans; one whose times cannot be read (a
    broken DTEND, a DURATION that is no duration) does not count."""
    spans = []
    for event in calendar.walk("VEVENT"):
        if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
            continue
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        start = _value(event.get("DTSTART"))
        if not isinstance(start, datetime):
            continue  # all day, or no start
        if start.tzinfo is None:
            continue  # a floating time: whose clock it means is unknown
        end: object
        if event.get("DTEND") is not None:
            end = _value(event.get("DTEND"))
        elif event.get("DURATION") is not None:
            length = _value(event.get("DURATION"))
            end = start + length if isinstance(length, timedelta) else None
        else:
            end = start
        if isinstance(end, datetime) and end.tzinfo is not None and end > start:
            spans.append((start.astimezone(UTC), end.astimezone(UTC)))
    return spans


def _name(calendar: Calendar) -> str:
    try:
        return str(calendar.get_display_name() or calendar.url)
    except dav_error.DAVError:
        return str(calendar.url)


def _etag(headers: object) -> str | None:
    get = getattr(headers, "get", None)
    value = get("ETag") or get("etag") if get else None
    return str(value) if value else None


def _raise_for(status: int, what: str, url: str) -> None:
    if 200 <= status < 300:
        return
    if status == 412:
        raise Changed(f"could not {what}: it changed on the server since the last sync")
    if status == 401:
        raise LoginRefused(refused(status))
    if status == 403:  # logged in, but not allowed: a shared or locked book, say
        raise SyncProblem(
            f"the server does not let this account {what} ({status}): the calendar or "
            "address book may be read-only for it"
        )
    raise SyncProblem(f"could not {what} at {url}: the server answered {status}")


def _listed(response: DAVResponse, what: str, url: str) -> _Element:
    """The XML of a PROPFIND's or a REPORT's answer. An answer with none (empty, or an
    error page) is a refusal as its status says, else a SyncProblem of its own."""
    if response.tree is None:
        _raise_for(response.status, what, url)
        raise SyncProblem(f"could not {what} at {url}: the server's answer lists nothing")
    return response.tree


def _guarded(call: Callable[[], T]) -> T:
    """``call()`` with the library's and the network's failures as sentences."""
    try:
        return call()
    except dav_error.AuthorizationError:
        raise LoginRefused(refused()) from None
    except dav_error.NotFoundError as error:
        raise SyncProblem(
            f"the server has no calendar there ({error.reason or 'not found'})"
        ) from None
    except dav_error.DAVError as error:
        raise SyncProblem(f"the server said no: {error.reason or type(error).__name__}") from None
    except Exception as error:  # niquests' connection errors, OSError, timeouts
        name = type(error).__name__
        if isinstance(error, OSError) or any(w in name for w in ("Connection", "Timeout", "SSL")):
            reason = _reason(error)
            raise Offline(
                f"the server cannot be reached: {reason}",
                may_have_written=not reason.startswith(NEVER_CONNECTED),
            ) from None
        raise


_ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")


def _reason(error: BaseException) -> str:
    """The short cause ("connection refused", "name or service not known") out of the
    HTTP stack's nested message."""
    found = _ERRNO.search(str(error))
    if found:
        return found.group(1).strip().lower()
    if "timed out" in str(error).lower() or "Timeout" in type(error).__name__:
        return "no answer in time"
    if "SSL" in type(error).__name__ or "certificate" in str(error).lower():
        return "the secure connection failed (check the address and the certificate)"
    return type(error).__name__
