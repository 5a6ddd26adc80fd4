"""Rows read as plain columns, made into core models. No SQLAlchemy here: the first look
at start-up (``first_look`` and ``call_look``, through sqlite3) maps its rows with the
same code as the repositories map the ORM's. A row is anything with the table's columns
as attributes (an ORM row, or ``call_look``'s rows), its values already of their types
(aware UTC times, flags)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

from followup_desktop.core.contact_marks import PHONE_UNCHECKED, ZONE_UNKNOWN
from followup_desktop.core.model import (
    CallDraft,
    CameBack,
    Commitment,
    CommitmentState,
    Contact,
    ContactSort,
    ContactStatus,
    ContactSummary,
    Email,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Outcome,
    Phone,
    ScriptCard,
    Style,
    Touch,
)
from followup_desktop.core.text_search import fold

_KINDS = {kind.value: kind for kind in FollowUpKind}


class _OfAContact(Protocol):
    @property
    def contact_id(self) -> int: ...


Item = TypeVar("Item", bound=_OfAContact)


def by_contact(items: Iterable[Item]) -> dict[int, tuple[Item, ...]]:
    """``items`` grouped by their contact, each group in the order read (the readers of
    many contacts at once: ``followups_repo.touches_of`` and its kin)."""
    grouped: dict[int, list[Item]] = {}
    for item in items:
        grouped.setdefault(item.contact_id, []).append(item)
    return {contact_id: tuple(group) for contact_id, group in grouped.items()}


def with_contact(row: Sequence[Any]) -> tuple[FollowUp, str, str, str]:
    """One row of ``with_contacts``: the follow-up, and its contact's name, company, zone."""
    id_, contact_id, kind, step, due_at, objective, agreed, attempt, name, company, zone = row
    follow_up = FollowUp(
        id=id_,
        contact_id=contact_id,
        kind=_KINDS[kind],
        step=step,
        due_at=due_at,
        objective=objective,
        agreed=agreed,
        attempt=attempt,
    )
    return follow_up, name, company, zone


def summary(
    contact_id: int,
    name: str,
    company: str,
    next_follow_up_at: datetime | None,
    attempts: int,
    deal: int,
    marks: int,
    currency: str,
    owner: str | None,
) -> ContactSummary:
    """One row of the contact list, its columns in ``contacts_repo._SUMMARY_COLUMNS``."""
    return ContactSummary(
        contact_id,
        name,
        company,
        next_follow_up_at,
        attempts,
        deal,
        zone_unknown=bool(marks & ZONE_UNKNOWN),
        phone_unchecked=bool(marks & PHONE_UNCHECKED),
        deal_currency=currency,
        owner=owner or "",
    )


def sort_value(summary: ContactSummary, sort: ContactSort) -> Any:
    """The value of the sort column for a listed row (the name's is its folded form)."""
    if sort is ContactSort.NAME:
        return fold(summary.name)
    values = {
        ContactSort.COMPANY: summary.company,
        ContactSort.NEXT_FOLLOW_UP: summary.next_follow_up_at,
        ContactSort.ATTEMPTS: summary.attempts,
        ContactSort.DEAL_VALUE: summary.open_deal_value_minor,
        ContactSort.OWNER: summary.owner or None,  # none in a file (NULL)
    }
    return values[sort]


# One row of a table, by its columns' names (typed loosely: ORM rows and plain ones).
Row = Any


def email_model(row: Row) -> Email:
    """An address, with when and why mail to it came back (if it did)."""
    came_back = None if row.bounced_at is None else CameBack(row.bounced_at, row.bounce_reason)
    return Email(row.address, row.label, came_back)


def contact_model(row: Row, emails: Iterable[Row], phones: Iterable[Row]) -> Contact:
    """A contact with its e-mails and phones (each in their ``position`` order)."""
    return Contact(
        id=row.id,
        name=row.name,
        company=row.company,
        title=row.title,
        emails=[email_model(e) for e in emails],
        phones=[Phone(p.e164, p.label, p.checked) for p in phones],
        time_zone=row.time_zone,
        style=Style(row.style),
        personal_notes=row.personal_notes,
        notes=row.notes,
        status=ContactStatus(row.status),
        version=row.version,
    )


def follow_up_model(row: Row) -> FollowUp:
    return FollowUp(
        id=row.id,
        contact_id=row.contact_id,
        kind=FollowUpKind(row.kind),
        step=row.step,
        due_at=row.due_at,
        objective=row.objective,
        agreed=row.agreed,
        state=FollowUpState(row.state),
        attempt=row.attempt,
    )


def touch_model(row: Row) -> Touch:
    return Touch(
        id=row.id,
        contact_id=row.contact_id,
        outcome=Outcome(row.outcome),
        at=row.at,
        notes=row.notes,
        follow_up_id=row.follow_up_id,
        started_at=row.started_at,
        seconds=row.seconds,
    )


def commitment_model(row: Row) -> Commitment:
    return Commitment(
        id=row.id,
        contact_id=row.contact_id,
        description=row.description,
        due_at=row.due_at,
        asap=row.asap,
        state=CommitmentState(row.state),
        follow_up_id=row.follow_up_id,
    )


def card_model(row: Row) -> ScriptCard:
    return ScriptCard(
        id=row.id,
        situation=row.situation,
        part=row.part,
        text=row.text,
        variant=row.variant,
        position=row.position,
    )


def draft_model(row: Row) -> CallDraft:
    try:
        said = tuple(str(key) for key in json.loads(row.said))
    except (ValueError, TypeError):
        said = ()  # a damaged tick list must not cost the notes
    return CallDraft(row.contact_id, row.follow_up_id, row.notes, said, row.started_at)
