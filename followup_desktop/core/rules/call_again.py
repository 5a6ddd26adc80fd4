"""A call that did not reach them, outside the ladder and the series: NO_ANSWER →
``call-again``, NOT_NOW → ``not-now`` (they picked up but could not talk: a day later is
soon enough to matter, late enough not to nag); both the next business day at the same
time of day, inside the contact's hours."""

from __future__ import annotations

from followup_desktop.core import steps
from followup_desktop.core.cadence_model import Rule, RuleContext, RuleSteps
from followup_desktop.core.calendar import same_time_business_days_later
from followup_desktop.core.model import FollowUpKind, Outcome


def applies(ctx: RuleContext) -> bool:
    return ctx.event.outcome in (Outcome.NO_ANSWER, Outcome.NOT_NOW)


def plan(ctx: RuleContext) -> RuleSteps:
    step = steps.NOT_NOW if ctx.event.outcome is Outcome.NOT_NOW else steps.CALL_AGAIN
    later = same_time_business_days_later(ctx.event.at, 1, ctx.tz, ctx.hours)
    return RuleSteps([ctx.follow_up(FollowUpKind.CALL, step, ctx.inside_hours(later))])


RULE = Rule("call again", applies, plan)
