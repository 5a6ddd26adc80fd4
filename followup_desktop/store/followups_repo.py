"""Touches, follow-ups and commitments: history in, plans out. Nothing is ever deleted:
a re-planned follow-up is marked superseded and points at what replaced it."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    delete,
    func,
    insert,
    literal_column,
    not_,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from followup_desktop.core.calendar import CALL_LENGTH, MOST_CALLS_HELD, at_local, local, zone
from followup_desktop.core.contact_timeline import ClosedStep, KeptPromise, TimelineFacts
from followup_desktop.core.model import (
    Commitment,
    CommitmentState,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Outcome,
    Touch,
)
from followup_desktop.core.steps import CONNECTIONS
from followup_desktop.core.write_memory import REMEMBERED_FOR
from followup_desktop.store import touch_facts
from followup_desktop.store.owners import login, made_by_me, my_own
from followup_desktop.store.plain_rows import (
    by_contact,
    commitment_model,
    follow_up_model,
    touch_model,
    with_contact,
)
from followup_desktop.store.schema import (
    AppliedWriteRow,
    CommitmentRow,
    ContactRow,
    FollowUpRow,
    TouchRow,
)


def touches(session: Session, contact_id: int, before: datetime | None = None) -> tuple[Touch, ...]:
    statement = select(TouchRow).where(TouchRow.contact_id == contact_id)
    if before is not None:
        statement = statement.where(TouchRow.at <= before)
    rows = session.scalars(statement.order_by(TouchRow.at, TouchRow.id))
    return tuple(touch_model(row) for row in rows)


def touches_of(session: Session, contact_ids: Iterable[int]) -> dict[int, tuple[Touch, ...]]:
    """``touches`` for many contacts in one query (each contact's as ``touches`` reads
    them): the day's calls kept for later in a handful of round trips, not six a contact."""
    rows = session.scalars(
        select(TouchRow)
        .where(TouchRow.contact_id.in_(list(contact_ids)))
        .order_by(TouchRow.at, TouchRow.id)
    )
    return by_contact(touch_model(row) for row in rows)


def colleagues_touches_of(
    session: Session, contact_ids: Iterable[int]
) -> dict[int, tuple[int, ...]]:
    """The history lines on ``contact_ids`` a colleague logged, not the rep (a contact
    handed to her on a team server), by contact: the lines ``made_by_me`` leaves out, as
    ``last_connection`` does. None in a file, where every line is hers."""
    mine = made_by_me(session)
    if not mine:
        return {}
    rows = session.execute(
        select(TouchRow.contact_id, TouchRow.id)
        .join(ContactRow, ContactRow.id == TouchRow.contact_id)
        .where(TouchRow.contact_id.in_(list(contact_ids)), not_(and_(*mine)))
        .order_by(TouchRow.id)
    )
    found: dict[int, list[int]] = {}
    for contact_id, touch_id in rows:
        found.setdefault(contact_id, []).append(touch_id)
    return {contact_id: tuple(ids) for contact_id, ids in found.items()}


def open_follow_ups(session: Session, contact_id: int) -> tuple[FollowUp, ...]:
    return open_follow_ups_of(session, [contact_id]).get(contact_id, ())


def open_follow_ups_of(
    session: Session, contact_ids: Iterable[int]
) -> dict[int, tuple[FollowUp, ...]]:
    """Each contact's open follow-ups, soonest first, in one query."""
    rows = session.scalars(
        select(FollowUpRow)
        .where(
            FollowUpRow.contact_id.in_(list(contact_ids)),
            FollowUpRow.state == FollowUpState.OPEN.value,
        )
        .order_by(FollowUpRow.due_at, FollowUpRow.id)
    )
    return by_contact(follow_up_model(row) for row in rows)


def recent_follow_ups(session: Session, contact_id: int, limit: int = 20) -> tuple[FollowUp, ...]:
    rows = session.scalars(
        select(FollowUpRow)
        .where(FollowUpRow.contact_id == contact_id)
        .order_by(FollowUpRow.created_at.desc(), FollowUpRow.id.desc())
        .limit(limit)
    )
    return tuple(follow_up_model(row) for row in rows)


def recent_follow_ups_of(
    session: Session, contact_ids: Iterable[int], limit: int = 20
) -> dict[int, tuple[FollowUp, ...]]:
    """``recent_follow_ups`` for many contacts in one query: each contact's newest
    ``limit``, ranked within the contact (a window function, in SQLite and PostgreSQL)."""
    newest = (
        func.row_number()
        .over(
            partition_by=FollowUpRow.contact_id,
            order_by=(FollowUpRow.created_at.desc(), FollowUpRow.id.desc()),
        )
        .label("newest")
    )
    ranked = (
        select(FollowUpRow.id, newest)
        .where(FollowUpRow.contact_id.in_(list(contact_ids)))
        .subquery()
    )
    rows = session.scalars(
        select(FollowUpRow)
        .join(ranked, ranked.c.id == FollowUpRow.id)
        .where(ranked.c.newest <= limit)
        .order_by(FollowUpRow.created_at.desc(), FollowUpRow.id.desc())
    )
    return by_contact(follow_up_model(row) for row in rows)


def timeline_facts(session: Session, contact_id: int, limit: int) -> TimelineFacts:
    """The contact's newest ``limit`` touches, steps (re-planned ones left out) and promises."""
    touch_rows = session.scalars(
        select(TouchRow)
        .where(TouchRow.contact_id == contact_id)
        .order_by(TouchRow.at.desc(), TouchRow.id.desc())
        .limit(limit)
    )
    step_rows = session.scalars(
        select(FollowUpRow)
        .where(
            FollowUpRow.contact_id == contact_id,
            FollowUpRow.state != FollowUpState.SUPERSEDED.value,
        )
        .order_by(FollowUpRow.due_at.desc(), FollowUpRow.id.desc())
        .limit(limit)
    )
    promise_rows = session.scalars(
        select(CommitmentRow)
        .where(CommitmentRow.contact_id == contact_id)
        .order_by(CommitmentRow.due_at.desc(), CommitmentRow.id.desc())
        .limit(limit)
    )
    return TimelineFacts(
        touches=tuple(touch_model(row) for row in touch_rows),
        steps=tuple(ClosedStep(follow_up_model(row), row.closed_at) for row in step_rows),
        promises=tuple(
            KeptPromise(commitment_model(row), row.delivered_at) for row in promise_rows
        ),
    )


def get(session: Session, follow_up_id: int) -> FollowUp | None:
    row = session.get(FollowUpRow, follow_up_id)
    return None if row is None else follow_up_model(row)


def add_touch(session: Session, touch: Touch) -> int:
    """Every touch comes in here, so the facts the rep's numbers read stay true with it."""
    row = TouchRow(
        contact_id=touch.contact_id,
        outcome=touch.outcome.value,
        at=touch.at,
        notes=touch.notes,
        follow_up_id=touch.follow_up_id,
        started_at=touch.started_at,
        seconds=touch.seconds,
    )
    session.add(row)
    session.flush()
    touch_facts.refresh(session, touch.contact_id)
    return row.id


def wall_clock(instant: datetime, agreed_zone: str) -> str:
    """An agreed time as the contact said it: the wall clock in ``agreed_zone``, without an
    offset ("2026-11-03T10:00:00"), so it still says 10:00 should the zone's rules change."""
    return local(instant, zone(agreed_zone)).replace(tzinfo=None).isoformat()


def agreed_instant(due_at: datetime, agreed_local: str, agreed_zone: str) -> datetime:
    """The instant of an agreed time, read from the wall clock the contact chose. It is
    ``due_at`` while the zone's rules are those it was agreed under (a fall-back fold
    included); after a change of rules, the instant that now shows that wall clock. Rows
    from before the wall clock was stored (an offset in it) or unreadable ones: ``due_at``."""
    try:
        said = datetime.fromisoformat(agreed_local)
    except ValueError:
        return due_at
    if said.tzinfo is not None:
        return due_at
    tz = zone(agreed_zone)
    if local(due_at, tz).replace(tzinfo=None) == said:
        return due_at
    return at_local(said.date(), said.time(), tz)


def add_follow_up(
    session: Session, follow_up: FollowUp, urgent: bool = False, agreed_zone: str = ""
) -> FollowUp:
    row = FollowUpRow(
        contact_id=follow_up.contact_id,
        kind=follow_up.kind.value,
        step=follow_up.step,
        due_at=follow_up.due_at,
        objective=follow_up.objective,
        agreed=follow_up.agreed,
        state=follow_up.state.value,
        attempt=follow_up.attempt,
        urgent=urgent,
        agreed_zone=agreed_zone if follow_up.agreed else "",
        agreed_local=wall_clock(follow_up.due_at, agreed_zone) if follow_up.agreed else "",
    )
    session.add(row)
    session.flush()
    return follow_up_model(row)


def close(
    session: Session,
    ids: Iterable[int],
    state: FollowUpState,
    at: datetime,
    replaced_by: int | None = None,
) -> None:
    wanted = list(ids)
    if not wanted:
        return
    values: dict[str, object] = {"state": state.value, "closed_at": at}
    if replaced_by is not None:
        values["superseded_by_id"] = replaced_by
    session.execute(
        update(FollowUpRow)
        .where(FollowUpRow.id.in_(wanted), FollowUpRow.state == FollowUpState.OPEN.value)
        .values(**values)
    )


def move(session: Session, follow_up_id: int, due_at: datetime) -> FollowUp | None:
    """A new time for an open follow-up. SEQUENCE grows so a re-sent invite replaces the
    old one in the customer's calendar."""
    row = session.get(FollowUpRow, follow_up_id)
    if row is None or row.state != FollowUpState.OPEN.value:
        return None
    if row.due_at != due_at:
        row.due_at = due_at
        row.sequence += 1
        if row.agreed:
            row.agreed_local = wall_clock(due_at, row.agreed_zone)
        # A promise's task moved moves the promise: its history line, the scripts' and
        # drafts' "since" dates read the promise's own time.
        session.execute(
            update(CommitmentRow)
            .where(
                CommitmentRow.follow_up_id == follow_up_id,
                CommitmentRow.state == CommitmentState.OPEN.value,
            )
            .values(due_at=due_at)
        )
    session.flush()
    return follow_up_model(row)


def add_commitment(session: Session, commitment: Commitment) -> int:
    row = CommitmentRow(
        contact_id=commitment.contact_id,
        description=commitment.description,
        due_at=commitment.due_at,
        asap=commitment.asap,
        state=CommitmentState.OPEN.value,
        follow_up_id=commitment.follow_up_id,
    )
    session.add(row)
    session.flush()
    return row.id


def refresh_contact_summary(
    session: Session, contact_id: int, attempts: int, status: str | None
) -> None:
    """Keep the list's denormalised columns (next follow-up, attempts) true."""
    values: dict[str, object] = {"next_follow_up_at": _next_due(session, contact_id)}
    values["attempts"] = attempts
    if status is not None:
        values["status"] = status
    session.execute(update(ContactRow).where(ContactRow.id == contact_id).values(**values))


def refresh_next_due(session: Session, contact_id: int) -> None:
    """The list's "next follow-up" column after follow-ups moved (nothing else changed)."""
    session.execute(
        update(ContactRow)
        .where(ContactRow.id == contact_id)
        .values(next_follow_up_at=_next_due(session, contact_id))
    )


def _next_due(session: Session, contact_id: int) -> datetime | None:
    return session.scalar(
        select(func.min(FollowUpRow.due_at)).where(
            FollowUpRow.contact_id == contact_id, FollowUpRow.state == FollowUpState.OPEN.value
        )
    )


class AlreadyWritten(Exception):
    """This write's id is on record: it was written before (its answer was lost)."""


def claim_write(session: Session, write_id: str, now: datetime) -> None:
    """Record ``write_id`` in the transaction that makes the write; AlreadyWritten (the
    caller's transaction then rolls back) when it is on record already, also when another
    connection records it at the same moment (the key decides). On a team server it is
    stamped by the server's own clock, the one ``forget_old_writes`` goes by: a laptop's
    clock a year behind would have its ids forgotten at the next pass, and a write it sent
    again written twice."""
    on_server = session.get_bind().dialect.name == "postgresql"
    taken: Any = func.now() if on_server else now
    # One statement: the key refuses an id on record (no look first, a round trip less).
    try:
        session.execute(insert(AppliedWriteRow).values(id=write_id, applied_at=taken))
    except IntegrityError:
        raise AlreadyWritten(write_id) from None


# The inbox's ids (``services/inbox.py``) start so. They are kept: a mailbox the server
# rebuilt is read again, however old the messages it gives again.
MAIL_ID_START = "mail-"


def forget_old_writes(session: Session, now: datetime) -> int:
    """Forget the ids of writes taken more than ``REMEMBERED_FOR`` ago: no laptop sends a
    kept write that old (``core.write_memory``). On a team server by the server's own
    clock, so a laptop whose clock is years ahead forgets nothing early. How many went."""
    on_server = session.get_bind().dialect.name == "postgresql"
    cutoff: Any = (func.now() if on_server else now) - REMEMBERED_FOR
    gone = session.execute(
        delete(AppliedWriteRow).where(
            AppliedWriteRow.applied_at < cutoff,
            AppliedWriteRow.id.not_like(f"{MAIL_ID_START}%"),
        )
    )
    return int(getattr(gone, "rowcount", 0))


def written(session: Session, write_ids: Collection[str]) -> set[str]:
    """Those of ``write_ids`` on record: written, whether or not their answer came back."""
    if not write_ids:
        return set()
    rows = session.scalars(select(AppliedWriteRow.id).where(AppliedWriteRow.id.in_(write_ids)))
    return set(rows)


def _due(session: Session, start: datetime | None, end: datetime) -> list[ColumnElement[bool]]:
    """The rep's own open follow-ups due in the span (a manager's day is their own too)."""
    conditions = [
        FollowUpRow.state == FollowUpState.OPEN.value,
        FollowUpRow.due_at < end,
        ContactRow.deleted_at.is_(None),
        *my_own(session),
    ]
    if start is not None:
        conditions.append(FollowUpRow.due_at >= start)
    return conditions


def count_due(session: Session, start: datetime | None, end: datetime, limit: int) -> int:
    """How many open follow-ups ``due_between`` would list, counting no further than
    ``limit``: each one costs a look-up of its contact (is it deleted?), ~2 µs, so an
    unbounded count of a neglected book's overdue calls would cost more than the page."""
    if start is not None and start >= end:
        return 0
    if session.get_bind().dialect.name == "postgresql":
        listed = _due_on_server(session, start, end)
    else:
        listed = (
            select(FollowUpRow.id)
            .join(ContactRow, ContactRow.id == FollowUpRow.contact_id)
            .where(*_due(session, start, end))
        )
    listed = listed.limit(limit)
    return int(session.scalar(select(func.count()).select_from(listed.subquery())) or 0)


def _due_on_server(session: Session, start: datetime | None, end: datetime) -> Select[Any]:
    """The login's open follow-ups due in the span, in the order of the rep's index
    (migration 0019), so the server walks it and stops at the limit; each one's contact
    asked after on its own (is it live?). Joined to the contacts, the server chose its
    plan by its guess of the rows (it takes the two owners as independent, and the
    guess moves with ANALYZE's sample): for some reps it hashed all their contacts,
    115–150 ms against 2–3 ms. A subquery in the condition is not joined: one plan."""
    contact_live = (
        select(true())
        .where(
            ContactRow.id == FollowUpRow.contact_id,
            ContactRow.deleted_at.is_(None),
            *my_own(session),
        )
        .scalar_subquery()
    )
    conditions = [
        # The follow-up's own owner (kept equal to its contact's by the server's trigger):
        # the rep's index starts with it.
        literal_column(f"{FollowUpRow.__tablename__}.owner") == login(),
        FollowUpRow.state == FollowUpState.OPEN.value,
        FollowUpRow.due_at < end,
        contact_live.is_(True),
    ]
    if start is not None:
        conditions.append(FollowUpRow.due_at >= start)
    return select(FollowUpRow.id).where(*conditions).order_by(FollowUpRow.due_at)


def with_contacts() -> Select[*tuple[Any, ...]]:
    """Follow-ups with their contact's name, company and zone, as plain columns (read by
    ``plain_rows.with_contact``): a busy day or a first look reads thousands, and ORM objects would
    cost more than the query."""
    return select(
        FollowUpRow.id,
        FollowUpRow.contact_id,
        FollowUpRow.kind,
        FollowUpRow.step,
        FollowUpRow.due_at,
        FollowUpRow.objective,
        FollowUpRow.agreed,
        FollowUpRow.attempt,
        ContactRow.name,
        ContactRow.company,
        ContactRow.time_zone,
    ).join(ContactRow, ContactRow.id == FollowUpRow.contact_id)


def due_between(
    session: Session, start: datetime | None, end: datetime, limit: int | None = None
) -> list[tuple[FollowUp, str, str, str]]:
    """Open follow-ups due before ``end`` (and from ``start``), with contact name, company
    and zone, in agenda order (``core.agenda``'s: due time, contact, id); the first
    ``limit`` only when given. Served by the (state, due_at) index."""
    statement = (
        with_contacts()
        .where(*_due(session, start, end))
        .order_by(FollowUpRow.due_at, FollowUpRow.contact_id, FollowUpRow.id)
    )
    if limit is not None:
        statement = statement.limit(limit)
    return [with_contact(row) for row in session.execute(statement)]


def last_connection(session: Session, contact_id: int) -> datetime | None:
    """When the rep last reached the contact (a visit, an enquiry, a connected call): she
    herself, not a colleague who had the contact before it was handed to her."""
    return session.scalar(
        select(func.max(TouchRow.at))
        .join(ContactRow, ContactRow.id == TouchRow.contact_id)
        .where(
            TouchRow.contact_id == contact_id,
            TouchRow.outcome.in_([outcome.value for outcome in CONNECTIONS]),
            *made_by_me(session),
        )
    )


def planned_calls_between(
    session: Session, start: datetime, end: datetime, contact_id: int | None = None
) -> tuple[datetime, ...]:
    """When the rep's open calls that hold a time in [start, end) are due: times already
    taken (``calendar.taken_times``), one due just before ``start`` included. A call holds
    its time when it was agreed with someone (a time given away), and any call with
    ``contact_id`` (the one times are offered to: not again at the call-back's time). The
    rules' own calls with others move as the day goes: they take no time from a customer,
    and a rep with hundreds planned would be offered none."""
    holds: ColumnElement[bool] = FollowUpRow.agreed.is_(True)
    if contact_id is not None:
        holds = or_(holds, FollowUpRow.contact_id == contact_id)
    statement = (
        select(FollowUpRow.due_at)
        .join(ContactRow, ContactRow.id == FollowUpRow.contact_id)
        .where(
            *_due(session, start - CALL_LENGTH, end),
            FollowUpRow.kind == FollowUpKind.CALL.value,
            holds,
        )
        .order_by(FollowUpRow.due_at)
        .limit(MOST_CALLS_HELD)
    )
    return tuple(session.scalars(statement))


def invite_facts(session: Session, follow_up_id: int) -> tuple[FollowUp, int, str] | None:
    """A follow-up with what its calendar invite needs beyond the model: its SEQUENCE (grown
    by ``move``) and the zone the time was agreed in ("" when not agreed). An agreed call's
    time is read from the wall clock the contact said (``agreed_instant``)."""
    row = session.get(FollowUpRow, follow_up_id)
    if row is None:
        return None
    follow_up = follow_up_model(row)
    if row.agreed and row.agreed_local:
        # The invite is the customer's: it carries the time as they said it.
        due_at = agreed_instant(row.due_at, row.agreed_local, row.agreed_zone)
        follow_up = replace(follow_up, due_at=due_at)
    return follow_up, row.sequence, row.agreed_zone


def commitment_for(session: Session, follow_up_id: int) -> Commitment | None:
    """The promise a commitment task stands for (its proposal-cover e-mail names it)."""
    row = session.scalar(
        select(CommitmentRow)
        .where(CommitmentRow.follow_up_id == follow_up_id)
        .order_by(CommitmentRow.id.desc())
        .limit(1)
    )
    return None if row is None else commitment_model(row)


def last_touches(
    session: Session, contact_ids: Iterable[int], outcomes: Collection[Outcome] = ()
) -> dict[int, datetime]:
    """Each contact's latest touch (contacts never touched are left out), of ``outcomes``
    only when given; one indexed look-up a contact on ``ix_touches_contact_at``."""
    wanted = sorted(set(contact_ids))
    found: dict[int, datetime] = {}
    only = [TouchRow.outcome.in_([o.value for o in outcomes])] if outcomes else []
    for start in range(0, len(wanted), 500):  # under SQLite's bound-variable limit
        chunk = wanted[start : start + 500]
        rows = session.execute(
            select(TouchRow.contact_id, func.max(TouchRow.at))
            .where(TouchRow.contact_id.in_(chunk), *only)
            .group_by(TouchRow.contact_id)
        )
        found.update({contact_id: at for contact_id, at in rows})
    return found
