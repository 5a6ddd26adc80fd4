"""The contacts the rep's address book should hold, and what was last put there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from followup_desktop.core.card_merge import CardFields
from followup_desktop.store.owners import my_own
from followup_desktop.store.schema import CardEntryRow, ContactRow, EmailRow, PhoneRow


@dataclass(frozen=True, slots=True)
class PublishedCard:
    contact_id: int
    href: str
    uid: str
    etag: str | None
    digest: str  # of the fields both sides hold (sync_marks: or of a write in flight)
    card: str | None = None  # the vCard as both sides last agreed on it (when read)


def live_fields(session: Session) -> dict[int, CardFields]:
    """What the card of every contact not deleted holds, by contact id: three plain
    queries on the connection rather than the ORM's rows (a sync with nothing to do
    reads them all: 10,000 contacts in about a tenth of a second). On a team server the
    login's own contacts: a manager's phone holds their book, not the team's."""
    phones = _listed(session, PhoneRow, PhoneRow.e164)
    emails = _listed(session, EmailRow, EmailRow.address)
    people = session.connection().execute(
        select(ContactRow.id, ContactRow.name, ContactRow.company, ContactRow.title)
        .where(ContactRow.deleted_at.is_(None), *my_own(session))
        .order_by(ContactRow.id)
    )
    return {
        contact_id: CardFields(
            " ".join(name.split()),
            company,
            title,
            tuple(phones.get(contact_id, ())),
            tuple(emails.get(contact_id, ())),
        )
        for contact_id, name, company, title in people
    }


def _listed(
    session: Session, rows: type[PhoneRow] | type[EmailRow], value: Any
) -> dict[int, list[str]]:
    """Each live contact's numbers (or addresses), in the order the contact keeps them."""
    found: dict[int, list[str]] = {}
    listed = session.connection().execute(
        select(rows.contact_id, value)
        .join(ContactRow, ContactRow.id == rows.contact_id)
        .where(ContactRow.deleted_at.is_(None), *my_own(session))
        .order_by(rows.contact_id, rows.position, rows.id)
    )
    for contact_id, text in listed:
        found.setdefault(contact_id, []).append(text)
    return found


def published(session: Session) -> dict[int, PublishedCard]:
    """What was last put there, by contact, without the copies (``copy_of`` reads one):
    a sync reads this whole table, the copies it needs only for the cards it touches."""
    rows = session.connection().execute(_entries())
    return {row[0]: PublishedCard(*row) for row in rows}


def _entries() -> Select[int, str, str, str | None, str]:
    return select(
        CardEntryRow.contact_id,
        CardEntryRow.href,
        CardEntryRow.uid,
        CardEntryRow.etag,
        CardEntryRow.digest,
    )


def entry_of(session: Session, contact_id: int) -> PublishedCard | None:
    """The contact's entry as ``published`` lists it, or None when no card is put."""
    row = (
        session.connection()
        .execute(_entries().where(CardEntryRow.contact_id == contact_id))
        .first()
    )
    return PublishedCard(*row) if row is not None else None


def copy_of(session: Session, contact_id: int) -> str | None:
    return session.scalar(select(CardEntryRow.card).where(CardEntryRow.contact_id == contact_id))


def record(session: Session, entry: PublishedCard, at: datetime) -> None:
    """The entry as it now stands; its copy is kept as it was when ``entry.card`` is None."""
    values = {
        "contact_id": entry.contact_id,
        "href": entry.href,
        "uid": entry.uid,
        "etag": entry.etag,
        "digest": entry.digest,
        "synced_at": at,
    }
    if entry.card is not None:
        values["card"] = entry.card
    session.merge(CardEntryRow(**values))


def contact_changed_at(session: Session, contact_id: int) -> datetime | None:
    """When the contact was last edited (a save, an import that grew it), else added: on
    the app's clock, what a phone card's REV is compared with. Not its row's last update,
    which a call logged moves too."""
    return session.scalar(
        select(func.coalesce(ContactRow.changed_at, ContactRow.created_at)).where(
            ContactRow.id == contact_id
        )
    )


def forget(session: Session, contact_id: int) -> None:
    session.execute(delete(CardEntryRow).where(CardEntryRow.contact_id == contact_id))
