"""The rep's own numbers (PRODUCT.md practices 12–13, journey J8): the pipeline, how
persistent they are, how fast they follow up. Pure: the stats service feeds it compact
rows the store aggregated; every ratio of nothing is ``None``, never a division by zero.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from followup_desktop.core import steps
from followup_desktop.core.calendar import local, zone
from followup_desktop.core.model import DealStage

BUCKETS = ("1", "2", "3–4", "5+")
HOUR_US = 3_600_000_000
# A calendar day lasts at most 24 hours plus the largest possible clock change (UTC−12
# to UTC+14: 26 hours; around a daylight-saving change it is 23–25). A touch later than
# this after a visit cannot be on the visit's day: the store sends only the visits
# followed up sooner, and the same-day rule is checked on those.
LONGEST_DAY = timedelta(hours=24 + 26)


def figure(value: float) -> str:
    """A median or mean as the rep reads it: one decimal, none when it is whole
    ("2", "2.5", not "2.0")."""
    rounded = round(value, 1)
    return f"{rounded:,.0f}" if rounded.is_integer() else f"{rounded:,.1f}"


def percent(share: float) -> str:
    """A share in whole percent that never rounds something into nothing, nor part of
    it into all of it: "<1%" and ">99%" at the ends."""
    if 0 < share < 0.005:
        return "<1%"
    if 0.995 <= share < 1:
        return ">99%"
    return f"{share:.0%}"


def bucket(attempts: int) -> str:
    if attempts <= 1:
        return "1"
    if attempts == 2:
        return "2"
    return "3–4" if attempts <= 4 else "5+"


def buckets(counts: Iterable[tuple[int, int]]) -> dict[str, int]:
    """(attempts, how many) → {"1": …, "2": …, "3–4": …, "5+": …}, every bucket present."""
    result = dict.fromkeys(BUCKETS, 0)
    for attempts, count in counts:
        if attempts > 0:
            result[bucket(attempts)] += count
    return result


@dataclass(frozen=True, slots=True)
class Ratio:
    part: int
    whole: int

    @property
    def share(self) -> float | None:
        return self.part / self.whole if self.whole else None


@dataclass(frozen=True, slots=True)
class Spread:
    """How many, and their median and mean (None when there are none)."""

    count: int
    median: float | None
    mean: float | None

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        if not values:
            return cls(0, None, None)
        return cls(len(values), float(statistics.median(values)), statistics.fmean(values))

    @classmethod
    def of_counts(cls, counts: Iterable[tuple[int, int]]) -> Spread:
        """The spread of whole numbers given as (value, how many): what ``of`` gives for
        the list written out, without writing out 100,000 of them."""
        pairs = sorted((value, n) for value, n in counts if n > 0)
        total = sum(n for _, n in pairs)
        if not total:
            return cls(0, None, None)

        def value_at(position: int) -> int:  # in the sorted list written out, from 0
            for value, n in pairs:
                if position < n:
                    return value
                position -= n
            raise IndexError(position)

        middle = total // 2
        median = value_at(middle) if total % 2 else (value_at(middle - 1) + value_at(middle)) / 2
        return cls(total, float(median), sum(value * n for value, n in pairs) / total)

    @classmethod
    def of_hours(cls, count: int, total_us: int, middle_us: Sequence[int]) -> Spread:
        """Durations in hours from their count, exact total and the one or two middle ones
        (microseconds; two when the count is even), as the store ranks them."""
        if not count:
            return cls(0, None, None)
        hours = [us / HOUR_US for us in middle_us]
        return cls(count, sum(hours) / len(hours), total_us / (count * HOUR_US))


@dataclass(frozen=True, slots=True)
class StageTotal:
    stage: DealStage
    currency: str
    count: int
    value_minor: int


@dataclass(frozen=True, slots=True)
class Pipeline:
    stages: tuple[StageTotal, ...]  # every stage, in pipeline order, per currency
    open_value_minor: dict[str, int]  # by currency
    at_risk_value_minor: dict[str, int]  # open deals without an agreed next call
    no_next_step: tuple[tuple[int, str, str], ...]  # (id, name, company), first ones
    no_next_step_count: int

    def at_risk(self, currency: str) -> Ratio:
        return Ratio(
            self.at_risk_value_minor.get(currency, 0), self.open_value_minor.get(currency, 0)
        )

    def with_deals(self) -> tuple[StageTotal, ...]:
        """The stages that hold deals, as the rep reads her pipeline: an empty stage, or
        a currency with nothing in it, says nothing."""
        return tuple(total for total in self.stages if total.count)


def pipeline(
    stage_rows: Iterable[tuple[str, str, int, int]],
    at_risk_rows: Iterable[tuple[str, int]],
    no_next_step: Sequence[tuple[int, str, str]],
    no_next_step_count: int,
    rep_currency: str,
) -> Pipeline:
    """The deals by stage and currency; with none, the stages in ``rep_currency`` (the one
    her new deals start in), so an empty pipeline reads in her money."""
    found = {
        (DealStage(stage), currency): (count, value) for stage, currency, count, value in stage_rows
    }
    currencies = sorted({currency for _, currency in found}) or [rep_currency]
    stages = tuple(
        StageTotal(stage, currency, *found.get((stage, currency), (0, 0)))
        for currency in currencies
        for stage in DealStage
    )
    open_value = {
        currency: sum(s.value_minor for s in stages if s.currency == currency and _open(s.stage))
        for currency in currencies
    }
    return Pipeline(stages, open_value, dict(at_risk_rows), tuple(no_next_step), no_next_step_count)


def _open(stage: DealStage) -> bool:
    return stage not in (DealStage.WON, DealStage.LOST)


@dataclass(frozen=True, slots=True)
class Persistence:
    before_first_connection: Spread  # attempts per prospect before they first answered
    before_win: Spread  # contacts (attempts and conversations) per won prospect
    dropped_after: dict[str, int]  # prospects let go (nothing planned, or left undone for weeks)
    wins_by_attempts: dict[str, int]  # won prospects by how many contacts it took
    series: Ratio  # voicemail series carried to the end (or answered) of those finished


def series_completion(answered: int, carried_through: int, given_up: int) -> Ratio:
    """Voicemail series finished properly: answered, or carried to the last voicemail;
    against every series that is over (a series with a next step planned is not over).

    ``answered``: runs of voicemails a connection ended. ``carried_through``: contacts
    whose current run has reached the series length. ``given_up``: contacts whose current
    run is shorter, with nothing planned (or the next step left undone for weeks)."""
    return Ratio(answered + carried_through, answered + carried_through + given_up)


@dataclass(frozen=True, slots=True)
class Speed:
    to_next_touch: Spread  # hours from a visit or connected call to the next touch
    visits_same_day: Ratio  # visits whose next touch was the same day (rep's calendar)
    agreed_on_day: Ratio  # agreed calls made on the agreed day, of those due so far


def speed(
    to_next_touch: Spread,
    visits: int,
    soon_after_visits: Iterable[tuple[datetime, datetime]],
    agreed: Iterable[tuple[datetime, str, datetime | None]],
    rep_zone: str,
) -> Speed:
    """``to_next_touch``: hours from each visit and connected call to the contact's next
    touch. ``soon_after_visits``: (visit, next touch) for the visits whose next touch came
    within ``LONGEST_DAY``, of ``visits`` in all. ``agreed``: (due, zone it was agreed in,
    first call touch answering it) for agreed calls due before now that were not
    re-agreed."""
    mine = zone(rep_zone)
    same_day = sum(
        local(at, mine).date() == local(next_at, mine).date() for at, next_at in soon_after_visits
    )
    made = due = 0
    for due_at, agreed_zone, called_at in agreed:
        due += 1
        tz = zone(agreed_zone, rep_zone)
        made += called_at is not None and local(called_at, tz).date() == local(due_at, tz).date()
    return Speed(to_next_touch, Ratio(same_day, visits), Ratio(made, due))


CONNECTION_OUTCOMES = tuple(sorted(o.value for o in steps.CONNECTIONS))
ATTEMPT_OUTCOMES = tuple(sorted(o.value for o in steps.ATTEMPTS))
CALL_OUTCOMES = tuple(sorted(o.value for o in steps.CALLS))


@dataclass(frozen=True, slots=True)
class Stats:
    pipeline: Pipeline
    persistence: Persistence
    speed: Speed
    computed_at: datetime


@dataclass(frozen=True, slots=True)
class RepFigures:
    """One rep's line in a manager's numbers: their book, their last week, what waits."""

    login: str
    name: str
    contacts: int
    calls_this_week: int
    conversations_this_week: int
    overdue: int  # open follow-ups past their time
    no_next_step: int  # live prospects with nothing planned
    won_this_month: int
