"""Calendar invites (.ics, RFC 5545 + iTIP RFC 5546) for one follow-up, with ``icalendar``.

The start is written in the contact's own zone (``DTSTART;TZID=Europe/Paris:…``) with
its VTIMEZONE, not in UTC. The customer agreed "10:00 my time": a TZID event shows that
wall-clock time in every client and stays right if the customer's calendar is set to
another zone; the VTIMEZONE block makes it work in clients without a tz database
(Outlook maps it by its rules). UTC would be the same instant, but a client that shows
the raw value or guesses a zone from the offset could show another hour.

What goes in is only what the customer may read: names, addresses, the summary and the
description the caller built from the objective. Internal notes never reach this module.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, vCalAddress

PRODID = "-//FollowUp//FollowUp Desktop//EN"
DEFAULT_DURATION = timedelta(minutes=15)
LINE_OCTETS = 75

# RFC 5545 TEXT allows no control characters but TAB (newlines are escaped as \n).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NEWLINES = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x85")
_ADDRESS = re.compile(r"^[^\s@<>()\[\],;:\\\"]+@[^\s@<>()\[\],;:\\\"]+\.[^\s@<>()\[\],;:\\\"]+$")


class InviteError(ValueError):
    """The invite cannot be made; the message says what to fix."""


@dataclass(frozen=True, slots=True)
class Party:
    name: str
    email: str


@dataclass(frozen=True, slots=True)
class InviteSpec:
    uid: str
    sequence: int
    start: datetime  # aware; written in ``zone``
    zone: str  # IANA name
    summary: str
    description: str
    organizer: Party
    attendee: Party
    stamp: datetime  # DTSTAMP: when this copy was made
    duration: timedelta = DEFAULT_DURATION
    alarm_minutes: int = 15
    cancelled: bool = False

    @property
    def method(self) -> str:
        return "CANCEL" if self.cancelled else "REQUEST"


def check_address(address: str, who: str) -> str:
    """A plain ``local@domain``: anything else could break the ``mailto:`` value."""
    if not _ADDRESS.match(address):
        raise InviteError(f"{who}'s e-mail address {address!r} is not a plain address")
    return address


def _no_escaped_n(text: str) -> str:
    # icalendar writes a typed backslash before a capital N as "\n", which every reader
    # takes for a line break (found by fuzzing at 10,000 examples): a slash instead.
    return _BACKSLASH_N.sub("/", text)


_BACKSLASH_N = re.compile(r"\\(?=N)")


def one_line(text: str) -> str:
    """Summary text: one line, no control characters."""
    return _CONTROLS.sub("", _NEWLINES.sub(" ", _no_escaped_n(text))).strip()


def plain_text(text: str) -> str:
    """Description text: newlines kept (icalendar escapes them), control characters gone."""
    return _CONTROLS.sub("", _NEWLINES.sub("\n", _no_escaped_n(text))).strip()


def display_name(name: str) -> str:
    """A CN parameter value. RFC 5545 quotes but cannot contain DQUOTE; icalendar would
    use RFC 6868's ^' escapes, which most readers (vobject, Outlook) show literally, so a
    quote in a name becomes an apostrophe and a caret is dropped. A backslash is written
    unquoted and read back as an escape (``CN=\\;PARTSTAT…`` loses the parameters after
    it), so it becomes a slash."""
    # A tab is dropped by parsers inside a parameter: it becomes a space here.
    text = one_line(name).replace('"', "'").replace("^", "").replace("\\", "/").replace("\t", " ")
    return "".join(c for c in text if unicodedata.category(c) != "Cf" or c == "\u200d")


def _address(party: Party, who: str) -> vCalAddress:
    value = vCalAddress(f"mailto:{check_address(party.email, who)}")
    name = display_name(party.name)
    if name:
        value.params["CN"] = name
    return value


def build(spec: InviteSpec) -> bytes:
    """The .ics file: CRLF line ends, lines folded at 75 octets (icalendar does both)."""
    event, tz, start = _timed_event(spec)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", spec.method)
    event.add("organizer", _address(spec.organizer, "your"))
    attendee = _address(spec.attendee, "the contact")
    attendee.params["ROLE"] = "REQ-PARTICIPANT"
    attendee.params["PARTSTAT"] = "NEEDS-ACTION"
    attendee.params["RSVP"] = "TRUE"
    event.add("attendee", attendee)
    if spec.cancelled:
        event.add("status", "CANCELLED")
    else:
        _confirmed_with_alarm(event, spec.summary, spec.alarm_minutes)
    if start.utcoffset() != timedelta(0) or spec.zone != "UTC":
        calendar.add_component(_timezone(tz, spec.zone, start.date()))
    calendar.add_component(event)
    data: bytes = calendar.to_ical()
    check(data, spec)
    return data


def _written(moment: datetime) -> datetime:
    """A local time as the file will carry it. In the hour repeated when clocks go back,
    a local time with a TZID means its first occurrence (RFC 5545 §3.3.5), so the second
    occurrence is written in UTC: the same instant, readable by every client."""
    if moment.fold == 1 and moment.replace(fold=0).utcoffset() != moment.utcoffset():
        return moment.astimezone(UTC)
    return moment


def _timezone(tz: ZoneInfo, name: str, day: date) -> Timezone:
    """The zone's rules around the event only: the default (1970–2038) lists every
    transition of 68 years, a page of RDATEs nobody needs for one call."""
    first = date(day.year - 1, 1, 1)
    last = date(day.year + 1, 12, 31)
    return Timezone.from_tzinfo(tz, tzid=name, first_date=first, last_date=last)


def as_written(moment: datetime) -> datetime:
    """A time as an iCalendar DATE-TIME holds it: a promise due "as soon as possible"
    (and a call planned by an older version) keeps the touch's microseconds, which the
    file cannot carry."""
    return moment.replace(microsecond=0)


def _instant(moment: object) -> datetime | None:
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        return None
    return moment.astimezone(UTC)


def strip_method(data: bytes) -> bytes:
    """The same calendar without METHOD, as CalDAV servers require (RFC 4791 §4.1)."""
    calendar = Calendar.from_ical(data)
    calendar.pop("METHOD", None)
    stripped: bytes = calendar.to_ical()
    return stripped


def check(data: bytes, spec: InviteSpec) -> None:
    """Read the file back and insist it says exactly what ``spec`` meant: one event with
    our UID, SEQUENCE, METHOD, times, people and summary, and nothing we did not write."""
    try:
        calendar = Calendar.from_ical(data)
    except ValueError as error:
        raise InviteError(f"the invite does not read back: {error}") from error
    events = calendar.walk("VEVENT")
    if len(events) != 1:
        raise InviteError(f"the invite has {len(events)} events instead of one")
    event = events[0]
    expected = {
        "UID": spec.uid,
        "SEQUENCE": str(spec.sequence),
        "SUMMARY": one_line(spec.summary),
        "ORGANIZER": f"mailto:{spec.organizer.email}",
        "ATTENDEE": f"mailto:{spec.attendee.email}",
    }
    for key, value in expected.items():
        if str(event.get(key)) != value:
            raise InviteError(f"the invite's {key} reads back as {event.get(key)!r}")
    if str(calendar.get("METHOD")) != spec.method:
        raise InviteError("the invite's METHOD does not read back")
    # Instants, not aware datetimes: inside a repeated hour Python never calls two times
    # in different zones equal (PEP 495), even when they are the same moment.
    if _instant(event.decoded("DTSTART")) != _instant(as_written(spec.start)):
        raise InviteError("the invite's start time does not read back")
    allowed = {
        "UID",
        "SEQUENCE",
        "DTSTAMP",
        "DTSTART",
        "DTEND",
        "SUMMARY",
        "DESCRIPTION",
        "ORGANIZER",
        "ATTENDEE",
        "STATUS",
        "TRANSP",
    }
    extra = set(event.keys()) - allowed
    if extra:
        raise InviteError(f"the invite has properties nobody wrote: {sorted(extra)}")
    lines = data.split(b"\r\n")
    if lines[-1] != b"" or any(b"\n" in line or b"\r" in line for line in lines):
        raise InviteError("the invite's line ends are not CRLF")
    if any(len(line) > LINE_OCTETS for line in lines):
        raise InviteError("the invite has a line longer than 75 octets")


@dataclass(frozen=True, slots=True)
class OwnEventSpec:
    """An entry on the rep's own calendar (CalDAV): theirs alone, so no ORGANIZER and no
    ATTENDEE — a server that schedules (Nextcloud, iCloud) would otherwise e-mail the
    customer an invite the rep never chose to send — and no METHOD (RFC 4791 §4.1)."""

    uid: str
    sequence: int
    start: datetime  # aware; written in ``zone``
    zone: str  # IANA name: the contact's, so the customer's wall clock stays right
    summary: str
    description: str
    stamp: datetime
    duration: timedelta = DEFAULT_DURATION
    alarm_minutes: int = 15


def build_own(spec: OwnEventSpec) -> bytes:
    """One VEVENT with its VALARM and VTIMEZONE, for a CalDAV calendar."""
    event, tz, start = _timed_event(spec)
    _confirmed_with_alarm(event, spec.summary, spec.alarm_minutes)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if spec.zone != "UTC":
        calendar.add_component(_timezone(tz, spec.zone, start.date()))
    calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def _timed_event(spec: InviteSpec | OwnEventSpec) -> tuple[Event, ZoneInfo, datetime]:
    """The VEVENT's identity, times and words (both kinds of entry), its zone and start."""
    if spec.start.utcoffset() is None:
        raise InviteError("an invite needs an aware start time")
    try:
        tz = ZoneInfo(spec.zone)
    except (KeyError, ValueError) as error:
        raise InviteError(f"unknown time zone {spec.zone!r}") from error
    start = as_written(spec.start).astimezone(tz)
    # The end is the start plus the duration in real time: adding to a local time would
    # count wall-clock minutes and be an hour off across a daylight-saving change.
    end = (start.astimezone(UTC) + spec.duration).astimezone(tz)
    event = Event()
    event.add("uid", spec.uid)
    event.add("sequence", spec.sequence)
    event.add("dtstamp", spec.stamp.astimezone(UTC))
    event.add("dtstart", _written(start))
    event.add("dtend", _written(end))
    event.add("summary", one_line(spec.summary))
    description = plain_text(spec.description)
    if description:
        event.add("description", description)
    return event, tz, start


def _confirmed_with_alarm(event: Event, summary: str, minutes: int) -> None:
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", one_line(summary) or "Reminder")
    alarm.add("trigger", timedelta(minutes=-minutes))
    event.add_component(alarm)
