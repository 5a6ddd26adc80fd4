"""The order of the rules table is the behaviour: which row plans each kind of touch."""

from __future__ import annotations

import pytest

from followup_desktop.core import rules, steps
from followup_desktop.core.model import ContactStatus, Outcome
from tests.core.engine_kit import chicago, follow_up
from tests.core.rules.kit import context


@pytest.mark.parametrize("status", list(ContactStatus))
@pytest.mark.parametrize("outcome", list(Outcome))
def test_every_touch_of_every_contact_has_a_rule(status: ContactStatus, outcome: Outcome) -> None:
    assert rules.deciding(context(outcome, status=status)) is not None


AGREED = follow_up(steps.AGREED, chicago(23, 10), agreed=True)


@pytest.mark.parametrize(
    ("status", "outcome", "answering", "rule"),
    [
        (ContactStatus.WON, Outcome.CONNECTED, None, "quiet"),
        (ContactStatus.LOST, Outcome.NO_ANSWER, AGREED, "quiet"),
        (ContactStatus.ACTIVE, Outcome.NOTE, None, "quiet"),
        (ContactStatus.CURIOUS, Outcome.WRONG_NUMBER, None, "wrong number"),
        (ContactStatus.CURIOUS, Outcome.CONNECTED, None, "nurture the curious"),
        (ContactStatus.CURIOUS, Outcome.EMAIL_SENT, None, "nurture the curious"),
        (ContactStatus.CURIOUS, Outcome.NO_ANSWER, AGREED, "nurture the curious"),
        (ContactStatus.PARKED, Outcome.VISIT, None, "connection"),
        (ContactStatus.PARKED, Outcome.EMAIL_SENT, None, "e-mail sent"),
        (ContactStatus.PARKED, Outcome.VOICEMAIL, AGREED, "parked check-in"),
        (ContactStatus.ACTIVE, Outcome.VOICEMAIL, AGREED, "missed-call ladder"),
        (ContactStatus.ACTIVE, Outcome.NOT_NOW, AGREED, "call again"),
        (ContactStatus.SERIOUS, Outcome.VOICEMAIL, None, "voicemail series"),
        (ContactStatus.ACTIVE, Outcome.NO_ANSWER, None, "call again"),
    ],
)
def test_the_first_rule_that_applies_decides(
    status: ContactStatus, outcome: Outcome, answering: object, rule: str
) -> None:
    ctx = context(outcome, status=status, answering=answering)  # type: ignore[arg-type]
    deciding = rules.deciding(ctx)
    assert deciding is not None and deciding.name == rule
    assert rules.decide(ctx) == deciding.plan(ctx)


def test_every_row_is_reachable() -> None:
    """No row is shadowed by the rows above it for every touch."""
    reached = {
        found.name
        for status in ContactStatus
        for outcome in Outcome
        for answering in (None, AGREED)
        if (found := rules.deciding(context(outcome, status=status, answering=answering)))
    }
    assert reached == {rule.name for rule in rules.RULES}
