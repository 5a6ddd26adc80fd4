"""The rep's numbers worked out the slow way, straight from every touch (the queries and
rules the stats used before the kept facts of ``store/touch_facts.py``): the reference
the fast figures are compared with after random histories."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from followup_desktop.core import stats
from followup_desktop.core import voicemail_series as series
from followup_desktop.core.calendar import local, zone
from followup_desktop.core.model import ContactStatus, FollowUpState, Outcome
from followup_desktop.core.stats import (
    ATTEMPT_OUTCOMES,
    CALL_OUTCOMES,
    CONNECTION_OUTCOMES,
    Ratio,
    Spread,
)
from followup_desktop.services.system_currency import rep_currency
from followup_desktop.store import settings_repo, stats_repo
from followup_desktop.store.schema import ContactRow, FollowUpRow, TouchRow, UtcDateTime


def attempts_before_first_connection(session: Session) -> list[int]:
    first = (
        select(TouchRow.contact_id, func.min(TouchRow.at).label("first_at"))
        .where(TouchRow.outcome.in_(CONNECTION_OUTCOMES))
        .group_by(TouchRow.contact_id)
        .subquery()
    )
    attempts = func.count(TouchRow.id).filter(
        TouchRow.outcome.in_(ATTEMPT_OUTCOMES), TouchRow.at < first.c.first_at
    )
    rows = session.execute(
        select(attempts)
        .select_from(first)
        .join(ContactRow, ContactRow.id == first.c.contact_id)
        .outerjoin(TouchRow, TouchRow.contact_id == first.c.contact_id)
        .where(ContactRow.deleted_at.is_(None))
        .group_by(first.c.contact_id)
    )
    return [count for (count,) in rows]


def touches_of_won(session: Session) -> list[int]:
    counted = (*ATTEMPT_OUTCOMES, *CONNECTION_OUTCOMES)
    rows = session.execute(
        select(func.count(TouchRow.id).filter(TouchRow.outcome.in_(counted)))
        .select_from(ContactRow)
        .outerjoin(TouchRow, TouchRow.contact_id == ContactRow.id)
        .where(ContactRow.deleted_at.is_(None), ContactRow.status == ContactStatus.WON.value)
        .group_by(ContactRow.id)
    )
    return [count for (count,) in rows]


def series_touches(session: Session) -> list[tuple[int, str]]:
    rows = session.execute(
        select(TouchRow.contact_id, TouchRow.outcome)
        .where(TouchRow.outcome.in_((Outcome.VOICEMAIL.value, *CONNECTION_OUTCOMES)))
        .order_by(TouchRow.contact_id, TouchRow.at, TouchRow.id)
    )
    return [(contact_id, outcome) for contact_id, outcome in rows]


def planned_contacts(session: Session, now: datetime) -> set[int]:
    rows = session.execute(select(ContactRow.id).where(~stats_repo._not_followed_up(now)))
    return {id_ for (id_,) in rows}


def connections_with_next_touch(session: Session) -> list[tuple[str, datetime, datetime | None]]:
    ordered = select(
        TouchRow.outcome.label("outcome"),
        TouchRow.at.label("at"),
        func.lead(TouchRow.at, type_=UtcDateTime)
        .over(partition_by=TouchRow.contact_id, order_by=(TouchRow.at, TouchRow.id))
        .label("next_at"),
    ).subquery()
    wanted = (Outcome.VISIT.value, Outcome.CONNECTED.value)
    rows = session.execute(
        select(ordered.c.outcome, ordered.c.at, ordered.c.next_at).where(
            ordered.c.outcome.in_(wanted)
        )
    )
    return [(outcome, at, next_at) for outcome, at, next_at in rows]


def dropped(session: Session, now: datetime) -> list[tuple[int, int]]:
    rows = session.execute(
        select(ContactRow.attempts, func.count())
        .where(
            ContactRow.deleted_at.is_(None),
            stats_repo._not_followed_up(now),
            ContactRow.attempts > 0,
            ContactRow.status != ContactStatus.WON.value,
        )
        .group_by(ContactRow.attempts)
    )
    return [(attempts, count) for attempts, count in rows]


def agreed_calls_due(
    session: Session, now: datetime
) -> list[tuple[datetime, str, datetime | None]]:
    answered = (
        select(TouchRow.follow_up_id.label("follow_up_id"), func.min(TouchRow.at).label("at"))
        .where(TouchRow.follow_up_id.is_not(None), TouchRow.outcome.in_(CALL_OUTCOMES))
        .group_by(TouchRow.follow_up_id)
        .subquery()
    )
    rows = session.execute(
        select(FollowUpRow.due_at, FollowUpRow.agreed_zone, answered.c.at)
        .join(ContactRow, ContactRow.id == FollowUpRow.contact_id)
        .outerjoin(answered, answered.c.follow_up_id == FollowUpRow.id)
        .where(
            ContactRow.deleted_at.is_(None),
            FollowUpRow.agreed.is_(True),
            FollowUpRow.due_at < now,
            FollowUpRow.state.in_((FollowUpState.OPEN.value, FollowUpState.DONE.value)),
        )
    )
    return [(due, agreed_zone, called) for due, agreed_zone, called in rows]


def series_completion(
    touches: list[tuple[int, str]], series_length: int, still_planned: set[int]
) -> Ratio:
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


def speed(
    connections: list[tuple[str, datetime, datetime | None]],
    agreed: list[tuple[datetime, str, datetime | None]],
    rep_zone: str,
) -> stats.Speed:
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
    return stats.Speed(Spread.of(gaps), Ratio(same_day, visits), Ratio(made, due))


def compute(session: Session, now: datetime, rep_zone: str) -> stats.Stats:
    settings = settings_repo.load(session)
    names, waiting = stats_repo.no_next_step(session)
    pipeline = stats.pipeline(
        stats_repo.stage_totals(session),
        stats_repo.at_risk(session),
        names,
        waiting,
        rep_currency(settings),
    )
    won = touches_of_won(session)
    persistence = stats.Persistence(
        before_first_connection=Spread.of(attempts_before_first_connection(session)),
        before_win=Spread.of(won),
        dropped_after=stats.buckets(dropped(session, now)),
        wins_by_attempts=stats.buckets((n, 1) for n in won),
        series=series_completion(
            series_touches(session),
            series.series_length(settings),
            planned_contacts(session, now),
        ),
    )
    return stats.Stats(
        pipeline,
        persistence,
        speed(
            connections_with_next_touch(session),
            agreed_calls_due(session, now),
            rep_zone,
        ),
        now,
    )
