"""The aggregations behind the rep's numbers, done by the database so 1,000,000 touches
never come into Python one object at a time: grouped counts, and plain tuples where a
rule has to look at a sequence. Portable SQL (window functions exist in SQLite and
PostgreSQL alike)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from followup_desktop.core.model import ContactStatus, DealStage, FollowUpState, Outcome
from followup_desktop.core.stats import ATTEMPT_OUTCOMES, CALL_OUTCOMES, CONNECTION_OUTCOMES
from followup_desktop.store.schema import (
    ContactRow,
    DealRow,
    FollowUpRow,
    TouchRow,
    UtcDateTime,
)

CLOSED = (DealStage.WON.value, DealStage.LOST.value)
# A next step left undone this long means the rep has let the prospect go.
STALE = timedelta(days=14)
LIVE_STATUSES = (
    ContactStatus.ACTIVE.value,
    ContactStatus.SERIOUS.value,
    ContactStatus.CURIOUS.value,
)


def stage_totals(session: Session) -> list[tuple[str, str, int, int]]:
    rows = session.execute(
        select(DealRow.stage, DealRow.currency, func.count(), func.sum(DealRow.value_minor))
        .join(ContactRow, ContactRow.id == DealRow.contact_id)
        .where(ContactRow.deleted_at.is_(None))
        .group_by(DealRow.stage, DealRow.currency)
    )
    return [(stage, currency, count, int(total or 0)) for stage, currency, count, total in rows]


def at_risk(session: Session) -> list[tuple[str, int]]:
    """Open deal value whose contact has no agreed call planned, by currency."""
    agreed_call = exists().where(
        FollowUpRow.contact_id == DealRow.contact_id,
        FollowUpRow.state == FollowUpState.OPEN.value,
        FollowUpRow.agreed.is_(True),
    )
    rows = session.execute(
        select(DealRow.currency, func.sum(DealRow.value_minor))
        .join(ContactRow, ContactRow.id == DealRow.contact_id)
        .where(ContactRow.deleted_at.is_(None), DealRow.stage.not_in(CLOSED), ~agreed_call)
        .group_by(DealRow.currency)
    )
    return [(currency, int(total or 0)) for currency, total in rows]


def no_next_step(session: Session, limit: int = 100) -> tuple[list[tuple[int, str, str]], int]:
    """Live prospects with nothing planned (the denormalised next-follow-up column)."""
    where = and_(
        ContactRow.deleted_at.is_(None),
        ContactRow.next_follow_up_at.is_(None),
        ContactRow.status.in_(LIVE_STATUSES),
    )
    count = session.scalar(select(func.count()).select_from(ContactRow).where(where)) or 0
    rows = session.execute(
        select(ContactRow.id, ContactRow.name, ContactRow.company)
        .where(where)
        .order_by(ContactRow.sort_name, ContactRow.id)
        .limit(limit)
    )
    return [(id_, name, company) for id_, name, company in rows], count


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
    """For each won prospect, how many times they were contacted (attempts and
    conversations): "won on the 5th contact"."""
    counted = (*ATTEMPT_OUTCOMES, *CONNECTION_OUTCOMES)
    rows = session.execute(
        select(func.count(TouchRow.id).filter(TouchRow.outcome.in_(counted)))
        .select_from(ContactRow)
        .outerjoin(TouchRow, TouchRow.contact_id == ContactRow.id)
        .where(ContactRow.deleted_at.is_(None), ContactRow.status == ContactStatus.WON.value)
        .group_by(ContactRow.id)
    )
    return [count for (count,) in rows]


def _not_followed_up(now: datetime) -> ColumnElement[bool]:
    """Nothing planned, or only a step left overdue for longer than STALE: given up."""
    return or_(ContactRow.next_follow_up_at.is_(None), ContactRow.next_follow_up_at < now - STALE)


def dropped(session: Session, now: datetime) -> list[tuple[int, int]]:
    """(attempts since the last connection, how many prospects) for prospects tried and
    then let go: nothing planned, or the next step left undone for weeks."""
    rows = session.execute(
        select(ContactRow.attempts, func.count())
        .where(
            ContactRow.deleted_at.is_(None),
            _not_followed_up(now),
            ContactRow.attempts > 0,
            ContactRow.status != ContactStatus.WON.value,
        )
        .group_by(ContactRow.attempts)
    )
    return [(attempts, count) for attempts, count in rows]


def series_touches(session: Session) -> list[tuple[int, str]]:
    rows = session.execute(
        select(TouchRow.contact_id, TouchRow.outcome)
        .where(TouchRow.outcome.in_((Outcome.VOICEMAIL.value, *CONNECTION_OUTCOMES)))
        .order_by(TouchRow.contact_id, TouchRow.at, TouchRow.id)
    )
    return [(contact_id, outcome) for contact_id, outcome in rows]


def planned_contacts(session: Session, now: datetime) -> set[int]:
    """Contacts whose next step is still alive (planned, and not left undone for weeks)."""
    rows = session.execute(select(ContactRow.id).where(~_not_followed_up(now)))
    return {id_ for (id_,) in rows}


def connections_with_next_touch(session: Session) -> list[tuple[str, datetime, datetime | None]]:
    """(outcome, at, the contact's next touch) for every visit and connected call."""
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


def agreed_calls_due(
    session: Session, now: datetime
) -> list[tuple[datetime, str, datetime | None]]:
    """(due, agreed zone, first call answering it) for agreed calls due before ``now``
    that were kept (open or done; a re-agreed one is not a miss)."""
    # One grouped pass over the touches, joined by id (a correlated subquery per agreed
    # call would scan the touches once per call: minutes at 1,000,000 touches).
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
