"""What changed on the phone, taken into the store: a card made there becomes a contact
(or fills in one FollowUp has), a card edited there is merged field by field with the
contact against the copy both sides last agreed on, a card deleted there deletes the
contact softly, and a second card for someone FollowUp has leaves the phone once what it
holds is on theirs. ``services/address_book_sync.py`` lists the changes and calls these;
each card's changes are written in one transaction with its entry."""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from followup_desktop.core.card_merge import CardFields, merge
from followup_desktop.core.contact_rules import InvalidField, validated_contact
from followup_desktop.core.model import Outcome, Touch
from followup_desktop.core.text_search import fold
from followup_desktop.services import right_number
from followup_desktop.services.card_fields import (
    apply_fields,
    fields_of_contact,
    fields_of_record,
    is_newer,
    joined_lists,
    keep_aside,
    takeable,
)
from followup_desktop.services.sync_marks import in_flight, is_in_flight, write_marked
from followup_desktop.store import cards_repo, contacts_repo, followups_repo
from followup_desktop.store.cards_repo import PublishedCard
from followup_desktop.store.db import Database, StoreSession

if TYPE_CHECKING:
    from followup_desktop.exchange.carddav_book import AddressBookServer
    from followup_desktop.exchange.records import ImportedContact
    from followup_desktop.exchange.vcard_import import ServerCard


ADDED_BY_NAME = 3  # contacts added on the phone named one by one in Today; more: counted


@dataclass(slots=True)
class CardsPulled:
    new: int = 0  # contacts made from cards made on the phone
    updated: int = 0  # contacts changed by edits made there
    deleted: int = 0  # contacts deleted there, deleted here (restorable)
    read: int = 0  # cards fetched
    notices: list[str] = field(default_factory=list)  # for Today: conflicts, joins
    added: list[str] = field(default_factory=list)  # names of the contacts made from cards
    unreadable: list[str] = field(default_factory=list)  # where and why

    def news(self) -> list[str]:
        """What Today says: each contact added (a few by name, many counted), then the
        rest."""
        added = self.added
        if len(added) > ADDED_BY_NAME:
            shown = ", ".join(added[:ADDED_BY_NAME])
            lines = [f"{len(added)} contacts added on your phone: {shown}, …"]
        else:
            lines = [f"{name}: added on your phone" for name in added]
        not_taken = [f"Not taken from your phone: {why}" for why in self.unreadable]
        return lines + self.notices + not_taken


def card_digest(fields: CardFields, uid: str) -> str:
    """What a card FollowUp put held of the contact: a change here is a different digest."""
    text = "\x1f".join(
        (uid, fields.name, fields.company, fields.title, *fields.phones, "\x1e", *fields.emails)
    )
    return hashlib.sha256(text.encode()).hexdigest()


def card_uid(namespace: str, key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.UUID(namespace), key)}"


def write_card_over(
    db: Database,
    server: AddressBookServer,
    known: PublishedCard,
    marked: str,
    data: bytes,
    now: datetime,
) -> str | None:
    """``data`` over ``known``'s card, conditional on its ETag, with ``marked`` (the
    digest in flight) recorded while it goes (``sync_marks.write_marked``)."""
    return write_marked(
        db,
        lambda session, entry: cards_repo.record(session, entry, now),
        known,
        replace(known, digest=marked),
        lambda: server.put_card(known.href, data, known.etag, new=False),
    )


class PhoneCardChanges:
    def __init__(
        self, db: Database, uid_namespace: Callable[[], str], region: Callable[[], str]
    ) -> None:
        """``region``: the country national numbers on the phone's cards belong to."""
        self._db, self._uid_namespace, self._region = db, uid_namespace, region

    def _uid_for(self, key: str) -> str:
        return card_uid(self._uid_namespace(), key)

    def changed_there(
        self,
        server: AddressBookServer,
        url: str,
        known: PublishedCard | None,
        now: datetime,
        pulled: CardsPulled,
    ) -> tuple[int, tuple[str, str | None, bytes]] | None:
        """The card at ``url`` taken in. A second card for someone FollowUp has a card
        for: their id and the card (URL, ETag, data), which ``leave_the_phone`` moves."""
        from followup_desktop.exchange.records import ImportOptions, Rejection
        from followup_desktop.exchange.vcard_import import read_server_card

        fetched = server.read_card(url)
        if fetched is None:
            return None  # deleted since it was listed: the next listing says so
        data, etag = fetched
        pulled.read += 1
        card = read_server_card(data, url, ImportOptions(phone_region=self._region()))
        if card is None or isinstance(card.item, Rejection):
            if card is not None and isinstance(card.item, Rejection):
                why = card.item.reason
            else:
                why = "it holds no vCard"
            if known is not None and self._write_back(known, etag, data, now, pulled):
                return None
            pulled.unreadable.append(f"{url}: {why}")
            return None
        item = card.item
        there = fields_of_record(item)
        copy = data.decode("utf-8", errors="replace")
        with self._db.writing() as session:
            if known is not None and is_in_flight(known.digest):
                # Our own write, taken before a kill let us record it: the copy now.
                entry = replace(known, etag=etag, digest=card_digest(there, known.uid))
                cards_repo.record(session, replace(entry, card=copy), now)
                return None
            if known is not None and self._restore(session, known.contact_id, pulled):
                self._merge(session, known, card, there, now, pulled)
                entry = replace(known, etag=etag, digest=card_digest(there, known.uid))
                cards_repo.record(session, replace(entry, card=copy), now)
                return None
            if known is not None:
                cards_repo.forget(session, known.contact_id)  # its contact is gone for good
            uid = card.uid or self._uid_for(url)
            contact_id, joined = self._take_new(session, item, now, pulled)
            if joined and cards_repo.entry_of(session, contact_id) is not None:
                # Someone FollowUp already has a card for: theirs joined ours, and the
                # second card leaves the phone once what it holds is on theirs.
                return contact_id, (url, etag, data)
            record = PublishedCard(contact_id, url, uid, etag, card_digest(there, uid), copy)
            cards_repo.record(session, record, now)
        return None

    def leave_the_phone(
        self,
        server: AddressBookServer,
        contact_id: int,
        second: tuple[str, str | None, bytes],
        now: datetime,
        pulled: CardsPulled,
    ) -> bool:
        """The second card (its URL, ETag and data) deleted from the phone, once what it
        holds beyond the contact's fields (a birthday, an address, a note, a labelled
        number) is on the contact's own card: deleting it first would lose them. False
        when their card changed there meanwhile: both stay, and the next sync, listing
        the second card again, joins them again."""
        from followup_desktop.exchange.caldav_calendar import Changed
        from followup_desktop.exchange.carddav_book import carry_over

        url, etag, data = second
        with self._db.reading() as session:
            own = cards_repo.entry_of(session, contact_id)  # as this pull left it
        if own is None:
            return False  # their own card deleted there: taken in; this one next sync
        fetched = server.read_card(own.href)
        if fetched is None:
            return False  # their own card deleted there meanwhile: the next listing says so
        kept = fetched[0]
        moved = carry_over(kept, data, self._region())
        if moved is None:
            pulled.unreadable.append(f"{own.href}: cannot be read; {url} stays on your phone")
            return True
        if moved != kept:
            try:
                written = write_card_over(self._db, server, own, in_flight(own.digest), moved, now)
            except Changed:
                return False  # their card edited there since the last look: merged first
            with self._db.writing() as session:
                moved_copy = moved.decode("utf-8", errors="replace")
                cards_repo.record(session, replace(own, etag=written, card=moved_copy), now)
        with contextlib.suppress(Changed):  # edited again meanwhile: listed, joined next sync
            server.delete(url, etag)
        return True

    def _write_back(
        self,
        known: PublishedCard,
        etag: str | None,
        data: bytes,
        now: datetime,
        pulled: CardsPulled,
    ) -> bool:
        """A contact's card emptied on the phone (no name, e-mail or number left): taken as
        it is there now, with no digest, so this sync's push writes the contact's fields
        back over it. Left as it was, its every write would be refused as edited there,
        and the contact's changes would stop reaching the phone with no word. A contact
        deleted here: taken at its ETag now, so this sync's push removes it as any other's
        (at the old one, the removal would be refused at every sync)."""
        with self._db.writing() as session:
            contact = contacts_repo.get(session, known.contact_id)
            copy = data.decode("utf-8", errors="replace")
            if contact is None:
                cards_repo.record(session, replace(known, etag=etag, card=copy), now)
                return True
            cards_repo.record(session, replace(known, etag=etag, digest="", card=copy), now)
        pulled.notices.append(
            f"{contact.name}: emptied on your phone; FollowUp's copy is written back to it"
        )
        return True

    def _restore(self, session: StoreSession, contact_id: int, pulled: CardsPulled) -> bool:
        """True when the contact is here: live, or deleted here and brought back because
        the rep edited its card on the phone since."""
        if contacts_repo.get(session, contact_id) is not None:
            return True
        if not contacts_repo.set_deleted(session, contact_id, None):
            return False
        contact = contacts_repo.get(session, contact_id)
        name = contact.name if contact else "A contact"
        pulled.notices.append(f"{name}: edited on your phone after it was deleted here: restored")
        return True

    def _merge(
        self,
        session: StoreSession,
        known: PublishedCard,
        card: ServerCard,
        there: CardFields,
        now: datetime,
        pulled: CardsPulled,
    ) -> None:
        contact = contacts_repo.get(session, known.contact_id, to_change=True)
        assert contact is not None  # _restore made sure
        here = fields_of_contact(contact)
        base = self._base(known, here, cards_repo.copy_of(session, known.contact_id))
        phone_newer = is_newer(
            card.revised, cards_repo.contact_changed_at(session, known.contact_id)
        )
        from followup_desktop.exchange.records import ImportedContact

        item = card.item
        assert isinstance(item, ImportedContact)  # a Rejection was reported before
        there = takeable(there, item, base or here)
        keep_aside(session, contact, item, now, pulled)
        merged, conflicts = merge(base, here, there, phone_newer)
        if merged != here:
            apply_fields(contact, merged, item.unchecked_phones)
            try:
                # The right number typed on the phone finishes its search as a save here does.
                _version, found = right_number.store_edit(session, validated_contact(contact), now)
            except InvalidField as error:
                pulled.unreadable.append(f"{known.href}: {error}")
                return
            pulled.updated += 1
            if found is not None:
                pulled.notices.append(f"{contact.name}: {found.history}")
        for conflict in conflicts:
            text = f"Changed on your phone and in FollowUp since the last sync: {conflict.text()}"
            followups_repo.add_touch(session, Touch(contact.id or 0, Outcome.NOTE, now, text))
            pulled.notices.append(f"{contact.name}: {conflict.text()}")

    def _base(self, known: PublishedCard, here: CardFields, copy: str | None) -> CardFields | None:
        """What both sides last agreed on: the copy kept, else (a card put before copies
        were kept) FollowUp's own fields when they did not change since."""
        from followup_desktop.exchange.records import ImportedContact, ImportOptions
        from followup_desktop.exchange.vcard_import import read_server_card

        if copy is not None:
            options = ImportOptions(phone_region=self._region())
            agreed = read_server_card(copy.encode("utf-8"), known.href, options)
            if agreed is not None and isinstance(agreed.item, ImportedContact):
                return fields_of_record(agreed.item)
        return here if card_digest(here, known.uid) == known.digest else None

    def _take_new(
        self, session: StoreSession, item: ImportedContact, now: datetime, pulled: CardsPulled
    ) -> tuple[int, bool]:
        """The contact a card made on the phone is: someone FollowUp has (same e-mail, or
        same name and number: the importer's rules), filled in; else a new contact.
        Returns its id and whether it joined one."""
        from followup_desktop.services.importing import contact_from_record

        same = next(iter(contacts_repo.ids_by_email(session, item.emails).values()), None)
        if same is None:
            name = fold(item.name)
            same = next(
                (
                    i
                    for _n, folded, i in contacts_repo.people_by_phone(session, item.phones)
                    if folded == name
                ),
                None,
            )
        if same is None:
            contact_id = contacts_repo.add(
                session, validated_contact(contact_from_record(item)), now
            )
            pulled.new += 1
            pulled.added.append(item.name)
            return contact_id, False
        contact = contacts_repo.get(session, same, to_change=True)
        assert contact is not None  # found among live contacts in this transaction
        here = fields_of_contact(contact)
        joined = CardFields(
            here.name,
            here.company or fields_of_record(item).company,
            here.title or fields_of_record(item).title,
            *joined_lists(here, fields_of_record(item)),
        )
        if joined != here:
            apply_fields(contact, joined, item.unchecked_phones)
            # The right number on the card finishes its search, as a save here does.
            _version, found = right_number.store_edit(session, validated_contact(contact), now)
            pulled.updated += 1
            if found is not None:
                pulled.notices.append(f"{contact.name}: {found.history}")
        keep_aside(session, contact, item, now, pulled)
        pulled.notices.append(f"{contact.name}: a card made on your phone joined this contact")
        return same, True

    def deleted_there(self, entry: PublishedCard, now: datetime, pulled: CardsPulled) -> None:
        with self._db.writing() as session:
            contact = contacts_repo.get(session, entry.contact_id)
            if contact is not None and contacts_repo.set_deleted(session, entry.contact_id, now):
                followups_repo.add_touch(
                    session,
                    Touch(
                        entry.contact_id,
                        Outcome.NOTE,
                        now,
                        "Deleted on your phone; restore it (Edit › Deleted contacts) to put it back there.",
                    ),
                )
                pulled.deleted += 1
                pulled.notices.append(
                    f"{contact.name}: deleted on your phone (Edit › Deleted contacts brings it back)"
                )
            cards_repo.forget(session, entry.contact_id)
