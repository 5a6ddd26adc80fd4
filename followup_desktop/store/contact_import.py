"""The statements of a contacts import: the known contacts a file's records may merge
into looked up by their keys, grown ones saved, new ones inserted in bulk.

A file lands whole or not at all. A small one is one write transaction. A large one
(``segmented``) must not keep the store from a rep who logs a call meanwhile, so it is
written in segments, each its own transaction, and steps aside between two chunks of
rows whenever another writer is waiting (``writer_turns``): a logged call waits for the
chunk in hand, tens of milliseconds, not for the file. Each segment journals the ids it
added (``import_segments``), and the last one, where the merges into known contacts are
made (the service defers them there), clears the journal in the same commit. An import
that is killed or fails leaves its journal: its contacts are taken back when the store
next opens, or by the next import. Meanwhile the rep sees its contacts arrive.

The search indexes: as in a one-transaction bulk import, each segment sets the index
triggers aside (inside its transaction: no other writer ever sees them gone) and adds
its rows to both indexes in one statement before it puts them back and commits, so
every committed state passes the database check. Row by row through the triggers, a
100k import took half a second longer.

The rules (which record merges into which contact) are the import service's; this
module only reads and writes what it is asked to, as fast as SQLite allows.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, nullcontext, suppress
from dataclasses import replace
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import delete, func, insert, select, text, true
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from followup_desktop.core.model import Contact, ContactStatus, Deal
from followup_desktop.store import contacts_repo, deals_repo, search, writer_turns
from followup_desktop.store.bulk_insert import insert_tuples, update_tuples
from followup_desktop.store.contacts_repo import Grown
from followup_desktop.store.db import Database
from followup_desktop.store.schema import (
    CallDraftRow,
    CommitmentRow,
    ContactRow,
    DealRow,
    EmailRow,
    FollowUpRow,
    ImportSegmentRow,
    PhoneRow,
    TouchRow,
)

log = logging.getLogger(__name__)

# From this many merges on, a segmented import's end rebuilds the search indexes.
MANY_MERGES = 5000

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
    def personal_notes(self) -> str: ...
    @property
    def emails(self) -> list[str]: ...
    @property
    def phones(self) -> list[str]: ...
    @property
    def unchecked_phones(self) -> frozenset[str]: ...
    @property
    def status(self) -> ContactStatus | None: ...
    @property
    def deals(self) -> tuple[Deal, ...]: ...


class ImportWriter:
    """One file's import, from ``ImportWriter.open``."""

    def __init__(
        self, session: Session | None, now: datetime, segments: _Segments | None = None
    ) -> None:
        self._session_now = session
        self._segments = segments
        self.now = now  # what the import's rows are stamped with: the app's clock
        # Another writer went in between two segments: the store may have changed.
        self.stepped_aside = False

    @property
    def _session(self) -> Session:
        if self._session_now is None:
            # A segmented import begins its next segment when it next reads or writes:
            # the chunk's records were read from the file (the slow part) without it.
            assert self._segments is not None
            self._segments.begin(self)
        assert self._session_now is not None
        return self._session_now

    @property
    def session(self) -> Session:
        """The import's transaction in hand: what a rule writes with the file's rows (a
        status the file settles ends a search for a right number) lands or fails with it."""
        return self._session

    @property
    def defers_merges(self) -> bool:
        """Merges into known contacts wait for the last segment (``finishing`` first)."""
        return self._segments is not None

    @classmethod
    @contextmanager
    def open(
        cls, db: Database, now: datetime, *, bulk: bool, segmented: bool = False
    ) -> Iterator[ImportWriter]:
        """The file's writes, each stamped ``now``: they are kept when the block ends, and
        none of them on any error. ``bulk`` rebuilds the search indexes once at the end
        instead of row by row (worth it for large files); ``segmented`` (a large file)
        lets other writers in between chunks where the store can (SQLite, with ``flock``)."""
        if segmented and db.turnstile is not None and db.path is not None:
            with writer_turns.one_import(db.path):  # waits for one in another process
                segments = _Segments(db)
                with segments.running(now) as writer:
                    yield writer
            return
        with db.writing() as session, search.bulk_loading(session) if bulk else nullcontext():
            yield cls(session, now)

    def between_chunks(self) -> None:
        """Lets a waiting writer in (a segmented import): what is written so far is
        committed and journalled, and the import goes on once that writer is in."""
        if self._segments is not None:
            self._segments.step_aside_if_asked(self)

    def finishing(self) -> None:
        """What follows is the import's last segment (a segmented import)."""
        if self._segments is not None:
            self._segments.finishing(self)

    def store_is_empty(self) -> bool:
        """No live contact stored (while the import holds the store, it stays so unless
        the import adds some: see ``stepped_aside``)."""
        first = select(ContactRow.id).where(ContactRow.deleted_at.is_(None)).limit(1)
        return self._session.scalar(first) is None

    def ids_by_email(self, addresses: Iterable[str]) -> dict[str, int]:
        return contacts_repo.ids_by_email(self._session, addresses)

    def people_by_phone(self, numbers: Iterable[str]) -> list[tuple[str, str, int]]:
        return contacts_repo.people_by_phone(self._session, numbers)

    def people_without_keys(self, names: Iterable[str]) -> list[tuple[str, str, int]]:
        return contacts_repo.people_without_keys(self._session, names)

    def namesakes(self, names: Iterable[str]) -> list[contacts_repo.Namesake]:
        return contacts_repo.namesakes(self._session, names)

    def keyless_names(self) -> set[str]:
        return contacts_repo.keyless_names(self._session)

    def get_many(self, ids: Iterable[int]) -> dict[int, Contact]:
        return contacts_repo.get_many(self._session, ids)

    def deals_of(self, ids: Sequence[int]) -> dict[int, list[Deal]]:
        return deals_repo.for_contacts(self._session, ids)

    def save_grown(self, grown: Sequence[Grown]) -> None:
        contacts_repo.save_grown(self._session, grown, self.now)

    def merging(self, contacts: int) -> None:
        """``contacts`` known contacts are about to grow (a segmented import's end)."""
        if self._segments is not None:
            self._segments.merging(self._session, contacts)

    def insert_new(self, news: Sequence[NewContact]) -> list[int]:
        """Insert ``news`` as new contacts; their ids, in order."""
        session = self._session
        ids = _new_ids(session, len(news))
        contacts: list[tuple[Any, ...]] = []
        emails: list[tuple[Any, ...]] = []
        phones: list[tuple[Any, ...]] = []
        statuses: list[tuple[int, str]] = []
        deals: list[Deal] = []
        for contact_id, new in zip(ids, news, strict=True):
            if new.status is not None:
                statuses.append((contact_id, new.status.value))
            if new.deals:
                deals += [replace(deal, contact_id=contact_id) for deal in new.deals]
            contacts.append(
                contacts_repo.new_row(
                    contact_id,
                    new.name,
                    new.company,
                    new.title,
                    new.time_zone,
                    (new.personal_notes, new.notes),
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
        constants = contacts_repo.new_row_constants(self.now)
        insert_tuples(connection, ContactRow, contacts_repo.NEW_COLUMNS, contacts, constants)
        insert_tuples(connection, EmailRow, EMAIL_COLUMNS, emails, {"label": ""})
        insert_tuples(connection, PhoneRow, PHONE_COLUMNS, phones, {"label": ""})
        # Only a FollowUp sheet has statuses and deals: nothing to do for any other file.
        update_tuples(connection, ContactRow, ("id", "status"), statuses)
        if deals and self._segments is not None and not self._segments.last:
            # A deal makes its contact one the rep worked on, which taking back a cut
            # import leaves in place: the deals wait for the last segment.
            self._segments.deals += deals
        else:
            deals_repo.add_imported(session, deals, self.now)
        return ids


class _Segments:
    """A segmented import's transactions, one after another."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self.batch = os.getpid()  # one import at a time: the pid tells the logs whose
        self._stack: ExitStack | None = None
        self._cache = 0
        self._first_id = 0  # the first id not yet in the search indexes
        self._segment_start = 0  # the first id of the segment in hand, for the journal
        self._triggers: list[tuple[str, str]] = []  # set aside in the segment in hand
        self._rebuild = False  # many known contacts grew: both indexes built again
        self._synced = False  # the segment in hand commits to the disk
        self._first = True  # the first segment also takes back a killed import's rows
        self.deals: list[Deal] = []  # of new contacts, written in the last segment

    @contextmanager
    def running(self, now: datetime) -> Iterator[ImportWriter]:
        writer = ImportWriter(None, now, self)
        try:
            yield writer
            self.finishing(writer)
            self._end(writer, last=True)
        except BaseException:
            self._abandon()
            raise

    def step_aside_if_asked(self, writer: ImportWriter) -> None:
        """Ends the segment when a writer waits; the next one begins (through the
        turnstile, so after that writer) when the import next needs the store."""
        turnstile = self._db.turnstile
        if self._stack is None or turnstile is None or not turnstile.someone_waiting():
            return
        self._end(writer, last=False)
        writer.stepped_aside = True

    def finishing(self, writer: ImportWriter) -> None:
        """The last segment from here on: it commits to the disk (and so do the
        segments before it, whose commits did not wait for it)."""
        if self._synced:
            return
        if self._stack is not None:
            self._end(writer, last=False)
        self.begin(writer, synced=True)
        deals, self.deals = self.deals, []
        if deals:
            # Of the contacts the import added that are still there: one removed for good
            # meanwhile gets none; one in Deleted contacts keeps it for its restore.
            kept = set(
                writer._session.scalars(
                    select(ContactRow.id).where(
                        ContactRow.id.between(deals[0].contact_id, deals[-1].contact_id)
                    )
                )
            )
            kept_deals = [d for d in deals if d.contact_id in kept]
            deals_repo.add_imported(writer._session, kept_deals, writer.now)

    @property
    def last(self) -> bool:
        """The segment in hand is the import's last."""
        return self._synced

    def merging(self, session: Session, contacts: int) -> None:
        """Known contacts about to grow, in the last segment: a few keep the indexes
        row by row (the triggers back first); many are indexed again in one go at the
        end, as a one-transaction bulk import does (row by row costs five times as much)."""
        if contacts >= MANY_MERGES:
            self._rebuild = True
            return
        self._index_new_rows(session)
        self._put_triggers_back(session)

    def begin(self, writer: ImportWriter, synced: bool = False) -> None:
        """A segment; ``synced`` only for the last (that commit is the import's): the
        journal takes back a cut import, so the commits before it need not wait for the
        disk, and the last one syncs them all."""
        stack = ExitStack()
        session = stack.enter_context(self._db.writing(synced=synced))
        self._stack, self._synced = stack, synced
        writer._session_now = session
        if self._first:
            self._first = False
            # No other import runs (``one_import``): any journal left is a killed one's.
            take_back(session)
        self._triggers = search.set_triggers_aside(session)
        # Rows arrive in file order and land all over the indexes: a page cache that
        # holds them until the commit (as search.bulk_loading does for one transaction).
        (self._cache,) = session.execute(text("PRAGMA cache_size")).one()
        session.execute(text(f"PRAGMA cache_size = {search.BULK_CACHE_KIB}"))
        self._first_id = self._segment_start = _next_id(session)

    def _index_new_rows(self, session: Session) -> None:
        """The rows inserted since the segment began (with the triggers away), into both
        indexes, in one statement each."""
        if not self._triggers:
            return
        search.index_from(session, self._first_id)
        self._first_id = _next_id(session)

    def _put_triggers_back(self, session: Session) -> None:
        search.put_triggers_back(session, self._triggers)
        self._triggers = []

    def _end(self, writer: ImportWriter, last: bool) -> None:
        session = writer._session
        if self._rebuild:
            search.rebuild(session)
            self._rebuild = False
        else:
            self._index_new_rows(session)
        self._put_triggers_back(session)
        journal = ImportSegmentRow.batch == self.batch
        if last:
            session.execute(delete(ImportSegmentRow).where(journal))  # the import stands
        else:
            added = session.execute(
                select(func.min(ContactRow.id), func.max(ContactRow.id)).where(
                    ContactRow.id >= self._segment_start
                )
            ).one()
            if added[0] is not None:
                session.execute(
                    insert(ImportSegmentRow).values(
                        batch=self.batch, first_id=added[0], last_id=added[1]
                    )
                )
        session.execute(text(f"PRAGMA cache_size = {int(self._cache)}"))
        stack, self._stack = self._stack, None
        writer._session_now = None
        assert stack is not None
        stack.close()  # commits

    def _abandon(self) -> None:
        """The segment in hand rolled back (its triggers with it); the contacts of those
        committed taken back (or, if that fails too, when the store next opens)."""
        stack, self._stack = self._stack, None
        self._triggers = []
        if stack is not None:
            with suppress(BaseException):
                stack.__exit__(RuntimeError, RuntimeError("import abandoned"), None)
        with suppress(SQLAlchemyError, OSError), self._db.writing() as session:
            take_back(session, self.batch)


def take_back_unfinished(db: Database) -> int:
    """At start: the contacts of an import that was killed taken back, unless an import
    is running right now (in another process: then it is not unfinished)."""
    if db.turnstile is None or db.path is None:
        return 0
    with db.reading() as session:
        if session.scalar(select(ImportSegmentRow.id).limit(1)) is None:
            return 0  # the usual case: one quick look, no lock file, no write
    with writer_turns.one_import(db.path, wait=False) as free:
        if not free:
            return 0
        with db.writing() as session:
            return take_back(session)


def _next_id(session: Session) -> int:
    return (session.scalar(select(func.max(ContactRow.id))) or 0) + 1


def _new_ids(session: Session, count: int) -> list[int]:
    """``count`` ids for new contacts. SQLite's file has one writer, who holds the
    transaction: the ids after the largest are free and consecutive. On a team server a
    rep sees only their own contacts (a colleague's may hold a larger id), others insert
    meanwhile, and a rep may take ids from the sequence but not set it: the ids are the
    sequence's own, as an ordinary insert's would be."""
    if session.get_bind().dialect.name != "postgresql":
        first = _next_id(session)
        return list(range(first, first + count))
    return list(
        session.scalars(
            text(
                "SELECT nextval(pg_get_serial_sequence('contacts', 'id'))"
                " FROM generate_series(1, :count) ORDER BY 1"
            ),
            {"count": count},
        )
    )


def take_back(session: Session, batch: int | None = None) -> int:
    """The contacts of unfinished imports (of ``batch``, else all) deleted, with their
    journal; how many. Only while no import runs (``writer_turns.one_import``)."""
    # A read first: right after another connection changed the schema (an import sets
    # its triggers aside), SQLite fails a DELETE on contacts that comes first with "no
    # such table: contacts"; a statement that reads the schema anew avoids it.
    journal = select(ImportSegmentRow)
    if batch is not None:
        journal = journal.where(ImportSegmentRow.batch == batch)
    ranges = [(row.first_id, row.last_id) for row in session.scalars(journal)]
    if not ranges:
        return 0
    taken = 0
    # A contact the rep already worked on (a call logged, a deal, a follow-up planned
    # while the import ran) is theirs now: it stays.
    worked = [
        select(table.contact_id).where(table.contact_id == ContactRow.id).exists()
        for table in (TouchRow, FollowUpRow, DealRow, CommitmentRow, CallDraftRow)
    ]
    for first, last in ranges:
        gone = session.connection().execute(
            delete(ContactRow).where(
                ContactRow.id.between(first, last), *(~done for done in worked)
            )
        )
        taken += gone.rowcount
    session.execute(
        delete(ImportSegmentRow).where(
            ImportSegmentRow.batch == batch if batch is not None else true()
        )
    )
    log.warning("took back %d contacts of an import that did not finish", taken)
    return taken
