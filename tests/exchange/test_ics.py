"""Invites as the customer's calendar reads them: parsed back by icalendar and by vobject
(an independent reader), stored in a real CalDAV server (Radicale) and read back, and
unbroken by hostile names and objectives."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from hypothesis import example, given, settings
from hypothesis import strategies as st

from followup_desktop.exchange import ics
from tests.harness.counts import fuzz_examples
from tests.peers.radicale import Radicale

SPEC = ics.InviteSpec(
    uid="5b0e0c6e-3f7a-5f4e-9d27-0c1f6a1e2b3c@followup",
    sequence=0,
    start=datetime(2026, 11, 24, 16, 0, tzinfo=UTC),  # 10:00 in Chicago
    zone="America/Chicago",
    summary="Call with Sam Rivers: review the proposal",
    description="Sam Rivers will call you at this time, as agreed.\nObjective: review the proposal",
    organizer=ics.Party("Rivers, Sam; Sales: EMEA", "sam@example.com"),
    attendee=ics.Party("Smith, Jane; Acme: Zoë 😀", "jane@example.com"),
    stamp=datetime(2026, 11, 23, 15, 5, tzinfo=UTC),
)


def _event(data: bytes) -> icalendar.Event:
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_an_invite_reads_back_the_same_in_two_independent_readers() -> None:
    data = ics.build(SPEC)

    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["METHOD"]) == "REQUEST"
    event = _event(data)
    assert str(event["UID"]) == SPEC.uid
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == SPEC.start
    assert event["DTSTART"].params["TZID"] == "America/Chicago"
    assert event.decoded("DTSTART").hour == 10  # the wall-clock time the customer chose
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=15)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Chicago"]
    assert event["ORGANIZER"].params["CN"] == "Rivers, Sam; Sales: EMEA"
    assert str(event["ATTENDEE"]) == "mailto:jane@example.com"
    assert event["ATTENDEE"].params["CN"] == "Smith, Jane; Acme: Zoë 😀"
    (alarm,) = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(minutes=-15)

    other = vobject.readOne(data.decode("utf-8"))
    assert other.method.value == "REQUEST"
    vevent = other.vevent
    assert vevent.uid.value == SPEC.uid
    assert vevent.sequence.value == "0"
    assert vevent.dtstart.value == SPEC.start
    assert vevent.dtstart.value.utcoffset() == timedelta(hours=-6)
    assert vevent.summary.value == SPEC.summary
    assert vevent.description.value == SPEC.description
    assert vevent.organizer.params["CN"] == ["Rivers, Sam; Sales: EMEA"]
    assert vevent.attendee.value == "mailto:jane@example.com"
    assert vevent.attendee.params["CN"] == ["Smith, Jane; Acme: Zoë 😀"]
    assert vevent.valarm.trigger.value == timedelta(minutes=-15)


def test_lines_are_folded_at_75_octets_with_crlf_and_never_split_a_character() -> None:
    data = ics.build(dataclasses.replace(SPEC, summary="Zoë 😀 " * 60, description="x" * 1000))
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    for line in lines:
        line.decode("utf-8")  # each physical line is whole UTF-8
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_the_alarm_lead_is_the_setting() -> None:
    event = _event(ics.build(dataclasses.replace(SPEC, alarm_minutes=30)))
    assert event.walk("VALARM")[0].decoded("TRIGGER") == timedelta(minutes=-30)


def test_a_cancellation_keeps_the_uid_and_has_no_alarm() -> None:
    request = ics.build(dataclasses.replace(SPEC, sequence=2))
    cancel = ics.build(dataclasses.replace(SPEC, sequence=3, cancelled=True))
    assert str(icalendar.Calendar.from_ical(cancel)["METHOD"]) == "CANCEL"
    event = _event(cancel)
    assert str(event["UID"]) == str(_event(request)["UID"])
    assert event["SEQUENCE"] == 3
    assert str(event["STATUS"]) == "CANCELLED"
    assert not event.walk("VALARM")
    assert vobject.readOne(cancel.decode()).method.value == "CANCEL"


def test_a_start_in_a_dst_change_week_is_the_same_instant_in_both_readers() -> None:
    # Sunday 8 March 2026 is the spring-forward day in Chicago; the call is on the Monday.
    start = datetime(2026, 3, 9, 9, 30, tzinfo=ZoneInfo("America/Chicago")).astimezone(UTC)
    data = ics.build(dataclasses.replace(SPEC, start=start))
    assert _event(data).decoded("DTSTART") == start
    assert vobject.readOne(data.decode()).vevent.dtstart.value == start


# The hour each zone repeats when its clocks go back: Berlin and New York by an hour,
# Lord Howe Island by half an hour.
REPEATED_HOURS = [
    ("Europe/Berlin", datetime(2027, 10, 31, 2, 30)),
    ("America/New_York", datetime(2027, 11, 7, 1, 30)),
    ("Australia/Lord_Howe", datetime(2027, 4, 4, 1, 45)),
]


@pytest.mark.parametrize("fold", [0, 1], ids=["first-occurrence", "second-occurrence"])
@pytest.mark.parametrize(("zone", "wall"), REPEATED_HOURS, ids=[z for z, _ in REPEATED_HOURS])
def test_a_call_in_the_repeated_hour_is_exported_at_its_own_instant(
    zone: str, wall: datetime, fold: int
) -> None:
    local = wall.replace(tzinfo=ZoneInfo(zone), fold=fold)
    other = wall.replace(tzinfo=ZoneInfo(zone), fold=1 - fold)
    assert local.utcoffset() != other.utcoffset(), "the wall time really is ambiguous"
    start = local.astimezone(UTC)
    data = ics.build(dataclasses.replace(SPEC, start=start, zone=zone))

    for read in (
        _event(data).decoded("DTSTART"),
        vobject.readOne(data.decode()).vevent.dtstart.value,
    ):
        assert read.astimezone(UTC) == start
    event = _event(data)
    assert event.decoded("DTEND").astimezone(UTC) - start == SPEC.duration


HOSTILE = [
    "review\r\nX-INJECTED:1",
    "review\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil",
    "=?utf-8?q?=0A?=Bcc: x@y",
    "a, b; c: d \\ e",
    "x" * 1000,
    "launch 🚀 ✅ 日本語",
    "tab\there\x00nul\x1bescape",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_adds_no_property_or_event(text: str) -> None:
    data = ics.build(
        dataclasses.replace(
            SPEC,
            summary=text,
            description=text,
            attendee=ics.Party(text, "jane@example.com"),
            organizer=ics.Party(text, "sam@example.com"),
        )
    )
    event = _event(data)
    assert set(event.keys()) == {
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
    assert str(event["SUMMARY"]) == ics.one_line(text)
    assert "\n" not in str(event["SUMMARY"])
    assert str(event["ATTENDEE"]) == "mailto:jane@example.com"
    assert len(vobject.readOne(data.decode()).vevent.contents["attendee"]) == 1
    assert b"X-INJECTED" not in data.split(b"SUMMARY")[0]


@pytest.mark.parametrize("address", ["jane@example.com\r\nX-A:1", "a b@c.d", "jane", "a@b"])
def test_an_address_that_is_not_plain_is_refused(address: str) -> None:
    with pytest.raises(ics.InviteError, match="not a plain address"):
        ics.build(dataclasses.replace(SPEC, attendee=ics.Party("Jane", address)))


@settings(max_examples=fuzz_examples(150), deadline=None)
@given(summary=st.text(min_size=1, max_size=400), name=st.text(max_size=80))
@example(summary="0", name="\\")  # a trailing backslash once ate the next parameter
def test_any_summary_round_trips_and_nothing_else_appears(summary: str, name: str) -> None:
    data = ics.build(
        dataclasses.replace(SPEC, summary=summary, attendee=ics.Party(name, "jane@example.com"))
    )
    event = _event(data)
    assert str(event["SUMMARY"]) == ics.one_line(summary)
    assert event["ATTENDEE"].params.get("CN", "") == ics.display_name(name)
    vevent = vobject.readOne(data.decode()).vevent
    assert vevent.summary.value == ics.one_line(summary)
    assert sorted(vevent.contents) == sorted(
        [
            "uid",
            "sequence",
            "dtstamp",
            "dtstart",
            "dtend",
            "summary",
            "description",
            "organizer",
            "attendee",
            "status",
            "transp",
            "valarm",
        ]
    )


@settings(max_examples=fuzz_examples(300), deadline=None)
@given(name=st.text(alphabet=st.sampled_from(list('ab \\;,:"^\t=\u200b')), max_size=12))
def test_a_name_with_backslashes_and_delimiters_never_breaks_the_attendee(name: str) -> None:
    # Found by the 10,000-example run: a name ending in "\\" escaped the ";" after the
    # CN, which then swallowed PARTSTAT, ROLE and RSVP. Delimiters and backslashes together.
    data = ics.build(dataclasses.replace(SPEC, attendee=ics.Party(name, "jane@example.com")))
    attendee = _event(data)["ATTENDEE"]
    assert attendee.params.get("CN", "") == ics.display_name(name)
    assert attendee.params["PARTSTAT"] == "NEEDS-ACTION" and attendee.params["RSVP"] == "TRUE"
    read_by_vobject = vobject.readOne(data.decode()).vevent.attendee
    assert read_by_vobject.params.get("CN", [""])[0] == ics.display_name(name)
    assert read_by_vobject.value == "mailto:jane@example.com"


def test_a_caldav_server_stores_the_invite_and_gives_it_back(radicale: Radicale) -> None:
    data = ics.build(SPEC)
    stored = ics.strip_method(data)
    assert b"METHOD" not in stored
    assert radicale.put_event("call.ics", stored) == 201

    back = radicale.get_event("call.ics")
    event = _event(back)
    assert str(event["UID"]) == SPEC.uid
    assert event.decoded("DTSTART") == SPEC.start
    assert event["DTSTART"].params["TZID"] == "America/Chicago"
    assert str(event["SUMMARY"]) == SPEC.summary
    assert event["ATTENDEE"].params["CN"] == "Smith, Jane; Acme: Zoë 😀"
    assert event.walk("VALARM")[0].decoded("TRIGGER") == timedelta(minutes=-15)
    vevent = vobject.readOne(back.decode()).vevent
    assert vevent.dtstart.value == SPEC.start
    assert vevent.organizer.params["CN"] == ["Rivers, Sam; Sales: EMEA"]


def test_a_rescheduled_invite_replaces_the_stored_one(radicale: Radicale) -> None:
    radicale.put_event("call.ics", ics.strip_method(ics.build(SPEC)))
    later = SPEC.start + timedelta(days=1, hours=2)
    moved = dataclasses.replace(SPEC, start=later, sequence=1)
    assert radicale.put_event("call.ics", ics.strip_method(ics.build(moved))) in (201, 204)
    event = _event(radicale.get_event("call.ics"))
    assert event.decoded("DTSTART") == later
    assert event["SEQUENCE"] == 1
