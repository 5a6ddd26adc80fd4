"""Rows read as plain columns, made into core models. No SQLAlchemy here: the first look
at start-up (``first_look``, through sqlite3) maps its rows with the same code."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

from followup_desktop.core.contact_marks import PHONE_UNCHECKED, ZONE_UNKNOWN
from followup_desktop.core.model import ContactSort, ContactSummary, FollowUp, FollowUpKind
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
