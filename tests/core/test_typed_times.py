"""Times typed as people type them, read in one zone relative to an injected "now",
across days, weeks, years and daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.core.calendar import WallClock
from followup_desktop.core.typed_times import as_typed, read_time

CHICAGO = ZoneInfo("America/Chicago")
NEW_YORK = ZoneInfo("America/New_York")
# Monday 23 Nov 2026, 10:58 in Chicago.
NOW = datetime(2026, 11, 23, 16, 58, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "day", "wall"),
    [
        ("13:15", date(2026, 11, 23), time(13, 15)),  # later today
        ("10:00", date(2026, 11, 24), time(10, 0)),  # passed today: tomorrow
        ("1:15pm", date(2026, 11, 23), time(13, 15)),
        ("1:15 PM", date(2026, 11, 23), time(13, 15)),
        ("1.15 p.m.", date(2026, 11, 23), time(13, 15)),
        ("9am", date(2026, 11, 24), time(9, 0)),
        ("12am", date(2026, 11, 24), time(0, 0)),
        ("12pm", date(2026, 11, 23), time(12, 0)),
        ("noon", date(2026, 11, 23), time(12, 0)),
        ("14h", date(2026, 11, 23), time(14, 0)),
        ("14h30", date(2026, 11, 23), time(14, 30)),
        ("1315", date(2026, 11, 23), time(13, 15)),
        ("tomorrow 9", date(2026, 11, 24), time(9, 0)),
        ("Tomorrow at 9:30", date(2026, 11, 24), time(9, 30)),
        ("9 tomorrow", date(2026, 11, 24), time(9, 0)),
        ("tomorrow 2", date(2026, 11, 24), time(14, 0)),  # business hours: the afternoon
        ("tomorrow 02:00", date(2026, 11, 24), time(2, 0)),  # a leading zero means it
        ("today 16:00", date(2026, 11, 23), time(16, 0)),
        ("Mon 14:00", date(2026, 11, 30), time(14, 0)),  # "Mon" on a Monday: next week's
        ("Wed 10", date(2026, 11, 25), time(10, 0)),
        ("thursday 3pm", date(2026, 11, 26), time(15, 0)),
        ("next Fri at 11:00", date(2026, 11, 27), time(11, 0)),
        ("2027-01-12 10:00", date(2027, 1, 12), time(10, 0)),
        ("2027-01-12T10:00", date(2027, 1, 12), time(10, 0)),
        ("25 Nov 10:00", date(2026, 11, 25), time(10, 0)),
        ("Nov 25, 2pm", date(2026, 11, 25), time(14, 0)),
        ("Wed 25 Nov 14:00", date(2026, 11, 25), time(14, 0)),
        ("5 Jan 9:30", date(2027, 1, 5), time(9, 30)),  # no year: the next 5 January
        ("12 January 2028 10:00", date(2028, 1, 12), time(10, 0)),
    ],
)
def test_times_as_people_type_them(typed: str, day: date, wall: time) -> None:
    read = read_time(typed, NOW, CHICAGO)
    assert (read.day, read.wall) == (day, wall)
    assert read.kind is WallClock.NORMAL
    assert read.instant.astimezone(CHICAGO).replace(tzinfo=None) == datetime.combine(day, wall)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "Type a time"),
        ("   ", "Type a time"),
        ("tomorrow", "Add a time of day"),
        ("Mon", "Add a time of day"),
        ("banana 3", '"banana" is not a day or a time'),
        ("13:75", '"13:75" is not a time of day'),
        ("25:00", '"25:00" is not a time of day'),
        ("13pm", "with am or pm, the hour is 1 to 12"),
        ("Thu 25 Nov 14:00", "25 Nov is a Wednesday, not a Thursday"),
        ("today tomorrow 9", "Two days given"),
        ("9 10", "Two times given"),
        ("today 9:00", "Mon 23 Nov 09:00 has passed already"),
        ("2026-02-30 10:00", "There is no day 30 in month 2"),
        ("Nov 10:00", "Say which day of the month"),
    ],
)
def test_what_cannot_be_read_is_said_in_a_sentence(typed: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        read_time(typed, NOW, CHICAGO)


def test_a_time_in_the_spring_forward_gap_moves_forward_and_says_so() -> None:
    # Saturday 7 March 2026 in New York; the clocks go 02:00 → 03:00 on Sunday 8 March.
    now = datetime(2026, 3, 7, 17, 0, tzinfo=UTC)
    read = read_time("tomorrow 02:30", now, NEW_YORK)
    assert read.kind is WallClock.GAP
    assert read.instant == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)  # 03:30 EDT
    assert read.note(NEW_YORK) == (
        "02:30 does not exist that day (the clocks go forward): it means 03:30."
    )


def test_a_time_in_the_autumn_fold_is_the_first_and_says_so() -> None:
    # Saturday 31 Oct 2026 in New York; 01:00-02:00 happens twice on Sunday 1 November.
    now = datetime(2026, 10, 31, 16, 0, tzinfo=UTC)
    read = read_time("Sun 01:30", now, NEW_YORK)
    assert read.kind is WallClock.FOLD
    assert read.instant == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT, the first
    assert "happens twice" in read.note(NEW_YORK)


def test_tomorrow_across_a_clock_change_keeps_the_wall_clock() -> None:
    # Saturday 24 Oct 2026 in Paris, the day before the clocks go back: "tomorrow 10" is
    # 10:00 on the new offset (09:00 UTC), not 24 hours later.
    paris = ZoneInfo("Europe/Paris")
    now = datetime(2026, 10, 24, 12, 0, tzinfo=UTC)
    read = read_time("tomorrow 10", now, paris)
    assert read.instant == datetime(2026, 10, 25, 9, 0, tzinfo=UTC)
    assert read.note(paris) == ""


def test_the_same_text_means_the_wall_clock_of_its_own_zone() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    assert read_time("13:15", NOW, tokyo).instant == datetime(2026, 11, 24, 4, 15, tzinfo=UTC)
    assert read_time("13:15", NOW, CHICAGO).instant == datetime(2026, 11, 23, 19, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    "instant",
    [
        datetime(2026, 11, 25, 20, 0, tzinfo=UTC),
        datetime(2027, 1, 5, 15, 30, tzinfo=UTC),
        datetime(2027, 11, 24, 15, 0, tzinfo=UTC),  # a year off: the year is written
        datetime(2028, 2, 29, 16, 0, tzinfo=UTC),
    ],
)
def test_what_the_field_shows_reads_back_as_the_same_instant(instant: datetime) -> None:
    text = as_typed(instant, CHICAGO, NOW)
    assert read_time(text, NOW, CHICAGO).instant == instant


def test_the_field_text_is_short_and_has_the_year_only_when_needed() -> None:
    assert as_typed(datetime(2026, 11, 25, 20, 0, tzinfo=UTC), CHICAGO, NOW) == "Wed 25 Nov 14:00"
    # 22 Nov: the next one is in 2027 anyway; 24 Nov 2027 is not the next 24 Nov.
    assert as_typed(datetime(2027, 11, 22, 15, 0, tzinfo=UTC), CHICAGO, NOW) == "Mon 22 Nov 09:00"
    assert (
        as_typed(datetime(2027, 11, 24, 15, 0, tzinfo=UTC), CHICAGO, NOW) == "Wed 24 Nov 2027 09:00"
    )
