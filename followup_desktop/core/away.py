"""The rep away (a holiday, a conference): from one day to another, in the rep's zone.

While away no reminder fires, and nothing the rules plan falls inside: a follow-up due
inside moves to the first business day after, at the same local time, keeping its step
and attempt (so a series or a ladder goes on from where it stood). An agreed call is the
customer's time too: it is never moved silently, only listed for the rep to re-agree. A
promise is the rep's word to the customer: it stays where she put it, listed for her to
keep before she goes or to tell the customer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from followup_desktop.core import settings as options
from followup_desktop.core import steps
from followup_desktop.core.calendar import (
    BusinessHours,
    at_local,
    check_year,
    local,
    next_business_moment,
)
from followup_desktop.core.calendar import zone as zone_named
from followup_desktop.core.clock_words import day_text
from followup_desktop.core.model import FollowUp, FollowUpKind
from followup_desktop.core.settings import Settings

# Times offered to a customer look this far ahead: an away period starting within it
# pushes the offers past its end.
OFFERS_LOOK_AHEAD = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class AwayPeriod:
    first_day: date
    last_day: date  # inclusive

    @classmethod
    def of(cls, settings: Settings) -> AwayPeriod | None:
        """The period set in Settings (None: not away, or an unreadable setting)."""
        start, end = settings.get(options.AWAY_FROM), settings.get(options.AWAY_TO)
        if not start or not end:
            return None
        try:
            return cls.parse(start, end)
        except ValueError:
            return None

    @classmethod
    def parse(cls, first: str, last: str) -> AwayPeriod:
        """From ISO days ("2026-12-21"); ValueError in plain words."""
        try:
            first_day, last_day = date.fromisoformat(first), date.fromisoformat(last)
        except ValueError:
            raise ValueError("write the days as YYYY-MM-DD, like 2026-12-21") from None
        check_year(first_day)
        check_year(last_day)
        if last_day < first_day:
            raise ValueError(f"the last day ({last_day}) is before the first ({first_day})")
        return cls(first_day, last_day)

    def bounds(self, rep_zone: str) -> tuple[datetime, datetime]:
        """From the first day's midnight to the midnight after the last, as instants."""
        tz = zone_named(rep_zone)
        start = at_local(self.first_day, datetime.min.time(), tz)
        return start, at_local(self.last_day + timedelta(days=1), datetime.min.time(), tz)

    @staticmethod
    def last_day_to(end: datetime, rep_zone: str) -> date:
        """The last day away, from the end of the time away (``bounds``: the midnight
        after that day)."""
        return (end - timedelta(microseconds=1)).astimezone(zone_named(rep_zone)).date()

    def covers(self, instant: datetime, rep_zone: str) -> bool:
        start, end = self.bounds(rep_zone)
        return start <= instant < end

    def is_over(self, now: datetime, rep_zone: str) -> bool:
        return now >= self.bounds(rep_zone)[1]

    def moved_out(
        self, due_at: datetime, contact_zone: str, rep_zone: str, hours: BusinessHours
    ) -> datetime:
        """``due_at`` (inside the period) on the contact's first business day after it, at
        the same local time, inside their hours."""
        tz = zone_named(contact_zone, rep_zone)
        _start, end = self.bounds(rep_zone)
        wall = local(due_at, tz).time()
        day = local(end, tz).date()
        for _ in range(31):
            if hours.is_business_day(day):
                moment = next_business_moment(at_local(day, wall, tz), tz, hours)
                if moment >= end and local(moment, tz).date() == day:
                    return moment
            day += timedelta(days=1)
        return next_business_moment(end, tz, hours)

    def offers_from(self, now: datetime, rep_zone: str) -> datetime:
        """Where times offered to a customer start: after the period when it is under
        way or begins within the week the offers look at."""
        start, end = self.bounds(rep_zone)
        return end if now < end and start < now + OFFERS_LOOK_AHEAD else now

    def describe(self) -> str:
        return f"{day_text(self.first_day, year=True)} to {day_text(self.last_day, year=True)}"


def offers_from(settings: Settings, now: datetime, rep_zone: str) -> datetime:
    """Where the times offered to a customer (the call screen's, an e-mail's) start: never
    while the rep is away."""
    period = AwayPeriod.of(settings)
    return period.offers_from(now, rep_zone) if period else now


def moves_when_away(follow_up: FollowUp) -> bool:
    """Whether time away moves the step: the rules' calls and e-mails and the search for a
    right number do; what the rep said to a customer (an agreed call, a promise) does not."""
    if follow_up.agreed:
        return False
    return follow_up.kind is not FollowUpKind.TASK or steps.is_number_search(follow_up)


@dataclass(frozen=True, slots=True)
class AwayPlan:
    """What setting the period does to the open follow-ups."""

    moves: tuple[tuple[FollowUp, datetime], ...]  # follow-up, its new time
    to_agree_again: tuple[FollowUp, ...]  # agreed calls inside: the rep calls or writes
    promises: tuple[FollowUp, ...] = ()  # promises due inside: kept where they are


def plan_away(
    period: AwayPeriod,
    open_inside: list[tuple[FollowUp, str]],
    rep_zone: str,
    hours: BusinessHours,
) -> AwayPlan:
    """``open_inside``: the open follow-ups due inside the period, with their contact's
    zone."""
    moves: list[tuple[FollowUp, datetime]] = []
    agreed: list[FollowUp] = []
    promises: list[FollowUp] = []
    for follow_up, contact_zone in open_inside:
        if not period.covers(follow_up.due_at, rep_zone):
            continue
        if follow_up.agreed:
            agreed.append(follow_up)
        elif not moves_when_away(follow_up):
            promises.append(follow_up)
        else:
            # The search for a right number is the rep's work: it moves on her clock.
            kept_in = steps.clock_zone(follow_up, contact_zone, rep_zone)
            moves.append((follow_up, period.moved_out(follow_up.due_at, kept_in, rep_zone, hours)))
    return AwayPlan(tuple(moves), tuple(agreed), tuple(promises))
