"""The aggregations behind the rep's numbers, done by the database so 1,000,000 touches
never come into Python: grouped counts over the contacts, and over the touches through
indexes only. What a figure needs from a contact's sequence of touches (attempts before
the first answer, the voicemail run, the time to the next touch) is worked out when a
touch is logged (``store/touch_facts.py``), so no figure walks the history. Portable
SQL (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from followup_desktop.core.model import ContactStatus, DealStage, FollowUpState, Outcome
from followup_desktop.core.stats import CALL_OUTCOMES, LONGEST_DAY
from followup_desktop.core.touch_facts import MICROSECOND
from followup_desktop.store.schema import (
    ContactRow,
    DealRow,
    FollowUpRow,
    TouchRow,
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
    # The first names: walk the name index and stop at ``limit``. On the bare column
    # SQLite takes the next-follow-up index instead (its statistics cannot tell that
    # half the book has nothing planned) and sorts 60,000 rows for 100 of them.
    nothing_planned = func.coalesce(ContactRow.next_follow_up_at, None).is_(None)
    rows = session.execute(
        select(ContactRow.id, ContactRow.name, ContactRow.company)
        .where(
            ContactRow.deleted_at.is_(None),
            nothing_planned,
            ContactRow.status.in_(LIVE_STATUSES),
        )
        .order_by(ContactRow.sort_name, ContactRow.id)
        .limit(limit)
    )
    return [(id_, name, company) for id_, name, company in rows], count


def attempts_before_connection(session: Session) -> list[tuple[int, int]]:
    """(attempts before the first connection, how many prospects) for those who answered."""
    attempts = ContactRow.attempts_before_connection
    rows = session.execute(
        select(attempts, func.count())
        .where(ContactRow.deleted_at.is_(None), attempts.is_not(None))
        .group_by(attempts)
    )
    return [(value, count) for value, count in rows if value is not None]


def outreach_of_won(session: Session) -> list[tuple[int, int]]:
    """(times contacted, how many won prospects), attempts and conversations counted:
    "won on the 5th contact"."""
    rows = session.execute(
        select(ContactRow.outreach, func.count())
        .where(ContactRow.deleted_at.is_(None), ContactRow.status == ContactStatus.WON.value)
        .group_by(ContactRow.outreach)
    )
    return [(value, count) for value, count in rows]


def _not_followed_up(now: datetime) -> ColumnElement[bool]:
    """Nothing planned, or only a step left overdue for longer than STALE: given up."""
    return or_(ContactRow.next_follow_up_at.is_(None), ContactRow.next_follow_up_at < now - STALE)


def dropped(session: Session, now: datetime) -> list[tuple[int, int]]:
    """(attempts since the last connection, how many prospects) for prospects let go:
    nothing planned, or the next step left undone for weeks (0 attempts included)."""
    # Grouped by an expression, not the bare column, and without "attempts > 0"
    # (buckets() skips 0): either would make SQLite walk the attempts index and fetch
    # every contact from it, two to three times slower at 100,000 contacts.
    attempts = func.coalesce(ContactRow.attempts, 0)
    rows = session.execute(
        select(attempts, func.count())
        .where(
            ContactRow.deleted_at.is_(None),
            _not_followed_up(now),
            ContactRow.status != ContactStatus.WON.value,
        )
        .group_by(attempts)
    )
    return [(attempts, count) for attempts, count in rows]


def series_and_visits(
    session: Session, series_length: int, now: datetime
) -> tuple[tuple[int, int, int], int]:
    """((series answered, carried through, given up), visits): the arguments of
    ``core.stats.series_completion``, and how many visits there were. One pass over the
    contacts' kept facts (every contact, as the figures have always counted)."""
    run = ContactRow.voicemail_run
    answered, carried, given_up, visits = session.execute(
        select(
            func.coalesce(func.sum(ContactRow.answered_runs), 0),
            func.count().filter(run > 0, run >= series_length),
            func.count().filter(run > 0, run < series_length, _not_followed_up(now)),
            func.coalesce(func.sum(ContactRow.visits), 0),
        )
    ).one()
    return (int(answered), int(carried), int(given_up)), int(visits)


def gaps_after_connections(session: Session) -> tuple[int, int, list[int]]:
    """(how many, exact total, the middle one or two) of the microseconds from each visit
    and connected call to the contact's next touch, ranked through the partial index."""
    gap = TouchRow.next_touch_us
    count, seconds, remainder = session.execute(
        # Summed in two parts: a plain sum of microseconds can pass SQLite's 64 bits.
        select(func.count(gap), func.sum(gap // 1_000_000), func.sum(gap % 1_000_000)).where(
            gap.is_not(None)
        )
    ).one()
    if not count:
        return 0, 0, []
    middle = session.scalars(
        select(gap)
        .where(gap.is_not(None))
        .order_by(gap)
        .offset((count - 1) // 2)
        .limit(1 if count % 2 else 2)
    ).all()
    total = int(seconds or 0) * 1_000_000 + int(remainder or 0)
    return count, total, [us for us in middle if us is not None]


def visits_followed_soon(session: Session) -> list[tuple[datetime, datetime]]:
    """(visit, next touch) for the visits whose next touch came within LONGEST_DAY."""
    gap = TouchRow.next_touch_us
    rows = session.execute(
        select(TouchRow.at, gap).where(
            gap.is_not(None),
            gap < LONGEST_DAY // MICROSECOND,
            TouchRow.outcome == Outcome.VISIT.value,
        )
    )
    return [(at, at + us * MICROSECOND) for at, us in rows if us is not None]


def agreed_calls_due(
    session: Session, now: datetime
) -> list[tuple[datetime, str, datetime | None]]:
    """(due, agreed zone, first call answering it) for agreed calls due before ``now``
    that were kept (open or done; a re-agreed one is not a miss)."""
    # Per agreed call, its answering touches through the follow-up index: a few index
    # entries each, however many touches the store holds.
    answered = (
        select(func.min(TouchRow.at))
        .where(TouchRow.follow_up_id == FollowUpRow.id, TouchRow.outcome.in_(CALL_OUTCOMES))
        .correlate(FollowUpRow)
        .scalar_subquery()
    )
    rows = session.execute(
        select(FollowUpRow.due_at, FollowUpRow.agreed_zone, answered)
        .join(ContactRow, ContactRow.id == FollowUpRow.contact_id)
        .where(
            ContactRow.deleted_at.is_(None),
            FollowUpRow.agreed.is_(True),
            FollowUpRow.due_at < now,
            FollowUpRow.state.in_((FollowUpState.OPEN.value, FollowUpState.DONE.value)),
        )
    )
    return [(due, agreed_zone, called) for due, agreed_zone, called in rows]
