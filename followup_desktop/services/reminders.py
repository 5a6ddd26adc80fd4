"""Reminders as a use case, with no Qt: ask what is due (``due_now``), show it, then
store that it was shown (``mark_fired``). Showing before storing means a crash in
between repeats a reminder once at most; it can never lose one.

The UI's timer only decides *when* to ask; ``core.reminders`` decides *what*.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from followup_desktop.core import reminders as rules
from followup_desktop.core.agenda import AgendaEntry, count_text
from followup_desktop.core.away import AwayPeriod
from followup_desktop.core.clock import Clock
from followup_desktop.core.reminders import Decision, Gap, Notice, Reminded, Timing
from followup_desktop.core.settings import Settings
from followup_desktop.services.disk_trouble import server_away
from followup_desktop.services.followups import FollowUpService
from followup_desktop.services.kept_calls import PlannedStep
from followup_desktop.services.steps_planned_here import StepsPlannedHere
from followup_desktop.store import reminders_repo, settings_repo
from followup_desktop.store.db import Database

log = logging.getLogger(__name__)

T = TypeVar("T")


class Reminding(Protocol):
    """What the reminder timer asks: the store's reminders, or a kept day's."""

    def now(self) -> datetime: ...

    def due_now(self, gap: Gap = Gap.NONE, on_screen: Collection[Reminded] = ()) -> Due: ...

    def mark_fired(self, due: Due) -> None: ...


# "Snooze all" re-reminds what showed within this long.
SNOOZE_ALL_LOOKBACK = timedelta(hours=2)
# A new look that starts this close to the previous one found nothing new (start-up).
SLACK = timedelta(seconds=1)


@dataclass(frozen=True, slots=True)
class Due:
    """One look: what to show, and what to store once it is shown."""

    now: datetime
    decision: Decision
    notices: tuple[Notice, ...]
    rep_zone: str
    # Of the notices on screen when asked, what they remind of and no longer need to:
    # their notices go (``rules.withdrawn``).
    withdrawn: frozenset[Reminded] = frozenset()

    @property
    def next_wake(self) -> datetime:
        return self.decision.next_wake


@dataclass(frozen=True, slots=True)
class TodayCalls:
    """The tray's tooltip and menu: today's calls still to make, and the count."""

    upcoming: tuple[AgendaEntry, ...]  # the next few not overdue, in time order
    overdue: int
    rep_zone: str
    now: datetime
    upcoming_count: int  # all of today's still to come, listed or not
    counted_to: int  # a count that reached this means at least that many
    paused_until: datetime | None = None  # reminders paused by the rep until then
    away_until: datetime | None = None  # the rep away (a holiday) until then

    @property
    def count(self) -> int:
        return self.upcoming_count + self.overdue

    def text(self, *counts: int) -> str:
        """Counts as shown: "500+" once counting stopped."""
        return count_text(counts, self.counted_to)


@dataclass(slots=True)
class _LastKnown:
    """The agenda as last read from a team server, reminded from while it is away."""

    settings: Settings
    state: reminders_repo.ReminderState
    subjects: list[rules.Subject]
    fired: set[rules.FiredKey]


@dataclass(slots=True)
class _Unsaved:
    """Shown, but not stored: the store was busy or full, or the team server away. Kept
    here so the next looks do not show it again; stored by the next look that can write."""

    fired: set[rules.FiredKey] = field(default_factory=set)
    snoozes_ended: dict[int, datetime] = field(default_factory=dict)  # id → the look's now

    def keep(self, due: Due) -> None:
        self.fired.update(due.decision.fired)
        for follow_up_id in due.decision.snoozes_done:
            self.snoozes_ended[follow_up_id] = due.now

    def forget_ended(self, state: reminders_repo.ReminderState) -> None:
        """``state`` without the snoozes whose end was shown (one set again since stays)."""
        for follow_up_id, ended in self.snoozes_ended.items():
            if state.snoozes.get(follow_up_id, ended) <= ended:
                state.snoozes.pop(follow_up_id, None)

    def clear(self) -> None:
        self.fired.clear()
        self.snoozes_ended.clear()


def kept_here(read: Callable[[], Collection[T]]) -> Collection[T]:
    """What the calls kept on this laptop say (the follow-ups called while the server was
    away, ``kept_calls.follow_ups_called``; the calls agreed on them); none when the
    laptop's own file cannot be read (a notice then stays, or a call agreed reminds, once
    the call reaches the server)."""
    try:
        return read()
    except (OSError, sqlite3.Error) as error:
        log.warning("the calls kept on this laptop could not be read: %s", error)
        return frozenset()


class ReminderService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        followups: FollowUpService,
        keep_ahead: timedelta | None = None,
        called: Callable[[], Collection[int]] = frozenset,
        planned: Callable[[], Collection[PlannedStep]] = tuple,
    ) -> None:
        """``keep_ahead`` (a team server): each look also reads that far ahead and keeps
        it, so reminders go on from the last agenda read while the server is away.
        ``called``: the follow-ups whose call is kept on this laptop, not yet on the
        server (``kept_calls.follow_ups_called``): done with, as a call logged there;
        ``planned``: the calls agreed on them, and the next steps given the rep's own time
        (``kept_calls.planned_here``): planned."""
        self._db = db
        self._clock = clock
        self._followups = followups
        self._keep_ahead = keep_ahead
        self._called = called
        self._planned = planned
        self._planned_here = StepsPlannedHere()
        self._last: _LastKnown | None = None
        self._unsaved = _Unsaved()
        # Shown while the server was away for calls agreed on calls kept on this laptop
        # (here, or ``shown_while_away``): stored as shown once the server plans them.
        self._agreed_shown: set[rules.AgreedKey] = set()

    def now(self) -> datetime:
        return self._clock.now()

    def due_now(self, gap: Gap = Gap.NONE, on_screen: Collection[Reminded] = ()) -> Due:
        """What to show at this instant, and which of the reminders ``on_screen`` are
        done with; stores nothing. On a team server that cannot be reached, from the
        agenda last read (and what was shown since), none known to be done with but
        those called on this laptop meanwhile. Calls agreed on calls kept on this laptop
        remind as the ones the server will plan (``steps_planned_here``)."""
        now = self._clock.now()
        withdrawn: frozenset[Reminded] = frozenset()
        try:
            known, withdrawn = self._read(now, on_screen)
        except Exception as error:
            if self._last is None or not server_away(error):
                raise
            known = self._last
        called = kept_here(self._called)
        open_ones = [subject for subject in known.subjects if subject.id not in called]
        subjects = self._planned_here.planned(open_ones, kept_here(self._planned))
        # Called, or replaced by a time agreed on a call kept here: done with. A notice
        # of a call agreed here goes once that call is no longer planned (the server
        # never had its id).
        replaced = {subject.id for subject in open_ones} - {s.id for s in subjects}
        done = {*called, *replaced}
        withdrawn = frozenset(item for item in withdrawn if not self._planned_here.own(item[0]))
        withdrawn |= {item for item in on_screen if item[0] in done}
        withdrawn |= self._planned_here.gone(on_screen, subjects)
        return self._decide(known, subjects, now, gap, withdrawn)

    def _read(
        self, now: datetime, on_screen: Collection[Reminded]
    ) -> tuple[_LastKnown, frozenset[Reminded]]:
        with self._db.reading() as session:
            settings = settings_repo.load(session)
            timing = Timing.from_settings(settings)
            state = reminders_repo.load_state(session)
            self._unsaved.forget_ended(state)
            # Far enough ahead to know the next moment; from the previous look back (a
            # margin covers a lead changed in Settings since).
            since = None
            if state.last_check is not None:
                since = min(state.last_check, now) - timing.longest - rules.GRACE
            ahead = timing.longest + rules.POLL + SLACK
            if self._keep_ahead is not None:
                ahead = max(ahead, self._keep_ahead)
            subjects = reminders_repo.subjects(session, since, now + ahead, state.snoozes.keys())
            fired = reminders_repo.fired(session, (s.id for s in subjects))
            still = reminders_repo.open_due(session, {item[0] for item in on_screen})
        self._agreed_now_planned(subjects, timing)
        withdrawn = rules.withdrawn(on_screen, still, state.snoozes, now)
        known = _LastKnown(settings, state, subjects, fired | self._unsaved.fired)
        if self._keep_ahead is not None:
            self._last = known
        return known, withdrawn

    def _agreed_now_planned(self, subjects: list[rules.Subject], timing: Timing) -> None:
        """The reminders shown while away of agreed calls the server has planned since
        (their kept call written there): shown, and stored so by the next look's store."""
        planned = rules.shown_as_agreed(subjects, self._agreed_shown, timing)
        self._unsaved.fired.update(planned.values())
        self._agreed_shown.difference_update(planned)

    def _decide(
        self,
        known: _LastKnown,
        subjects: list[rules.Subject],
        now: datetime,
        gap: Gap,
        withdrawn: frozenset[Reminded],
    ) -> Due:
        rep_zone = self._followups.rep_zone()
        state = known.state
        timing = Timing.from_settings(known.settings)
        fired = known.fired | self._planned_here.fired(subjects, self._agreed_shown, timing)
        decision = rules.decide(
            subjects,
            fired,
            now,
            state.last_check,
            timing,
            state.snoozes,
            _later(state.paused_until, away_until(known.settings, now, rep_zone)),
        )
        shown = tuple(rules.notices(decision, rep_zone, now, gap))
        return Due(now, decision, shown, rep_zone, withdrawn)

    def mark_fired(self, due: Due) -> None:
        """Store what ``due`` showed, and that we looked at ``due.now``. When it cannot
        be stored (the store busy or full, a team server away), kept in memory so nothing
        shows twice, and stored with the next look that can write; the error is raised
        still, but for a team server away, which the rep already knows of."""
        last = self._last
        if last is not None:
            last.fired.update(due.decision.fired)
            _looked(last.state, due)
        due = self._without_agreed_here(due)
        try:
            self._store_fired(due)
        except Exception as error:
            self._unsaved.keep(due)
            if last is None or not server_away(error):
                raise
            return
        self._unsaved.clear()

    def _without_agreed_here(self, due: Due) -> Due:
        """``due`` with the reminders of calls agreed on calls kept here kept apart: the
        server has no such call to store them with until the kept call is written."""
        decision = due.decision
        agreed = self._planned_here.shown(decision.fired)
        if not agreed:
            return due
        self._agreed_shown.update(agreed)
        stored = tuple(key for key in decision.fired if not self._planned_here.own(key[0]))
        return replace(due, decision=replace(decision, fired=stored))

    def _store_fired(self, due: Due) -> None:
        unsaved = self._unsaved.fired
        with self._db.writing() as session:
            if unsaved:  # shown while it could not be stored; those still open
                still = reminders_repo.open_ids(session, {key[0] for key in unsaved})
                unsaved = {key for key in unsaved if key[0] in still}
            reminders_repo.mark_fired(session, [*unsaved, *due.decision.fired], due.now)
            state = reminders_repo.load_state(session)
            self._unsaved.forget_ended(state)
            _looked(state, due)
            reminders_repo.save_state(session, state)

    def shown_while_away(
        self, keys: Collection[rules.FiredKey], agreed: Collection[rules.AgreedKey] = ()
    ) -> None:
        """Reminders shown from the kept day while the team server could not be reached
        at start (``kept_reminders``): stored as shown, those still open, so none shows
        again now that it answers. ``agreed``: those of calls agreed on calls kept on this
        laptop, stored as shown once the kept call is written and the server plans them."""
        self._agreed_shown.update(agreed)
        if not keys:
            return
        with self._db.writing() as session:
            still = reminders_repo.open_ids(session, {key[0] for key in keys})
            shown = [key for key in keys if key[0] in still]
            reminders_repo.mark_fired(session, shown, self._clock.now())

    def agreed_here(self, follow_up_id: int) -> bool:
        """``follow_up_id`` goes for a call agreed on a call kept on this laptop: the
        server has no such id (once the kept call is written, the contact's call is it)."""
        return self._planned_here.own(follow_up_id)

    def snooze(self, follow_up_id: int, minutes: int) -> datetime:
        until = self._clock.now() + timedelta(minutes=minutes)
        with self._db.writing() as session:
            state = reminders_repo.load_state(session)
            state.snoozes[follow_up_id] = until
            reminders_repo.save_state(session, state)
        return until

    def snooze_all(self, minutes: int) -> int:
        """Everything reminded lately comes back in ``minutes``, and nothing new shows
        before then. Returns how many were snoozed."""
        now = self._clock.now()
        until = now + timedelta(minutes=minutes)
        with self._db.writing() as session:
            state = reminders_repo.load_state(session)
            recent = reminders_repo.recently_fired(session, now - SNOOZE_ALL_LOOKBACK)
            for follow_up_id in recent:
                state.snoozes[follow_up_id] = until
            state.paused_until = max(until, state.paused_until or until)
            reminders_repo.save_state(session, state)
        return len(recent)

    def pause(self, minutes: int) -> datetime:
        """Nothing shows until then; what came due meanwhile shows when it ends."""
        until = self._clock.now() + timedelta(minutes=minutes)
        with self._db.writing() as session:
            state = reminders_repo.load_state(session)
            state.paused_until = until
            reminders_repo.save_state(session, state)
        return until

    def resume(self) -> None:
        """The pause ends now, as if it had been set to end now: what came due during it
        shows as on time, not as missed (nobody missed it; the rep held it)."""
        now = self._clock.now()
        with self._db.writing() as session:
            state = reminders_repo.load_state(session)
            if state.paused_until is not None and state.paused_until > now:
                state.paused_until = now
            reminders_repo.save_state(session, state)

    def paused_until(self) -> datetime | None:
        """Until when nothing fires: the rep's pause, or the end of their time away."""
        now = self._clock.now()
        with self._db.reading() as session:
            until = reminders_repo.load_state(session).paused_until
            settings = settings_repo.load(session)
        until = _later(until, away_until(settings, now, self._followups.rep_zone()))
        return until if until is not None and until > now else None

    def today(self, listed: int = 10) -> TodayCalls:
        """The next ``listed`` calls, the counts and the pause: the tray asks after every
        look, so this reads a bounded page, never the whole (overdue) agenda."""
        now = self._clock.now()
        start, end = self._followups.today()
        page = self._followups.agenda_page(start, end, listed)
        upcoming = tuple(e for e in page.entries if not e.item.overdue)
        zone = self._followups.rep_zone()
        paused = self.paused_until()
        away = away_until(self._followups.settings(), now, zone)
        return TodayCalls(
            upcoming, page.overdue, zone, now, page.upcoming, page.counted_to, paused, away
        )


def _looked(state: reminders_repo.ReminderState, due: Due) -> None:
    """``state`` after the look ``due`` was shown."""
    for follow_up_id in due.decision.snoozes_done:
        # Only the snooze that ended: one set again meanwhile stays.
        if state.snoozes.get(follow_up_id, due.now) <= due.now:
            state.snoozes.pop(follow_up_id, None)
    if state.paused_until is None or state.paused_until <= due.now:
        state.paused_until = None
        # Held still during a pause, so what comes due meanwhile is still read (and
        # shown) when the pause ends, however long it was.
        state.last_check = due.now


def away_until(settings: Settings, now: datetime, rep_zone: str) -> datetime | None:
    """The end of the rep's time away when ``now`` is inside it: no reminder fires before."""
    period = AwayPeriod.of(settings)
    if period is None or not period.covers(now, rep_zone):
        return None
    return period.bounds(rep_zone)[1]


def _later(first: datetime | None, second: datetime | None) -> datetime | None:
    return max((t for t in (first, second) if t is not None), default=None)
