"""Deals (PRODUCT.md practice 12): a contact's opportunity, its value and stage. Winning
or losing the deal settles the contact's status, so the rules stop planning calls."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from uuid import uuid4

from followup_desktop.core.changes import NOTHING, Area, Change, about
from followup_desktop.core.clock import Clock
from followup_desktop.core.contact_merge import merge
from followup_desktop.core.contact_rules import validated_contact
from followup_desktop.core.currencies import currency_code
from followup_desktop.core.deal_outcome import status_settled_by
from followup_desktop.core.model import Contact, Deal, DealStage
from followup_desktop.services import kept_edits, right_number
from followup_desktop.services.contacts import ContactChanged, ContactNotFound
from followup_desktop.services.disk_trouble import server_away
from followup_desktop.services.followups import NotFound
from followup_desktop.services.kept_edits import EditClashes, KeptEdit
from followup_desktop.store import contacts_repo, deals_repo, followups_repo
from followup_desktop.store.db import Database, StoreSession
from followup_desktop.store.outbox import Outbox

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ContactSaved:
    contact_id: int  # 0: a new contact kept on this laptop, not numbered yet
    change: Change
    # Kept on this laptop (the team server away): written there once it is back.
    kept: bool = False
    # What the save did beyond the contact, as the history says it ("New number saved: …").
    said: str = ""


class DealService:
    def __init__(self, db: Database, clock: Clock, outbox: Outbox | None = None) -> None:
        self._db = db
        self._clock = clock
        # A team server's: contacts saved while it is away are kept there (kept_edits).
        self._outbox = outbox

    def for_contact(self, contact_id: int) -> tuple[Deal, ...]:
        with self._db.reading() as session:
            return deals_repo.for_contact(session, contact_id)

    def current(self, contact_id: int) -> Deal | None:
        """The deal the contact dialog edits: the newest open one, else the newest."""
        deals = self.for_contact(contact_id)
        open_deals = [d for d in deals if d.stage not in (DealStage.WON, DealStage.LOST)]
        chosen = open_deals or deals
        return chosen[-1] if chosen else None

    def save(self, deal: Deal) -> int:
        _check(deal)
        with self._db.writing() as session:
            return self._store(session, deal)

    def save_edit(self, opened: Contact | None, edited: Contact, deal: Deal | None) -> ContactSaved:
        """The contact dialog's Save of ``edited`` (opened as ``opened``; None: new). On a
        team server that is away, kept on this laptop (``kept``) and written there once it
        is back; ``ContactChanged`` when someone saved the contact since it was opened."""
        edited = validated_contact(edited)
        if deal is not None:
            _check(deal)
        # Made before the first try and kept with the edit: a save whose commit reached the
        # server but whose answer was lost is written once when it is sent again.
        write_id = str(uuid4())
        try:
            # A copy: the store numbers a new contact in place, a number void when its
            # transaction did not come back (kept with it, it would be sent as an edit of
            # a contact that does not exist, or of the one the lost commit made).
            once = write_id if self._outbox is not None else ""
            saved = self.save_with_contact(replace(edited), deal, once=once)
        except Exception as error:
            if self._outbox is None or not server_away(error):
                raise
            kept_edits.keep_edit(self._outbox, opened, edited, deal, write_id)
            log.warning("team server away: a contact's save kept on this laptop")
            return ContactSaved(edited.id or 0, NOTHING, kept=True)
        if self._outbox is not None and edited.id is not None:
            self._outbox.sent(kept_edits.edit_id(edited.id))  # the save made here is newer
        return saved

    def kept_edit(self, contact_id: int) -> KeptEdit | None:
        """The rep's save of the contact kept on this laptop, not yet on the server."""
        return None if self._outbox is None else kept_edits.kept_edit(self._outbox, contact_id)

    def drop_kept_edit(self, contact_id: int) -> None:
        """The rep settled the kept edit's merge (saved it, or kept the colleague's)."""
        if self._outbox is not None:
            self._outbox.sent(kept_edits.edit_id(contact_id))

    def send_kept(self, edit: KeptEdit) -> int:
        """A kept save, written to the server once (its write id): over a colleague's save
        made meanwhile, their changes and the rep's are merged; ``EditClashes`` when both
        changed one field (nothing written: the rep chooses). The contact's id."""
        try:
            return self.save_with_contact(edit.edited, edit.deal, once=edit.write_id).contact_id
        except ContactChanged as changed:
            if edit.opened is None:
                raise
            # What an earlier save of hers wrote (its answer lost) is the rep's own: the
            # merge starts from it, and a colleague is only who saved after it.
            opened = self._last_written(edit, edit.opened)
            edit = replace(edit, opened=opened)
            merged = merge(opened, edit.edited, changed.theirs)
            if merged.clashes:
                raise EditClashes(edit, changed, merged) from None
            # Their version now: refused again (and sent again later) if it moved meanwhile.
            return self.save_with_contact(merged.merged, edit.deal, once=edit.write_id).contact_id

    def _last_written(self, edit: KeptEdit, opened: Contact) -> Contact:
        """The contact as the rep's last save that reached the server wrote it (an earlier
        save the kept one replaced), else as she opened it (``opened``)."""
        with self._db.reading() as session:
            on_record = followups_repo.written(session, [e.write_id for e in edit.earlier])
        reached = [e.edited for e in edit.earlier if e.write_id in on_record]
        return reached[-1] if reached else opened

    def save_with_contact(
        self, contact: Contact, deal: Deal | None, once: str = ""
    ) -> ContactSaved:
        """The contact (new, or edited) and its deal in one transaction, both stored or
        neither. ``once``: a write id the server remembers (a kept save sent twice is
        written once: ``followups_repo.AlreadyWritten`` the second time)."""
        contact = validated_contact(contact)
        if deal is not None:
            _check(deal)
            settled = status_settled_by(deal.stage)
            if settled is not None:
                # Stored with the deal's outcome before a new number is settled: a won or
                # lost customer gets no call on it.
                contact = replace(contact, status=settled)
        with self._db.writing() as session:
            if once:
                followups_repo.claim_write(session, once, self._clock.now())
            found = None
            if contact.id is None:
                contact_id = contacts_repo.add(session, contact, self._clock.now())
            else:
                # A number saved while the rep was finding the right one finishes that.
                version, found = right_number.store_edit(session, contact, self._clock.now())
                if not version:
                    raise ContactNotFound(f"contact {contact.id} no longer exists")
                contact_id = contact.id
            if deal is not None:
                self._store(session, replace(deal, contact_id=contact_id))
        # A new zone moves "their time" in Today too; a deal, the pipeline.
        areas = Area.CONTACTS | Area.AGENDA | (Area.DEALS if deal is not None else Area.NONE)
        said = found.history if found is not None else ""
        return ContactSaved(contact_id, about(areas, (contact_id,)), said=said)

    def _store(self, session: StoreSession, deal: Deal) -> int:
        contact = contacts_repo.get(session, deal.contact_id, to_change=True)
        if contact is None:
            raise NotFound(f"there is no contact {deal.contact_id}")
        deal_id = deals_repo.save(session, deal, self._clock.now())
        settled = status_settled_by(deal.stage)
        if settled is not None:
            if contact.status is not settled:
                contact.status = settled
                contacts_repo.save(session, contact, self._clock.now())
            # Also when the contact's save already took the status (``save_with_contact``).
            right_number.end_search(session, deal.contact_id, settled, self._clock.now())
        return deal_id


def _check(deal: Deal) -> None:
    if deal.value_minor < 0:
        raise ValueError("a deal's value cannot be negative")
    currency_code(deal.currency)  # ValueError, in the words Settings uses
