"""Properties of the calendar over zones × wall-clock times, DST gaps and folds included."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from followup_desktop.core.calendar import (
    BusinessHours,
    WallClock,
    add_business_days,
    at_local,
    is_business_moment,
    next_business_moment,
    same_time_business_days_later,
    wall_clock_kind,
)
from tests.core.zone_moments import ZONES, transitions, zoned_moments

HOURS = BusinessHours()

business_hours = st.builds(
    BusinessHours,
    start=st.sampled_from([time(7, 30), time(8, 0), time(9, 0), time(10, 15)]),
    end=st.sampled_from([time(16, 0), time(17, 0), time(18, 30)]),
    days=st.frozensets(st.integers(0, 6), min_size=1),
)


def test_every_zone_with_dst_has_its_changes_found() -> None:
    for name in ZONES:
        has_dst = name not in ("Asia/Kolkata", "Asia/Kathmandu")
        assert (len(transitions(name)) == 2) is has_dst, name


@settings(max_examples=300, deadline=None)
@given(zoned_moments())
def test_at_local_reads_gaps_forward_and_folds_first(case: tuple[str, datetime]) -> None:
    zone_name, wall = case
    tz = ZoneInfo(zone_name)
    instant = at_local(wall.date(), wall.time(), tz)
    assert instant.tzinfo is UTC
    reading = instant.astimezone(tz).replace(tzinfo=None)
    kind = wall_clock_kind(wall.date(), wall.time(), tz)
    if kind is WallClock.GAP:
        # Forward by exactly the size of the gap (PEP 495: fold=0 reads a skipped time
        # with the offset before the change, fold=1 with the one after).
        before = wall.replace(tzinfo=tz, fold=0).utcoffset()
        after = wall.replace(tzinfo=tz, fold=1).utcoffset()
        assert before is not None and after is not None
        assert reading - wall == after - before
        assert reading > wall
    else:
        assert reading == wall
    if kind is WallClock.FOLD:
        second = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
        assert instant < second, "the first of the two occurrences"


@settings(max_examples=300, deadline=None)
@given(zoned_moments(), business_hours)
def test_next_business_moment_is_the_first_one_at_or_after(
    case: tuple[str, datetime], hours: BusinessHours
) -> None:
    zone_name, wall = case
    instant = at_local(wall.date(), wall.time(), zone_name)
    found = next_business_moment(instant, zone_name, hours)
    assert found >= instant
    assert is_business_moment(found, zone_name, hours)
    assert found.astimezone(ZoneInfo(zone_name)).weekday() in hours.days
    if is_business_moment(instant, zone_name, hours):
        assert found == instant
    else:
        # Nothing in between: it is an opening, and a minute earlier was closed.
        assert found.astimezone(ZoneInfo(zone_name)).time() >= hours.start
        assert not is_business_moment(found - timedelta(minutes=1), zone_name, hours)


@settings(max_examples=300, deadline=None)
@given(zoned_moments(), st.integers(1, 15))
def test_same_time_later_is_a_later_business_day_inside_hours(
    case: tuple[str, datetime], count: int
) -> None:
    zone_name, wall = case
    tz = ZoneInfo(zone_name)
    instant = at_local(wall.date(), wall.time(), tz)
    later = same_time_business_days_later(instant, count, tz, HOURS)
    start_day = instant.astimezone(tz).date()
    assert later.astimezone(tz).date() == add_business_days(start_day, count, HOURS)
    assert is_business_moment(later, tz, HOURS)
    assert later.astimezone(tz).weekday() < 5


@settings(max_examples=200, deadline=None)
@given(st.dates(date(2000, 1, 1), date(2100, 1, 1)), st.integers(-30, 30), business_hours)
def test_add_business_days_counts_business_days(
    start: date, count: int, hours: BusinessHours
) -> None:
    result = add_business_days(start, count, hours)
    low, high = sorted((start, result))
    between = [
        low + timedelta(days=n)
        for n in range(1, (high - low).days + 1)
        if hours.is_business_day(low + timedelta(days=n))
    ]
    if count > 0:
        assert len(between) == count and hours.is_business_day(result)
    elif count < 0:
        assert result < start and hours.is_business_day(result)
    else:
        assert result == start
