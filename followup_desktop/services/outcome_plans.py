"""What logging an outcome plans for a contact, from its history: one rule for the call
logged through the store, its preview on the call screen, and the calls planned before
the store is there (a team server away, or the store still opening at start).

Imports nothing of the store: the call screens opened before it use it too.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from followup_desktop.core import cadence, steps
from followup_desktop.core.away import AwayPeriod, moves_when_away
from followup_desktop.core.cadence import CommitmentRequest, LoggedOutcome, Plan
from followup_desktop.core.cadence_model import ContactHistory
from followup_desktop.core.calendar import BusinessHours
from followup_desktop.core.model import FollowUp, FollowUpKind, Outcome
from followup_desktop.core.settings import Settings


class NotFound(LookupError):
    pass


def plan_outcome(
    history: ContactHistory,
    settings: Settings,
    outcome: Outcome,
    when: datetime,
    now: datetime,
    rep_zone: str,
    follow_up_id: int | None,
    agreed_next: datetime | None = None,
    objective: str = "",
    commitment: CommitmentRequest | None = None,
) -> tuple[FollowUp | None, Plan, str]:
    """What logging ``outcome`` at ``when`` plans for a contact with ``history``: the
    follow-up answered, the engine's plan (out of the rep's time away) and the zone agreed
    times are in. ``log``, ``preview`` and the calls kept while a team server is away
    (``services.call_desk``, ``services.early_desk``) plan alike."""
    answering = _answering(history.open_follow_ups, follow_up_id, when, outcome)
    contact_zone = history.time_zone or rep_zone
    event = LoggedOutcome(
        outcome, when, answering, agreed_next, objective, commitment, agreed_zone=contact_zone
    )
    plan = cadence.plan(event, history, settings, now, rep_zone)
    return answering, _out_of_away(plan, settings, rep_zone, contact_zone, now), contact_zone


def _out_of_away(
    plan: Plan, settings: Settings, rep_zone: str, contact_zone: str, now: datetime
) -> Plan:
    """The rules' calls and e-mails, and the search for a right number, that would fall
    while the rep is away, moved to the first business day after (agreed times and
    promises stay: the rep said those)."""
    period = AwayPeriod.of(settings)
    if period is None or period.is_over(now, rep_zone):
        return plan
    hours = BusinessHours.from_settings(settings)
    create = tuple(
        replace(
            f,
            due_at=period.moved_out(
                f.due_at, steps.clock_zone(f, contact_zone, rep_zone), rep_zone, hours
            ),
        )
        if moves_when_away(f) and period.covers(f.due_at, rep_zone)
        else f
        for f in plan.create
    )
    return replace(plan, create=create)


def _answering(
    open_now: tuple[FollowUp, ...], follow_up_id: int | None, when: datetime, outcome: Outcome
) -> FollowUp | None:
    """The follow-up a touch answers: the one named, else the open step of the touch's own
    kind (an e-mail answers an e-mail step) due closest to the touch's time, else none."""
    if follow_up_id is not None:
        for follow_up in open_now:
            if follow_up.id == follow_up_id:
                return follow_up
        raise NotFound(f"follow-up {follow_up_id} is not open for this contact")
    candidates = [f for f in open_now if f.kind is not FollowUpKind.TASK]
    wanted = FollowUpKind.EMAIL if outcome is Outcome.EMAIL_SENT else FollowUpKind.CALL
    candidates = [f for f in candidates if f.kind is wanted] or candidates
    if not candidates:
        return None
    return min(candidates, key=lambda f: (abs((f.due_at - when).total_seconds()), f.id or 0))
