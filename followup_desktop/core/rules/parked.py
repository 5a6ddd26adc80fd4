"""A parked contact (the voicemail series ended) whose check-in call did not reach them:
the next long-term check-in, PARKED_CHECK_IN_DAYS on (``voicemail_series.check_in``)."""

from __future__ import annotations

from followup_desktop.core import voicemail_series
from followup_desktop.core.cadence_model import Rule, RuleContext, RuleSteps
from followup_desktop.core.model import ContactStatus


def applies(ctx: RuleContext) -> bool:
    return ctx.history.status is ContactStatus.PARKED


def plan(ctx: RuleContext) -> RuleSteps:
    return RuleSteps([voicemail_series.check_in(ctx)])


RULE = Rule("parked check-in", applies, plan)
