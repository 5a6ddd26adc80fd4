"""How a card on the rep's phone and a contact here meet, field by field: the fields
both keep (``CardFields``), what the phone's card says that can be taken, and a merge's
result put into the contact. Used by ``services/address_book_sync.py``."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from followup_desktop.core.card_merge import CardFields
from followup_desktop.core.model import Contact, Email, Outcome, Phone, Touch
from followup_desktop.store import followups_repo

if TYPE_CHECKING:
    from followup_desktop.exchange.records import ImportedContact
    from followup_desktop.services.phone_card_changes import CardsPulled
    from followup_desktop.store.db import StoreSession


def fields_of_contact(contact: Contact) -> CardFields:
    return CardFields(
        name=" ".join(contact.name.split()),
        company=contact.company,
        title=contact.title,
        phones=tuple(p.number for p in contact.phones),
        emails=tuple(e.address for e in contact.emails),
    )


def fields_of_record(item: ImportedContact) -> CardFields:
    return CardFields(item.name, item.company, item.title, tuple(item.phones), tuple(item.emails))


def keep_aside(
    session: StoreSession,
    contact: Contact,
    item: ImportedContact,
    now: datetime,
    pulled: CardsPulled,
) -> None:
    """What the phone's card holds that no field of the contact can keep (an address that
    is none): kept in the contact's history and said in Today, as nothing else keeps it
    (the next write to the phone leaves it out)."""
    for aside in item.set_aside:
        text = f"Not taken from your phone: {aside}"
        followups_repo.add_touch(session, Touch(contact.id or 0, Outcome.NOTE, now, text))
        pulled.notices.append(f"{contact.name}: {text} (kept in the history)")


def takeable(there: CardFields, item: ImportedContact, agreed: CardFields) -> CardFields:
    """What the phone's card says that FollowUp can take: a name cleared there (the card
    then shows an address or a number) is not a new name, and an address or number set
    aside as unreadable is not a removal of the one it replaced, which the rep may have
    meant to correct: those stay as agreed."""
    from followup_desktop.exchange.record_building import EMAIL, PHONE

    if not item.named:
        there = replace(there, name=agreed.name)
    aside = {kept.field for kept in item.set_aside}
    if EMAIL in aside:
        known = {e.casefold() for e in there.emails}
        more = tuple(e for e in agreed.emails if e.casefold() not in known)
        there = replace(there, emails=there.emails + more)
    if PHONE in aside:
        numbers = there.phones + tuple(p for p in agreed.phones if p not in there.phones)
        there = replace(there, phones=numbers)
    return there


def joined_lists(here: CardFields, there: CardFields) -> tuple[tuple[str, ...], tuple[str, ...]]:
    emails = {e.casefold() for e in here.emails}
    return (
        here.phones + tuple(p for p in there.phones if p not in here.phones),
        here.emails + tuple(e for e in there.emails if e.casefold() not in emails),
    )


def apply_fields(contact: Contact, fields: CardFields, unchecked: frozenset[str]) -> None:
    """``fields`` into ``contact``: the numbers and e-mails it keeps keep their labels."""
    contact.name, contact.company, contact.title = fields.name, fields.company, fields.title
    phones = {p.number: p for p in contact.phones}
    contact.phones = [phones.get(n) or Phone(n, checked=n not in unchecked) for n in fields.phones]
    emails = {e.address.casefold(): e for e in contact.emails}
    contact.emails = [emails.get(e.casefold()) or Email(e) for e in fields.emails]


def is_newer(revised: str, changed_here: datetime | None) -> bool:
    """Whether the phone's edit (its REV) is newer than the contact's last change here.
    A card without a readable REV counts as newer: its edit was seen only now."""
    when = _rev_time(revised)
    if when is None or changed_here is None:
        return True
    return when > changed_here


def _rev_time(text: str) -> datetime | None:
    """REV as phones write it (basic or extended ISO 8601); a time without a zone is UTC."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
