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
from followup_desktop.core.model import DealStage, Outcome

BUCKETS = ("1", "2", "3–4", "5+")


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


def pipeline(
    stage_rows: Iterable[tuple[str, str, int, int]],
    at_risk_rows: Iterable[tuple[str, int]],
    no_next_step: Sequence[tuple[int, str, str]],
    no_next_step_count: int,
) -> Pipeline:
    found = {
        (DealStage(stage), currency): (count, value) for stage, currency, count, value in stage_rows
    }
    currencies = sorted({currency for _, currency in found}) or ["EUR"]
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


def series_completion(
    touches: Iterable[tuple[int, str]], series_length: int, still_planned: set[int]
) -> Ratio:
    """Voicemail series finished properly: answered, or carried to the last voicemail;
    against every series that is over (a series with a next step planned is not over).

    ``touches`` are (contact id, outcome) for voicemails and connections, in time order
    per contact."""
    completed = finished = 0
    current: int | None = None
    run = 0

    def close_run(contact: int | None, answered: bool) -> None:
        nonlocal completed, finished
        if contact is None or run == 0:
            return
        done = answered or run >= series_length
        if done or contact not in still_planned:
            finished += 1
            completed += done

    for contact_id, outcome in touches:
        if contact_id != current:
            close_run(current, False)
            current, run = contact_id, 0
        if outcome == Outcome.VOICEMAIL.value:
            run += 1
        elif run:
            close_run(current, True)
            run = 0
    close_run(current, False)
    return Ratio(completed, finished)


@dataclass(frozen=True, slots=True)
class Speed:
    to_next_touch: Spread  # hours from a visit or connected call to the next touch
    visits_same_day: Ratio  # visits whose next touch was the same day (rep's calendar)
    agreed_on_day: Ratio  # agreed calls made on the agreed day, of those due so far


def speed(
    connections: Iterable[tuple[str, datetime, datetime | None]],
    agreed: Iterable[tuple[datetime, str, datetime | None]],
    rep_zone: str,
) -> Speed:
    """``connections``: (outcome, at, next touch's at) for visits and connected calls.
    ``agreed``: (due, zone it was agreed in, first call touch answering it) for agreed
    calls due before now that were not re-agreed."""
    gaps: list[float] = []
    visits = same_day = 0
    mine = zone(rep_zone)
    for outcome, at, next_at in connections:
        if next_at is not None:
            gaps.append((next_at - at) / timedelta(hours=1))
        if outcome == Outcome.VISIT.value:
            visits += 1
            same_day += (
                next_at is not None and local(at, mine).date() == local(next_at, mine).date()
            )
    made = due = 0
    for due_at, agreed_zone, called_at in agreed:
        due += 1
        tz = zone(agreed_zone, rep_zone)
        made += called_at is not None and local(called_at, tz).date() == local(due_at, tz).date()
    return Speed(Spread.of(gaps), Ratio(same_day, visits), Ratio(made, due))


CONNECTION_OUTCOMES = tuple(sorted(o.value for o in steps.CONNECTIONS))
ATTEMPT_OUTCOMES = tuple(sorted(o.value for o in steps.ATTEMPTS))
CALL_OUTCOMES = tuple(sorted(o.value for o in steps.CALLS))


@dataclass(frozen=True, slots=True)
class Stats:
    pipeline: Pipeline
    persistence: Persistence
    speed: Speed
    computed_at: datetime
