"""Won and lost contacts, and notes (PRODUCT.md practice 15): no rule steps. Agreed calls
and promises still count (``cadence.plan`` adds those above every rule), and nothing open
is replaced."""

from __future__ import annotations

from followup_desktop.core.cadence_model import Rule, RuleContext, RuleSteps
from followup_desktop.core.model import ContactStatus, Outcome

QUIET_STATUSES = frozenset({ContactStatus.WON, ContactStatus.LOST})


def applies(ctx: RuleContext) -> bool:
    return ctx.history.status in QUIET_STATUSES or ctx.event.outcome is Outcome.NOTE


def plan(ctx: RuleContext) -> RuleSteps:
    return RuleSteps(replaces=frozenset())


RULE = Rule("quiet", applies, plan)
