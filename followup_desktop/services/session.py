"""The one composition root below the UI: paths → database → services.

The GUI and the CLI both call ``open_services`` and use what it returns; nothing else
builds services, so both faces always see the same rules.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property, partial
from typing import TYPE_CHECKING

from followup_desktop.core.clock import Clock, SystemClock
from followup_desktop.paths import AppPaths
from followup_desktop.services import kept_calls
from followup_desktop.services.away import AwayService
from followup_desktop.services.call_queue import QueueService
from followup_desktop.services.calls import CallService
from followup_desktop.services.contacts import ContactService
from followup_desktop.services.day_actions import DayActions
from followup_desktop.services.followups import FollowUpService
from followup_desktop.services.reminders import ReminderService
from followup_desktop.services.settings import SettingsService
from followup_desktop.store import settings_repo, write_guard
from followup_desktop.store.contact_import import take_back_unfinished
from followup_desktop.store.db import Database

# The faces (ui, cli) catch the store's failures from here: they import nothing from store/.
from followup_desktop.store.db import NewerStore as NewerStore
from followup_desktop.store.db import PasswordRefused as PasswordRefused
from followup_desktop.store.db import ServerAway as ServerAway
from followup_desktop.store.db import StoreDamaged as StoreDamaged
from followup_desktop.store.db import StoreUnavailable as StoreUnavailable
from followup_desktop.store.outbox import OUTBOX_NAME, Kept, Outbox

log = logging.getLogger(__name__)

# How far ahead a team server's agenda is kept for reminders while it is away.
OFFLINE_AGENDA = timedelta(hours=12)

if TYPE_CHECKING:
    from followup_desktop.core.agenda import TodayAgenda
    from followup_desktop.services.calendar_sync import CalendarSync
    from followup_desktop.services.deals import DealService
    from followup_desktop.services.exports import ExportService
    from followup_desktop.services.importing import ImportService
    from followup_desktop.services.inbox import InboxService
    from followup_desktop.services.kept_writes import KeptReport
    from followup_desktop.services.set_aside import SetAsideWrites
    from followup_desktop.services.stats import StatsService
    from followup_desktop.services.team_book import TeamBook


@dataclass
class Services:
    paths: AppPaths
    clock: Clock
    db: Database
    settings: SettingsService
    contacts: ContactService
    followups: FollowUpService
    calls: CallService
    reminders: ReminderService
    day: DayActions
    # Contacts of an import that was killed before its end, taken back when this opened.
    taken_back: int = 0
    # The team server this runs on, as the rep may see it ("": the data folder's file).
    team: str = ""

    # Built on first use, like those below: what the window needs once the rep acts,
    # not to open (their modules load on the worker that first asks for them).
    @cached_property
    def importing(self) -> ImportService:
        from followup_desktop.services.importing import ImportService

        return ImportService(
            self.db, self.clock, self.settings.phone_region, self.settings.currency
        )

    @cached_property
    def deals(self) -> DealService:
        from followup_desktop.services.deals import DealService

        return DealService(self.db, self.clock, self.calls.outbox)

    @cached_property
    def stats(self) -> StatsService:
        from followup_desktop.services.stats import StatsService

        return StatsService(self.db, self.clock, self.followups)

    @cached_property
    def exports(self) -> ExportService:
        """Built on first use: invites and drafts import icalendar, the e-mail package and
        keyring (~100 ms, a fifth of start-up), which the first window never needs."""
        from followup_desktop.services.exports import ExportService
        from followup_desktop.services.secrets import Secrets

        return ExportService(
            self.db, self.clock, self.followups, self.paths, Secrets(), self.settings
        )

    @cached_property
    def away(self) -> AwayService:
        """The rep away for a holiday (Settings › Away, `followup away`)."""
        return AwayService(self.db, self.clock, self.settings)

    @cached_property
    def calendar(self) -> CalendarSync:
        """The rep's own CalDAV calendar, kept in step (`followup sync`)."""
        from followup_desktop.services.calendar_sync import CalendarSync

        return CalendarSync(
            self.db,
            self.clock,
            self.settings,
            lambda: self.exports.secrets,
            lambda: ensure_uid_namespace(self.db),
            self.followups.move,
        )

    @cached_property
    def inbox(self) -> InboxService:
        """Stop on reply: the INBOX of the IMAP account in Settings, read for replies."""
        from followup_desktop.services.inbox import InboxService

        exports = self.exports
        return InboxService(
            self.db, self.clock, self.followups, exports.imap_account, exports.secrets.imap_password
        )

    @cached_property
    def set_aside(self) -> SetAsideWrites:
        """What the team server would not take of the writes kept while it was away."""
        from followup_desktop.services import kept_sheets
        from followup_desktop.services.set_aside import SetAsideWrites

        def names() -> dict[int, str]:
            sheets = kept_sheets.last(self.paths, self.team) if self.team else None
            kept = sheets.contacts if sheets is not None else ()
            return {c.contact.id: c.contact.name for c in kept if c.contact.id is not None}

        return SetAsideWrites(self.calls.outbox, self.settings.rep_zone, names)

    @cached_property
    def team_book(self) -> TeamBook:
        """Who is at the desk on a team server, its reps, hand-overs, numbers by rep."""
        from followup_desktop.services.team_book import TeamBook

        return TeamBook(self.db, self.clock)

    @cached_property
    def queue(self) -> QueueService:
        """The day's calls worked one after another (Today › Start calls)."""
        return QueueService(self.db, self.clock, self.settings)

    def close(self) -> None:
        self.db.close()


def today_reader(services: Services) -> Callable[[int], TodayAgenda]:
    """Today as the window reads it (up to ``limit`` rows a group). On a team server each
    read is also kept beside the profile (``kept_day``): a start while the server cannot
    be reached shows the day as last read, not nothing."""
    if not services.team:
        return services.followups.today_agenda

    def read(limit: int) -> TodayAgenda:
        from followup_desktop.core.reminders import Timing
        from followup_desktop.services import kept_day

        day = services.followups.today_agenda(limit)
        try:
            timing = Timing.from_settings(services.settings.load())
            kept_day.keep(services.paths, services.team, day, timing)
        except OSError as error:  # the day shown now matters more than the one kept
            log.warning("the day was not kept beside the profile: %s", error)
        return day

    return read


def keep_calls_for_later(services: Services) -> int:
    """On a team server, what the call screen needs for the day's calls (those of the day
    kept last, the upcoming first) kept beside the profile (``kept_sheets``): a start while
    the server is away can still open them. How many contacts were kept."""
    if not services.team:
        return 0
    from followup_desktop.services import kept_day, kept_sheets

    kept = kept_day.last(services.paths, services.team)
    if kept is None:
        return 0
    entries = kept.day.page.entries
    upcoming_first = sorted(entries, key=lambda entry: entry.item.overdue)
    wanted = kept_sheets.chosen(entry.item.follow_up.contact_id for entry in upcoming_first)
    sheets = services.calls.for_later(wanted)
    kept_sheets.keep(services.paths, services.team, sheets)
    return len(sheets.contacts)


def open_services(
    paths: AppPaths,
    clock: Clock | None = None,
    *,
    check_before_writing: bool = False,
    database: str = "",
) -> Services:
    """``check_before_writing``: a quick check of the file before the first write (the
    command line; the app checks at start-up and goes to recovery instead).
    ``database``: a team server's URL instead of the file in the data folder (opened
    only at this version's schema: ``store.team_server``)."""
    paths.ensure()
    with write_guard.opening_the_store():
        if database:
            from followup_desktop.store.team_server import open_team

            db = open_team(database)
        else:
            db = Database.open(paths.database, paths.backups)
        # A file's quick check: a team server keeps its own integrity.
        db.check_before_first_write = check_before_writing and not database
        settings = SettingsService(db)
        settings.reload()  # read here, before any window asks for them
        clock = clock or SystemClock()
        followups = FollowUpService(db, clock, settings)
        # A logged call's invite needs the exports, which ``Services`` builds on first use.
        # On a team server, calls logged while it is away are kept beside the profile.
        outbox = Outbox(paths.data_dir / OUTBOX_NAME) if database else None
        calls = CallService(db, clock, followups, lambda: services.exports, outbox)
        calls.seed_cards()
        ensure_uid_namespace(db)
        taken_back = take_back_unfinished(db)  # a killed import lands not at all
    services = Services(
        paths=paths,
        clock=clock,
        db=db,
        settings=settings,
        contacts=ContactService(db, settings, clock),
        followups=followups,
        calls=calls,
        # On a team server, reminders go on from the last agenda read while it is away.
        reminders=ReminderService(
            db,
            clock,
            followups,
            OFFLINE_AGENDA if database else None,
            partial(kept_calls.follow_ups_called, outbox) if outbox else frozenset,
            partial(kept_calls.planned_here, outbox) if outbox else tuple,
        ),
        day=DayActions(db, clock, followups),
        taken_back=taken_back,
        team=shown_server(database) if database else "",
    )
    return services


def send_kept(services: Services) -> KeptReport:
    """What was kept on this laptop while the team server was away (calls, notes,
    contacts saved), written to it in order (``kept_writes``)."""
    from followup_desktop.services import kept_edits, kept_queue
    from followup_desktop.services.kept_writes import KeptReport
    from followup_desktop.services.kept_writes import send_kept as send_each

    outbox = services.calls.outbox
    if outbox is None:
        return KeptReport()

    def send_one(kept: Kept) -> tuple[int | None, bool]:
        if kept.kind == kept_edits.KIND:
            return services.deals.send_kept(kept_edits.edit_of(kept.body)), False
        if kept.kind == kept_queue.SKIP_KIND:  # a line in the history, like a draft
            skip = kept_queue.skip_of(kept.body)
            services.queue.keep_skip(skip.call, skip.reason, skip.at, once=skip.write_id)
            return None, False
        return services.calls.send_kept(kept)

    # The outbox stamps a write with the computer's clock as it keeps it: its age, so.
    report = send_each(outbox, send_one, datetime.now(UTC))
    if not report.waiting:  # the server took everything: the ids no laptop still sends go
        forget_old_writes(services)
    return report


def forget_old_writes(services: Services) -> None:
    """The server's ids of writes no laptop sends any more, forgotten (``core.write_memory``).
    Housekeeping: a failure (the server away again) waits for the next pass, and never
    hides from the rep what the pass sent."""
    from followup_desktop.services.disk_trouble import plain_error
    from followup_desktop.store import followups_repo

    try:
        with services.db.writing() as session:
            gone = followups_repo.forget_old_writes(session, services.clock.now())
    except Exception as error:
        log.warning("old write ids not forgotten yet: %s", plain_error(error))
        return
    if gone:
        log.info("%s ids of writes taken over a year ago forgotten", gone)


def taken_back_message(services: Services) -> str:
    """What the rep is told once when an unfinished import was taken back; "" if none."""
    count = services.taken_back
    if not count:
        return ""
    contacts = "1 contact" if count == 1 else f"{count:,} contacts"
    return f"An import that did not finish was taken back ({contacts}): import the file again."


# Where the invites' UID namespace is kept (``ExportService``).
UID_NAMESPACE_KEY = "exports.uid_namespace"


def ensure_uid_namespace(db: Database) -> str:
    """One random namespace per database, made when it is opened, so invite UIDs stay
    stable for each follow-up and unique across the rep's databases, and making an
    invite or a draft only ever reads."""
    with db.reading() as session:
        namespace = settings_repo.get_raw(session, UID_NAMESPACE_KEY)
    if namespace is not None:
        return namespace
    with db.writing() as session:
        namespace = settings_repo.get_raw(session, UID_NAMESPACE_KEY) or str(uuid.uuid4())
        settings_repo.set_raw(session, UID_NAMESPACE_KEY, namespace)
    return namespace


def shown_server(url: str) -> str:
    """A team server's URL as the rep may see it (never its password)."""
    from followup_desktop.store.team_server import describe

    return describe(url)
