"""Contact use cases shared by the GUI and the CLI."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from followup_desktop.core.changes import EVERY_AREA, Area, Change, about
from followup_desktop.core.clock import Clock
from followup_desktop.core.contact_rules import (
    HasExtension,
    InvalidField,
    normalize_email,
    normalize_phone,
    validate_time_zone,
    validated_contact,
    zone_for_number,
)
from followup_desktop.core.model import (
    Contact,
    ContactSort,
    ContactSummary,
    DeletedContact,
    Email,
    Phone,
    Style,
)
from followup_desktop.services import right_number
from followup_desktop.store import contacts_repo
from followup_desktop.store.contacts_repo import ContactChanged
from followup_desktop.store.db import Database

DELETED_LISTED = 500  # the latest deleted: older ones are restored by the command line


class ContactNotFound(LookupError):
    pass


class ContactDefaults(Protocol):
    """What a new contact takes from the rep's settings, read when it is made (a country
    chosen in Settings applies to the next number typed, not after a restart)."""

    def phone_region(self) -> str: ...

    def default_style(self) -> Style: ...


@dataclass(frozen=True, slots=True)
class FixedDefaults:
    """Defaults that never change (scripts and tests)."""

    region: str = "US"
    style: Style = Style.TO_THE_POINT

    def phone_region(self) -> str:
        return self.region

    def default_style(self) -> Style:
        return self.style


def _zone_from(phones: Iterable[Phone]) -> str:
    """Where the numbers say the contact is, when they all say the same place."""
    zones = {zone_for_number(p.number) for p in phones}
    return zones.pop() if len(zones) == 1 else ""


def _phone(text: str, region: str, unchecked: Collection[str]) -> Phone:
    try:
        return Phone(normalize_phone(text, region))
    except HasExtension as extended:
        return Phone(extended.written, checked=False)  # not checked, but whole
    except InvalidField:
        if text in unchecked:
            return Phone(text, checked=False)
        raise


class ContactService:
    def __init__(self, db: Database, defaults: ContactDefaults, clock: Clock) -> None:
        self._db = db
        self.defaults = defaults
        # When a contact was deleted (Edit › Deleted contacts), or a right number saved.
        self._clock = clock

    @property
    def phone_region(self) -> str:
        return self.defaults.phone_region()

    def build(
        self,
        name: str,
        company: str = "",
        title: str = "",
        emails: list[str] | None = None,
        phones: list[str] | None = None,
        time_zone: str = "",
        unchecked: Collection[str] = (),
    ) -> Contact:
        """A validated contact from what the rep typed; InvalidField names the first problem.
        A number in ``unchecked`` (one the contact already had, not checked) that still
        cannot be checked is kept as written: the rep saw the warning and left it."""
        email_values = list(dict.fromkeys(normalize_email(e) for e in emails or [] if e.strip()))
        region = self.phone_region
        numbers: dict[str, Phone] = {}
        for text in phones or []:
            if text.strip():
                phone = _phone(text.strip(), region, unchecked)
                numbers.setdefault(phone.number, phone)
        contact = Contact(
            name=name,
            company=company,
            title=title,
            emails=[Email(e) for e in email_values],
            phones=list(numbers.values()),
            time_zone=time_zone.strip() or _zone_from(numbers.values()),
            style=self.defaults.default_style(),
        )
        return validated_contact(contact)

    def add(self, contact: Contact) -> int:
        contact = validated_contact(contact)
        with self._db.writing() as session:
            return contacts_repo.add(session, contact, self._clock.now())

    def save(self, contact: Contact) -> int:
        """Store an edit of the contact read at ``contact.version``: its new version. A
        number saved while the right one was being looked for finishes that search and
        plans the call on it, as the contact form's save does.
        ``ContactChanged`` (nothing written) when it was saved elsewhere since."""
        contact = validated_contact(contact)
        with self._db.writing() as session:
            # As the form's save: a right number saved finishes the search for it.
            version, _found = right_number.store_edit(session, contact, self._clock.now())
            if version is None:
                raise ContactNotFound(f"contact {contact.id} no longer exists")
        return version

    def set_time_zone(self, contact_id: int, zone_name: str) -> Change:
        """The contact's zone, chosen by the rep where the numbers could not tell."""
        with self._db.writing() as session:
            contact = contacts_repo.get(session, contact_id, to_change=True)
            if contact is None:
                raise ContactNotFound(f"there is no contact {contact_id}")
            contact.time_zone = validate_time_zone(zone_name)
            contacts_repo.save(session, contact, self._clock.now())
        return about(Area.CONTACTS, (contact_id,))

    def get(self, contact_id: int) -> Contact:
        contact = self.find(contact_id)
        if contact is None:
            raise ContactNotFound(f"there is no contact {contact_id}")
        return contact

    def find(self, contact_id: int) -> Contact | None:
        """The contact, or None when there is none (or it is deleted)."""
        with self._db.reading() as session:
            return contacts_repo.get(session, contact_id)

    def get_many(self, ids: list[int]) -> dict[int, Contact]:
        with self._db.reading() as session:
            return contacts_repo.get_many(session, ids)

    def delete(self, contact_id: int) -> Change:
        """Hidden, not destroyed: ``undelete`` brings it back with all its history."""
        with self._db.writing() as session:
            if not contacts_repo.set_deleted(session, contact_id, self._clock.now()):
                raise ContactNotFound(f"there is no contact {contact_id}")
        return about(EVERY_AREA, (contact_id,))  # their calls and deals leave every view

    def undelete(self, contact_id: int) -> Change:
        """The contact back, with its history, follow-ups and deals, however long ago it
        was deleted."""
        with self._db.writing() as session:
            restored = contacts_repo.set_deleted(session, contact_id, None)
            if not restored and contacts_repo.get(session, contact_id) is None:
                raise ContactNotFound(f"there is no deleted contact {contact_id}")
        return about(EVERY_AREA, (contact_id,))

    def deleted(self, most: int = DELETED_LISTED) -> list[DeletedContact]:
        """The contacts deleted, the latest first: Edit › Deleted contacts lists them."""
        with self._db.reading() as session:
            return contacts_repo.deleted(session, most)

    def page(
        self,
        typed: str = "",
        sort: ContactSort = ContactSort.NAME,
        descending: bool = False,
        after: ContactSummary | None = None,
        limit: int = 200,
        team: bool = False,
    ) -> list[ContactSummary]:
        """A page of the list: on a team server the login's own contacts, or with ``team``
        every one the server lets it read (a manager's view of the team's)."""
        with self._db.reading() as session:
            return contacts_repo.page(session, typed, sort, descending, after, limit, team)

    def summaries(self, ids: Sequence[int]) -> list[ContactSummary]:
        with self._db.reading() as session:
            return contacts_repo.summaries(session, ids)

    def count(self, typed: str = "", team: bool = False) -> int:
        with self._db.reading() as session:
            return contacts_repo.count(session, typed, team)


__all__ = ["ContactChanged", "ContactNotFound", "ContactService", "InvalidField"]
