"""The statements of a contacts import: one write transaction a file, the known contacts
a file's records may merge into looked up by their keys, grown ones saved, new ones
inserted in bulk.

The rules (which record merges into which contact) are the import service's; this
module only reads and writes what it is asked to, as fast as SQLite allows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from followup_desktop.core.model import Contact
from followup_desktop.store import contacts_repo, search
from followup_desktop.store.bulk_insert import ids_assigned, insert_tuples
from followup_desktop.store.contacts_repo import Grown
from followup_desktop.store.db import Database
from followup_desktop.store.schema import ContactRow, EmailRow, PhoneRow

__all__ = ["Grown", "ImportWriter", "NewContact"]

EMAIL_COLUMNS = ("contact_id", "address", "address_key", "position")
PHONE_COLUMNS = ("contact_id", "e164", "checked", "position")


class NewContact(Protocol):
    """What a new contact brings (an importer's record has these attributes)."""

    @property
    def name(self) -> str: ...
    @property
    def company(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def time_zone(self) -> str: ...
    @property
    def notes(self) -> str: ...
    @property
    def emails(self) -> list[str]: ...
    @property
    def phones(self) -> list[str]: ...
    @property
    def unchecked_phones(self) -> frozenset[str]: ...


class ImportWriter:
    """One file's import transaction, from ``ImportWriter.open``."""

    def __init__(self, session: Session) -> None:
        self._session = session

    @classmethod
    @contextmanager
    def open(cls, db: Database, *, bulk: bool) -> Iterator[ImportWriter]:
        """The file's write transaction: it commits when the block ends, and rolls back
        on any error. ``bulk`` rebuilds the search indexes once at the end instead of
        row by row (worth it for large files)."""
        with db.writing() as session, search.bulk_loading(session) if bulk else nullcontext():
            yield cls(session)

    def store_is_empty(self) -> bool:
        """No live contact stored (the transaction holds the store: it stays so unless
        this import adds some)."""
        first = select(ContactRow.id).where(ContactRow.deleted_at.is_(None)).limit(1)
        return self._session.scalar(first) is None

    def ids_by_email(self, addresses: Iterable[str]) -> dict[str, int]:
        return contacts_repo.ids_by_email(self._session, addresses)

    def people_by_phone(self, numbers: Iterable[str]) -> list[tuple[str, str, int]]:
        return contacts_repo.people_by_phone(self._session, numbers)

    def people_without_keys(self, names: Iterable[str]) -> list[tuple[str, str, int]]:
        return contacts_repo.people_without_keys(self._session, names)

    def get_many(self, ids: Iterable[int]) -> dict[int, Contact]:
        return contacts_repo.get_many(self._session, ids)

    def save_grown(self, grown: Sequence[Grown]) -> None:
        contacts_repo.save_grown(self._session, grown)

    def insert_new(self, news: Sequence[NewContact]) -> int:
        """Insert ``news`` as new contacts with consecutive ids; the first id."""
        session = self._session
        # Ids are assigned here rather than read back with RETURNING, which SQLite can
        # only do a row at a time: one writer holds the transaction, so max(id) cannot move.
        first_id = (session.scalar(select(func.max(ContactRow.id))) or 0) + 1
        contacts: list[tuple[Any, ...]] = []
        emails: list[tuple[Any, ...]] = []
        phones: list[tuple[Any, ...]] = []
        for contact_id, new in enumerate(news, start=first_id):
            contacts.append(
                contacts_repo.new_row(
                    contact_id,
                    new.name,
                    new.company,
                    new.title,
                    new.time_zone,
                    new.notes,
                    new.emails,
                    new.phones,
                    bool(new.unchecked_phones),
                )
            )
            for position, address in enumerate(new.emails):
                emails.append((contact_id, address, address.casefold(), position))
            for position, number in enumerate(new.phones):
                phones.append((contact_id, number, number not in new.unchecked_phones, position))
        # Plain tuples, one driver executemany per table: the ORM's bulk path, and even
        # Core's per-row parameter handling, cost seconds at 100,000 rows.
        connection = session.connection()
        constants = contacts_repo.new_row_constants(datetime.now(UTC))
        insert_tuples(connection, ContactRow, contacts_repo.NEW_COLUMNS, contacts, constants)
        ids_assigned(connection, ContactRow)
        insert_tuples(connection, EmailRow, EMAIL_COLUMNS, emails, {"label": ""})
        insert_tuples(connection, PhoneRow, PHONE_COLUMNS, phones, {"label": ""})
        return first_id
