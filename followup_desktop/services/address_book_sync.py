"""The rep's contacts, two-way with the CardDAV address book chosen at set-up: every
contact not deleted is a card there, so an incoming call from a prospect shows a name,
and a contact made or edited on the phone comes back into FollowUp.

Each sync first reads what changed there (the server's sync-token where it has one,
else every card's ETag: ``exchange/dav_listing.py``), then writes what changed here:

- A card made on the phone becomes a contact by the importer's rules (E.164 numbers,
  what cannot be checked kept as written) or, when it is someone FollowUp already has
  (the same e-mail, or the same name and number), fills in that contact.
- A card edited there is merged with the contact field by field against the copy both
  sides last agreed on (``core/card_merge.py``): a field changed on both sides keeps the
  newer value, the other goes into the contact's history and the report.
- A card deleted there deletes the contact here, softly (restorable, with a line in its
  history); a card edited there after the contact was deleted here brings it back.
  (These three: ``services/phone_card_changes.py``.)
- Writes go over the server's copy (``carddav_book.patch_card``): what only the phone
  keeps (a photo, an address) stays.

Worked out from the store at each sync against ``card_entries``, as the calendar is (see
``services/calendar_sync.py``): a change made offline is still a difference at the next
sync; a card put by a sync killed before it was recorded is adopted, not doubled; every
write is conditional on the ETag last seen; a card read is recorded in the same
transaction as what it changed here, and the sync-token is kept only after all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from followup_desktop.core.card_merge import CardFields
from followup_desktop.services import sync_tokens
from followup_desktop.services.phone_card_changes import (
    CardsPulled,
    PhoneCardChanges,
    card_digest,
    card_uid,
    write_card_over,
)
from followup_desktop.services.sync_marks import Steps, in_flight, is_in_flight
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
    changed_there: int = 0  # edited on the phone while this sync ran: merged next time


class AddressBookSync:
    def __init__(
        self, db: Database, uid_namespace: Callable[[], str], region: Callable[[], str]
    ) -> None:
        """``region``: the country national numbers on the phone's cards belong to."""
        self._db, self._uid_namespace, self._region = db, uid_namespace, region
        self._phone = PhoneCardChanges(db, uid_namespace, region)

    def pending(self) -> int:
        """Changes the next push would make (the offline count)."""
        wanted, published = self._read()
        return len(self._puts(wanted, published)) + len([i for i in published if i not in wanted])

    # Reading the phone's changes -----------------------------------------------------------
    def pull(self, server: AddressBookServer, book_url: str, now: datetime) -> CardsPulled:
        """Take in what changed in the address book since the last sync."""
        from followup_desktop.exchange.dav_listing import listing, path_of

        found = listing(server, book_url, sync_tokens.kept(self._db, sync_tokens.CARDS, book_url))
        pulled = CardsPulled()
        if not (found.complete or found.present or found.gone):
            return pulled  # nothing changed there since the token: nothing to compare
        with self._db.reading() as session:
            by_path = {path_of(p.href): p for p in cards_repo.published(session).values()}
        for path in sorted(found.removed(set(by_path))):
            self._phone.deleted_there(by_path[path], now, pulled)
        leaving: list[tuple[int, tuple[str, str | None, bytes]]] = []
        for path, etag in found.present.items():
            known = by_path.get(path)
            if known is not None and etag is not None and etag == known.etag:
                continue
            second = self._phone.changed_there(server, urljoin(book_url, path), known, now, pulled)
            if second is not None:
                leaving.append(second)
        # After every other card: a contact's own card edited on the phone too is merged
        # (its new ETag recorded) before what a second card holds is written onto it.
        left = [self._phone.leave_the_phone(server, *second, now, pulled) for second in leaving]
        if all(left):
            # Else not kept: a second card still there is listed again, and leaves then.
            sync_tokens.keep(self._db, sync_tokens.CARDS, book_url, found.token)
        return pulled

    # Writing FollowUp's changes ------------------------------------------------------------
    def push(
        self, server: AddressBookServer, book_url: str, now: datetime, steps: Steps | None = None
    ) -> CardsPushed:
        """Put every changed card and remove the cards of contacts gone. A failure of the
        server (SyncProblem, Offline) stops it; what was done is recorded."""
        from followup_desktop.exchange.caldav_calendar import Changed

        steps = steps or Steps()
        wanted, published = self._read()
        gone = [(i, entry) for i, entry in published.items() if i not in wanted]
        puts = self._puts(wanted, published)
        steps.expect(len(gone) + len(puts))
        put = removed = changed = 0
        for contact_id, entry in gone:
            steps.one()
            try:
                server.delete(entry.href, entry.etag)
                removed += 1
            except Changed:
                # Edited on the phone since: theirs stays, and so does its entry, so the
                # next sync takes the edit as one made after the delete here (the contact
                # restored, its history with it), not as a card new to FollowUp.
                changed += 1
                continue
            with self._db.writing() as session:
                cards_repo.forget(session, contact_id)
        for contact_id, card, digest in puts:
            steps.one()
            known = published.get(contact_id)
            if self._put(server, book_url, contact_id, card, digest, known, now):
                put += 1
            else:
                changed += 1
        if put or removed:
            sync_tokens.catch_up(self._db, server, sync_tokens.CARDS, book_url, self._etags)
        return CardsPushed(put, removed, changed)

    def _etags(self) -> dict[str, str | None]:
        from followup_desktop.exchange.dav_listing import path_of

        with self._db.reading() as session:
            return {path_of(p.href): p.etag for p in cards_repo.published(session).values()}

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
        from followup_desktop.exchange.carddav_book import build_card, patch_card

        href = known.href if known else server.card_url(book_url, card.uid)
        if known is None:
            data = build_card(card)
            try:
                etag = server.put_card(href, data, None, new=True)
            except Changed:  # put by a sync killed before it recorded it: adopt it
                etag = server.put_card(href, data, server.card_etag(href), new=False)
        else:
            with self._db.reading() as session:
                kept = cards_repo.copy_of(session, contact_id)
            copy = kept.encode("utf-8") if kept is not None else None
            data = patch_card(copy, card, f"{now.astimezone(UTC):%Y%m%dT%H%M%SZ}", self._region())
            # Marked before the write, as the calendar's entries are (calendar_sync).
            try:
                etag = write_card_over(self._db, server, known, in_flight(digest), data, now)
            except Changed:
                if not is_in_flight(known.digest):
                    return False  # edited on the phone: merged next
                etag = server.put_card(href, data, server.card_etag(href), new=False)
        with self._db.writing() as session:
            cards_repo.record(
                session,
                PublishedCard(contact_id, href, card.uid, etag, digest, data.decode("utf-8")),
                now,
            )
        return True

    def _read(self) -> tuple[dict[int, CardFields], dict[int, PublishedCard]]:
        with self._db.reading() as session:
            return cards_repo.live_fields(session), cards_repo.published(session)

    def _puts(
        self, wanted: dict[int, CardFields], published: dict[int, PublishedCard]
    ) -> list[tuple[int, Card, str]]:
        from followup_desktop.exchange.carddav_book import Card

        changes = []
        namespace = ""  # read once, only when a card is new
        for contact_id, fields in wanted.items():
            known = published.get(contact_id)
            if known is not None:
                uid = known.uid
            else:
                namespace = namespace or self._uid_namespace()
                uid = card_uid(namespace, f"contact {contact_id}")
            digest = card_digest(fields, uid)
            if known is None or known.digest != digest:
                card = Card(
                    uid,
                    fields.name,
                    fields.company,
                    fields.title,
                    fields.phones,
                    fields.emails,
                    NOTE,
                )
                changes.append((contact_id, card, digest))
        return changes
