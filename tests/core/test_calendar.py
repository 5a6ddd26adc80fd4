"""Business hours and wall-clock arithmetic across zones and DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.core.calendar import (
    BusinessHours,
    add_business_days,
    at_local,
    is_business_moment,
    next_business_moment,
    same_time_business_days_later,
    zone,
)
from followup_desktop.core.settings import BUSINESS_DAY_END, BUSINESS_DAYS, Settings

HOURS = BusinessHours()
NY = ZoneInfo("America/New_York")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_spring_forward_gap_moves_forward_by_the_gap() -> None:
    # 2026-03-08 02:30 does not exist in New York: it becomes 03:30 EDT.
    instant = at_local(date(2026, 3, 8), time(2, 30), NY)
    assert instant.astimezone(NY).time() == time(3, 30)


def test_autumn_fold_means_the_first_occurrence() -> None:
    # 2026-11-01 01:30 happens twice in New York; the first is EDT (UTC-4).
    instant = at_local(date(2026, 11, 1), time(1, 30), NY)
    assert instant == utc(2026, 11, 1, 5, 30)


def test_lord_howe_half_hour_shift() -> None:
    lord_howe = ZoneInfo("Australia/Lord_Howe")
    # DST starts 2026-10-04 at 02:00 → 02:30 (a 30-minute gap).
    assert at_local(date(2026, 10, 4), time(2, 15), lord_howe).astimezone(lord_howe).time() == time(
        2, 45
    )


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (utc(2026, 11, 23, 13, 0), utc(2026, 11, 23, 14, 0)),  # Mon 08:00 NY → 09:00
        (utc(2026, 11, 23, 15, 0), utc(2026, 11, 23, 15, 0)),  # Mon 10:00 NY: already inside
        (
            utc(2026, 11, 23, 22, 0),
            utc(2026, 11, 24, 14, 0),
        ),  # Mon 17:00 NY (end is exclusive) → Tue 09:00
        (utc(2026, 11, 27, 23, 0), utc(2026, 11, 30, 14, 0)),  # Fri 18:00 → Mon 09:00
        (utc(2026, 11, 28, 15, 0), utc(2026, 11, 30, 14, 0)),  # Saturday → Monday
    ],
)
def test_next_business_moment(instant: datetime, expected: datetime) -> None:
    assert next_business_moment(instant, NY, HOURS) == expected
    assert is_business_moment(expected, NY, HOURS)


def test_kathmandu_quarter_hour_offset() -> None:
    kathmandu = ZoneInfo("Asia/Kathmandu")  # UTC+05:45
    # 03:00 UTC on a Monday is 08:45 there: opening is 09:00 = 03:15 UTC.
    assert next_business_moment(utc(2026, 11, 23, 3, 0), kathmandu, HOURS) == utc(
        2026, 11, 23, 3, 15
    )


def test_add_business_days_skips_weekends() -> None:
    assert add_business_days(date(2026, 11, 27), 1, HOURS) == date(2026, 11, 30)  # Fri → Mon
    assert add_business_days(date(2026, 11, 23), 5, HOURS) == date(2026, 11, 30)


def test_same_time_later_keeps_the_wall_clock_across_dst() -> None:
    # Friday 6 March 10:00 NY (EST) + 1 business day = Monday 9 March 10:00 (EDT).
    start = at_local(date(2026, 3, 6), time(10, 0), NY)
    later = same_time_business_days_later(start, 1, NY, HOURS)
    assert later.astimezone(NY).replace(tzinfo=None) == datetime(2026, 3, 9, 10, 0)


def test_same_time_later_clamps_into_hours() -> None:
    evening = at_local(date(2026, 11, 23), time(19, 30), NY)
    later = same_time_business_days_later(evening, 1, NY, HOURS)
    assert later.astimezone(NY).replace(tzinfo=None) == datetime(2026, 11, 24, 16, 59)


def test_settings_shape_the_hours() -> None:
    settings = (
        Settings()
        .with_value(BUSINESS_DAYS, "Sun,Mon,Tue,Wed,Thu")
        .with_value(BUSINESS_DAY_END, "18:00")
    )
    hours = BusinessHours.from_settings(settings)
    assert hours.days == frozenset({6, 0, 1, 2, 3})
    assert hours.end == time(18, 0)
    broken = BusinessHours.from_settings(Settings().with_value(BUSINESS_DAYS, "nope"))
    assert broken == BusinessHours()


def test_unknown_or_empty_zone_falls_back_to_the_reps() -> None:
    assert zone("", "Europe/Paris") == ZoneInfo("Europe/Paris")
    assert zone("Mars/Olympus", "Europe/Paris") == ZoneInfo("Europe/Paris")
    assert zone("", "") == ZoneInfo("UTC")
