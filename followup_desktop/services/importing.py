"""Importing contact files: new contacts added, known ones (same e-mail or phone) updated.

Each file is one transaction: it lands whole or, on any failure, not at all. A record
that matches a contact already known only fills what is missing (company, title, time
zone, extra e-mails and phones); re-importing the same file therefore changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from followup_desktop.core.model import Contact, Email, Phone
from followup_desktop.exchange.records import (
    ImportedContact,
    ImportItem,
    ImportOptions,
    Rejection,
    UnreadableFile,
    distinct_emails,
    read_contacts,
)
from followup_desktop.store import contacts_repo, search
from followup_desktop.store.bulk_insert import ids_assigned, insert_tuples
from followup_desktop.store.db import Database
from followup_desktop.store.schema import ContactRow, EmailRow, PhoneRow

CHUNK = 1000
# Files with more lines than this rebuild the search index once instead of row by row.
BULK_LINES = 20_000

Progress = Callable[[int, int], None]


@dataclass(slots=True)
class ImportReport:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    def summary(self) -> str:
        return (
            f"imported {self.imported}, updated {self.updated}, "
            f"unchanged {self.unchanged}, rejected {self.rejected}"
        )


def _chunks(items: Iterator[ImportItem], size: int) -> Iterator[list[ImportItem]]:
    while chunk := list(islice(items, size)):
        yield chunk


class _Merged:
    """A contact that records are merged into, with the e-mail keys and numbers it has
    kept at hand: merging thousands of records into one (a shared switchboard number)
    stays linear."""

    __slots__ = ("contact", "emails", "phones")

    def __init__(self, contact: Contact) -> None:
        self.contact = contact
        self.emails = {e.address.casefold() for e in contact.emails}
        self.phones = {p.e164 for p in contact.phones}

    def take(self, record: ImportedContact) -> bool:
        """Fill what the contact lacks from ``record``; True when anything changed."""
        existing = self.contact
        changed = False
        for attribute in ("company", "title", "time_zone"):
            value = getattr(record, attribute)
            if value and not getattr(existing, attribute):
                setattr(existing, attribute, value)
                changed = True
        for address in record.emails:
            if (key := address.casefold()) not in self.emails:
                existing.emails.append(Email(address))
                self.emails.add(key)
                changed = True
        for number in record.phones:
            if number not in self.phones:
                existing.phones.append(Phone(number))
                self.phones.add(number)
                changed = True
        if record.notes and record.notes not in existing.personal_notes:
            notes = [existing.personal_notes, record.notes]
            existing.personal_notes = "\n".join(filter(None, notes))
            changed = True
        return changed


class _FileImport:
    """State of one file's import inside its transaction."""

    def __init__(self, session: Session, report: ImportReport) -> None:
        self.session = session
        self.report = report
        self.by_email: dict[str, int] = {}
        self.by_phone: dict[str, int] = {}
        # With nobody in the store when the file starts (a first import), every known
        # key is one this file added, already remembered: no look-ups needed. The write
        # transaction holds the store for the whole file, so this stays true.
        self.store_was_empty = (
            session.scalar(select(ContactRow.id).where(ContactRow.deleted_at.is_(None)).limit(1))
            is None
        )

    def run_chunk(self, records: list[ImportedContact]) -> None:
        self._learn_keys(records)
        known: dict[int, list[ImportedContact]] = {}
        fresh: list[ImportedContact] = []
        for record in records:
            contact_id = self._match(record)
            if contact_id is None:
                fresh.append(record)
            else:
                known.setdefault(contact_id, []).append(record)
        self._update(known)
        self._insert(fresh)

    def _learn_keys(self, records: list[ImportedContact]) -> None:
        if self.store_was_empty:
            return
        emails = [
            e.casefold() for r in records for e in r.emails if e.casefold() not in self.by_email
        ]
        phones = [p for r in records for p in r.phones if p not in self.by_phone]
        self.by_email.update(contacts_repo.ids_by_email(self.session, emails))
        self.by_phone.update(contacts_repo.ids_by_phone(self.session, phones))

    def _match(self, record: ImportedContact) -> int | None:
        for address in record.emails:
            if (found := self.by_email.get(address.casefold())) is not None:
                return found
        for number in record.phones:
            if (found := self.by_phone.get(number)) is not None:
                return found
        return None

    def _remember(self, contact_id: int, record: ImportedContact) -> None:
        for address in record.emails:
            self.by_email.setdefault(address.casefold(), contact_id)
        for number in record.phones:
            self.by_phone.setdefault(number, contact_id)

    def _update(self, known: dict[int, list[ImportedContact]]) -> None:
        if not known:  # a first import: no query a chunk for nobody
            return
        contacts = contacts_repo.get_many(self.session, known)
        grown: list[contacts_repo.Grown] = []
        for contact_id, records in known.items():
            contact = contacts[contact_id]
            stored = contacts_repo.Grown(contact, len(contact.emails), len(contact.phones))
            merged = _Merged(contact)
            # A contact touched twice in one file counts once, as its final state.
            changed = False
            for record in records:
                changed = merged.take(record) or changed
                self._remember(contact_id, record)
            if changed:
                grown.append(stored)
        # Merging only ever adds (fills a column, appends e-mails, phones and notes).
        contacts_repo.save_grown(self.session, grown)
        self.report.updated += len(grown)
        self.report.unchanged += len(known) - len(grown)

    def _insert(self, fresh: list[ImportedContact]) -> None:
        # Records in this chunk that share a key with an earlier new one merge into it.
        news: list[ImportedContact] = []
        merging: dict[int, _Merged] = {}
        pending: dict[str, int] = {}
        for record in fresh:
            keys = [e.casefold() for e in record.emails] + record.phones
            index = next((pending[k] for k in keys if k in pending), None)
            if index is None:
                news.append(_distinct(record))
                index = len(news) - 1
            else:
                if index not in merging:
                    merging[index] = _Merged(_as_contact(news[index]))
                merging[index].take(record)
            for key in keys:
                pending.setdefault(key, index)
        if not news:
            return
        for index, merged in merging.items():
            news[index] = _as_record(news[index], merged.contact)
        # Ids are assigned here rather than read back with RETURNING, which SQLite can only
        # do a row at a time: one writer holds the transaction, so max(id) cannot move.
        first_id = (self.session.scalar(select(func.max(ContactRow.id))) or 0) + 1
        contacts: list[tuple[object, ...]] = []
        emails: list[tuple[object, ...]] = []
        phones: list[tuple[object, ...]] = []
        by_email, by_phone = self.by_email, self.by_phone
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
                )
            )
            for position, address in enumerate(new.emails):
                key = address.casefold()
                emails.append((contact_id, address, key, position))
                by_email.setdefault(key, contact_id)
            for position, number in enumerate(new.phones):
                phones.append((contact_id, number, position))
                by_phone.setdefault(number, contact_id)
        # Plain tuples, one driver executemany per table: the ORM's bulk path, and even
        # Core's per-row parameter handling, cost seconds at 100,000 rows.
        connection = self.session.connection()
        constants = contacts_repo.new_row_constants(datetime.now(UTC))
        insert_tuples(connection, ContactRow, contacts_repo.NEW_COLUMNS, contacts, constants)
        ids_assigned(connection, ContactRow)
        insert_tuples(connection, EmailRow, EMAIL_COLUMNS, emails, {"label": ""})
        insert_tuples(connection, PhoneRow, PHONE_COLUMNS, phones, {"label": ""})
        self.report.imported += len(news)


EMAIL_COLUMNS = ("contact_id", "address", "address_key", "position")
PHONE_COLUMNS = ("contact_id", "e164", "position")


def _distinct(record: ImportedContact) -> ImportedContact:
    """``record`` with each e-mail (whatever its case) and phone once, as a new contact
    made from it has them."""
    if len(record.emails) < 2 and len(record.phones) < 2:
        return record
    return replace(
        record, emails=distinct_emails(record.emails), phones=list(dict.fromkeys(record.phones))
    )


def _as_contact(new: ImportedContact) -> Contact:
    return Contact(
        name=new.name,
        company=new.company,
        title=new.title,
        emails=[Email(address) for address in new.emails],
        phones=[Phone(number) for number in new.phones],
        time_zone=new.time_zone,
        personal_notes=new.notes,
    )


def _as_record(new: ImportedContact, contact: Contact) -> ImportedContact:
    """``new`` as the contact other records of its chunk were merged into."""
    return replace(
        new,
        company=contact.company,
        title=contact.title,
        time_zone=contact.time_zone,
        notes=contact.personal_notes,
        emails=[e.address for e in contact.emails],
        phones=[p.e164 for p in contact.phones],
    )


def _indexing(session: Session, total_lines: int) -> AbstractContextManager[None]:
    return search.bulk_loading(session) if total_lines > BULK_LINES else nullcontext()


def _count_lines(path: Path) -> int:
    try:
        with path.open("rb") as handle:
            return max(
                1, sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))
            )
    except OSError:
        return 1


class ImportService:
    def __init__(self, db: Database, phone_region: str) -> None:
        self._db = db
        self._options = ImportOptions(phone_region=phone_region)

    def import_files(self, paths: list[Path], progress: Progress | None = None) -> ImportReport:
        report = ImportReport()
        for path in paths:
            self.import_file(path, report, progress)
        return report

    def import_file(
        self, path: Path, report: ImportReport, progress: Progress | None = None
    ) -> None:
        """Import one file into ``report``; an unreadable file is noted, never raised."""
        try:
            self.import_items(
                read_contacts(path, self._options), report, progress, _count_lines(path)
            )
        except (UnreadableFile, OSError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            report.unreadable.append(f"{path}: {reason}")

    def import_items(
        self,
        items: Iterator[ImportItem],
        report: ImportReport,
        progress: Progress | None = None,
        total: int = 0,
    ) -> None:
        """One transaction: on any error nothing is stored and ``report`` is as it was."""
        before = (report.imported, report.updated, report.unchanged, len(report.rejections))
        try:
            with self._db.writing() as session, _indexing(session, total):
                work = _FileImport(session, report)
                for chunk in _chunks(items, CHUNK):
                    records = [item for item in chunk if isinstance(item, ImportedContact)]
                    report.rejections.extend(item for item in chunk if isinstance(item, Rejection))
                    work.run_chunk(records)
                    if progress is not None:
                        progress(chunk[-1].line, max(total, chunk[-1].line))
        except BaseException:
            report.imported, report.updated, report.unchanged = before[:3]
            del report.rejections[before[3] :]
            raise
