"""A wrong number: no new calls, the open rule calls replaced, and a warning to correct the
number. The number is wrong, not the person: e-mail steps and agreed calls stay."""

from __future__ import annotations

from followup_desktop.core.cadence_model import Rule, RuleContext, RuleSteps
from followup_desktop.core.model import FollowUpKind, Outcome

WARNING = "Wrong number: correct the phone number before calling."


def applies(ctx: RuleContext) -> bool:
    return ctx.event.outcome is Outcome.WRONG_NUMBER


def plan(ctx: RuleContext) -> RuleSteps:
    return RuleSteps(replaces=frozenset({FollowUpKind.CALL}), warnings=(WARNING,))


RULE = Rule("wrong number", applies, plan)
