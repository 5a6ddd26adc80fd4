"""Business hours and time zones, safe across daylight-saving changes.

Instants are aware UTC datetimes. Wall-clock times are turned into instants with
``at_local``: a time that does not exist (the spring-forward gap) moves forward by the
size of the gap (02:30 → 03:30), and a time that exists twice (the autumn fold) means
its first occurrence. Both follow from zoneinfo's fold=0 and are tested.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from followup_desktop.core import settings as options
from followup_desktop.core.settings import Settings

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Far enough to cross any holiday-free run of non-business days a setting allows.
SEARCH_DAYS = 14


def parse_time(text: str) -> time:
    hours, _, minutes = text.strip().partition(":")
    return time(int(hours), int(minutes or 0))


@dataclass(frozen=True, slots=True)
class BusinessHours:
    start: time = time(9, 0)
    end: time = time(17, 0)
    days: frozenset[int] = frozenset(range(5))  # Monday = 0

    @classmethod
    def from_settings(cls, settings: Settings) -> BusinessHours:
        days = frozenset(
            DAY_NAMES.index(name.strip().lower()[:3])
            for name in settings.get(options.BUSINESS_DAYS).split(",")
            if name.strip().lower()[:3] in DAY_NAMES
        )
        start = parse_time(settings.get(options.BUSINESS_DAY_START))
        end = parse_time(settings.get(options.BUSINESS_DAY_END))
        if not days or end <= start:
            return cls()  # a broken setting must not stop every rule
        return cls(start, end, days)

    def is_business_day(self, day: date) -> bool:
        return day.weekday() in self.days


def zone(name: str, fallback: str = "UTC") -> ZoneInfo:
    """The contact's zone, or the rep's when the contact has none (or an unknown one)."""
    for candidate in (name, fallback, "UTC"):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def at_local(day: date, wall: time, tz: ZoneInfo) -> datetime:
    """The instant of ``wall`` o'clock on ``day`` in ``tz`` (gap: shifted forward; fold: first)."""
    return datetime.combine(day, wall, tzinfo=tz).astimezone(UTC)


def local(instant: datetime, tz: ZoneInfo) -> datetime:
    return instant.astimezone(tz)


def is_business_moment(instant: datetime, tz: ZoneInfo, hours: BusinessHours) -> bool:
    moment = local(instant, tz)
    return hours.is_business_day(moment.date()) and hours.start <= moment.time() < hours.end


def next_business_moment(instant: datetime, tz: ZoneInfo, hours: BusinessHours) -> datetime:
    """The first instant at or after ``instant`` inside business hours in ``tz``."""
    moment = local(instant, tz)
    day = moment.date()
    for offset in range(SEARCH_DAYS):
        candidate_day = day + timedelta(days=offset)
        if not hours.is_business_day(candidate_day):
            continue
        opening = at_local(candidate_day, hours.start, tz)
        closing = at_local(candidate_day, hours.end, tz)
        if instant < opening:
            return opening
        if instant < closing:
            return instant.astimezone(UTC)
    raise ValueError("no business day within two weeks: check the business-days setting")


def add_business_days(day: date, count: int, hours: BusinessHours) -> date:
    current = day
    added = 0
    while added < count:
        current += timedelta(days=1)
        if hours.is_business_day(current):
            added += 1
    return current


def same_time_business_days_later(
    instant: datetime, count: int, tz: ZoneInfo, hours: BusinessHours
) -> datetime:
    """``count`` business days later at the same wall-clock time, kept inside business hours."""
    moment = local(instant, tz)
    day = add_business_days(moment.date(), count, hours)
    wall = moment.time().replace(tzinfo=None)
    wall = min(max(wall, hours.start), _last_minute(hours))
    return next_business_moment(at_local(day, wall, tz), tz, hours)


def _last_minute(hours: BusinessHours) -> time:
    end = datetime.combine(date(2000, 1, 3), hours.end) - timedelta(minutes=1)
    return end.time()
