"""A contact's history as the rep reads it: every touch, every planned or finished step and
every promise, newest first.

A step that was re-planned (superseded) is left out: what replaced it is on the list, and
the touch that caused it says why. A promise's reminder step is shown as the promise. A finished step is shown beside the touch that
finished it, so the rep sees both what was planned and what happened.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from followup_desktop.core import steps
from followup_desktop.core.model import (
    Commitment,
    CommitmentState,
    FollowUp,
    FollowUpState,
    Outcome,
    Touch,
)

OUTCOME_WORDS = {
    Outcome.CONNECTED: "Call: connected",
    Outcome.VOICEMAIL: "Call: left a voicemail",
    Outcome.NO_ANSWER: "Call: no answer",
    Outcome.VISIT: "Visit",
    Outcome.EMAIL_SENT: "E-mail sent",
    Outcome.WRONG_NUMBER: "Call: wrong number",
    Outcome.NOT_NOW: "Call: not a good time",
    Outcome.INBOUND: "They called",
    Outcome.REPLIED: "They replied",
    Outcome.NOTE: "Note",
}

_STEP_STATES = {
    FollowUpState.OPEN: "planned",
    FollowUpState.DONE: "done",
    FollowUpState.CANCELLED: "skipped",
}


class EntryKind(enum.StrEnum):
    TOUCH = "touch"
    STEP = "step"
    PROMISE = "promise"


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    at: datetime
    kind: EntryKind
    what: str
    detail: str = ""
    state: str = ""  # "" for a touch: it happened


@dataclass(frozen=True, slots=True)
class ClosedStep:
    follow_up: FollowUp
    closed_at: datetime | None


@dataclass(frozen=True, slots=True)
class KeptPromise:
    commitment: Commitment
    delivered_at: datetime | None


@dataclass(frozen=True, slots=True)
class TimelineFacts:
    """What the store hands over for one contact (each list capped, newest first)."""

    touches: tuple[Touch, ...]
    steps: tuple[ClosedStep, ...]
    promises: tuple[KeptPromise, ...]


def timeline(facts: TimelineFacts) -> list[TimelineEntry]:
    # A promise's own reminder step is the promise: it is shown once, as the promise.
    promised = {p.commitment.follow_up_id for p in facts.promises}
    entries = [
        *(_touch(touch) for touch in facts.touches),
        *(
            _step(step)
            for step in facts.steps
            if step.follow_up.state in _STEP_STATES and step.follow_up.id not in promised
        ),
        *(_promise(promise) for promise in facts.promises),
    ]
    # Newest first; at one instant the touch before the step it finished or planned.
    order = {EntryKind.TOUCH: 0, EntryKind.STEP: 1, EntryKind.PROMISE: 2}
    return sorted(entries, key=lambda e: (-e.at.timestamp(), order[e.kind]))


def _touch(touch: Touch) -> TimelineEntry:
    what = OUTCOME_WORDS[touch.outcome]
    if touch.seconds is not None:
        what += f" ({call_length(touch.seconds)})"
    return TimelineEntry(touch.at, EntryKind.TOUCH, what, touch.notes)


def call_length(seconds: int) -> str:
    """A timed call's length as the rep says it: "4 min 05 s", "45 s", "1 h 02 min"."""
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {seconds:02d} s"
    return f"{seconds} s"


def _step(step: ClosedStep) -> TimelineEntry:
    follow_up = step.follow_up
    at = follow_up.due_at
    if follow_up.state is not FollowUpState.OPEN and step.closed_at is not None:
        at = step.closed_at
    what = steps.label(follow_up.step)
    if follow_up.agreed and follow_up.step != steps.AGREED:
        what += " (agreed)"
    objective = follow_up.objective
    detail = "" if steps.is_default_objective(follow_up.step, objective) else objective
    return TimelineEntry(at, EntryKind.STEP, what, detail, _STEP_STATES[follow_up.state])


def _promise(promise: KeptPromise) -> TimelineEntry:
    commitment = promise.commitment
    at = commitment.due_at
    if commitment.state is CommitmentState.DELIVERED and promise.delivered_at is not None:
        at = promise.delivered_at
    what = "Promise, as soon as possible" if commitment.asap else "Promise"
    return TimelineEntry(
        at, EntryKind.PROMISE, what, commitment.description, commitment.state.value
    )


def count_text(entries: Iterable[TimelineEntry]) -> str:
    """ "3 calls, e-mails and notes; 2 steps planned; 1 promise" for the dialog's summary
    line, in the rep's words ("touch" is ours), leaving out what there is none of."""
    counts = dict.fromkeys(EntryKind, 0)
    for entry in entries:
        counts[entry.kind] += 1
    nouns = {
        EntryKind.TOUCH: ("call, e-mail or note", "calls, e-mails and notes"),
        EntryKind.STEP: ("step planned", "steps planned"),
        EntryKind.PROMISE: ("promise", "promises"),
    }
    return "; ".join(
        f"{count:,} {nouns[kind][count != 1]}" for kind, count in counts.items() if count
    )
