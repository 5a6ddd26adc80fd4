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
    digest: str


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
        r.contact_id: PublishedCard(r.contact_id, r.href, r.uid, r.etag, r.digest) for r in rows
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
        )
    )


def forget(session: Session, contact_id: int) -> None:
    session.execute(delete(CardEntryRow).where(CardEntryRow.contact_id == contact_id))
