"""Logging what happened and planning what comes next, in one transaction; the agenda."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from followup_desktop.core import agenda as core_agenda
from followup_desktop.core import cadence, steps
from followup_desktop.core.agenda import (
    COUNT_LIMIT,
    TODAY_PAGE,
    AgendaEntry,
    AgendaPage,
    TodayAgenda,
    agenda_entries,
    day_bounds,
)
from followup_desktop.core.cadence import CommitmentRequest, Plan
from followup_desktop.core.cadence_model import ContactHistory
from followup_desktop.core.clock import Clock
from followup_desktop.core.contact_timeline import TimelineEntry, timeline
from followup_desktop.core.model import (
    CallTimer,
    Commitment,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Outcome,
    Touch,
)
from followup_desktop.core.settings import Settings
from followup_desktop.services.outcome_plans import NotFound as NotFound
from followup_desktop.services.outcome_plans import plan_outcome
from followup_desktop.services.settings import SettingsService
from followup_desktop.store import (
    calls_repo,
    contacts_repo,
    followups_repo,
    settings_repo,
    take_back,
)
from followup_desktop.store.db import Database, StoreSession

# A contact's history shows this many of each kind (touches, steps, promises): years of
# work for one customer, and still one quick read.
HISTORY_LIMIT = 500


@dataclass(frozen=True, slots=True)
class LogResult:
    touch_id: int
    created: tuple[FollowUp, ...]
    plan: Plan
    # The contact's status and attempt count before the log (what an undo puts back).
    before: tuple[str, int] = ("active", 0)


class FollowUpService:
    def __init__(self, db: Database, clock: Clock, settings: SettingsService) -> None:
        self._db = db
        self._clock = clock
        self._settings = settings

    def rep_zone(self) -> str:
        return self._settings.rep_zone()

    def settings(self) -> Settings:
        return self._settings.load()

    def log(
        self,
        contact_id: int,
        outcome: Outcome,
        at: datetime | None = None,
        notes: str = "",
        agreed_next: datetime | None = None,
        objective: str = "",
        follow_up_id: int | None = None,
        commitment: CommitmentRequest | None = None,
        next_at: datetime | None = None,
        timed: CallTimer | None = None,
        once: str = "",
    ) -> LogResult:
        """Store the touch and the engine's plan for it, whole or not at all. ``next_at``:
        the rep's own time for the plan's next call, else its e-mail (the engine's is replaced
        before anything is stored, so the moved step is written once, at its time).
        ``timed``: the call screen's timer, kept on the touch with its length. ``once``:
        the write's id, remembered with it: AlreadyWritten when it was written before."""
        if next_at is not None and next_at.utcoffset() is None:
            raise ValueError("a follow-up needs an aware time")
        now = self._clock.now()
        when = at or now
        rep_zone = self.rep_zone()
        with self._db.writing() as session:
            if once:
                followups_repo.claim_write(session, once, now)
            before = take_back.contact_state(session, contact_id)
            answering, result, contact_zone = plan_outcome(
                _history(session, contact_id),
                settings_repo.load(session),
                outcome,
                when,
                now,
                rep_zone,
                follow_up_id,
                agreed_next=agreed_next,
                objective=objective,
                commitment=commitment,
            )
            if next_at is not None:
                result = _moved(result, next_at)
            answered = answering.id if answering else None
            started, seconds = timed.kept(when) if timed else (None, None)
            touch_id = followups_repo.add_touch(
                session,
                Touch(contact_id, outcome, when, notes, answered, None, started, seconds),
            )
            created = tuple(
                followups_repo.add_follow_up(
                    session,
                    follow_up,
                    urgent=steps.is_urgent(follow_up),
                    agreed_zone=contact_zone,
                )
                for follow_up in result.create
            )
            followups_repo.close(session, result.complete, FollowUpState.DONE, now)
            # What replaced the old plan: the first new call or e-mail (tasks are promises).
            replacement = next((f.id for f in created if f.kind is not FollowUpKind.TASK), None)
            followups_repo.close(
                session, result.supersede, FollowUpState.SUPERSEDED, now, replacement
            )
            tasks = [f for f in created if f.step in (steps.COMMITMENT, steps.COMMITMENT_ASAP)]
            for planned, task in zip(result.commitments, tasks, strict=False):
                followups_repo.add_commitment(
                    session,
                    Commitment(
                        contact_id,
                        planned.description,
                        planned.due_at,
                        planned.asap,
                        follow_up_id=task.id,
                    ),
                )
            followups_repo.refresh_contact_summary(
                session, contact_id, result.attempt, result.status.value if result.status else None
            )
            if outcome in steps.CALLS:
                # The call is on record now: its draft notes have served their purpose.
                calls_repo.discard_draft(session, contact_id)
        return LogResult(touch_id, created, result, before)

    def move(self, follow_up_id: int, due_at: datetime) -> FollowUp:
        """The rep changes the time the engine planned (or the one agreed, when the
        customer moves it): the follow-up keeps its identity, the list follows."""
        if due_at.utcoffset() is None:
            raise ValueError("a follow-up needs an aware time")
        with self._db.writing() as session:
            moved = followups_repo.move(session, follow_up_id, due_at)
            if moved is None:
                raise NotFound(f"follow-up {follow_up_id} is not open")
            attempts = cadence.attempts_since_connection(
                followups_repo.touches(session, moved.contact_id)
            )
            followups_repo.refresh_contact_summary(session, moved.contact_id, attempts, None)
        return moved

    def preview(self, contact_id: int, outcome: Outcome, follow_up_id: int | None = None) -> Plan:
        """What logging ``outcome`` now would plan, stored nowhere: the call screen shows
        it ("retry at 10:15") for the rep to accept or change."""
        now = self._clock.now()
        rep_zone = self.rep_zone()
        with self._db.reading() as session:
            history, settings = _history(session, contact_id), settings_repo.load(session)
            return plan_outcome(history, settings, outcome, now, now, rep_zone, follow_up_id)[1]

    def agenda(self, start: datetime, end: datetime) -> list[AgendaEntry]:
        """Overdue first, then what is due in [start, end), each with its contact: all of
        it (the CLI's ``agenda``); the Today view and the tray read ``agenda_page``."""
        now = self._clock.now()
        with self._db.reading() as session:
            rows = followups_repo.due_between(session, None, max(end, now))
        return agenda_entries(rows, start, end, now)

    def agenda_page(self, start: datetime, end: datetime, limit: int) -> AgendaPage:
        """The same agenda, only the first ``limit`` of each group, with each group's
        size (``core.agenda.agenda_page``) down the (state, due_at) index."""
        with self._db.reading() as session:
            return core_agenda.agenda_page(
                _SessionReader(session), start, end, self._clock.now(), limit, COUNT_LIMIT
            )

    def today_agenda(self, limit: int = TODAY_PAGE) -> TodayAgenda:
        with self._db.reading() as session:
            return core_agenda.today_agenda(
                _SessionReader(session),
                settings_repo.load(session),
                self._clock.now(),
                limit,
                COUNT_LIMIT,
            )

    def today(self) -> tuple[datetime, datetime]:
        """The rep's calendar day, as instants."""
        return day_bounds(self._clock.now(), self.rep_zone())

    def open_for(self, contact_id: int) -> tuple[FollowUp, ...]:
        with self._db.reading() as session:
            return followups_repo.open_follow_ups(session, contact_id)

    def history(self, contact_id: int, limit: int = HISTORY_LIMIT) -> list[TimelineEntry]:
        """Every touch, step and promise of the contact, newest first (each kind capped)."""
        with self._db.reading() as session:
            facts = followups_repo.timeline_facts(session, contact_id, limit)
        return timeline(facts)

    def get(self, follow_up_id: int) -> FollowUp:
        found = self.find(follow_up_id)
        if found is None:
            raise NotFound(f"there is no follow-up {follow_up_id}")
        return found

    def find(self, follow_up_id: int) -> FollowUp | None:
        with self._db.reading() as session:
            return followups_repo.get(session, follow_up_id)


class _SessionReader:
    """``core.agenda.DueReader`` over one read session."""

    def __init__(self, session: StoreSession) -> None:
        self._session = session

    def due_between(
        self, start: datetime | None, end: datetime, limit: int
    ) -> list[tuple[FollowUp, str, str, str]]:
        return followups_repo.due_between(self._session, start, end, limit)

    def count_due(self, start: datetime | None, end: datetime, limit: int) -> int:
        return followups_repo.count_due(self._session, start, end, limit)


def _history(session: StoreSession, contact_id: int) -> ContactHistory:
    history = contacts_repo.contact_history(session, contact_id)
    if history is None:
        raise NotFound(f"there is no contact {contact_id}")
    return history


def _moved(plan: Plan, due_at: datetime) -> Plan:
    """The plan with its next call (else its next e-mail) at the rep's time."""
    moved = steps.step_to_move(plan.create)
    if moved is None:
        return plan
    at = due_at.astimezone(UTC)
    create = tuple(replace(f, due_at=at) if f is moved else f for f in plan.create)
    return replace(plan, create=create)
