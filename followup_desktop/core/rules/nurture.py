"""Curious contacts (PRODUCT.md practice 11) get a ``value-touch`` e-mail every
NURTURE_EVERY_DAYS instead of the ladder, the series and call-agains, whatever the touch
(a connection keeps its warnings)."""

from __future__ import annotations

from followup_desktop.core import settings as options
from followup_desktop.core import steps
from followup_desktop.core.cadence_model import Rule, RuleContext, RuleSteps
from followup_desktop.core.calendar import same_time_days_later
from followup_desktop.core.model import ContactStatus, FollowUp, FollowUpKind
from followup_desktop.core.rules import connections


def applies(ctx: RuleContext) -> bool:
    return ctx.history.status is ContactStatus.CURIOUS


def plan(ctx: RuleContext) -> RuleSteps:
    return RuleSteps([value_touch(ctx)], warnings=connections.warnings(ctx.event.outcome))


def value_touch(ctx: RuleContext) -> FollowUp:
    days = max(1, ctx.settings.get(options.NURTURE_EVERY_DAYS))
    due = same_time_days_later(ctx.event.at, days, ctx.tz, ctx.hours)
    return ctx.follow_up(FollowUpKind.EMAIL, steps.VALUE_TOUCH, ctx.inside_hours(due))


RULE = Rule("nurture the curious", applies, plan)
