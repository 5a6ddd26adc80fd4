"""Each small rule of the table on its own: when it applies and what it plans (the ladder
and the voicemail series have their own tests in tests/core)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.core import steps
from followup_desktop.core.cadence_model import ContactHistory
from followup_desktop.core.model import ContactStatus, FollowUpKind, Outcome
from followup_desktop.core.rules import (
    call_again,
    connections,
    email_sent,
    nurture,
    parked,
    quiet,
    wrong_number,
)
from tests.core.engine_kit import CONTACT, PARIS, chicago, paris
from tests.core.rules.kit import context


@pytest.mark.parametrize("status", [ContactStatus.WON, ContactStatus.LOST])
def test_quiet_plans_and_replaces_nothing(status: ContactStatus) -> None:
    ctx = context(Outcome.NO_ANSWER, status=status)
    assert quiet.applies(ctx) and quiet.applies(context(Outcome.NOTE))
    assert not quiet.applies(context(Outcome.NO_ANSWER))
    decided = quiet.plan(ctx)
    assert decided.created == [] and decided.replaces == frozenset()


def test_wrong_number_replaces_calls_only_warns_and_plans_finding_the_number() -> None:
    ctx = context(Outcome.WRONG_NUMBER)  # Monday 10:00 in Chicago, 17:00 for the rep in Paris
    assert wrong_number.applies(ctx) and not wrong_number.applies(context(Outcome.NO_ANSWER))
    decided = wrong_number.plan(ctx)
    assert decided.replaces == frozenset({FollowUpKind.CALL})
    assert decided.warnings == (wrong_number.WARNING,)
    (task,) = decided.created
    # Her own work, not a call: a task on her next business morning, in her zone.
    assert (task.kind, task.step) == (FollowUpKind.TASK, steps.FIND_NUMBER)
    assert task.due_at == paris(24, 9, 30)
    assert steps.describe(task.step, task.objective) == "Find the right number"


def test_a_second_wrong_number_plans_no_second_search() -> None:
    first = wrong_number.plan(context(Outcome.WRONG_NUMBER)).created[0]
    searching = ContactHistory(CONTACT, "America/Chicago", open_follow_ups=(replace(first, id=3),))
    again = context(Outcome.WRONG_NUMBER, chicago(24, 11), history=searching)
    assert wrong_number.plan(again).created == []


def test_finding_the_number_is_due_in_the_reps_morning_across_her_clock_change() -> None:
    # Friday 23 October 2026, 16:00 in Paris (summer time); the clocks go back on Sunday.
    friday = datetime(2026, 10, 23, 16, 0, tzinfo=ZoneInfo(PARIS)).astimezone(UTC)
    (task,) = wrong_number.plan(context(Outcome.WRONG_NUMBER, friday)).created
    monday = datetime(2026, 10, 26, 9, 30, tzinfo=ZoneInfo(PARIS))
    assert task.due_at == monday.astimezone(UTC) == datetime(2026, 10, 26, 8, 30, tzinfo=UTC)


def test_nurture_sends_the_curious_a_value_touch_three_weeks_on() -> None:
    ctx = context(Outcome.CONNECTED, status=ContactStatus.CURIOUS)
    assert nurture.applies(ctx) and not nurture.applies(context(Outcome.CONNECTED))
    decided = nurture.plan(ctx)
    (touch,) = decided.created
    assert (touch.kind, touch.step) == (FollowUpKind.EMAIL, steps.VALUE_TOUCH)
    assert touch.due_at == chicago(23, 10) + timedelta(days=21)
    assert decided.warnings == (connections.NO_NEXT_STEP,)


def test_a_morning_visit_gets_a_same_day_call_and_a_reply_a_warning() -> None:
    visit = context(Outcome.VISIT, paris(23, 9))
    assert connections.applies(visit) and not connections.applies(context(Outcome.NO_ANSWER))
    (call,) = connections.plan(visit).created
    assert call.step == steps.SAME_DAY and call.kind is FollowUpKind.CALL
    replied = connections.plan(context(Outcome.REPLIED))
    assert replied.created == [] and replied.warnings == (connections.REPLIED,)


def test_an_email_sent_plans_nothing_and_keeps_the_calls() -> None:
    ctx = context(Outcome.EMAIL_SENT)
    assert email_sent.applies(ctx) and not email_sent.applies(context(Outcome.VOICEMAIL))
    decided = email_sent.plan(ctx)
    assert decided.created == [] and decided.replaces == frozenset()


def test_a_parked_contacts_missed_check_in_leads_to_the_next() -> None:
    ctx = context(Outcome.NO_ANSWER, status=ContactStatus.PARKED)
    assert parked.applies(ctx) and not parked.applies(context(Outcome.NO_ANSWER))
    (check_in,) = parked.plan(ctx).created
    assert check_in.step == steps.CHECK_IN and check_in.due_at > chicago(23, 10)


@pytest.mark.parametrize(
    ("outcome", "step"), [(Outcome.NO_ANSWER, steps.CALL_AGAIN), (Outcome.NOT_NOW, steps.NOT_NOW)]
)
def test_call_again_the_next_business_day_at_the_same_time(outcome: Outcome, step: str) -> None:
    friday = context(outcome, chicago(27, 15))
    assert call_again.applies(friday) and not call_again.applies(context(Outcome.VOICEMAIL))
    (call,) = call_again.plan(friday).created
    assert (call.step, call.due_at) == (step, chicago(30, 15))  # Monday, same time
