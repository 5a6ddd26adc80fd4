"""Calls logged while the team server is away, kept on the laptop (``store.outbox``) and
written to the server, in the order they were logged, once it is back.

A kept call is what the rep chose on the call screen: the outcome, the notes, the times
and the promise, with the moment of the call (not the moment it reaches the server). The
invite and the confirmation e-mail are made from what the server stores, so they wait
for the rep to open the call again; the rep is told so when the call is kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from followup_desktop.core import steps
from followup_desktop.core.cadence_model import CommitmentRequest
from followup_desktop.core.model import CallDraft, CallTimer, FollowUpKind, Outcome
from followup_desktop.core.plain_data import from_plain, to_plain
from followup_desktop.store.outbox import Outbox

KIND = "log_call"
# The notes of a call not yet logged, typed while the server was away: one kept a contact
# (the latest), written as the call's draft once it is back, dropped once the call is
# logged or the server has newer notes.
DRAFT_KIND = "call_draft"


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _at(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def to_body(
    contact_id: int,
    outcome: Outcome,
    at: datetime,
    notes: str,
    follow_up_id: int | None,
    agreed_next: datetime | None,
    objective: str,
    commitment: CommitmentRequest | None,
    next_at: datetime | None,
    timed: CallTimer | None,
    contact_name: str = "",
    next_kind: FollowUpKind | None = None,
    next_step: str = "",
) -> dict[str, Any]:
    """A call as kept: plain JSON, times in ISO 8601 with their offset. The contact's name,
    when the screen knew it, says whose call it was if the server never takes it; what
    ``next_at`` is for (the plan's step the rep gave her own time), what reminds of it
    until the server plans it."""
    return {
        "contact_id": contact_id,
        "contact_name": contact_name,
        "outcome": outcome.value,
        "at": at.isoformat(),
        "notes": notes,
        "follow_up_id": follow_up_id,
        "agreed_next": _when(agreed_next),
        "objective": objective,
        "commitment": None
        if commitment is None
        else {
            "description": commitment.description,
            "due_at": _when(commitment.due_at),
            "asap": commitment.asap,
        },
        "next_at": _when(next_at),
        "next_kind": None if next_kind is None else next_kind.value,
        "next_step": next_step,
        "timed": None
        if timed is None
        else {"started_at": timed.started_at.isoformat(), "ended_at": _when(timed.ended_at)},
    }


def from_body(body: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of ``FollowUpService.log`` for a kept call."""
    promise = body.get("commitment")
    timed = body.get("timed")
    return {
        "contact_id": int(body["contact_id"]),
        "outcome": Outcome(body["outcome"]),
        "at": _at(body["at"]),
        "notes": str(body.get("notes", "")),
        "follow_up_id": body.get("follow_up_id"),
        "agreed_next": _at(body.get("agreed_next")),
        "objective": str(body.get("objective", "")),
        "commitment": None
        if promise is None
        else CommitmentRequest(promise["description"], _at(promise["due_at"]), promise["asap"]),
        "next_at": _at(body.get("next_at")),
        "timed": None
        if timed is None
        else CallTimer(datetime.fromisoformat(timed["started_at"]), _at(timed["ended_at"])),
    }


def draft_id(contact_id: int) -> str:
    return f"draft-{contact_id}"


def keep_call(outbox: Outbox, write_id: str, call: dict[str, Any]) -> None:
    """``call`` (``to_body``) kept to send; logging it clears its contact's draft, as the
    logging transaction does at the server."""
    outbox.keep(write_id, KIND, call)
    outbox.sent(draft_id(int(call["contact_id"])))


def keep_draft(outbox: Outbox, draft: CallDraft) -> None:
    outbox.keep(draft_id(draft.contact_id), DRAFT_KIND, to_plain(draft), latest=True)


def kept_draft(outbox: Outbox, contact_id: int) -> CallDraft | None:
    """The notes typed while the server was away, not yet written there."""
    body = outbox.to_send(draft_id(contact_id))
    return None if body is None else kept_draft_of(body)


def kept_draft_of(body: dict[str, Any]) -> CallDraft:
    return from_plain(CallDraft, body)


def follow_ups_called(outbox: Outbox) -> frozenset[int]:
    """The follow-ups a call kept to send was logged for: made, for the rep, though the
    team server does not know it yet (their reminders are done with)."""
    return frozenset(
        int(kept.body["follow_up_id"])
        for kept in outbox.waiting()
        if kept.kind == KIND and kept.body.get("follow_up_id") is not None
    )


@dataclass(frozen=True, slots=True)
class PlannedStep:
    """A call the contact agreed to on a call kept to send: the server plans it (an agreed
    call at that time, in place of the contact's other planned calls) once the kept call
    reaches it. Or, not ``agreed``, the next step at the rep's own time (``next_at``),
    which the server plans at that time."""

    write_id: str  # the kept call's
    contact_id: int
    contact_name: str
    due_at: datetime
    # A call with the contact kept after it: it answers this one, or agrees another time.
    answered: bool = False
    agreed: bool = True
    kind: FollowUpKind = FollowUpKind.CALL
    step: str = steps.AGREED


def calls_agreed(outbox: Outbox) -> tuple[PlannedStep, ...]:
    """The agreed calls of the calls kept to send: planned, for the rep, though the team
    server does not know them yet (they remind her, and times offered keep clear of them)."""
    return tuple(call for call in planned_here(outbox) if call.agreed)


def planned_here(outbox: Outbox) -> tuple[PlannedStep, ...]:
    """The times the calls kept to send plan: agreed with the contact, or the rep's own
    for the next step. Only those said in what was kept: a step the rules work out when
    the call is written (a retry at its usual time) is not known here."""
    calls = [kept for kept in outbox.waiting() if kept.kind == KIND]
    latest = {int(kept.body["contact_id"]): kept.id for kept in calls}
    planned = []
    for kept in calls:
        contact_id = int(kept.body["contact_id"])
        name = str(kept.body.get("contact_name", ""))
        answered = latest[contact_id] != kept.id
        agreed = _at(kept.body.get("agreed_next"))
        if agreed is not None:
            planned.append(PlannedStep(kept.id, contact_id, name, agreed, answered))
        own, kind = _at(kept.body.get("next_at")), kept.body.get("next_kind")
        if own is not None and kind is not None:
            step = str(kept.body.get("next_step", ""))
            planned.append(
                PlannedStep(
                    kept.id, contact_id, name, own, answered, False, FollowUpKind(kind), step
                )
            )
    return tuple(planned)
