"""Contacts onto the rep's phone: every contact not deleted is a vCard in the CardDAV
address book chosen at set-up, so an incoming call from a prospect shows a name.

Worked out from the store at each sync against ``card_entries``, as the calendar is (see
``services/calendar_sync.py``): a change made offline is still a difference at the next
sync; a card put by a sync killed before it was recorded is adopted, not doubled; every
write is conditional on the ETag last seen. This part writes only: cards created or edited
on the phone come back in the next part of the work.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from followup_desktop.core.model import Contact
from followup_desktop.services.sync_marks import in_flight, is_in_flight
from followup_desktop.store import cards_repo
from followup_desktop.store.cards_repo import PublishedCard
from followup_desktop.store.db import Database

if TYPE_CHECKING:
    from followup_desktop.exchange.carddav_book import AddressBookServer, Card


NOTE = "From FollowUp."


@dataclass(frozen=True, slots=True)
class CardsPushed:
    put: int = 0
    removed: int = 0
    changed_there: int = 0  # edited on the phone since: left as they are there


class AddressBookSync:
    def __init__(self, db: Database, uid_namespace: Callable[[], str]) -> None:
        self._db, self._uid_namespace = db, uid_namespace

    def pending(self) -> int:
        """Changes the next push would make (the offline count)."""
        wanted, published = self._read()
        return len(self._puts(wanted, published)) + len(
            [i for i in published if i not in {c.id for c in wanted}]
        )

    def push(self, server: AddressBookServer, book_url: str, now: datetime) -> CardsPushed:
        """Put every changed card and remove the cards of contacts gone. A failure of the
        server (SyncProblem, Offline) stops it; what was done is recorded."""
        from followup_desktop.exchange.caldav_calendar import Changed

        wanted, published = self._read()
        live = {c.id for c in wanted}
        put = removed = changed = 0
        for contact_id, entry in published.items():
            if contact_id in live:
                continue
            try:
                server.delete(entry.href, entry.etag)
                removed += 1
            except Changed:
                changed += 1  # edited on the phone since: theirs stays
            with self._db.writing() as session:
                cards_repo.forget(session, contact_id)
        for contact, card, digest in self._puts(wanted, published):
            known = published.get(contact.id or 0)
            if self._put(server, book_url, contact.id or 0, card, digest, known, now):
                put += 1
            else:
                changed += 1
        return CardsPushed(put, removed, changed)

    def _put(
        self,
        server: AddressBookServer,
        book_url: str,
        contact_id: int,
        card: Card,
        digest: str,
        known: PublishedCard | None,
        now: datetime,
    ) -> bool:
        from followup_desktop.exchange.caldav_calendar import Changed
        from followup_desktop.exchange.carddav_book import build_card

        href = known.href if known else server.card_url(book_url, card.uid)
        data = build_card(card)
        if known is None:
            try:
                etag = server.put_card(href, data, None, new=True)
            except Changed:  # put by a sync killed before it recorded it: adopt it
                etag = server.put_card(href, data, server.card_etag(href), new=False)
        else:
            # Marked before the write, as the calendar's entries are (calendar_sync).
            with self._db.writing() as session:
                cards_repo.record(session, replace(known, digest=in_flight(digest)), now)
            try:
                etag = server.put_card(href, data, known.etag, new=False)
            except Changed:
                if not is_in_flight(known.digest):
                    with self._db.writing() as session:  # edited on the phone: theirs stays
                        cards_repo.record(session, known, now)
                    return False
                etag = server.put_card(href, data, server.card_etag(href), new=False)
        with self._db.writing() as session:
            cards_repo.record(session, PublishedCard(contact_id, href, card.uid, etag, digest), now)
        return True

    def _read(self) -> tuple[list[Contact], dict[int, PublishedCard]]:
        with self._db.reading() as session:
            return cards_repo.live_contacts(session), cards_repo.published(session)

    def _puts(
        self, wanted: list[Contact], published: dict[int, PublishedCard]
    ) -> list[tuple[Contact, Card, str]]:
        changes = []
        for contact in wanted:
            card = self._card(contact)
            digest = _digest(card)
            known = published.get(contact.id or 0)
            if known is None or known.digest != digest:
                changes.append((contact, card, digest))
        return changes

    def _card(self, contact: Contact) -> Card:
        from followup_desktop.exchange.carddav_book import Card

        namespace = uuid.UUID(self._uid_namespace())
        return Card(
            uid=f"urn:uuid:{uuid.uuid5(namespace, f'contact {contact.id}')}",
            name=" ".join(contact.name.split()),
            company=contact.company,
            title=contact.title,
            phones=tuple(p.number for p in contact.phones),
            emails=tuple(e.address for e in contact.emails),
            note=NOTE,
        )


def _digest(card: Card) -> str:
    text = "\x1f".join(
        (
            card.uid,
            card.name,
            card.company,
            card.title,
            *card.phones,
            "\x1e",
            *card.emails,
            card.note,
        )
    )
    return hashlib.sha256(text.encode()).hexdigest()
