"""The contacts the rep's address book should hold, and what was last put there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from followup_desktop.core.model import Contact
from followup_desktop.store import contacts_repo
from followup_desktop.store.schema import CardEntryRow, ContactRow


@dataclass(frozen=True, slots=True)
class PublishedCard:
    contact_id: int
    href: str
    uid: str
    etag: str | None
    digest: str  # of the fields both sides hold (sync_marks: or of a write in flight)
    card: str | None = None  # the vCard as both sides last agreed on it


def live_contacts(session: Session) -> list[Contact]:
    """Every contact not deleted, with its phones and e-mails, in id order."""
    ids = list(
        session.scalars(
            select(ContactRow.id).where(ContactRow.deleted_at.is_(None)).order_by(ContactRow.id)
        )
    )
    found: list[Contact] = []
    for start in range(0, len(ids), 500):
        chunk = contacts_repo.get_many(session, ids[start : start + 500])
        found += [chunk[i] for i in ids[start : start + 500] if i in chunk]
    return found


def published(session: Session) -> dict[int, PublishedCard]:
    rows = session.scalars(select(CardEntryRow))
    return {
        r.contact_id: PublishedCard(r.contact_id, r.href, r.uid, r.etag, r.digest, r.card)
        for r in rows
    }


def record(session: Session, entry: PublishedCard, at: datetime) -> None:
    session.merge(
        CardEntryRow(
            contact_id=entry.contact_id,
            href=entry.href,
            uid=entry.uid,
            etag=entry.etag,
            digest=entry.digest,
            synced_at=at,
            card=entry.card,
        )
    )


def contact_changed_at(session: Session, contact_id: int) -> datetime | None:
    """When the contact's row last changed (an upper bound of its last edit)."""
    return session.scalar(select(ContactRow.updated_at).where(ContactRow.id == contact_id))


def forget(session: Session, contact_id: int) -> None:
    session.execute(delete(CardEntryRow).where(CardEntryRow.contact_id == contact_id))
