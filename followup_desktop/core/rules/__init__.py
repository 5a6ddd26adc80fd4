"""The cadence's rules as a table: which rule plans a logged touch, in order.

``cadence.plan`` asks each row in turn and the first whose ``applies`` holds decides what
the touch leads to (the agreed call and the promise are ``cadence.plan``'s own, above every
rule). A row is a module with ``applies(ctx)``, ``plan(ctx)`` and ``RULE``, and its tests in
tests/core/rules/. A new rule is a new module and a new row, placed where the order says
what wins: a row only ever sees the touches the rows above it let through.
"""

from __future__ import annotations

from followup_desktop.core import missed_call_ladder, voicemail_series
from followup_desktop.core.cadence_model import Rule, RuleContext, RuleSteps
from followup_desktop.core.rules import (
    call_again,
    connections,
    email_sent,
    nurture,
    parked,
    quiet,
    wrong_number,
)

RULES: tuple[Rule, ...] = (
    quiet.RULE,  # won, lost, or a note: nothing planned, nothing replaced
    wrong_number.RULE,  # the number is wrong, not the person: calls go, e-mails stay
    nurture.RULE,  # curious: a value-touch e-mail instead of calls
    connections.RULE,  # reached them: the ladder and series end; same day after a visit
    email_sent.RULE,  # an e-mail went out: it answers its step, nothing new
    parked.RULE,  # a parked contact's missed check-in: the next check-in
    missed_call_ladder.RULE,  # a missed agreed call or retry: retry, then nudge + call-back
    voicemail_series.RULE,  # a voicemail: the next of the series, or parked after the last
    call_again.RULE,  # no answer or not now: the next business day, same time
)


def decide(ctx: RuleContext) -> RuleSteps:
    """The plan of the first rule that applies (every outcome has one; should a new
    outcome find none, it plans and replaces nothing rather than guess)."""
    for rule in RULES:
        if rule.applies(ctx):
            return rule.plan(ctx)
    return RuleSteps(replaces=frozenset())


def deciding(ctx: RuleContext) -> Rule | None:
    """The row that plans this touch: what the tests and the docs point at."""
    return next((rule for rule in RULES if rule.applies(ctx)), None)
