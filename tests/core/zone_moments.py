"""Zones and wall-clock moments for the property tests: the zones with awkward offsets and
DST rules, and strategies that land on their gaps and folds on purpose."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

ZONES = (
    "America/New_York",
    "Europe/London",
    "Europe/Paris",
    "Asia/Kolkata",
    "Australia/Lord_Howe",  # a 30-minute DST shift
    "Asia/Kathmandu",  # +05:45
    "America/St_Johns",  # -03:30 / -02:30
    "Pacific/Chatham",  # +12:45 / +13:45
)
REP_ZONES = ("Europe/Paris", "America/Los_Angeles", "Asia/Tokyo", "Australia/Lord_Howe")
YEAR = 2026


@cache
def transitions(zone_name: str) -> tuple[datetime, ...]:
    """The wall-clock moments (naive, local) just before each offset change in ``YEAR``."""
    tz = ZoneInfo(zone_name)
    found: list[datetime] = []
    instant = datetime(YEAR, 1, 1, tzinfo=UTC)
    end = datetime(YEAR + 1, 1, 1, tzinfo=UTC)
    previous = instant.astimezone(tz).utcoffset()
    while instant < end:
        step = instant + timedelta(hours=1)
        offset = step.astimezone(tz).utcoffset()
        if offset != previous:
            # Narrow down to the minute of the change.
            probe = instant
            while probe.astimezone(tz).utcoffset() == previous:
                probe += timedelta(minutes=1)
            found.append((probe - timedelta(minutes=1)).astimezone(tz).replace(tzinfo=None))
            previous = offset
        instant = step
    return tuple(found)


@st.composite
def wall_clock_moments(draw: st.DrawFn, zone_name: str) -> datetime:
    """A naive local date-time in ``zone_name``: half the time within a few hours of a DST
    change (gap and fold minutes included), otherwise anywhere in the year."""
    changes = transitions(zone_name)
    if changes and draw(st.booleans()):
        around = draw(st.sampled_from(changes))
        return around + timedelta(minutes=draw(st.integers(-180, 180)))
    day = date(YEAR, 1, 1) + timedelta(days=draw(st.integers(0, 364)))
    minutes = draw(st.integers(0, 24 * 60 - 1))
    return datetime.combine(day, time(minutes // 60, minutes % 60))


@st.composite
def zoned_moments(draw: st.DrawFn) -> tuple[str, datetime]:
    zone_name = draw(st.sampled_from(ZONES))
    return zone_name, draw(wall_clock_moments(zone_name))
