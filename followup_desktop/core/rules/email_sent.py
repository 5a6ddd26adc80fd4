"""An e-mail sent completes the e-mail step it answers (``cadence.plan`` does that) and
plans nothing new: the calls already planned stay as they are."""

from __future__ import annotations

from followup_desktop.core.cadence_model import Rule, RuleContext, RuleSteps
from followup_desktop.core.model import Outcome


def applies(ctx: RuleContext) -> bool:
    return ctx.event.outcome is Outcome.EMAIL_SENT


def plan(ctx: RuleContext) -> RuleSteps:
    return RuleSteps(replaces=frozenset())


RULE = Rule("e-mail sent", applies, plan)
