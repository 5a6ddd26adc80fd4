"""A rule's context for one logged touch, built as ``cadence.plan`` builds it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from followup_desktop.core.cadence_model import ContactHistory, LoggedOutcome, RuleContext
from followup_desktop.core.model import ContactStatus, FollowUp, Outcome
from tests.core.engine_kit import CONTACT, DEFAULTS, PARIS, chicago


def context(
    outcome: Outcome,
    at: datetime | None = None,
    *,
    status: ContactStatus = ContactStatus.ACTIVE,
    answering: FollowUp | None = None,
    history: ContactHistory | None = None,
) -> RuleContext:
    when = at or chicago(23, 10)  # Monday 10:00 in Chicago
    past = replace(history or ContactHistory(CONTACT, "America/Chicago"), status=status)
    built = RuleContext.build(LoggedOutcome(outcome, when), past, DEFAULTS, when, PARIS)
    return replace(built, answering=answering)
