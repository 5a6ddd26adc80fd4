"""Connections (connected, visit, inbound, replied) end the missed-call ladder and reset the
voicemail series: the open rule steps are replaced. A visit or inbound enquiry before
SAME_DAY_CUTOFF (the rep's time) → a ``same-day`` call not before SAME_DAY_AT and at least
SAME_DAY_MIN_GAP_MIN after it, inside the contact's hours that day and early enough to be
had before closing on both clocks (LAST_CALL_BEFORE_CLOSING); later, or when their hours
or the rep's leave no such time that day → ``next-morning``, the contact's next business morning,
NEXT_MORNING_OFFSET_MIN after opening."""

from __future__ import annotations

from followup_desktop.core import settings as options
from followup_desktop.core import steps
from followup_desktop.core.cadence_model import Rule, RuleContext, RuleSteps
from followup_desktop.core.calendar import (
    at_local,
    leaves_room_for_a_call,
    local,
    next_business_morning,
    on_the_minute,
    setting_time,
)
from followup_desktop.core.model import FollowUp, FollowUpKind, Outcome

NO_NEXT_STEP = "No next step agreed: ask when to call back, and log it."
REPLIED = "They replied: answer with a few times and log the one they pick."


def warnings(outcome: Outcome) -> tuple[str, ...]:
    """What a connection without an agreed time asks of the rep (also for the curious)."""
    if outcome is Outcome.CONNECTED:
        return (NO_NEXT_STEP,)
    if outcome is Outcome.REPLIED:
        return (REPLIED,)
    return ()


def applies(ctx: RuleContext) -> bool:
    return ctx.event.outcome in steps.CONNECTIONS


def plan(ctx: RuleContext) -> RuleSteps:
    outcome = ctx.event.outcome
    if outcome in (Outcome.VISIT, Outcome.INBOUND):
        return RuleSteps([same_day(ctx)], warnings=warnings(outcome))
    return RuleSteps(warnings=warnings(outcome))


def same_day(ctx: RuleContext) -> FollowUp:
    at = ctx.event.at
    at_rep = local(at, ctx.rep_zone)
    if at_rep.time() < setting_time(ctx.settings, options.SAME_DAY_CUTOFF):
        afternoon = at_local(
            at_rep.date(), setting_time(ctx.settings, options.SAME_DAY_AT), ctx.rep_zone
        )
        wanted = max(afternoon, at + ctx.minutes(options.SAME_DAY_MIN_GAP_MIN))
        due = on_the_minute(ctx.inside_hours(wanted), ctx.now, ctx.tz, ctx.hours)
        # Their hours can push the afternoon call to another day (Tokyo's evening, a
        # weekend): that is their next business morning, and it is named so, since Today
        # reads a same-day call as a call on the visit's day. So is a call that would
        # start too close to closing, theirs or the rep's, to be had that day.
        same_date = local(due, ctx.rep_zone).date() == local(max(at, ctx.now), ctx.rep_zone).date()
        if (
            same_date
            and leaves_room_for_a_call(due, ctx.tz, ctx.hours)
            and leaves_room_for_a_call(due, ctx.rep_zone, ctx.hours)
        ):
            return ctx.follow_up(FollowUpKind.CALL, steps.SAME_DAY, due)
    offset = ctx.minutes(options.NEXT_MORNING_OFFSET_MIN)
    morning = next_business_morning(max(at, ctx.now), at_rep.date(), ctx.tz, ctx.hours, offset)
    return ctx.follow_up(FollowUpKind.CALL, steps.NEXT_MORNING, morning)


RULE = Rule("connection", applies, plan)
