"""Reminders as a use case, with no Qt: ask what is due (``due_now``), show it, then
store that it was shown (``mark_fired``). Showing before storing means a crash in
between repeats a reminder once at most; it can never lose one.

The UI's timer only decides *when* to ask; ``core.reminders`` decides *what*.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from followup_desktop.core import reminders as rules
from followup_desktop.core.agenda import AgendaEntry, count_text
from followup_desktop.core.away import AwayPeriod
from followup_desktop.core.clock import Clock
from followup_desktop.core.reminders import Decision, Gap, Notice, Timing
from followup_desktop.core.settings import Settings
from followup_desktop.services.followups import FollowUpService
from followup_desktop.store import reminders_repo, settings_repo
from followup_desktop.store.db import Database

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


class ReminderService:
    def __init__(self, db: Database, clock: Clock, followups: FollowUpService) -> None:
        self._db = db
        self._clock = clock
        self._followups = followups

    def now(self) -> datetime:
        return self._clock.now()

    def due_now(self, gap: Gap = Gap.NONE) -> Due:
        """What to show at this instant; stores nothing."""
        now = self._clock.now()
        rep_zone = self._followups.rep_zone()
        with self._db.reading() as session:
            settings = settings_repo.load(session)
            timing = Timing.from_settings(settings)
            state = reminders_repo.load_state(session)
            # Far enough ahead to know the next moment; from the previous look back (a
            # margin covers a lead changed in Settings since).
            since = None
            if state.last_check is not None:
                since = min(state.last_check, now) - timing.longest - rules.GRACE
            subjects = reminders_repo.subjects(
                session, since, now + timing.longest + rules.POLL + SLACK, state.snoozes.keys()
            )
            fired = reminders_repo.fired(session, (s.id for s in subjects))
        decision = rules.decide(
            subjects,
            fired,
            now,
            state.last_check,
            timing,
            state.snoozes,
            _later(state.paused_until, away_until(settings, now, rep_zone)),
        )
        return Due(now, decision, tuple(rules.notices(decision, rep_zone, now, gap)), rep_zone)

    def mark_fired(self, due: Due) -> None:
        """Store what ``due`` showed, and that we looked at ``due.now``."""
        with self._db.writing() as session:
            reminders_repo.mark_fired(session, due.decision.fired, due.now)
            state = reminders_repo.load_state(session)
            for follow_up_id in due.decision.snoozes_done:
                # Only the snooze that ended: one set again meanwhile stays.
                if state.snoozes.get(follow_up_id, due.now) <= due.now:
                    state.snoozes.pop(follow_up_id, None)
            if state.paused_until is None or state.paused_until <= due.now:
                state.paused_until = None
                # Held still during a pause, so what comes due meanwhile is still read
                # (and shown) when the pause ends, however long it was.
                state.last_check = due.now
            reminders_repo.save_state(session, state)

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
        with self._db.writing() as session:
            state = reminders_repo.load_state(session)
            state.paused_until = None
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


def away_until(settings: Settings, now: datetime, rep_zone: str) -> datetime | None:
    """The end of the rep's time away when ``now`` is inside it: no reminder fires before."""
    period = AwayPeriod.of(settings)
    if period is None or not period.covers(now, rep_zone):
        return None
    return period.bounds(rep_zone)[1]


def _later(first: datetime | None, second: datetime | None) -> datetime | None:
    return max((t for t in (first, second) if t is not None), default=None)
