"""Importing contact files: new contacts added, known ones updated, nobody merged by mistake.

A record is the same person as a contact when they share an e-mail (in any case), or the
same name *and* a phone number. A shared phone alone never merges two people: a
switchboard is many people's number. A record with neither a usable e-mail nor a phone
(a name and a company, an address kept in the notes because it was broken) matches only
a contact that has neither either, with the same name and company. A record that matches a contact already known only
fills what is missing (company, title, time zone, a status where the contact has none but
active, extra e-mails, phones and deals); re-importing the same file therefore changes
nothing. A status or a deal the contact has otherwise (changed since the file was
written) is kept as FollowUp has it, and the report says so. A deal won or lost that a
record brings, with no status of its own, makes its contact won or lost, as saving the
deal in FollowUp does (core/deal_outcome.py).

Each file is one transaction: it lands whole or, on any failure, not at all. The report
counts every record; of each kind of message (a rejection, a warning, a merge) it keeps
the first few to show and counts the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Generic, TypeVar

from followup_desktop.core.clock import Clock
from followup_desktop.core.currencies import FALLBACK
from followup_desktop.core.deal_outcome import status_settled_by_deals
from followup_desktop.core.imported_deals import compare_deals
from followup_desktop.core.model import Contact, ContactStatus, Deal, Email, Phone
from followup_desktop.core.money import money
from followup_desktop.core.note_lines import lines_to_add
from followup_desktop.core.text_search import fold
from followup_desktop.exchange.records import (
    ImportedContact,
    ImportItem,
    ImportOptions,
    Oddity,
    Rejection,
    SaidOnce,
    UnreadableFile,
    distinct_emails,
    read_contacts,
)
from followup_desktop.exchange.text_decoding import open_binary
from followup_desktop.services import right_number
from followup_desktop.services.import_namesakes import NamesakeCheck
from followup_desktop.store.contact_import import Grown, ImportWriter
from followup_desktop.store.db import Database

CHUNK = 500
# Files with more lines than this rebuild the search index once instead of row by row.
BULK_LINES = 20_000
# Above this many lines a file is written in segments that let other writers in (a
# logged call waits for a chunk, not for the file): store/contact_import.py.
SEGMENTED_LINES = 2 * CHUNK
# Deferred merges are made this many contacts at a time.
DEFERRED_MERGES = CHUNK
# Messages of one kind shown before "… and N more like this".
SHOWN_OF_A_KIND = 10
SAME_EMAIL = "same e-mail"
SAME_PERSON = "same name and phone"
SAME_NAME = "same name and company, no e-mail or phone"

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Merge:
    """A record that went into a contact another record made, or that it added to."""

    source: str
    line: int
    into: str  # the contact's name
    origin: str  # "from line 2" or "already in FollowUp"
    why: str  # SAME_EMAIL or SAME_PERSON

    @property
    def what(self) -> str:
        return f"merged into {self.into} ({self.origin}, {self.why})"

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.what}"


Message = TypeVar("Message", Rejection, Oddity, Merge)
# What makes two messages "alike": their words, without the values quoted in them.
_VALUES = re.compile(r"'[^']*'|\"[^\"]*\"|\d[\d,]*")


def _kind(text: str) -> str:
    return _VALUES.sub("…", text)


class Listing(Generic[Message]):
    """Messages of one sort: every one counted, the first few of each kind kept to show
    (a file with 10,000 broken cards says so in eleven lines, not 10,000)."""

    def __init__(
        self, words: Callable[[Message], str], kind: Callable[[Message], str] | None = None
    ) -> None:
        self.count = 0
        self.shown: list[Message] = []
        self._words: Callable[[Message], str] = words
        self._kind: Callable[[Message], str] = kind or (lambda message: _kind(words(message)))
        self._kinds: dict[str, int] = {}

    def add(self, message: Message) -> None:
        self.count += 1
        kind = self._kind(message)
        seen = self._kinds[kind] = self._kinds.get(kind, 0) + 1
        if seen <= SHOWN_OF_A_KIND:
            self.shown.append(message)

    def __iter__(self) -> Iterator[Message]:
        return iter(self.shown)

    def __getitem__(self, index: int) -> Message:
        return self.shown[index]

    def said(self) -> Iterator[tuple[Message, str, int]]:
        """Each message shown, its words, and, after the last one shown of a kind, how
        many more there were like it (0 otherwise)."""
        seen: dict[str, int] = {}
        for message in self.shown:
            kind = self._kind(message)
            shown = seen[kind] = seen.get(kind, 0) + 1
            more = self._kinds[kind] - shown if shown == SHOWN_OF_A_KIND else 0
            yield message, self._words(message), more

    def lines(self, tag: str = "") -> list[str]:
        """``FILE:LINE: [tag: ]what`` for each message shown, and after the last one shown
        of a kind, how many more there were like it."""
        lines: list[str] = []
        for message, words, more in self.said():
            lines.append(f"{message.source}:{message.line}: {tag + ': ' if tag else ''}{words}")
            if more > 0:
                lines.append(f"… and {more:,} more like this")
        return lines

    def mark(self) -> tuple[int, int, dict[str, int]]:
        return self.count, len(self.shown), dict(self._kinds)

    def restore(self, mark: tuple[int, int, dict[str, int]]) -> None:
        self.count, shown, kinds = mark
        del self.shown[shown:]
        self._kinds = dict(kinds)


def _rejections() -> Listing[Rejection]:
    return Listing(lambda rejection: rejection.reason)


def _warnings() -> Listing[Oddity]:
    return Listing(lambda oddity: oddity.what, lambda oddity: oddity.kind or _kind(oddity.what))


def _merges() -> Listing[Merge]:
    return Listing(lambda merge: merge.what, lambda merge: merge.why)


@dataclass(frozen=True, slots=True)
class UnreadableSource:
    """A file that could not be read at all, and why. ``source: why`` on the command line;
    the window names the file by its name (services/import_words.py)."""

    source: str
    why: str

    def __str__(self) -> str:
        return f"{self.source}: {self.why}"


@dataclass(slots=True)
class ImportReport:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejections: Listing[Rejection] = field(default_factory=_rejections)
    # Records imported with something odd in them (kept in the notes as written).
    warnings: Listing[Oddity] = field(default_factory=_warnings)
    merges: Listing[Merge] = field(default_factory=_merges)
    unreadable: list[UnreadableSource] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return self.rejections.count

    @property
    def warned(self) -> int:
        return self.warnings.count

    def summary(self) -> str:
        return (
            f"imported {self.imported}, updated {self.updated}, "
            f"unchanged {self.unchanged}, rejected {self.rejected}, warnings {self.warned}"
        )


def _chunks(items: Iterator[ImportItem], size: int) -> Iterator[list[ImportItem]]:
    while chunk := list(islice(items, size)):
        yield chunk


class _Merged:
    """A contact that records are merged into, with the e-mail keys and numbers it has
    kept at hand (merging thousands of records into one stays linear), its deals, those
    the records added, and what the report says of values it kept over theirs."""

    __slots__ = ("added", "contact", "deals", "emails", "origin", "phones", "said", "settled")

    def __init__(self, contact: Contact, deals: Iterable[Deal] = (), origin: str = "") -> None:
        self.contact = contact
        self.emails = {e.address.casefold() for e in contact.emails}
        self.phones = {p.number for p in contact.phones}
        self.deals = list(deals)
        self.added: list[Deal] = []
        self.origin = origin  # "already in FollowUp" or "from line 2"
        self.said: list[Oddity] = []
        self.settled = False  # a record set the status to won or lost

    def _kept_over(self, record: ImportedContact, what: str, kind: str) -> None:
        where = f" ({self.origin})" if self.origin else ""
        said = f"{what}{where}: {self.contact.name}'s kept"
        self.said.append(Oddity(record.source, record.line, said, kind))

    def _take_status(self, record: ImportedContact) -> bool:
        existing, status = self.contact, record.status
        if status is None or status is existing.status:
            return False
        if existing.status is ContactStatus.ACTIVE:  # active: none set, as the sheet says
            existing.status = status
            self.settled = status in right_number.SETTLED
            return True
        what = f"the status here is '{status}', {existing.name}'s is '{existing.status}'"
        self._kept_over(record, what, "a status kept")
        return False

    def _take_deals(self, record: ImportedContact) -> bool:
        compared = compare_deals(self.deals, record.deals)
        for theirs, ours in compared.differing:
            what = (
                f"the deal '{theirs.title}' here is {_deal_words(theirs)}, "
                f"{self.contact.name}'s is {_deal_words(ours)}"
            )
            self._kept_over(record, what, "a deal kept")
        self.deals += compared.new
        self.added += compared.new
        if record.status is None:  # a status the record has is its own say
            self._settle(status_settled_by_deals(compared.new))
        return bool(compared.new)

    def _settle(self, status: ContactStatus | None) -> None:
        """As the contact dialog's save of a deal won or lost: the contact is too."""
        if status is not None:
            self.contact.status = status
            self.settled = True

    def take(self, record: ImportedContact) -> bool:
        """Fill what the contact lacks from ``record``; True when anything changed."""
        existing = self.contact
        changed = False
        if record.status is not None:
            changed = self._take_status(record)
        if record.deals:
            changed = self._take_deals(record) or changed
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
                existing.phones.append(Phone(number, checked=number not in record.unchecked_phones))
                self.phones.add(number)
                changed = True
        for attribute in ("notes", "personal_notes"):
            changed = _add_lines(existing, attribute, getattr(record, attribute)) or changed
        return changed


def _add_lines(contact: Contact, attribute: str, incoming: str) -> bool:
    """The lines of ``incoming`` the contact's ``attribute`` lacks, added after its own."""
    if not incoming or not (added := lines_to_add(getattr(contact, attribute), incoming)):
        return False
    setattr(contact, attribute, "\n".join(filter(None, [getattr(contact, attribute), added])))
    return True


def _deal_words(deal: Deal) -> str:
    return f"{money(deal.value_minor, deal.currency)}, {deal.stage}"


class _FileImport:
    """State of one file's import inside its transaction: the keys a record may match a
    contact on, as the store would answer them (so a re-import matches what the first
    import made): each e-mail of a contact, folded, and each of its phones with its name."""

    def __init__(self, writer: ImportWriter, report: ImportReport) -> None:
        self.writer = writer
        self.report = report
        self.by_email: dict[str, int] = {}
        self.by_person: dict[tuple[str, str], int] = {}  # (folded name, phone) → id
        self.by_name: dict[tuple[str, str], int] = {}  # (folded name, company): no keys
        self.phones_asked: set[str] = set()
        self.names_asked: set[str] = set()
        self.first_line: dict[int, int] = {}  # contacts this file made → their first line
        # With nobody in the store when the file starts (a first import), every known
        # key is one this file added, already remembered: no look-ups needed. True while
        # the import holds the store (once another writer went in, keys are looked up).
        self.store_was_empty = writer.store_is_empty()
        self.namesakes = NamesakeCheck(writer, self.store_was_empty)
        # Merges into known contacts, kept for the end when the writer defers them.
        self.deferred: dict[int, list[tuple[ImportedContact, str]]] = {}

    def run_chunk(self, records: list[ImportedContact]) -> None:
        self._learn_keys(records)
        known: dict[int, list[tuple[ImportedContact, str]]] = {}
        fresh: list[tuple[ImportedContact, str]] = []
        by_email = self.by_email
        keys = (by_email, self.by_person, self.by_name)
        for record in records:
            found: tuple[int, str] | None = None
            for address in record.emails:  # most records of a re-import end here
                if (contact_id := by_email.get(address.casefold())) is not None:
                    found = (contact_id, SAME_EMAIL)
                    break
            # The folded name is a key only with a phone or alone; folded once a record.
            name = ""
            if found is None:
                name = fold(record.name) if record.phones or not record.emails else ""
                found = self._match(record, name, keys)
            if found is None:
                fresh.append((record, name))
            else:
                known.setdefault(found[0], []).append((record, found[1]))
        if self.writer.defers_merges:
            for contact_id, matches in known.items():
                self.deferred.setdefault(contact_id, []).extend(matches)
        else:
            self._update(known)
        self._insert(fresh)

    def finish(self) -> None:
        """The deferred merges, in the import's last transaction: they stand or fall with
        the whole file."""
        if not self.deferred:
            return
        self.writer.finishing()
        self.writer.merging(len(self.deferred))
        ids = list(self.deferred)
        for start in range(0, len(ids), DEFERRED_MERGES):
            self._update({i: self.deferred[i] for i in ids[start : start + DEFERRED_MERGES]})
        self.deferred = {}

    def _learn_keys(self, records: list[ImportedContact]) -> None:
        if self.store_was_empty and not self.writer.stepped_aside:
            return
        emails = [
            e.casefold() for r in records for e in r.emails if e.casefold() not in self.by_email
        ]
        self.by_email.update(self.writer.ids_by_email(emails))
        asked = self.phones_asked
        phones = {p for r in records for p in r.phones if p not in asked}
        by_person = self.by_person
        for number, name, contact_id in self.writer.people_by_phone(phones):
            by_person.setdefault((name, number), contact_id)
        asked.update(phones)
        names = {
            folded
            for r in records
            if not r.emails and not r.phones and (folded := fold(r.name)) not in self.names_asked
        }
        for name, company, contact_id in self.writer.people_without_keys(names):
            self.by_name.setdefault((name, company.casefold()), contact_id)
        self.names_asked.update(names)

    @staticmethod
    def _match(
        record: ImportedContact,
        name: str,
        keys: tuple[dict[str, int], dict[tuple[str, str], int], dict[tuple[str, str], int]],
    ) -> tuple[int, str] | None:
        """The contact ``record`` (its name folded) is the same person as, and why."""
        by_email, by_person, by_name = keys
        for address in record.emails:
            if (found := by_email.get(address.casefold())) is not None:
                return found, SAME_EMAIL
        for number in record.phones:
            if (found := by_person.get((name, number))) is not None:
                return found, SAME_PERSON
        if record.emails or record.phones:
            return None
        found = by_name.get((name, record.company.casefold()))
        return None if found is None else (found, SAME_NAME)

    def _remember(
        self, contact_id: int, name: str, emails: Iterable[str], phones: Iterable[str]
    ) -> None:
        by_email = self.by_email
        for address in emails:
            by_email.setdefault(address.casefold(), contact_id)
        folded = ""
        for number in phones:
            folded = folded or fold(name)
            self.by_person.setdefault((folded, number), contact_id)

    def _origin(self, contact_id: int) -> str:
        line = self.first_line.get(contact_id)
        return "already in FollowUp" if line is None else f"from line {line}"

    def _update(self, known: dict[int, list[tuple[ImportedContact, str]]]) -> None:
        if not known:  # a first import: no query a chunk for nobody
            return
        contacts = self.writer.get_many(known)
        with_deals = [i for i, matches in known.items() if any(r.deals for r, _ in matches)]
        deals = self.writer.deals_of(with_deals) if with_deals else {}
        warnings = self.report.warnings
        grown: list[Grown] = []
        settled: dict[int, ContactStatus] = {}
        merges = self.report.merges
        gone: list[tuple[ImportedContact, str]] = []
        gone_contacts = 0
        for contact_id, matches in known.items():
            contact = contacts.get(contact_id)
            if contact is None:
                gone_contacts += 1
                # Deleted by the rep while a long import ran: its records come in new.
                gone.extend(
                    (record, fold(record.name) if record.phones or not record.emails else "")
                    for record, _why in matches
                )
                continue
            stored = (len(contact.emails), len(contact.phones))
            origin = self._origin(contact_id)
            merged = _Merged(contact, deals.get(contact_id, ()), origin)
            made_here = contact_id in self.first_line
            # A contact touched twice in one file counts once, as its final state.
            changed = False
            for record, why in matches:
                took = merged.take(record)
                if took or made_here:  # an unchanged re-import has nothing to say
                    merges.add(Merge(record.source, record.line, contact.name, origin, why))
                changed = took or changed
            for oddity in merged.said:
                warnings.add(oddity)
            if merged.settled:
                settled[contact_id] = contact.status
            if changed:
                grown.append(Grown(contact, *stored, deals=merged.added))
                self._remember(
                    contact_id,
                    contact.name,
                    (e.address for e in contact.emails),
                    (p.number for p in contact.phones),
                )
        # Merging only ever adds (fills a column, appends e-mails, phones and notes).
        self.writer.save_grown(grown)
        # As the contact form's save: the right number found finishes its search.
        numbers = {
            g.contact.id: (g.contact.phones[: g.phones_stored], g.contact.phones)
            for g in grown
            if len(g.contact.phones) > g.phones_stored and g.contact.id is not None
        }
        right_number.numbers_added(self.writer.session, numbers, self.writer.now)
        # As the contact form's won or lost: nothing left to call about.
        right_number.end_searches(self.writer.session, settled, self.writer.now)
        self.report.updated += len(grown)
        self.report.unchanged += len(known) - len(grown) - gone_contacts
        if gone:
            self._insert(gone)

    def _insert(self, fresh: list[tuple[ImportedContact, str]]) -> None:
        # Records in this chunk that match an earlier new one merge into it.
        news: list[ImportedContact] = []
        names: list[str] = []  # each new contact's name, folded (when it has a phone)
        merging: dict[int, _Merged] = {}
        merged_rows: list[tuple[ImportedContact, int, str]] = []
        by_email: dict[str, int] = {}
        by_person: dict[tuple[str, str], int] = {}
        by_name: dict[tuple[str, str], int] = {}
        for record, name in fresh:
            found = self._match(record, name, (by_email, by_person, by_name))
            if found is None:
                news.append(_settled(_distinct(record)))
                names.append(name)
                index = len(news) - 1
            else:
                index = found[0]
                if index not in merging:
                    origin = f"from line {news[index].line}"
                    merging[index] = _Merged(
                        contact_from_record(news[index]), news[index].deals, origin
                    )
                merging[index].take(record)
                merged_rows.append((record, index, found[1]))
                if record.phones and not names[index]:
                    names[index] = fold(news[index].name)
                name = names[index]
            for address in record.emails:
                by_email.setdefault(address.casefold(), index)
            for number in record.phones:
                by_person.setdefault((name, number), index)
            if not record.emails and not record.phones and found is None:
                by_name.setdefault((name, record.company.casefold()), index)
        if not news:
            return
        for index, merged in merging.items():
            news[index] = _as_record(news[index], merged)
            for oddity in merged.said:
                self.report.warnings.add(oddity)
        ids = self.writer.insert_new(news)
        made = list(zip(ids, news, strict=True))
        for oddity in self.namesakes.oddities(made):
            self.report.warnings.add(oddity)
        first_line, emails_known, people_known = self.first_line, self.by_email, self.by_person
        for contact_id, new, name in zip(ids, news, names, strict=True):
            first_line[contact_id] = new.line
            for address in new.emails:
                emails_known.setdefault(address.casefold(), contact_id)
            for number in new.phones:
                people_known.setdefault((name, number), contact_id)
            if not new.emails and not new.phones:
                self.by_name.setdefault((name, new.company.casefold()), contact_id)
        for record, index, why in merged_rows:
            new = news[index]
            self.report.merges.add(
                Merge(record.source, record.line, new.name, f"from line {new.line}", why)
            )
        self.report.imported += len(news)


def _distinct(record: ImportedContact) -> ImportedContact:
    """``record`` with each e-mail (whatever its case) and phone once, as a new contact
    made from it has them."""
    if len(record.emails) < 2 and len(record.phones) < 2:
        return record
    return replace(
        record, emails=distinct_emails(record.emails), phones=list(dict.fromkeys(record.phones))
    )


def _settled(record: ImportedContact) -> ImportedContact:
    """``record`` with the status its deals settle it at (a deal won: won), as the contact
    dialog's save of the deal would make it, when it says no status of its own."""
    if record.status is not None or not record.deals:
        return record
    return replace(record, status=status_settled_by_deals(record.deals))


def contact_from_record(new: ImportedContact) -> Contact:
    """A new contact as an imported record makes it."""
    return Contact(
        name=new.name,
        company=new.company,
        title=new.title,
        emails=[Email(address) for address in new.emails],
        phones=[Phone(n, checked=n not in new.unchecked_phones) for n in new.phones],
        time_zone=new.time_zone,
        personal_notes=new.personal_notes,
        notes=new.notes,
        status=new.status or ContactStatus.ACTIVE,
    )


def _as_record(new: ImportedContact, merged: _Merged) -> ImportedContact:
    """``new`` as the contact other records of its chunk were merged into."""
    contact = merged.contact
    status = None if contact.status is ContactStatus.ACTIVE else contact.status
    return replace(
        new,
        company=contact.company,
        title=contact.title,
        time_zone=contact.time_zone,
        notes=contact.notes,
        personal_notes=contact.personal_notes,
        emails=[e.address for e in contact.emails],
        phones=[p.number for p in contact.phones],
        unchecked_phones=frozenset(p.number for p in contact.phones if not p.checked),
        status=status,
        deals=tuple(merged.deals),
    )


def _count_lines(path: Path) -> int:
    try:
        with open_binary(path) as handle:
            return max(
                1, sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))
            )
    except (UnreadableFile, OSError):
        return 1


class ImportService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        phone_region: str | Callable[[], str],
        currency: str | Callable[[], str] = FALLBACK,
    ) -> None:
        """``clock``: the app's, for when the contacts were added or grew.
        ``phone_region``: the country for national numbers, and ``currency``: the one a
        sheet's deal without one is in (the rep's); each, or where to read it when an
        import starts (Settings can change them while the app runs)."""
        self._db = db
        self._clock = clock
        self._region = phone_region
        self._currency = currency

    @property
    def _options(self) -> ImportOptions:
        region = self._region if isinstance(self._region, str) else self._region()
        currency = self._currency if isinstance(self._currency, str) else self._currency()
        return ImportOptions(phone_region=region, currency=currency)

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
            report.unreadable.append(UnreadableSource(str(path), reason))

    def import_items(
        self,
        items: Iterator[ImportItem],
        report: ImportReport,
        progress: Progress | None = None,
        total: int = 0,
    ) -> None:
        """All or nothing: on any error nothing is stored and ``report`` is as it was. A
        large file lets other writers in between its chunks (its contacts show at the
        end, together)."""
        counts = (report.imported, report.updated, report.unchanged)
        marks = (report.rejections.mark(), report.warnings.mark(), report.merges.mark())
        try:
            with ImportWriter.open(
                self._db,
                self._clock.now(),
                bulk=total > BULK_LINES,
                segmented=total > SEGMENTED_LINES,
            ) as writer:
                work = _FileImport(writer, report)
                said_once: dict[SaidOnce, None] = {}  # the file's, said at its end
                for chunk in _chunks(items, CHUNK):
                    records: list[ImportedContact] = []
                    for item in chunk:
                        if isinstance(item, ImportedContact):
                            records.append(item)
                            if item.read_as is not None:
                                said_once[item.read_as] = None
                            for oddity in item.oddities:
                                report.warnings.add(oddity)
                            if item.kept_columns is not None:
                                said_once[item.kept_columns] = None
                            if item.turned_names is not None:
                                said_once[item.turned_names] = None
                        else:
                            report.rejections.add(item)
                    work.run_chunk(records)
                    if progress is not None:
                        progress(chunk[-1].line, max(total, chunk[-1].line))
                    writer.between_chunks()
                work.finish()
                for said in said_once:
                    report.warnings.add(said.oddity())
        except BaseException:
            report.imported, report.updated, report.unchanged = counts
            report.rejections.restore(marks[0])
            report.warnings.restore(marks[1])
            report.merges.restore(marks[2])
            raise
