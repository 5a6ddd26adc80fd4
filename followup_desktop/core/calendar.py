"""Business hours and time zones, safe across daylight-saving changes.

Instants are aware UTC datetimes; a wall-clock time is a local date + time + IANA zone.
Turning a wall-clock time into an instant (``at_local``) follows RFC 5545, which is what
the .ics invites we write mean, and does so on purpose rather than by accident:

- a time that does not exist (the spring-forward gap) is read with the offset in force
  before the change, so it moves forward by the size of the gap (New York 02:30 → 03:30,
  Lord Howe 02:15 → 02:45, a 30-minute shift);
- a time that happens twice (the autumn fold) means its first occurrence (fold=0).

``wall_clock_kind`` tells which case a time is in, so a UI can say so to the rep.
A contact without a zone (or with one this computer does not know) uses the rep's zone.
"""

from __future__ import annotations

import enum
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from followup_desktop.core import settings as options
from followup_desktop.core.clock_words import moment_text
from followup_desktop.core.settings import Option, Settings

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# A week always holds a business day (the settings need at least one); two to be safe.
SEARCH_DAYS = 14
# Latest start for a call the rules move to "the same time of day": one minute before
# closing is inside the hours but leaves no time for the call.
LAST_CALL_BEFORE_CLOSING = timedelta(minutes=15)
# Offered slots: an hour after opening, and five hours after (09:00 → 10:00 and 14:00).
SLOT_MORNING = timedelta(hours=1)
SLOT_AFTERNOON = timedelta(hours=5)
# How long an offered call is held against the rep's meetings (the invite's length is 15).
CALL_LENGTH = timedelta(minutes=30)
# The calls read as holding a time, the soonest first: a rep's agreed calls over the weeks
# offers reach number in the tens; a book with thousands still opens its call at once.
MOST_CALLS_HELD = 1000
# The years a time or day typed by the rep may fall in. Outside them it is a typo (9999
# for 2026), and near the ends of Python's calendar a retry or a reminder planned from it
# would not fit in a date at all.
TYPED_YEARS = range(1900, 3000)


def check_year(day: date) -> None:
    """ValueError, in plain words, for a day outside ``TYPED_YEARS``."""
    if day.year not in TYPED_YEARS:
        raise ValueError(f"{day.year} is not a year from {TYPED_YEARS[0]} to {TYPED_YEARS[-1]}")


ZoneLike = ZoneInfo | str


class WallClock(enum.StrEnum):
    NORMAL = "normal"
    GAP = "gap"  # skipped by a spring-forward change
    FOLD = "fold"  # repeated by an autumn change


def parse_time(text: str) -> time:
    """ "09:00" or "9" → 09:00; anything else raises ValueError."""
    hours, _, minutes = text.strip().partition(":")
    return time(int(hours), int(minutes or 0))


def setting_time(settings: Settings, option: Option[str]) -> time:
    """A "HH:MM" setting; a damaged value means its default, never a crash in the rules."""
    try:
        return parse_time(settings.get(option))
    except ValueError:
        return parse_time(option.default)


def parse_days(text: str) -> frozenset[int]:
    """ "Mon,Tue,..." or "Mon-Fri" (ranges wrap: "Fri-Mon") → weekday numbers (Monday = 0);
    unknown names are ignored (``check_days`` names them)."""
    days: set[int] = set()
    for part in text.split(","):
        first, dash, last = part.partition("-")
        start = _day(first)
        end = _day(last) if dash else start
        if start is None or end is None:
            continue
        days.update((start + step) % 7 for step in range((end - start) % 7 + 1))
    return frozenset(days)


def check_days(text: str) -> frozenset[int]:
    """``parse_days``, refusing in plain words what it would ignore."""
    unknown = [
        part.strip()
        for part in text.split(",")
        if part.strip() and any(_day(name) is None for name in part.split("-"))
    ]
    if unknown:
        raise ValueError(f"{unknown[0]!r} is not a day: write days like Mon,Tue or Mon-Fri")
    days = parse_days(text)
    if not days:
        raise ValueError("at least one day is needed, e.g. Mon-Fri")
    return days


def _day(name: str) -> int | None:
    short = name.strip().lower()[:3]
    return DAY_NAMES.index(short) if short in DAY_NAMES else None


@dataclass(frozen=True, slots=True)
class BusinessHours:
    """The contact's business day, in the contact's own zone: [start, end) on ``days``."""

    start: time = time(9, 0)
    end: time = time(17, 0)
    days: frozenset[int] = frozenset(range(5))  # Monday = 0

    @classmethod
    def from_strings(cls, days: str, start: str, end: str) -> BusinessHours:
        try:
            parsed = cls(parse_time(start), parse_time(end), parse_days(days))
        except ValueError:
            return cls()
        if not parsed.days or parsed.end <= parsed.start:
            return cls()  # a broken setting must not stop every rule
        return parsed

    @classmethod
    def from_settings(cls, settings: Settings) -> BusinessHours:
        return cls.from_strings(
            settings.get(options.BUSINESS_DAYS),
            settings.get(options.BUSINESS_DAY_START),
            settings.get(options.BUSINESS_DAY_END),
        )

    def is_business_day(self, day: date) -> bool:
        return day.weekday() in self.days

    def latest_call(self) -> time:
        closing = datetime.combine(date(2000, 1, 3), self.end) - LAST_CALL_BEFORE_CLOSING
        return max(closing.time(), self.start)


def as_zone(value: ZoneLike) -> ZoneInfo:
    return value if isinstance(value, ZoneInfo) else zone(value)


def zone(name: str, fallback: str = "UTC") -> ZoneInfo:
    """The contact's zone, or the rep's (``fallback``) when the contact has none or an
    unknown one; UTC as the last resort so a bad name never stops the rules."""
    for candidate in (name, fallback, "UTC"):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def _require_aware(instant: datetime) -> None:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"an instant needs a time zone: {instant.isoformat()}")


def local(instant: datetime, tz: ZoneLike) -> datetime:
    """The wall-clock reading of an instant in ``tz``."""
    _require_aware(instant)
    return instant.astimezone(as_zone(tz))


def local_now(now: datetime, contact_zone: str, rep_zone: str) -> datetime:
    """What the contact's clock shows at ``now`` (the call screen's "their time")."""
    return local(now, zone(contact_zone, rep_zone))


def wall_clock_kind(day: date, wall: time, tz: ZoneLike) -> WallClock:
    naive = datetime.combine(day, wall.replace(tzinfo=None))
    first = naive.replace(tzinfo=as_zone(tz), fold=0)
    second = naive.replace(tzinfo=as_zone(tz), fold=1)
    if first.utcoffset() == second.utcoffset():
        return WallClock.NORMAL
    # Two readings: a repeated time reads back unchanged, a skipped one does not.
    reads_back = first.astimezone(UTC).astimezone(as_zone(tz)).replace(tzinfo=None) == naive
    return WallClock.FOLD if reads_back else WallClock.GAP


def at_local(day: date, wall: time, tz: ZoneLike) -> datetime:
    """The UTC instant of ``wall`` on ``day`` in ``tz``: gap → moved forward by the gap;
    fold → the first occurrence (see the module docstring)."""
    naive = datetime.combine(day, wall.replace(tzinfo=None))
    # fold=0 is, by PEP 495, the offset in force before the change, for gaps and folds
    # alike: exactly RFC 5545's reading of both.
    return naive.replace(tzinfo=as_zone(tz), fold=0).astimezone(UTC)


def is_business_moment(instant: datetime, tz: ZoneLike, hours: BusinessHours) -> bool:
    moment = local(instant, tz)
    day = moment.date()
    if not hours.is_business_day(day):
        return False
    return at_local(day, hours.start, tz) <= instant < at_local(day, hours.end, tz)


def next_business_moment(instant: datetime, tz: ZoneLike, hours: BusinessHours) -> datetime:
    """The first instant at or after ``instant`` inside business hours in ``tz``."""
    day = local(instant, tz).date()
    for offset in range(SEARCH_DAYS):
        candidate = day + timedelta(days=offset)
        if not hours.is_business_day(candidate):
            continue
        opening = at_local(candidate, hours.start, tz)
        if instant < opening:
            return opening
        if instant < at_local(candidate, hours.end, tz):
            return instant.astimezone(UTC)
    raise ValueError("no business day within two weeks: check the business-days setting")


def on_the_minute(due: datetime, now: datetime, tz: ZoneLike, hours: BusinessHours) -> datetime:
    """A planned ``due`` (inside ``hours``) on its whole minute, as every screen, reminder
    and invite reads it: a call logged at 14:32:17 plans 14:32 the next day, not 14:32:17.
    Never before ``now``: a step due now is due at the next whole minute, inside ``hours``
    (the next opening when that minute is closing time). Rounded in UTC, which is the
    local minute too: every zone's offset has been whole minutes since 1972."""
    minute = due.astimezone(UTC).replace(second=0, microsecond=0)
    if minute >= now:
        return minute
    next_minute = now.astimezone(UTC).replace(second=0, microsecond=0) + timedelta(minutes=1)
    return next_business_moment(next_minute, tz, hours)


def add_business_days(day: date, count: int, hours: BusinessHours) -> date:
    """``count`` business days after ``day`` (before it when negative); 0 → ``day``."""
    step = 1 if count >= 0 else -1
    current = day
    remaining = abs(count)
    while remaining:
        current += timedelta(days=step)
        if hours.is_business_day(current):
            remaining -= 1
    return current


def _clamped(wall: time, hours: BusinessHours) -> time:
    return min(max(wall.replace(tzinfo=None), hours.start), hours.latest_call())


def same_time_business_days_later(
    instant: datetime, count: int, tz: ZoneLike, hours: BusinessHours
) -> datetime:
    """``count`` business days after the local date of ``instant``, at the same wall-clock
    time, clamped into business hours (an evening time becomes the last call slot)."""
    moment = local(instant, tz)
    day = add_business_days(moment.date(), count, hours)
    return next_business_moment(at_local(day, _clamped(moment.time(), hours), tz), tz, hours)


def same_local_time_next_business_day(
    instant: datetime, tz: ZoneLike, hours: BusinessHours
) -> datetime:
    return same_time_business_days_later(instant, 1, tz, hours)


def same_time_days_later(
    instant: datetime, days: int, tz: ZoneLike, hours: BusinessHours
) -> datetime:
    """``days`` calendar days later at the same wall-clock time (so a DST change between
    does not shift the hour); a weekend moves to the next business day, same time."""
    moment = local(instant, tz)
    day = moment.date() + timedelta(days=days)
    if not hours.is_business_day(day):
        day = add_business_days(day, 1, hours)
    return next_business_moment(at_local(day, _clamped(moment.time(), hours), tz), tz, hours)


def next_business_morning(
    instant: datetime, after_day: date, tz: ZoneLike, hours: BusinessHours, offset: timedelta
) -> datetime:
    """Opening + ``offset`` on the first business day in ``tz`` whose date is after
    ``after_day`` and whose slot is later than ``instant``."""
    day = max(local(instant, tz).date(), after_day + timedelta(days=1))
    for _ in range(SEARCH_DAYS):
        if hours.is_business_day(day):
            slot = next_business_moment(at_local(day, hours.start, tz) + offset, tz, hours)
            if slot > instant:
                return slot
        day += timedelta(days=1)
    raise ValueError("no business day within two weeks: check the business-days setting")


def describe_local(instant: datetime, tz: ZoneLike) -> str:
    """ "Tue 24 Nov 10:00", in ``tz``: for warnings the rep reads."""
    return moment_text(local(instant, tz))


def offers_end(start: datetime, hours: BusinessHours) -> datetime:
    """A time past any suggested_slots can offer from ``start``: it looks SEARCH_DAYS
    business days on, three weeks and more for a rep who calls on few days of the week;
    a day either side for the contact's date, which may not be UTC's."""
    day = start.astimezone(UTC).date()
    return start + (add_business_days(day, SEARCH_DAYS, hours) - day) + timedelta(days=2)


def suggested_slots(
    now: datetime,
    tz: ZoneLike,
    hours: BusinessHours,
    count: int = 3,
    rep_zone: ZoneLike | None = None,
    busy: Sequence[tuple[datetime, datetime]] = (),
) -> tuple[datetime, ...]:
    """Times to offer a contact ("would Tuesday 10:00 or Wednesday 14:00 suit you?"): one
    a business day from the next one on, alternating late morning and mid-afternoon in
    their zone, so they can pick what fits their week. Each is inside business hours.

    With ``rep_zone``, each is inside the same hours on the rep's clock too (a rep in
    Paris is not offered 21:00 for a customer in Chicago): a slot outside them moves to
    the nearest time both can call, and a day with no such time is skipped. Where no day
    in two weeks has one (Sydney and London), their hours alone decide.

    ``busy``: the rep's meetings (from their calendar). A slot that would overlap one
    moves to its end when that is still a time both can call that day; else the day is
    skipped."""
    morning = _clamped(
        (datetime.combine(date(2000, 1, 3), hours.start) + SLOT_MORNING).time(), hours
    )
    afternoon = _clamped(
        (datetime.combine(date(2000, 1, 3), hours.start) + SLOT_AFTERNOON).time(), hours
    )
    day = local(now, tz).date()
    taken = _Taken(busy)
    slots: list[datetime] = []
    for _ in range(SEARCH_DAYS):
        if len(slots) == count:
            return tuple(slots)
        day = add_business_days(day, 1, hours)
        wall = morning if len(slots) % 2 == 0 else afternoon
        slot = next_business_moment(at_local(day, wall, tz), tz, hours)
        shared = slot if rep_zone is None else _shared_slot(slot, day, tz, as_zone(rep_zone), hours)
        if shared is not None and busy:
            shared = _clear_of(shared, taken, day, tz, rep_zone, hours)
        if shared is not None:
            slots.append(shared)
    if rep_zone is not None and len(slots) < count:
        return suggested_slots(now, tz, hours, count, busy=busy)
    if busy and len(slots) < count:
        # Every day taken for weeks: times are offered as if free rather than none (a
        # script's "Tuesday 10:00 or Wednesday 14:00" needs them).
        return suggested_slots(now, tz, hours, count)
    return tuple(slots)


def clash(
    start: datetime, busy: Sequence[tuple[datetime, datetime]], length: timedelta = CALL_LENGTH
) -> tuple[datetime, datetime] | None:
    """The meeting a call at ``start`` would overlap, if any."""
    end = start + length
    return next(((s, e) for s, e in busy if s < end and start < e), None)


def taken_times(
    meetings: Iterable[tuple[datetime, datetime]], planned_calls: Iterable[datetime]
) -> tuple[tuple[datetime, datetime], ...]:
    """What a time offered to a contact keeps clear of: the rep's meetings, and each call
    she has planned with anyone, held for ``CALL_LENGTH`` from when it is due. The call
    screen's cards, its next-step form, the calls kept while a team server is away and
    the e-mail drafts all offer times clear of these, so none offers a time she gave
    someone else. ``planned_calls``: when they are due (``planned_calls_between``, in
    the store and in the call screen's first look)."""
    calls = ((due, due + CALL_LENGTH) for due in planned_calls)
    return tuple(sorted((*meetings, *calls)))


class _Taken:
    """The times taken, sorted and joined where they overlap, so the one a call would
    overlap is found by bisection: a rep may have thousands of calls planned."""

    def __init__(self, busy: Iterable[tuple[datetime, datetime]]) -> None:
        self.spans: list[tuple[datetime, datetime]] = []
        for start, end in sorted(busy):
            if self.spans and start <= self.spans[-1][1]:
                if end > self.spans[-1][1]:
                    self.spans[-1] = (self.spans[-1][0], end)
            else:
                self.spans.append((start, end))
        self._starts = [start for start, _end in self.spans]

    def overlapped(self, start: datetime) -> tuple[datetime, datetime] | None:
        """The span a call at ``start`` would overlap: of those starting before it ends,
        the last (joined, the spans' ends rise with their starts)."""
        before_end = bisect_left(self._starts, start + CALL_LENGTH)
        if before_end and self.spans[before_end - 1][1] > start:
            return self.spans[before_end - 1]
        return None


def _clear_of(
    slot: datetime,
    taken: _Taken,
    day: date,
    tz: ZoneLike,
    rep_zone: ZoneLike | None,
    hours: BusinessHours,
) -> datetime | None:
    """``slot``, or the end of the meetings it overlaps when both can still call then on
    the contact's ``day``; None when the meetings fill the rest of that day."""
    candidate = slot
    for _ in range(len(taken.spans) + 1):
        meeting = taken.overlapped(candidate)
        if meeting is None:
            break
        candidate = meeting[1]
    else:
        return None
    if candidate == slot:
        return slot
    their_open, their_last = _callable_window(day, tz, hours)
    if not their_open <= candidate <= their_last:
        return None
    if rep_zone is not None:
        rep_day = local(candidate, rep_zone).date()
        rep_open, rep_last = _callable_window(rep_day, rep_zone, hours)
        if not hours.is_business_day(rep_day) or not rep_open <= candidate <= rep_last:
            return None
    return candidate


def leaves_room_for_a_call(instant: datetime, tz: ZoneLike, hours: BusinessHours) -> bool:
    """A call can start at ``instant`` in ``tz`` and still be had before closing: on a
    business day, from opening to the last call start (16:59 is inside 09:00–17:00 but
    leaves no time to talk)."""
    day = local(instant, tz).date()
    opening, last = _callable_window(day, tz, hours)
    return hours.is_business_day(day) and opening <= instant <= last


def _callable_window(day: date, tz: ZoneLike, hours: BusinessHours) -> tuple[datetime, datetime]:
    """From opening to the last call start on ``day`` in ``tz``, as instants."""
    return at_local(day, hours.start, tz), at_local(day, hours.latest_call(), tz)


def _shared_slot(
    slot: datetime, day: date, tz: ZoneLike, rep_zone: ZoneInfo, hours: BusinessHours
) -> datetime | None:
    """``slot`` if the rep can call then too, else the nearest time on the contact's
    ``day`` that both can call; None when that day has none."""
    their_open, their_last = _callable_window(day, tz, hours)
    rep_days = {local(their_open, rep_zone).date(), local(their_last, rep_zone).date()}
    best: datetime | None = None
    for rep_day in sorted(rep_days):
        if not hours.is_business_day(rep_day):
            continue
        rep_open, rep_last = _callable_window(rep_day, rep_zone, hours)
        low, high = max(their_open, rep_open), min(their_last, rep_last)
        if low > high:
            continue
        candidate = min(max(slot, low), high)
        if best is None or abs(candidate - slot) < abs(best - slot):
            best = candidate
    return best
