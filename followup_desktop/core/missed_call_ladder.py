"""The missed-call ladder (PRODUCT.md practice 5, journey J5).

No answer at an agreed call → ``retry-1`` a few minutes later (RETRY_AFTER_MISS_MIN) →
still no answer → a ``nudge`` e-mail 60–120 minutes later (NUDGE_AFTER_SECOND_MISS_MIN,
clamped) and a ``call-back`` the next business day at the agreed time of day. Then the
ladder is over: a miss on the call-back falls back to the ordinary cadence (a
``call-again`` the next business day, or the voicemail series), so a contact who keeps
missing calls gets one nudge, not one a day. A voicemail at an agreed call or its retry
is a miss too: the person agreed to talk and did not pick up.

Every step the ladder creates is inside the contact's business hours and not in the past;
a retry that would land after closing moves to the next opening.
"""

from __future__ import annotations

from datetime import datetime

from followup_desktop.core import settings as options
from followup_desktop.core import steps
from followup_desktop.core.cadence_model import Rule, RuleContext, RuleSteps
from followup_desktop.core.calendar import same_time_business_days_later
from followup_desktop.core.model import FollowUp, FollowUpKind, Outcome

NUDGE_WINDOW_MIN = (60, 120)  # PRODUCT.md: "1–2 hours later"


def is_ladder_miss(ctx: RuleContext) -> bool:
    answering = ctx.answering
    return answering is not None and answering.step in steps.LADDER_MISS_STEPS


def applies(ctx: RuleContext) -> bool:
    """A call missed at an agreed call or its retry ("not now" is a talk, not a miss)."""
    return ctx.event.outcome is not Outcome.NOT_NOW and is_ladder_miss(ctx)


def plan(ctx: RuleContext) -> RuleSteps:
    return RuleSteps(plan_miss(ctx))


def plan_miss(ctx: RuleContext) -> list[FollowUp]:
    """The next ladder steps after a missed agreed call or retry."""
    answering = ctx.answering
    assert answering is not None, "plan_miss needs the ladder step that was missed"
    at = ctx.event.at
    objective = ctx.event.objective or answering.objective
    if answering.step == steps.AGREED:
        retry = ctx.inside_hours(at + ctx.minutes(options.RETRY_AFTER_MISS_MIN))
        return [ctx.follow_up(FollowUpKind.CALL, steps.RETRY, retry, objective=objective)]
    low, high = NUDGE_WINDOW_MIN
    nudge = ctx.inside_hours(at + ctx.minutes(options.NUDGE_AFTER_SECOND_MISS_MIN, low, high))
    call_back = _call_back(ctx, _agreed_time(ctx))
    return [
        ctx.follow_up(FollowUpKind.EMAIL, steps.NUDGE, nudge),
        ctx.follow_up(FollowUpKind.CALL, steps.CALL_BACK, call_back, objective=objective),
    ]


def _agreed_time(ctx: RuleContext) -> datetime:
    """The agreed call the missed retry belongs to: the newest agreed call in the history;
    without one, the retry delay before the miss (which is when the agreed call was)."""
    for follow_up in (*ctx.history.recent_follow_ups, *ctx.history.open_follow_ups):
        if follow_up.step == steps.AGREED and follow_up.due_at <= ctx.event.at:
            return follow_up.due_at
    return ctx.event.at - ctx.minutes(options.RETRY_AFTER_MISS_MIN)


def _call_back(ctx: RuleContext, agreed: datetime) -> datetime:
    """The first business day after the miss, at the agreed call's local time of day."""
    miss_day = ctx.event.at.astimezone(ctx.tz).date()
    call_back = same_time_business_days_later(agreed, 1, ctx.tz, ctx.hours)
    # The agreed call may be days behind (a retry logged late): never the same day.
    while call_back.astimezone(ctx.tz).date() <= miss_day or call_back < ctx.now:
        call_back = same_time_business_days_later(call_back, 1, ctx.tz, ctx.hours)
    return call_back


RULE = Rule("missed-call ladder", applies, plan)
