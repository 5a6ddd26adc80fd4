"""Deals (PRODUCT.md practice 12): a contact's opportunity, its value and stage. Winning
or losing the deal settles the contact's status, so the rules stop planning calls."""

from __future__ import annotations

from dataclasses import dataclass, replace

from followup_desktop.core.changes import Area, Change, about
from followup_desktop.core.clock import Clock
from followup_desktop.core.contact_rules import validated_contact
from followup_desktop.core.model import Contact, ContactStatus, Deal, DealStage
from followup_desktop.services.contacts import ContactNotFound
from followup_desktop.services.followups import NotFound
from followup_desktop.store import contacts_repo, deals_repo
from followup_desktop.store.db import Database, StoreSession

_SETTLES = {DealStage.WON: ContactStatus.WON, DealStage.LOST: ContactStatus.LOST}


@dataclass(frozen=True, slots=True)
class ContactSaved:
    contact_id: int
    change: Change


class DealService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def for_contact(self, contact_id: int) -> tuple[Deal, ...]:
        with self._db.reading() as session:
            return deals_repo.for_contact(session, contact_id)

    def current(self, contact_id: int) -> Deal | None:
        """The deal the contact dialog edits: the newest open one, else the newest."""
        deals = self.for_contact(contact_id)
        open_deals = [d for d in deals if d.stage not in (DealStage.WON, DealStage.LOST)]
        return (open_deals or list(deals) or [None])[-1]

    def save(self, deal: Deal) -> int:
        _check(deal)
        with self._db.writing() as session:
            return self._store(session, deal)

    def save_with_contact(self, contact: Contact, deal: Deal | None) -> ContactSaved:
        """The contact dialog's Save: the contact (new, or edited) and its deal in one
        transaction, both stored or neither."""
        contact = validated_contact(contact)
        if deal is not None:
            _check(deal)
        with self._db.writing() as session:
            if contact.id is None:
                contact_id = contacts_repo.add(session, contact)
            elif contacts_repo.save(session, contact):
                contact_id = contact.id
            else:
                raise ContactNotFound(f"contact {contact.id} no longer exists")
            if deal is not None:
                self._store(session, replace(deal, contact_id=contact_id))
        # A new zone moves "their time" in Today too; a deal, the pipeline.
        areas = Area.CONTACTS | Area.AGENDA | (Area.DEALS if deal is not None else Area.NONE)
        return ContactSaved(contact_id, about(areas, (contact_id,)))

    def _store(self, session: StoreSession, deal: Deal) -> int:
        contact = contacts_repo.get(session, deal.contact_id, to_change=True)
        if contact is None:
            raise NotFound(f"there is no contact {deal.contact_id}")
        deal_id = deals_repo.save(session, deal, self._clock.now())
        settled = _SETTLES.get(deal.stage)
        if settled is not None and contact.status is not settled:
            contact.status = settled
            contacts_repo.save(session, contact)
        return deal_id


def _check(deal: Deal) -> None:
    if deal.value_minor < 0:
        raise ValueError("a deal's value cannot be negative")
    if len(deal.currency) != 3 or not deal.currency.isalpha():
        raise ValueError(f"{deal.currency!r} is not a currency code like EUR or USD")
