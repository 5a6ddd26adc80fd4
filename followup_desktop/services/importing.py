"""Importing contact files: new contacts added, known ones (same e-mail or phone) updated.

Each file is one transaction: it lands whole or, on any failure, not at all. A record
that matches a contact already known only fills what is missing (company, title, time
zone, extra e-mails and phones); re-importing the same file therefore changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
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
    read_contacts,
)
from followup_desktop.store import contacts_repo, search
from followup_desktop.store.bulk_insert import ids_assigned, insert_rows
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


def _merge(existing: Contact, record: ImportedContact) -> bool:
    """Fill what ``existing`` lacks from ``record``; True when anything changed."""
    changed = False
    for attribute in ("company", "title", "time_zone"):
        value = getattr(record, attribute)
        if value and not getattr(existing, attribute):
            setattr(existing, attribute, value)
            changed = True
    known_emails = {e.address.casefold() for e in existing.emails}
    for address in record.emails:
        if address.casefold() not in known_emails:
            existing.emails.append(Email(address))
            known_emails.add(address.casefold())
            changed = True
    known_phones = {p.e164 for p in existing.phones}
    for number in record.phones:
        if number not in known_phones:
            existing.phones.append(Phone(number))
            known_phones.add(number)
            changed = True
    if record.notes and record.notes not in existing.personal_notes:
        existing.personal_notes = "\n".join(filter(None, [existing.personal_notes, record.notes]))
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
        contacts = contacts_repo.get_many(self.session, known)
        for contact_id, records in known.items():
            contact = contacts[contact_id]
            # A contact touched twice in one file counts once, as its final state.
            changed = False
            for record in records:
                changed = _merge(contact, record) or changed
                self._remember(contact_id, record)
            if changed:
                contacts_repo.save(self.session, contact)
                self.report.updated += 1
            else:
                self.report.unchanged += 1

    def _insert(self, fresh: list[ImportedContact]) -> None:
        # Records in this chunk that share a key with an earlier new one merge into it.
        merged: list[tuple[Contact, ImportedContact]] = []
        pending: dict[str, int] = {}
        for record in fresh:
            keys = [e.casefold() for e in record.emails] + record.phones
            index = next((pending[k] for k in keys if k in pending), None)
            if index is None:
                contact = Contact(
                    name=record.name,
                    company=record.company,
                    title=record.title,
                    time_zone=record.time_zone,
                    personal_notes=record.notes,
                )
                _merge(contact, record)
                merged.append((contact, record))
                index = len(merged) - 1
            else:
                _merge(merged[index][0], record)
            for key in keys:
                pending.setdefault(key, index)
        if not merged:
            return
        now = datetime.now(UTC)
        # Ids are assigned here rather than read back with RETURNING, which SQLite can only
        # do a row at a time: one writer holds the transaction, so max(id) cannot move.
        first_id = (self.session.scalar(select(func.max(ContactRow.id))) or 0) + 1
        ids = list(range(first_id, first_id + len(merged)))
        rows = [
            {
                **contacts_repo.column_values(contact),
                "id": contact_id,
                "attempts": 0,
                "open_deal_value_minor": 0,
                "created_at": now,
                "updated_at": now,
            }
            for contact_id, (contact, _) in zip(ids, merged, strict=True)
        ]
        # One driver executemany per table: the ORM's bulk path, and even Core's per-row
        # parameter handling, cost seconds at 100,000 rows.
        connection = self.session.connection()
        insert_rows(connection, ContactRow, rows)
        ids_assigned(connection, ContactRow)
        emails: list[dict[str, object]] = []
        phones: list[dict[str, object]] = []
        for contact_id, (contact, record) in zip(ids, merged, strict=True):
            contact.id = contact_id
            emails.extend(
                {
                    "contact_id": contact_id,
                    "address": e.address,
                    "address_key": e.address.casefold(),
                    "label": e.label,
                    "position": i,
                }
                for i, e in enumerate(contact.emails)
            )
            phones.extend(
                {"contact_id": contact_id, "e164": p.e164, "label": p.label, "position": i}
                for i, p in enumerate(contact.phones)
            )
            self._remember(contact_id, record)
            for e in contact.emails:
                self.by_email.setdefault(e.address.casefold(), contact_id)
            for p in contact.phones:
                self.by_phone.setdefault(p.e164, contact_id)
        insert_rows(connection, EmailRow, emails)
        insert_rows(connection, PhoneRow, phones)
        self.report.imported += len(merged)


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
