"""Each rule of the follow-up engine and each default, with fixed instants. The ladder,
the voicemail series and the same-day rule have their own files."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.core import cadence
from followup_desktop.core import settings as options
from followup_desktop.core.cadence import CommitmentRequest, ContactHistory
from followup_desktop.core.model import ContactStatus, FollowUpKind, Outcome
from followup_desktop.core.settings import Option
from tests.core.engine_kit import (
    DEFAULTS,
    PARIS,
    chicago,
    follow_up,
    history,
    run,
    steps_of,
    touch,
)


@pytest.mark.parametrize(
    ("option", "default"),
    [
        (options.REMINDER_LEAD_MIN, 15),
        (options.RETRY_AFTER_MISS_MIN, 15),
        (options.NUDGE_AFTER_SECOND_MISS_MIN, 90),
        (options.VOICEMAIL_STEPS, 7),
        (options.VOICEMAIL_EMAIL_STEPS, 2),
        (options.VOICEMAIL_SPACING_DAYS, "2,2,3,3,5,5,7"),
        (options.BUSINESS_DAY_START, "09:00"),
        (options.BUSINESS_DAY_END, "17:00"),
        (options.BUSINESS_DAYS, "Mon,Tue,Wed,Thu,Fri"),
        (options.SAME_DAY_CUTOFF, "15:00"),
        (options.SAME_DAY_AT, "14:00"),
        (options.SAME_DAY_MIN_GAP_MIN, 120),
        (options.NEXT_MORNING_OFFSET_MIN, 30),
        (options.PARKED_CHECK_IN_DAYS, 90),
        (options.SERIOUS_OR_CURIOUS_AFTER, 8),
        (options.NURTURE_EVERY_DAYS, 21),
        (options.VALUE_TOUCH_AFTER_DAYS, 30),
    ],
)
def test_defaults_are_the_products(option: Option[Any], default: object) -> None:
    assert DEFAULTS.get(option) == option.default == default


# Agreed calls ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "agreed",
    [
        chicago(24, 10),
        chicago(24, 19, 30),  # evening: outside hours, but the contact chose it
        chicago(28, 11),  # a Saturday
        datetime(2026, 11, 24, 10, 7, 13, tzinfo=ZoneInfo("Asia/Kathmandu")),  # any zone
    ],
)
def test_an_agreed_time_is_kept_exactly(agreed: datetime) -> None:
    result = run(
        Outcome.CONNECTED, chicago(23, 10), agreed_next=agreed, objective="review the proposal"
    )
    (created,) = result.create
    assert (created.step, created.kind, created.due_at, created.agreed) == (
        "agreed-call",
        FollowUpKind.CALL,
        agreed,
        True,
    )
    assert created.objective == "review the proposal"
    assert (created.attempt, result.attempt, result.warnings) == (1, 0, ())


def test_an_agreed_time_in_the_past_is_kept_but_warned_about() -> None:
    result = run(Outcome.CONNECTED, chicago(23, 10), agreed_next=chicago(20, 10))
    assert steps_of(result) == [("agreed-call", chicago(20, 10))]
    assert any("in the past" in w for w in result.warnings)


def test_a_new_agreed_time_supersedes_the_old_one_and_the_rule_steps_not_the_promises() -> None:
    old = follow_up("agreed-call", chicago(26, 10), 1, agreed=True)
    voicemail = follow_up("voicemail-3", chicago(27, 10), 2)
    task = follow_up("commitment", chicago(25, 9), 3, kind=FollowUpKind.TASK)
    result = run(
        Outcome.INBOUND,
        chicago(24, 11),
        history(open_=(old, voicemail, task)),
        agreed_next=chicago(30, 10),
    )
    assert (result.complete, sorted(result.supersede)) == ((), [1, 2])
    assert steps_of(result) == [("agreed-call", chicago(30, 10))]


def test_connected_without_a_next_step_warns() -> None:
    result = run(Outcome.CONNECTED, chicago(23, 10))
    assert result.create == ()
    assert "No next step agreed" in result.warnings[0]


@pytest.mark.parametrize(
    ("outcome", "warns"),
    [
        (Outcome.CONNECTED, True),
        (Outcome.NO_ANSWER, True),
        (Outcome.VOICEMAIL, True),
        (Outcome.NOT_NOW, True),
        (Outcome.WRONG_NUMBER, True),
        (Outcome.INBOUND, False),  # they called us: nothing to warn about
        (Outcome.VISIT, False),
    ],
)
def test_calling_an_agreed_follow_up_on_another_day_warns(outcome: Outcome, warns: bool) -> None:
    agreed = follow_up("agreed-call", chicago(24, 10), agreed=True)
    for at in (chicago(23, 15), chicago(25, 10)):  # the day before, the day after
        result = run(outcome, at, history(open_=(agreed,)), answering=agreed)
        said = any("agreed for Tue 24 Nov 10:00" in w for w in result.warnings)
        assert said is warns, at
    on_the_day = run(outcome, chicago(24, 10, 2), history(open_=(agreed,)), answering=agreed)
    assert not any("agreed for" in w for w in on_the_day.warnings)


def test_the_ui_can_warn_before_dialling() -> None:
    agreed = follow_up("agreed-call", chicago(24, 10), agreed=True)
    assert cadence.agreed_day_warning(agreed, chicago(23, 15), "America/Chicago", PARIS)
    # 23:30 Chicago on the 23rd is already the 24th in Paris: their day is what counts.
    assert cadence.agreed_day_warning(agreed, chicago(23, 23, 30), "America/Chicago", PARIS)
    assert cadence.agreed_day_warning(agreed, chicago(24, 0, 30), "America/Chicago", PARIS) is None
    assert (
        cadence.agreed_day_warning(
            follow_up("call-again", chicago(24, 10)), chicago(23, 15), "", PARIS
        )
        is None
    )


def test_a_miss_before_the_agreed_day_leaves_the_agreed_call_alone() -> None:
    agreed = follow_up("agreed-call", chicago(26, 10), 1, agreed=True)
    result = run(Outcome.VOICEMAIL, chicago(24, 10), history(open_=(agreed,)), answering=agreed)
    assert (result.create, result.complete, result.supersede) == ((), (), ())
    assert any("agreed for" in w for w in result.warnings)
    assert any("Nothing else planned" in w for w in result.warnings)


# Leave them alone until the agreed call ---------------------------------------------------


@pytest.mark.parametrize(
    "outcome", [Outcome.VISIT, Outcome.INBOUND, Outcome.EMAIL_SENT, Outcome.NOT_NOW]
)
def test_no_other_touches_before_the_agreed_call(outcome: Outcome) -> None:
    agreed = follow_up("agreed-call", chicago(26, 10), 1, agreed=True)
    result = run(
        outcome,
        chicago(24, 10),
        history(open_=(agreed,)),
        commitment=CommitmentRequest("proposal", chicago(25, 9)),
    )
    assert steps_of(result) == [("commitment", chicago(25, 9))]
    assert 1 not in result.supersede


def test_a_delivered_promise_plans_nothing_before_the_agreed_call_even_for_the_curious() -> None:
    agreed = follow_up("agreed-call", chicago(26, 10), 1, agreed=True)
    result = run(
        Outcome.EMAIL_SENT,
        chicago(25, 9),
        history(open_=(agreed,), status=ContactStatus.CURIOUS),
    )
    assert result.create == ()


# Other outcomes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "at", "expected"),
    [
        (Outcome.NOT_NOW, chicago(24, 11), [("not-now", chicago(25, 11))]),
        (Outcome.NOT_NOW, chicago(27, 11), [("not-now", chicago(30, 11))]),  # Fri → Mon
        (Outcome.NO_ANSWER, chicago(24, 11), [("call-again", chicago(25, 11))]),
        (Outcome.NO_ANSWER, chicago(24, 18), [("call-again", chicago(25, 16, 45))]),
        (Outcome.NOTE, chicago(24, 11), []),
        (Outcome.EMAIL_SENT, chicago(24, 11), []),
    ],
)
def test_outcomes_outside_ladders_and_series(
    outcome: Outcome, at: datetime, expected: list[tuple[str, datetime]]
) -> None:
    assert steps_of(run(outcome, at)) == expected


# Whole minutes --------------------------------------------------------------------------


def test_a_call_logged_with_seconds_plans_the_same_minute_across_a_dst_change() -> None:
    """A no-answer at 14:32:17 on Friday (Chicago still on daylight time) is called again
    on Monday at 14:32 (standard time): the minute the call screen showed, no seconds."""
    friday = chicago(30, 14, 32, month=10) + timedelta(seconds=17, microseconds=250)
    assert steps_of(run(Outcome.NO_ANSWER, friday)) == [("call-again", chicago(2, 14, 32))]


def test_a_step_due_now_is_due_at_the_next_whole_minute() -> None:
    """A miss logged late plans its retry now: at the next whole minute, never a few
    seconds in the past, and at the next opening when that minute is closing time."""
    agreed = follow_up("agreed-call", chicago(24, 10), 1, agreed=True)
    late = chicago(24, 15, 7) + timedelta(seconds=42)
    result = run(Outcome.NO_ANSWER, chicago(24, 10, 1), now=late, answering=agreed)
    assert steps_of(result) == [("retry-1", chicago(24, 15, 8))]
    closing = chicago(24, 16, 59) + timedelta(seconds=42)
    result = run(Outcome.NO_ANSWER, chicago(24, 16, 44), now=closing, answering=agreed)
    assert steps_of(result) == [("retry-1", chicago(25, 9))]


def test_a_value_touch_suggested_now_is_on_the_next_whole_minute() -> None:
    silent = ContactHistory(
        1, "America/Chicago", touches=(touch(Outcome.CONNECTED, chicago(1, 10, month=10)),)
    )
    now = chicago(24, 12) + timedelta(seconds=13, microseconds=500)
    (suggestion,) = cadence.suggest_value_touches([silent], now, DEFAULTS, PARIS)
    assert suggestion.due_at == chicago(24, 12, 1)


def test_wrong_number_plans_no_calls_and_keeps_emails_and_agreed_calls() -> None:
    call = follow_up("call-again", chicago(25, 10), 9)
    email = follow_up("series-email-1", chicago(25, 11), 10, kind=FollowUpKind.EMAIL)
    agreed = follow_up("agreed-call", chicago(24, 10), 11, agreed=True)
    result = run(
        Outcome.WRONG_NUMBER,
        chicago(24, 10),
        history(open_=(call, email, agreed)),
        answering=agreed,
    )
    assert (result.complete, result.supersede) == ((), (9,))
    assert any("Wrong number" in w for w in result.warnings)
    # The agreed call stays quiet-until, yet the rep still has to find the number for it.
    assert [(f.kind, f.step) for f in result.create] == [(FollowUpKind.TASK, "find-number")]
    assert not any("Nothing else planned" in w for w in result.warnings)


def test_an_email_answers_the_email_step_and_a_note_answers_nothing() -> None:
    email = follow_up("series-email-1", chicago(25, 11), 10, kind=FollowUpKind.EMAIL)
    call = follow_up("voicemail-3", chicago(26, 11), 11)
    past = history(open_=(email, call))
    assert run(Outcome.EMAIL_SENT, chicago(25, 9), past, answering=email).complete == (10,)
    assert run(Outcome.EMAIL_SENT, chicago(25, 9), past, answering=call).complete == (10,)
    assert run(Outcome.NOTE, chicago(25, 9), past, answering=call).complete == ()


@pytest.mark.parametrize("status", [ContactStatus.WON, ContactStatus.LOST])
def test_won_and_lost_contacts_get_no_rule_steps(status: ContactStatus) -> None:
    for outcome in (Outcome.VOICEMAIL, Outcome.NO_ANSWER, Outcome.VISIT):
        assert run(outcome, chicago(24, 10), history(status=status)).create == ()


# Commitments ----------------------------------------------------------------------------


def test_a_commitment_is_a_task_at_the_promised_time_even_outside_hours() -> None:
    promised = chicago(25, 7, 30)  # before their opening: kept as promised
    result = run(
        Outcome.CONNECTED,
        chicago(24, 15),
        agreed_next=chicago(26, 10),
        commitment=CommitmentRequest("proposal", promised),
    )
    assert steps_of(result) == [("commitment", promised), ("agreed-call", chicago(26, 10))]
    task = result.create[0]
    assert (task.kind, task.objective, task.attempt) == (FollowUpKind.TASK, "proposal", 0)
    assert result.commitments == (cadence.PlannedCommitment("proposal", promised, False),)
    assert result.urgent == ()


@pytest.mark.parametrize(
    "request_", [CommitmentRequest("price list", asap=True), CommitmentRequest("price list")]
)
def test_as_soon_as_possible_is_an_urgent_task_due_now(request_: CommitmentRequest) -> None:
    now = chicago(24, 15, 1)
    result = run(Outcome.CONNECTED, chicago(24, 15), now=now, commitment=request_)
    assert steps_of(result) == [("commitment-asap", now)]
    assert result.urgent == result.create
    assert result.commitments[0].asap


def test_a_promise_already_due_is_warned_about() -> None:
    result = run(
        Outcome.CONNECTED,
        chicago(24, 15),
        commitment=CommitmentRequest("proposal", chicago(24, 9)),
    )
    assert any("promised time has passed" in w for w in result.warnings)


# Persistence ----------------------------------------------------------------------------


def test_serious_or_curious_is_asked_after_eight_touches_without_a_connection() -> None:
    touches = tuple(touch(Outcome.NO_ANSWER, chicago(2 + n, 10)) for n in range(7))
    result = run(Outcome.NO_ANSWER, chicago(10, 10), history(*touches))
    assert (result.attempt, result.ask_serious_or_curious) == (8, True)
    assert not run(Outcome.NO_ANSWER, chicago(10, 10), history(*touches[1:])).ask_serious_or_curious
    for status in (ContactStatus.SERIOUS, ContactStatus.CURIOUS, ContactStatus.PARKED):
        asked = run(Outcome.NO_ANSWER, chicago(10, 10), history(*touches, status=status))
        assert not asked.ask_serious_or_curious
    fewer = DEFAULTS.with_value(options.SERIOUS_OR_CURIOUS_AFTER, 3)
    early = run(Outcome.NO_ANSWER, chicago(10, 10), history(*touches[:2]), settings=fewer)
    assert early.ask_serious_or_curious


def test_attempts_count_tries_since_the_last_connection() -> None:
    touches = (
        touch(Outcome.NO_ANSWER, chicago(2, 10)),
        touch(Outcome.CONNECTED, chicago(3, 10)),
        touch(Outcome.VOICEMAIL, chicago(4, 10)),
        touch(Outcome.NOTE, chicago(4, 11)),
        touch(Outcome.EMAIL_SENT, chicago(5, 10)),
    )
    assert cadence.attempts_since_connection(touches) == 2
    assert run(Outcome.NO_ANSWER, chicago(6, 10), history(*touches)).attempt == 3
    assert run(Outcome.VISIT, chicago(6, 10), history(*touches)).attempt == 0


# Curious contacts and value touches -----------------------------------------------------


@pytest.mark.parametrize(
    "outcome", [Outcome.VOICEMAIL, Outcome.NO_ANSWER, Outcome.EMAIL_SENT, Outcome.CONNECTED]
)
def test_curious_contacts_get_a_value_touch_every_three_weeks(outcome: Outcome) -> None:
    result = run(outcome, chicago(2, 10), history(status=ContactStatus.CURIOUS))
    assert [(f.step, f.kind) for f in result.create] == [("value-touch", FollowUpKind.EMAIL)]
    assert result.create[0].due_at == chicago(23, 10)  # 21 days, same time of day
    assert result.series_position is None
    slower = DEFAULTS.with_value(options.NURTURE_EVERY_DAYS, 28)
    later = run(outcome, chicago(2, 10), history(status=ContactStatus.CURIOUS), settings=slower)
    assert later.create[0].due_at == chicago(30, 10)


def test_value_touch_suggestions_for_long_silences() -> None:
    def contact(id_: int, last: datetime, *, planned: bool = False) -> ContactHistory:
        open_ = (follow_up("agreed-call", chicago(30, 10)),) if planned else ()
        return ContactHistory(
            id_, "America/Chicago", touches=(touch(Outcome.CONNECTED, last),), open_follow_ups=open_
        )

    silent = contact(1, chicago(1, 10, month=10))
    recent = contact(2, chicago(20, 10))
    planned = contact(3, chicago(1, 10, month=10), planned=True)
    lost = ContactHistory(4, "", ContactStatus.LOST, (touch(Outcome.CONNECTED, chicago(1, 10)),))
    never = ContactHistory(5, "America/Chicago")
    now = chicago(21, 12)  # Saturday
    suggestions = cadence.suggest_value_touches(
        [silent, recent, planned, lost, never], now, DEFAULTS, PARIS
    )
    assert [(s.contact_id, s.step, s.kind, s.due_at) for s in suggestions] == [
        (1, "value-touch", FollowUpKind.EMAIL, chicago(23, 9))
    ]
    shorter = DEFAULTS.with_value(options.VALUE_TOUCH_AFTER_DAYS, 1)
    assert {
        s.contact_id for s in cadence.suggest_value_touches([silent, recent], now, shorter, PARIS)
    } == {1, 2}


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        run(Outcome.CONNECTED, chicago(2, 10), now=datetime(2026, 11, 2, 10, 0))
