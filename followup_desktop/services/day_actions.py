"""Finishing what Today lists, from the window (journey J2): every row has its own way to
be done, each one transaction, each with an ``Undo`` the screen offers for a few seconds.

- An e-mail step: *sent* (a touch the engine answers: the step is done), *skipped* with a
  reason kept in the history, or *rescheduled*.
- A promise: *delivered* (the task done, the promise marked delivered, a line in the
  history) or *moved*.
- Any contact: a *visit*, an *inbound call* or a *reply* logged, as the engine knows them
  (the row's follow-up is what it answers, on its own channel).
- Calls are finished on the call screen; they can be rescheduled or skipped here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from followup_desktop.core import steps
from followup_desktop.core.changes import Change, logged
from followup_desktop.core.clock import Clock
from followup_desktop.core.model import (
    CommitmentState,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Outcome,
    Touch,
)
from followup_desktop.services.followups import FollowUpService, LogResult, NotFound
from followup_desktop.store import followups_repo, take_back
from followup_desktop.store.db import Database, StoreSession

# What the row keys log for any contact.
CONTACT_OUTCOMES = (Outcome.VISIT, Outcome.INBOUND, Outcome.REPLIED)
NEW_INVITE = (
    "Their calendar still has the old time: send the new invite "
    "(Invite, Ctrl+I, on their call screen)."
)


class CannotUndo(Exception):
    """Something happened on top of the action since (another log): it stays."""


@dataclass(frozen=True, slots=True)
class Undo:
    """How to take one action back: what it wrote, what it closed, what it moved."""

    contact_id: int
    touch_id: int | None = None
    created: tuple[int, ...] = ()
    closed: tuple[int, ...] = ()
    delivered: int | None = None  # the task whose promise was marked delivered
    moved_from: tuple[int, datetime] | None = None  # (follow-up, its time before)
    contact_before: tuple[str, int] | None = None  # status and attempts
    advice: tuple[str, ...] = ()  # what the rules say to do next ("answer with a few times")
    # The history's line for it ("Delivered: the pilot proposal"): the screen says the same.
    history: str = ""

    @property
    def change(self) -> Change:
        """What the action (and its undoing) changed, for the views that show it."""
        return logged(self.contact_id)


class DayActions:
    def __init__(self, db: Database, clock: Clock, followups: FollowUpService) -> None:
        self._db, self._clock, self._followups = db, clock, followups

    def email_sent(self, follow_up_id: int, notes: str = "") -> Undo:
        """The e-mail of this step went out (from the draft, or written elsewhere)."""
        step = self._open(follow_up_id, FollowUpKind.EMAIL)
        text = notes or f"E-mail sent: {steps.describe(step.step, step.objective)}"
        return _logged(
            step.contact_id,
            self._followups.log(
                step.contact_id, Outcome.EMAIL_SENT, notes=text, follow_up_id=follow_up_id
            ),
        )

    def log_touch(self, contact_id: int, outcome: Outcome, follow_up_id: int | None) -> Undo:
        """A visit, an inbound call or a reply, answering the row's follow-up where it is of
        that channel (the engine picks the contact's own step otherwise)."""
        if outcome not in CONTACT_OUTCOMES:
            raise ValueError(f"{outcome.value} is logged on the call screen")
        return _logged(
            contact_id, self._followups.log(contact_id, outcome, follow_up_id=follow_up_id)
        )

    def skip(self, follow_up_id: int, reason: str) -> Undo:
        """Not done, on purpose: closed as cancelled, the reason a line in the history."""
        why = " ".join(reason.split()) or "no reason given"
        with self._db.writing() as session:
            step = self._open_in(session, follow_up_id)
            before = take_back.contact_state(session, step.contact_id)
            touch_id = followups_repo.add_touch(
                session,
                Touch(
                    step.contact_id,
                    Outcome.NOTE,
                    self._clock.now(),
                    f"Skipped: {steps.describe(step.step, step.objective)}. Why: {why}",
                    follow_up_id,
                ),
            )
            followups_repo.close(
                session, [follow_up_id], FollowUpState.CANCELLED, self._clock.now()
            )
            followups_repo.refresh_contact_summary(session, step.contact_id, before[1], None)
        return Undo(step.contact_id, touch_id, closed=(follow_up_id,), contact_before=before)

    def delivered(self, follow_up_id: int) -> Undo:
        """The promise this task stands for is kept."""
        now = self._clock.now()
        with self._db.writing() as session:
            step = self._open_in(session, follow_up_id, FollowUpKind.TASK)
            before = take_back.contact_state(session, step.contact_id)
            promise = followups_repo.commitment_for(session, follow_up_id)
            what = promise.description if promise else step.objective
            history = f"Delivered: {what}"
            touch_id = followups_repo.add_touch(
                session, Touch(step.contact_id, Outcome.NOTE, now, history, follow_up_id)
            )
            followups_repo.close(session, [follow_up_id], FollowUpState.DONE, now)
            take_back.set_promise_state(session, follow_up_id, CommitmentState.DELIVERED, now)
            followups_repo.refresh_contact_summary(session, step.contact_id, before[1], None)
        return Undo(
            step.contact_id,
            touch_id,
            closed=(follow_up_id,),
            delivered=follow_up_id,
            contact_before=before,
            history=history,
        )

    def reschedule(self, follow_up_id: int, due_at: datetime) -> Undo:
        """Another time for the step (or the promise): it keeps its identity."""
        before = self._followups.get(follow_up_id)
        moved = self._followups.move(follow_up_id, due_at)
        # The customer's calendar holds the invite for the old time, and nothing is sent
        # on its own: the rep is told to send the new one.
        advice = (NEW_INVITE,) if moved.agreed and moved.due_at != before.due_at else ()
        return Undo(moved.contact_id, moved_from=(follow_up_id, before.due_at), advice=advice)

    def undo(self, undo: Undo) -> None:
        """Takes the action back whole, or raises CannotUndo and changes nothing."""
        if undo.moved_from is not None:
            follow_up_id, due_at = undo.moved_from
            try:
                self._followups.move(follow_up_id, due_at)
            except NotFound:
                raise CannotUndo("it was done or replaced since") from None
            return
        with self._db.writing() as session:
            if not take_back.still_as_left(session, undo.created, undo.closed):
                raise CannotUndo("something was logged for them since")
            take_back.remove_follow_ups(session, undo.created)
            take_back.reopen(session, undo.closed)
            if undo.delivered is not None:
                take_back.set_promise_state(session, undo.delivered, CommitmentState.OPEN, None)
            if undo.touch_id is not None:
                take_back.remove_touch(session, undo.touch_id, undo.contact_id)
            status, attempts = undo.contact_before or take_back.contact_state(
                session, undo.contact_id
            )
            take_back.put_back_contact(session, undo.contact_id, status, attempts)
            followups_repo.refresh_contact_summary(session, undo.contact_id, attempts, status)

    # ------------------------------------------------------------------------------------
    def _open(self, follow_up_id: int, kind: FollowUpKind | None = None) -> FollowUp:
        with self._db.reading() as session:
            return self._open_in(session, follow_up_id, kind)

    @staticmethod
    def _open_in(
        session: StoreSession, follow_up_id: int, kind: FollowUpKind | None = None
    ) -> FollowUp:
        step = followups_repo.get(session, follow_up_id)
        if step is None or step.state is not FollowUpState.OPEN:
            raise NotFound("it was done or replaced already")
        if kind is not None and step.kind is not kind:
            raise ValueError(f"this is a {step.kind.value} step, not a {kind.value} step")
        return step


def _logged(contact_id: int, result: LogResult) -> Undo:
    return Undo(
        contact_id,
        result.touch_id,
        created=tuple(f.id for f in result.created if f.id is not None),
        closed=tuple(dict.fromkeys((*result.plan.complete, *result.plan.supersede))),
        contact_before=result.before,
        advice=result.plan.warnings,
    )
