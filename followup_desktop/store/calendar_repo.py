"""The follow-ups the rep's calendar should show, and what was last put there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.orm import Session

from followup_desktop.core import steps
from followup_desktop.core.model import FollowUp, FollowUpKind, FollowUpState
from followup_desktop.store.followups_repo import with_contacts
from followup_desktop.store.owners import my_own
from followup_desktop.store.plain_rows import with_contact
from followup_desktop.store.schema import (
    BusyTimeRow,
    CalendarEntryRow,
    ContactRow,
    FollowUpRow,
    PhoneRow,
)


@dataclass(frozen=True, slots=True)
class Published:
    follow_up_id: int
    href: str
    uid: str
    etag: str | None
    digest: str
    sequence: int


@dataclass(frozen=True, slots=True)
class Wanted:
    follow_up: FollowUp
    name: str
    company: str
    zone: str
    phone: str


def wanted(session: Session, rule_steps_until: datetime | None) -> list[Wanted]:
    """Open agreed calls and promises (every one), and, when ``rule_steps_until`` is given,
    the rules' steps due before it (their calls and e-mails, and the search for a right
    number, a task but no promise); of contacts not deleted."""
    promise = and_(
        FollowUpRow.kind == FollowUpKind.TASK.value, FollowUpRow.step != steps.FIND_NUMBER
    )
    kinds = [FollowUpRow.agreed.is_(True), promise]
    if rule_steps_until is not None:
        kinds.append(FollowUpRow.due_at < rule_steps_until)
    rows = session.execute(
        with_contacts()
        .where(
            FollowUpRow.state == FollowUpState.OPEN.value,
            ContactRow.deleted_at.is_(None),
            or_(*kinds),
            *my_own(session),
        )
        .order_by(FollowUpRow.due_at, FollowUpRow.id)
    )
    found = [with_contact(row) for row in rows]
    phones = _first_phones(session, {f.contact_id for f, *_ in found})
    return [
        Wanted(follow_up, name, company, zone, phones.get(follow_up.contact_id, ""))
        for follow_up, name, company, zone in found
    ]


def wanted_one(session: Session, follow_up_id: int) -> Wanted | None:
    """One follow-up as ``wanted`` reads it (open, of a contact not deleted), or None."""
    row = session.execute(
        with_contacts().where(
            FollowUpRow.id == follow_up_id,
            FollowUpRow.state == FollowUpState.OPEN.value,
            ContactRow.deleted_at.is_(None),
            *my_own(session),
        )
    ).first()
    if row is None:
        return None
    follow_up, name, company, zone = with_contact(row)
    phone = _first_phones(session, {follow_up.contact_id}).get(follow_up.contact_id, "")
    return Wanted(follow_up, name, company, zone, phone)


def contact_name(session: Session, follow_up_id: int) -> str:
    """The name of the contact a follow-up is for, whatever became of either since (done,
    cancelled, deleted); "" when the follow-up itself is gone (taken back)."""
    name = session.scalar(
        select(ContactRow.name)
        .join(FollowUpRow, FollowUpRow.contact_id == ContactRow.id)
        .where(FollowUpRow.id == follow_up_id, *my_own(session))
    )
    return name or ""


def _first_phones(session: Session, contact_ids: set[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    wanted_ids = sorted(contact_ids)
    for start in range(0, len(wanted_ids), 500):
        rows = session.execute(
            select(PhoneRow.contact_id, PhoneRow.e164)
            .where(PhoneRow.contact_id.in_(wanted_ids[start : start + 500]))
            .order_by(PhoneRow.contact_id, PhoneRow.position)
        )
        for contact_id, number in rows:
            found.setdefault(contact_id, number)
    return found


def published(session: Session) -> dict[int, Published]:
    rows = session.scalars(select(CalendarEntryRow))
    return {
        r.follow_up_id: Published(r.follow_up_id, r.href, r.uid, r.etag, r.digest, r.sequence)
        for r in rows
    }


def record(session: Session, entry: Published, at: datetime) -> None:
    session.merge(
        CalendarEntryRow(
            follow_up_id=entry.follow_up_id,
            href=entry.href,
            uid=entry.uid,
            etag=entry.etag,
            digest=entry.digest,
            sequence=entry.sequence,
            synced_at=at,
        )
    )


def forget(session: Session, follow_up_id: int) -> None:
    session.execute(delete(CalendarEntryRow).where(CalendarEntryRow.follow_up_id == follow_up_id))


def replace_busy(session: Session, busy: list[tuple[datetime, datetime]]) -> None:
    """What the calendars say now, instead of what they said last time."""
    session.execute(delete(BusyTimeRow))
    session.add_all(BusyTimeRow(starts_at=start, ends_at=end) for start, end in busy)


def busy_between(
    session: Session, start: datetime, end: datetime
) -> tuple[tuple[datetime, datetime], ...]:
    # A meeting longer than a day starting before ``start`` is rare; a day's margin finds it.
    rows = session.execute(
        select(BusyTimeRow.starts_at, BusyTimeRow.ends_at)
        .where(BusyTimeRow.starts_at < end, BusyTimeRow.starts_at >= start - timedelta(days=1))
        .order_by(BusyTimeRow.starts_at)
    )
    return tuple((s, e) for s, e in rows if e > start)
