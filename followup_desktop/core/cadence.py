"""What the rep does next: an outcome, the contact's history, the settings and "now" in;
a ``Plan`` out. Pure: no clock, no database, no I/O; the follow-ups service stores the
plan in one transaction. Every number is a setting (core/settings.py).

Which rule plans a touch is a table, ``core.rules.RULES``: one module a rule, asked in
order, the first that applies decides. ``plan`` here keeps what stands above every rule:
the agreed call, quiet until it, the promise, attempt numbers and the qualifying question.

The rules (PRODUCT.md practices 1–15):

- **Agreed call.** A logged outcome with ``agreed_next`` (normally CONNECTED) → an
  ``agreed-call`` at exactly that instant, even outside business hours; the rules never
  move it. It replaces (supersedes) any other open agreed call and the open rule steps.
- **Leave them alone until then.** While an agreed call is open, the rules plan no other
  calls or e-mails (commitment tasks are the rep's own work and stay). Calling an agreed
  follow-up on another local day than agreed gives a warning; a miss on an earlier day
  leaves the agreed call open.
- **Missed-call ladder** (``missed_call_ladder``): retry → nudge e-mail + call-back.
- **Voicemail series** (``voicemail_series``): up to 7 voicemails with 2 e-mails; the last
  parks the contact with a check-in. A parked contact's missed check-in → the next one.
- **Connections** (connected, visit, inbound, replied) end the ladder and reset the series:
  open rule steps are superseded. A visit or inbound enquiry before SAME_DAY_CUTOFF (the
  rep's time) → a ``same-day`` call not before SAME_DAY_AT (rep's time) and at least
  SAME_DAY_MIN_GAP_MIN after it, early enough to be had before closing, theirs and the
  rep's; later, or when the hours leave no such time that day → ``next-morning``: the contact's next business morning,
  NEXT_MORNING_OFFSET_MIN after opening. REPLIED ends the ladder's waiting.
- **Other outcomes.** NO_ANSWER outside the ladder → ``call-again`` the next business day
  at the same time of day; NOT_NOW → ``not-now``, likewise the next business day (they
  picked up but could not talk: a day later is soon enough to matter, late enough not to
  nag); WRONG_NUMBER → no new calls, open rule calls superseded, a warning, and a
  ``find-number`` task on the rep's next business morning (saving a new number finishes
  it and plans a call: ``core.new_number``); EMAIL_SENT completes the e-mail step it
  answers.
- **Curious contacts** get a ``value-touch`` e-mail every NURTURE_EVERY_DAYS instead of
  the ladder, the series and call-agains.
- **Commitments** → a ``commitment`` task at the promised time (kept as promised), or a
  ``commitment-asap`` task due now when the customer asked for it as soon as possible.
- **Persistence.** ``Plan.attempt`` counts touches since the last connection; the new
  follow-ups carry the attempt numbers they will be, in due order. After
  SERIOUS_OR_CURIOUS_AFTER such touches the plan asks the serious-or-curious question.
- **Won and lost** contacts get no rule steps (agreed calls and promises still count).
- Everything the rules create (not agreed calls, not commitments, not the rep's own
  ``find-number`` task, inside her hours) is inside the contact's business hours, on a business day, never before ``now``, and on a whole minute (a call
  at 14:32:17 plans 14:32 the next day: the time every screen and invite shows).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from followup_desktop.core import rules, steps
from followup_desktop.core import settings as options
from followup_desktop.core.cadence_model import (
    CommitmentRequest,
    ContactHistory,
    LoggedOutcome,
    Plan,
    PlannedCommitment,
    RuleContext,
    SeriesPosition,
)
from followup_desktop.core.calendar import (
    BusinessHours,
    local,
    next_business_moment,
    on_the_minute,
    zone,
)
from followup_desktop.core.clock_words import moment_text
from followup_desktop.core.model import ContactStatus, FollowUp, FollowUpKind, Outcome, Touch
from followup_desktop.core.rules.quiet import QUIET_STATUSES
from followup_desktop.core.settings import Settings
from followup_desktop.core.steps import COMMITMENT, COMMITMENT_ASAP

__all__ = [
    "COMMITMENT",
    "COMMITMENT_ASAP",
    "CommitmentRequest",
    "ContactHistory",
    "LoggedOutcome",
    "Plan",
    "PlannedCommitment",
    "SeriesPosition",
    "agreed_day_warning",
    "attempts_since_connection",
    "plan",
    "suggest_value_touches",
]

NOT_ASKED_STATUSES = frozenset(
    {ContactStatus.SERIOUS, ContactStatus.CURIOUS, ContactStatus.PARKED, *QUIET_STATUSES}
)


def attempts_since_connection(touches: tuple[Touch, ...]) -> int:
    return steps.count_since_connection(touches, steps.ATTEMPTS)


def agreed_day_warning(
    follow_up: FollowUp, at: datetime, contact_zone: str, rep_zone: str
) -> str | None:
    """The warning for calling an agreed follow-up on another day than agreed (practice 4);
    None on the agreed day. The UI can ask before the call; ``plan`` repeats it after."""
    if not follow_up.agreed:
        return None
    tz = zone(contact_zone, rep_zone)
    if local(follow_up.due_at, tz).date() == local(at, tz).date():
        return None
    when = moment_text(local(follow_up.due_at, tz))
    return f"This call was agreed for {when} their time; today is another day."


def plan(
    event: LoggedOutcome, history: ContactHistory, settings: Settings, now: datetime, rep_zone: str
) -> Plan:
    """The follow-ups an outcome leads to (see the module docstring for the rules)."""
    ctx = RuleContext.build(event, history, settings, now, rep_zone)
    ctx = replace(ctx, answering=_answered(event, history))
    outcome = event.outcome
    warnings: list[str] = []
    complete = _completed(ctx, warnings)
    attempt = attempts_since_connection(history.touches)
    if outcome in steps.CONNECTIONS:
        attempt = 0
    elif outcome in steps.ATTEMPTS:
        attempt += 1

    still_open = [f for f in history.open_follow_ups if f.id is not None and f.id not in complete]
    supersede: list[int] = []
    status: ContactStatus | None = None
    position: SeriesPosition | None = None
    if event.agreed_next is not None:
        # The time they chose is the next touch: it replaces every open call and e-mail,
        # an earlier agreed call included (re-agreed, so superseded, never deleted).
        created = [_agreed_call(ctx, warnings)]
        supersede += [f.id for f in still_open if f.kind is not FollowUpKind.TASK and f.id]
    else:
        decided = rules.decide(ctx)
        created, status, position = decided.created, decided.status, decided.position
        warnings.extend(decided.warnings)
        # The new plan replaces the old rule steps; promises (tasks) stay until
        # delivered, agreed calls until re-agreed.
        supersede += [
            f.id for f in still_open if _is_rule_touch(f) and f.kind in decided.replaces and f.id
        ]
    remaining = [f for f in still_open if f.id not in supersede]
    created = _quiet_until_agreed(ctx, created, remaining, warnings)
    created = _without_duplicates(created, remaining)
    commitment = _commitment(ctx, warnings)
    if commitment is not None:
        created.append(commitment[0])
    if status is None and history.status is ContactStatus.PARKED and outcome in steps.CONNECTIONS:
        status = ContactStatus.ACTIVE
    threshold = settings.get(options.SERIOUS_OR_CURIOUS_AFTER)
    ask = (
        outcome not in steps.CONNECTIONS
        and attempt >= threshold > 0
        and history.status not in NOT_ASKED_STATUSES
        and status is None
    )
    return Plan(
        create=_numbered(created, attempt),
        complete=tuple(complete),
        supersede=tuple(dict.fromkeys(supersede)),
        commitments=(commitment[1],) if commitment else (),
        warnings=tuple(dict.fromkeys(warnings)),
        status=status,
        attempt=attempt,
        series_position=position,
        ask_serious_or_curious=ask,
    )


def _answered(event: LoggedOutcome, history: ContactHistory) -> FollowUp | None:
    """The follow-up this touch answers. A touch on another channel (an e-mail logged
    against a call) answers the open step of its own channel due closest, if any."""
    given = event.answering
    wanted = steps.channels(event.outcome)
    if given is None or given.kind in wanted:
        return given
    candidates = [f for f in history.open_follow_ups if f.kind in wanted and f.id is not None]
    if not candidates:
        return None
    return min(candidates, key=lambda f: (abs((f.due_at - event.at).total_seconds()), f.id or 0))


def _completed(ctx: RuleContext, warnings: list[str]) -> list[int]:
    """The answered follow-up is done, except where the call it stands for did not
    happen: a miss before the agreed day, or a wrong number."""
    answering = ctx.answering
    if answering is None or answering.id is None:
        return []
    outcome = ctx.event.outcome
    if outcome in steps.CALLS:
        warning = agreed_day_warning(
            answering, ctx.event.at, ctx.history.time_zone, ctx.rep_zone.key
        )
        if warning:
            warnings.append(warning)
    if outcome is Outcome.WRONG_NUMBER:
        return []
    early = local(ctx.event.at, ctx.tz).date() < local(answering.due_at, ctx.tz).date()
    if answering.agreed and early and outcome not in steps.CONNECTIONS:
        return []
    return [answering.id]


def _is_rule_touch(follow_up: FollowUp) -> bool:
    return follow_up.kind is not FollowUpKind.TASK and not follow_up.agreed


def _agreed_call(ctx: RuleContext, warnings: list[str]) -> FollowUp:
    agreed = ctx.event.agreed_next
    assert agreed is not None
    if agreed < ctx.now:
        warnings.append("The agreed time is in the past; check the date.")
    return ctx.follow_up(FollowUpKind.CALL, steps.AGREED, agreed.astimezone(UTC), agreed=True)


def _quiet_until_agreed(
    ctx: RuleContext, created: list[FollowUp], remaining: list[FollowUp], warnings: list[str]
) -> list[FollowUp]:
    """Practice 4: with an agreed call ahead, plan no other touches until it."""
    agreed = [f for f in (*remaining, *created) if f.agreed and f.kind is FollowUpKind.CALL]
    if not agreed:
        return created
    kept = [f for f in created if not _is_rule_touch(f)]
    if len(kept) < len(created):
        first = min(f.due_at for f in agreed)
        warnings.append(
            f"Nothing else planned: they agreed to a call on {ctx.their_time(first)} their time."
        )
    return kept


def _without_duplicates(created: list[FollowUp], remaining: list[FollowUp]) -> list[FollowUp]:
    seen = {(f.kind, f.step, f.due_at) for f in remaining}
    kept: list[FollowUp] = []
    for follow_up in created:
        key = (follow_up.kind, follow_up.step, follow_up.due_at)
        if key not in seen:
            seen.add(key)
            kept.append(follow_up)
    return kept


def _numbered(created: list[FollowUp], attempt: int) -> tuple[FollowUp, ...]:
    """Each new touch carries the attempt number it will be; tasks are not attempts."""
    ordered = sorted(created, key=lambda f: (f.due_at, f.kind is FollowUpKind.TASK, f.step))
    numbered: list[FollowUp] = []
    touches = 0
    for follow_up in ordered:
        if follow_up.kind is FollowUpKind.TASK:
            numbered.append(follow_up)
            continue
        touches += 1
        numbered.append(replace(follow_up, attempt=attempt + touches))
    return tuple(numbered)


def _commitment(ctx: RuleContext, warnings: list[str]) -> tuple[FollowUp, PlannedCommitment] | None:
    request = ctx.event.commitment
    if request is None:
        return None
    asap = request.asap or request.due_at is None
    # A promise is kept as made, even outside hours; "as soon as possible" means now.
    due = ctx.now if asap or request.due_at is None else request.due_at
    if not asap and due < ctx.now:
        warnings.append("The promised time has passed: deliver it now and say so.")
    step = steps.COMMITMENT_ASAP if asap else steps.COMMITMENT
    task = FollowUp(
        ctx.history.contact_id, FollowUpKind.TASK, step, due, objective=request.description
    )
    return task, PlannedCommitment(request.description, due, asap)


def suggest_value_touches(
    histories: list[ContactHistory], now: datetime, settings: Settings, rep_zone: str
) -> list[FollowUp]:
    """Value-touch e-mails (practice 10) for contacts silent for VALUE_TOUCH_AFTER_DAYS
    with nothing planned, due at their next business moment."""
    silence = timedelta(days=settings.get(options.VALUE_TOUCH_AFTER_DAYS))
    hours = BusinessHours.from_settings(settings)
    suggestions: list[FollowUp] = []
    for history in histories:
        if history.open_follow_ups or history.status in QUIET_STATUSES:
            continue
        if not history.touches or now - max(t.at for t in history.touches) < silence:
            continue
        tz = zone(history.time_zone, rep_zone)
        due = on_the_minute(next_business_moment(now, tz, hours), now, tz, hours)
        suggestions.append(
            FollowUp(
                history.contact_id,
                FollowUpKind.EMAIL,
                steps.VALUE_TOUCH,
                due,
                objective=steps.default_objective(steps.VALUE_TOUCH),
                attempt=attempts_since_connection(history.touches) + 1,
            )
        )
    return suggestions
