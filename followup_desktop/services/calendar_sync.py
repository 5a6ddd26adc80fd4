"""The rep's own calendar, kept in step with FollowUp (issue: calendar out).

Every open agreed call and promise (and the rules' steps, if the rep turns that on) is an
entry on the CalDAV calendar chosen in Settings, with a 15-minute alarm; a moved one is
the same UID with SEQUENCE one up; one done, cancelled or replaced is removed.

Offline-safe by construction: what the calendar should show is worked out from the store
each time, against what the store says was last put there (``calendar_entries``). A
change made while the server is away is simply still a difference at the next sync, so
nothing is queued that could be lost, and a sync killed half-way leaves each entry either
recorded or not: an entry put but not recorded is found again by its name (the PUT with
``If-None-Match: *`` fails) and adopted.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from followup_desktop.core import settings as options
from followup_desktop.core import steps
from followup_desktop.core.calendar import local, zone
from followup_desktop.core.clock import Clock
from followup_desktop.core.model import FollowUpKind
from followup_desktop.services import sync_tokens
from followup_desktop.services.address_book_sync import AddressBookSync, CardsPushed
from followup_desktop.services.phone_card_changes import CardsPulled
from followup_desktop.services.settings import SettingsService
from followup_desktop.services.sync_marks import Steps, in_flight, is_in_flight, write_marked
from followup_desktop.store import calendar_repo
from followup_desktop.store.calendar_repo import Published, Wanted
from followup_desktop.store.db import Database

if TYPE_CHECKING:  # icalendar and keyring load with the first sync, not with the window
    from followup_desktop.core.settings import Settings
    from followup_desktop.exchange.caldav_calendar import CalendarInfo, CalendarServer
    from followup_desktop.exchange.carddav_book import AddressBookServer
    from followup_desktop.exchange.ics import OwnEventSpec
    from followup_desktop.services.secrets import Secrets

CALENDAR = "CalDAV"  # the account kind its password is kept under (services.secrets)

log = logging.getLogger(__name__)

# With the rules' steps on: those due within this much, not a neglected book's backlog.
RULE_STEPS_AHEAD = timedelta(days=60)
# The rep's meetings are read this far ahead: as far as the offered call times look.
BUSY_AHEAD = timedelta(days=14)


class NotSetUp(Exception):
    """No calendar account in Settings."""


@dataclass(frozen=True, slots=True)
class SetupReport:
    calendars: tuple[str, ...]  # the account's calendars, by name
    chosen: str  # the name of the one FollowUp writes to
    url: str
    made: bool  # the "FollowUp" calendar was made now
    password_in_keyring: bool
    address_book: str = ""  # where the contacts go ("": the server keeps none)


@dataclass(frozen=True, slots=True)
class Collections:
    """What an account holds, for the rep to choose from before keeping it."""

    calendars: tuple[CalendarInfo, ...]
    address_books: tuple[CalendarInfo, ...]


@dataclass(frozen=True, slots=True)
class SyncReport:
    at: datetime
    rep_zone: str
    put: int = 0
    removed: int = 0
    waiting: int = 0  # changes not made (the server is away): the next sync makes them
    changed_there: tuple[str, ...] = ()  # entries edited on the calendar: left as they are
    problem: str = ""
    offline: bool = False  # the problem is the server out of reach (not a refusal)
    # "Priya Patel: moved on your calendar, Fri 10:00 → Mon 14:00"; or why such a change
    # was not taken ("…: made all-day on your calendar; not taken, …")
    moved_there: tuple[str, ...] = ()
    cards: CardsPushed = field(default_factory=CardsPushed)  # the address book's part
    pulled: CardsPulled = field(default_factory=CardsPulled)  # what came from the phone
    transferred: int = 0  # entries and cards read or written (listings not counted)

    def news(self) -> tuple[str, ...]:
        """What the rep should hear of, in Today: moves, merges, contacts gone there."""
        return self.moved_there + tuple(self.pulled.news())

    def text(self) -> str:
        """The status line: "synced 14:02", "offline: 3 changes waiting"."""
        if self.problem and self.waiting:
            count = f"{self.waiting} change{'s' if self.waiting != 1 else ''} waiting"
            return f"{'offline' if self.offline else 'not synced'}: {count} ({self.problem})"
        if self.problem:
            return f"not synced: {self.problem}"
        return f"synced {local(self.at, zone(self.rep_zone)):%H:%M}"


@dataclass
class _Plan:
    # The entry, its digest, and what was last put there (read once for the whole plan).
    puts: list[tuple[Wanted, str, Published | None]] = field(default_factory=list)
    removes: list[Published] = field(default_factory=list)


class CalendarSync:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: SettingsService,
        secrets: Callable[[], Secrets],
        uid_namespace: Callable[[], str],
        move: Callable[[int, datetime], object],
        verify: bool | str = True,
    ) -> None:
        """``move(follow_up_id, at)``: a follow-up to a new time, as the rep moving it would."""
        self._db, self._clock, self._settings = db, clock, settings
        self._move = move
        # The login the server refused (a digest of it): not sent again until the kept
        # password changes, since a refused login every few minutes gets accounts locked.
        self._refused: str | None = None
        self.cards = AddressBookSync(db, uid_namespace, settings.phone_region)
        self._secrets, self._uid_namespace = secrets, uid_namespace
        self.verify = verify  # a CA file for a server with its own certificate (tests)

    # The account ---------------------------------------------------------------------------
    def is_set_up(self) -> bool:
        return bool(self._settings.load().get(options.SYNC_URL))

    def look(self, url: str, user: str, password: str) -> Collections:
        """Log in and list the account's calendars and address books; nothing is kept.
        Raises SyncProblem in plain words."""
        from followup_desktop.exchange.caldav_calendar import SyncProblem

        _address, server = self._login(url, user, password)
        try:
            calendars = tuple(server.calendars())
            try:
                books = tuple(server.address_books())
            except SyncProblem as error:
                log.info("no address books on this server: %s", error)
                books = ()
        finally:
            server.close()
        return Collections(calendars, books)

    def _login(self, url: str, user: str, password: str) -> tuple[str, AddressBookServer]:
        """The address as it will be kept, and a client logged in there."""
        from followup_desktop.core.setting_values import sync_address
        from followup_desktop.exchange.caldav_calendar import SyncProblem
        from followup_desktop.exchange.carddav_book import AddressBookServer

        try:
            address = sync_address(url.strip())
        except ValueError as error:
            raise SyncProblem(str(error)) from None
        return address, AddressBookServer(address, user, password, self.verify)

    def setup(
        self, url: str, user: str, password: str, calendar: str = "", address_book: str = ""
    ) -> SetupReport:
        """Log in, list the calendars, choose ``calendar`` (a name or an address; empty:
        the one called FollowUp, made if missing) and ``address_book`` (the same way),
        then keep the account (the password in the keyring). Raises SyncProblem in plain
        words, keeping nothing."""
        from followup_desktop.exchange.caldav_calendar import CALENDAR_NAME, SyncProblem

        address, server = self._login(url, user, password)
        try:
            found = server.calendars()
            wanted = calendar.strip() or CALENDAR_NAME
            chosen = next((c for c in found if wanted in (c.name, c.url)), None)
            made = chosen is None and not calendar.strip()
            if chosen is None:
                if calendar.strip():
                    names = ", ".join(c.name for c in found) or "none"
                    raise SyncProblem(
                        f"there is no calendar {calendar!r} (the account has: {names})"
                    )
                chosen = server.make_calendar(CALENDAR_NAME)
            book = self._book(server, address_book.strip())
        finally:
            server.close()
        settings = (
            self._settings.load()
            .with_value(options.SYNC_URL, address)
            .with_value(options.SYNC_USER, user)
            .with_value(options.SYNC_CALENDAR, chosen.url)
            .with_value(options.SYNC_ADDRESS_BOOK, book.url if book else "")
        )
        self._settings.save(settings)
        kept = self._secrets().remember_password(CALENDAR, host_of(address), user, password)
        calendars = tuple(c.name for c in found) + ((chosen.name,) if made else ())
        return SetupReport(
            calendars, chosen.name, chosen.url, made, kept, book.name if book else ""
        )

    @staticmethod
    def _book(server: AddressBookServer, wanted: str) -> CalendarInfo | None:
        """The address book ``wanted`` (a name or an address), else the one called
        FollowUp, made if missing; None without CardDAV."""
        from followup_desktop.exchange.caldav_calendar import SyncProblem
        from followup_desktop.exchange.carddav_book import BOOK_NAME

        try:
            books = server.address_books()
        except SyncProblem as error:
            log.info("no address book on this server: %s", error)
            return None
        chosen = next((b for b in books if (wanted or BOOK_NAME) in (b.name, b.url)), None)
        if chosen is None and wanted:
            names = ", ".join(b.name for b in books) or "none"
            raise SyncProblem(f"there is no address book {wanted!r} (the account has: {names})")
        return chosen or server.make_address_book(BOOK_NAME)

    # Syncing -------------------------------------------------------------------------------
    def sync(self, progress: Callable[[int, int], None] | None = None) -> SyncReport:
        """Put on the calendar what it should show and take off what it should not; an
        unreachable server leaves everything to the next sync. Raises NotSetUp.
        ``progress(done, total)``: the writes made so far (entries and cards)."""
        from followup_desktop.exchange.caldav_calendar import (
            Changed,
            LoginRefused,
            Offline,
            SyncProblem,
            refused,
        )
        from followup_desktop.exchange.carddav_book import AddressBookServer

        settings = self._settings.load()
        address, user = settings.get(options.SYNC_URL), settings.get(options.SYNC_USER)
        calendar_url = settings.get(options.SYNC_CALENDAR)
        if not address:
            raise NotSetUp("no calendar account is set: followup sync setup --url URL --user NAME")
        now, rep_zone = self._clock.now(), self._settings.rep_zone()
        plan = self._plan(now, settings.get(options.SYNC_RULE_STEPS), settings)
        report = SyncReport(now, rep_zone, waiting=len(plan.puts) + len(plan.removes))
        password = self._secrets().password(CALENDAR, host_of(address), user)
        if not password:
            return replace(report, problem="no password is stored: run followup sync setup again")
        if not calendar_url:
            return replace(report, problem="no calendar is chosen: run followup sync setup again")
        book_url = settings.get(options.SYNC_ADDRESS_BOOK)
        login = _login_digest(address, user, password)
        if login == self._refused:
            return replace(
                report,
                waiting=report.waiting + (self.cards.pending() if book_url else 0),
                problem=f"{refused()}; not tried again until then",
            )
        self._refused = None
        server = AddressBookServer(address, user, password, self.verify)
        cards, pulled = CardsPushed(), CardsPulled()
        put = removed = 0
        changed_there: list[str] = []
        moved_there: list[str] = []
        try:
            # What the rep moved on their calendar first: those moves win, and the plan
            # below is made from the follow-ups as moved.
            moved_there = self._read_back(server, calendar_url, rep_zone)
            if book_url:  # contacts first: a name changed there is in the entries below
                pulled = self.cards.pull(server, book_url, now)
            plan = self._plan(now, settings.get(options.SYNC_RULE_STEPS), settings)
            report = replace(report, waiting=len(plan.puts) + len(plan.removes))
            steps = Steps(progress)
            steps.expect(len(plan.puts) + len(plan.removes))
            for entry in plan.removes:
                steps.one()
                try:
                    server.delete(entry.href, entry.etag)
                    removed += 1
                except Changed:  # edited there: their copy stays
                    changed_there.append(self._name_of(entry.follow_up_id))
                self._forget(entry.follow_up_id)
            for wanted, digest, known in plan.puts:
                steps.one()
                if self._put(server, calendar_url, wanted, digest, known, now, settings):
                    put += 1
                else:
                    changed_there.append(wanted.name)
            if put or removed:
                sync_tokens.catch_up(
                    self._db, server, sync_tokens.CALENDAR, calendar_url, self._etags
                )
            busy = server.busy(now, now + BUSY_AHEAD, calendar_url)
            with self._db.writing() as session:
                calendar_repo.replace_busy(session, busy)
            if book_url:
                cards = self.cards.push(server, book_url, now, steps)
        except SyncProblem as error:  # Offline among them: the rest waits for the next sync
            if isinstance(error, LoginRefused):
                self._refused = login
            done = put + removed + len(changed_there)
            waiting_cards = self.cards.pending() if book_url else 0
            return replace(
                report,
                put=put,
                removed=removed,
                waiting=report.waiting - done + waiting_cards,
                problem=str(error),
                offline=isinstance(error, Offline),
                moved_there=tuple(moved_there),
                pulled=pulled,
                transferred=server.transfers,
            )
        finally:
            server.close()
        log.info("calendar synced: %d put, %d removed", put, removed)
        return SyncReport(
            now,
            rep_zone,
            put,
            removed,
            0,
            tuple(changed_there),
            moved_there=tuple(moved_there),
            cards=cards,
            pulled=pulled,
            transferred=server.transfers,
        )

    def _read_back(self, server: CalendarServer, calendar_url: str, rep_zone: str) -> list[str]:
        """Entries changed on the calendar since the last sync (listed by the server's
        sync-token, or their ETags): a new start moves the follow-up in FollowUp ("Priya
        Patel: Fri 10:00 → Mon 14:00"); an entry deleted there is put back (FollowUp
        keeps the promise until it is done)."""
        from followup_desktop.exchange import ics
        from followup_desktop.exchange.caldav_calendar import read_start
        from followup_desktop.exchange.dav_listing import listing, path_of

        token = sync_tokens.kept(self._db, sync_tokens.CALENDAR, calendar_url)
        found = listing(server, calendar_url, token)
        with self._db.reading() as session:
            by_path = {path_of(e.href): e for e in calendar_repo.published(session).values()}
        for path in found.removed(set(by_path)):
            self._forget(by_path[path].follow_up_id)  # put again as new by the plan
        moved: list[str] = []
        for path, listed_etag in found.present.items():
            entry = by_path.get(path)
            if entry is None or (listed_etag is not None and listed_etag == entry.etag):
                continue  # not ours (the rep's own entry), or as we left it
            got = server.read(entry.href)
            if got is None:
                self._forget(entry.follow_up_id)
                continue
            data, etag = got
            if etag == entry.etag:
                continue
            if is_in_flight(entry.digest):
                # Our own write, taken by the server before a kill let us record it: not
                # a move by the rep. Written again below, at the follow-up's own time.
                with self._db.writing() as session:
                    calendar_repo.record(
                        session, replace(entry, etag=etag, digest=""), self._clock.now()
                    )
                continue
            tz = zone(rep_zone)
            start = read_start(data, entry.uid, tz)
            with self._db.reading() as session:
                facts = calendar_repo.wanted_one(session, entry.follow_up_id)
            if facts is not None and isinstance(start, datetime):
                # Read against the due time as the entry holds it (whole seconds): a
                # promise due as soon as possible is due to the microsecond, and an entry
                # changed otherwise (an alarm dismissed on the phone) has not moved.
                if start != ics.as_written(facts.follow_up.due_at):
                    self._move(entry.follow_up_id, start)
                    moved.append(
                        f"{facts.name}: moved on your calendar, "
                        f"{local(facts.follow_up.due_at, tz):%a %H:%M} → "
                        f"{local(start, tz):%a %H:%M}"
                    )
            elif facts is not None and isinstance(start, date):
                # All day: no time a follow-up can be moved to. It is written back at its
                # time below, which the rep would otherwise find with no word of why.
                moved.append(
                    f"{facts.name}: made all-day on your calendar; not taken, as FollowUp "
                    f"needs a time of day: still {local(facts.follow_up.due_at, tz):%a %H:%M}"
                )
            # Theirs is the copy now: written over (our words, their time) with If-Match.
            with self._db.writing() as session:
                calendar_repo.record(
                    session, replace(entry, etag=etag, digest=""), self._clock.now()
                )
        sync_tokens.keep(self._db, sync_tokens.CALENDAR, calendar_url, found.token)
        return moved

    def _etags(self) -> dict[str, str | None]:
        from followup_desktop.exchange.dav_listing import path_of

        with self._db.reading() as session:
            return {path_of(e.href): e.etag for e in calendar_repo.published(session).values()}

    def _put(
        self,
        server: CalendarServer,
        calendar_url: str,
        wanted: Wanted,
        digest: str,
        known: Published | None,
        now: datetime,
        settings: Settings,
    ) -> bool:
        """One entry written (new, or over the copy we last saw) and recorded; False when
        it was edited on the calendar meanwhile."""
        from followup_desktop.exchange import ics
        from followup_desktop.exchange.caldav_calendar import Changed

        follow_up_id = wanted.follow_up.id or 0
        uid = self._uid(follow_up_id)
        href = known.href if known else server.entry_url(calendar_url, uid)
        sequence = known.sequence + 1 if known else 0
        alarm = settings.get(options.INVITE_ALARM_MIN)
        data = ics.build_own(replace(self._spec(wanted, now, alarm), sequence=sequence))
        if known is None:
            try:
                etag = server.put(href, data, None, new=True)
            except Changed:
                # Put by a sync that was killed before it recorded it: adopt it.
                etag = server.put(href, data, server.etag(href), new=False)
        else:
            # Marked before the write: were this sync killed after the server took it but
            # before it is recorded, the next one knows the new ETag there is its own.
            try:
                etag = write_marked(
                    self._db,
                    lambda session, entry: calendar_repo.record(session, entry, now),
                    known,
                    replace(known, digest=in_flight(digest)),
                    lambda: server.put(href, data, known.etag, new=False),
                )
            except Changed:
                if not is_in_flight(known.digest):
                    return False  # the rep's edit there: theirs stays
                etag = server.put(href, data, server.etag(href), new=False)  # our own write
        with self._db.writing() as session:
            calendar_repo.record(
                session, Published(follow_up_id, href, uid, etag, digest, sequence), now
            )
        return True

    def _name_of(self, follow_up_id: int) -> str:
        """Whose an entry no longer wanted is, as the rep knows them: its UID says nothing
        to them, and its follow-up may be done, its contact deleted."""
        with self._db.reading() as session:
            return calendar_repo.contact_name(session, follow_up_id) or "An entry from FollowUp"

    def _forget(self, follow_up_id: int) -> None:
        with self._db.writing() as session:
            calendar_repo.forget(session, follow_up_id)

    def _plan(self, now: datetime, rule_steps: bool, settings: options.Settings) -> _Plan:
        with self._db.reading() as session:
            wanted = calendar_repo.wanted(session, now + RULE_STEPS_AHEAD if rule_steps else None)
            published = calendar_repo.published(session)
        plan = _Plan()
        alarm = settings.get(options.INVITE_ALARM_MIN)
        seen: set[int] = set()
        for entry in wanted:
            follow_up_id = entry.follow_up.id or 0
            seen.add(follow_up_id)
            digest = _digest(entry, alarm)
            known = published.get(follow_up_id)
            if known is None or known.digest != digest:
                plan.puts.append((entry, digest, known))
        plan.removes = [p for i, p in published.items() if i not in seen]
        return plan

    def _uid(self, follow_up_id: int) -> str:
        namespace = uuid.UUID(self._uid_namespace())
        return f"{uuid.uuid5(namespace, f'calendar {follow_up_id}')}@followup"

    def _spec(self, entry: Wanted, now: datetime, alarm: int) -> OwnEventSpec:
        from followup_desktop.exchange.ics import OwnEventSpec

        follow_up = entry.follow_up
        return OwnEventSpec(
            uid=self._uid(follow_up.id or 0),
            sequence=0,  # set when sent: one more than what the calendar has
            start=follow_up.due_at,
            # The search for a number is the rep's own work, placed on her clock.
            zone=(
                self._settings.rep_zone()
                if steps.is_number_search(follow_up)
                else entry.zone or self._settings.rep_zone()
            ),
            summary=_summary(entry),
            description=_description(entry),
            stamp=now,
            alarm_minutes=alarm,
        )


def _summary(entry: Wanted) -> str:
    follow_up, who = entry.follow_up, entry.name
    if entry.company:
        who += f" ({entry.company})"
    if steps.is_number_search(follow_up):
        return f"Find the right number for {who}"
    if follow_up.kind is FollowUpKind.TASK:
        return f"Promise to {who}: {follow_up.objective or steps.label(follow_up.step)}"
    what = "Call" if follow_up.kind is FollowUpKind.CALL else "E-mail"
    objective = f": {follow_up.objective}" if follow_up.objective else ""
    return f"{what} {who}{objective}"


def _description(entry: Wanted) -> str:
    follow_up = entry.follow_up
    lines = [steps.describe(follow_up.step, follow_up.objective)]
    if follow_up.agreed:
        lines.append("Agreed with them.")
    if entry.phone and steps.is_number_search(follow_up):
        lines.append(f"The number on file, which reached someone else: {entry.phone}")
    elif entry.phone:
        lines.append(f"Phone: {entry.phone}")
    lines.append("From FollowUp: change it there, not here.")
    return "\n".join(lines)


def _digest(entry: Wanted, alarm: int) -> str:
    follow_up = entry.follow_up
    text = "\x1f".join(
        (
            follow_up.due_at.isoformat(),
            entry.zone,
            _summary(entry),
            _description(entry),
            str(alarm),
        )
    )
    return hashlib.sha256(text.encode()).hexdigest()


def host_of(address: str) -> str:
    """The host a kept server address names (the keyring entry's key)."""
    return (urlsplit(address if "://" in address else f"https://{address}").hostname or "").lower()


def _login_digest(address: str, user: str, password: str) -> str:
    """A login told apart from another without keeping its password in the clear."""
    return hashlib.sha256("\0".join((address, user, password)).encode()).hexdigest()
