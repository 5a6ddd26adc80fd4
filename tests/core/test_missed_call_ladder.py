"""The missed-call ladder: retry → nudge + call-back; a connection ends it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from followup_desktop.core import settings as options
from followup_desktop.core.model import FollowUpKind, Outcome
from tests.core.engine_kit import (
    DEFAULTS,
    chicago,
    follow_up,
    history,
    run,
    steps_of,
    touch,
)

AGREED = follow_up("agreed-call", chicago(24, 10), 1, agreed=True, objective="review the proposal")


def test_first_miss_retries_fifteen_minutes_later() -> None:
    result = run(Outcome.NO_ANSWER, chicago(24, 10, 1), history(open_=(AGREED,)), answering=AGREED)
    assert steps_of(result) == [("retry-1", chicago(24, 10, 16))]
    assert result.complete == (1,)
    assert result.create[0].objective == "review the proposal"
    assert result.create[0].attempt == 2  # the miss was attempt 1
    assert result.attempt == 1


def test_second_miss_nudges_and_calls_back_next_business_day_at_the_agreed_time() -> None:
    retry = follow_up("retry-1", chicago(24, 10, 16), 2)
    result = run(
        Outcome.NO_ANSWER,
        chicago(24, 10, 17),
        history(
            touch(Outcome.NO_ANSWER, chicago(24, 10, 1)), open_=(retry,), recent=(retry, AGREED)
        ),
        answering=retry,
    )
    assert steps_of(result) == [
        ("nudge", chicago(24, 11, 47)),  # 90 minutes later
        ("call-back", chicago(25, 10, 0)),  # next business day, the agreed time of day
    ]
    assert [f.kind for f in result.create] == [FollowUpKind.EMAIL, FollowUpKind.CALL]
    assert [f.attempt for f in result.create] == [3, 4]
    assert result.complete == (2,)


def test_call_back_after_a_friday_miss_is_on_monday() -> None:
    agreed = follow_up("agreed-call", chicago(27, 14), 1, agreed=True)  # Friday 14:00
    retry = follow_up("retry-1", chicago(27, 14, 16), 2)
    result = run(
        Outcome.NO_ANSWER, chicago(27, 14, 16), history(recent=(retry, agreed)), answering=retry
    )
    assert ("call-back", chicago(30, 14)) in steps_of(result)


def test_without_the_agreed_call_in_the_history_the_retry_delay_gives_its_time() -> None:
    retry = follow_up("retry-1", chicago(24, 10, 15), 2)
    result = run(Outcome.NO_ANSWER, chicago(24, 10, 15), history(open_=(retry,)), answering=retry)
    assert ("call-back", chicago(25, 10)) in steps_of(result)


@pytest.mark.parametrize(("setting", "expected_minutes"), [(30, 60), (90, 90), (200, 120)])
def test_nudge_delay_is_a_setting_clamped_to_60_120(setting: int, expected_minutes: int) -> None:
    retry = follow_up("retry-1", chicago(24, 10, 16))
    settings = DEFAULTS.with_value(options.NUDGE_AFTER_SECOND_MISS_MIN, setting)
    result = run(Outcome.NO_ANSWER, chicago(24, 10, 17), settings=settings, answering=retry)
    assert result.create[0].due_at == chicago(24, 10, 17) + timedelta(minutes=expected_minutes)


def test_retry_delay_is_a_setting() -> None:
    settings = DEFAULTS.with_value(options.RETRY_AFTER_MISS_MIN, 30)
    result = run(Outcome.NO_ANSWER, chicago(24, 10), settings=settings, answering=AGREED)
    assert steps_of(result) == [("retry-1", chicago(24, 10, 30))]


@pytest.mark.parametrize(
    ("agreed_at", "missed_at", "expected"),
    [
        # After closing: the retry moves to their next opening.
        (chicago(24, 16, 50), chicago(24, 16, 50), [("retry-1", chicago(25, 9))]),
        # An agreed call in the evening (their choice): the retry waits for the morning.
        (chicago(24, 19, 30), chicago(24, 19, 31), [("retry-1", chicago(25, 9))]),
        # Friday evening: Monday morning.
        (chicago(27, 18), chicago(27, 18), [("retry-1", chicago(30, 9))]),
    ],
)
def test_ladder_steps_stay_inside_business_hours(
    agreed_at: datetime, missed_at: datetime, expected: list[tuple[str, datetime]]
) -> None:
    agreed = follow_up("agreed-call", agreed_at, agreed=True)
    assert steps_of(run(Outcome.NO_ANSWER, missed_at, answering=agreed)) == expected


def test_an_evening_agreed_call_calls_back_at_the_last_slot_of_the_day() -> None:
    agreed = follow_up("agreed-call", chicago(24, 19, 30), 1, agreed=True)
    retry = follow_up("retry-1", chicago(25, 9), 2)
    result = run(
        Outcome.NO_ANSWER, chicago(25, 9, 1), history(recent=(retry, agreed)), answering=retry
    )
    # The nudge 90 minutes after the miss; the call-back the next day at 16:45, as close
    # to their chosen 19:30 as business hours allow.
    assert steps_of(result) == [("nudge", chicago(25, 10, 31)), ("call-back", chicago(26, 16, 45))]


def test_a_voicemail_at_the_agreed_call_is_a_miss_too() -> None:
    result = run(Outcome.VOICEMAIL, chicago(24, 10, 1), answering=AGREED)
    assert steps_of(result) == [("retry-1", chicago(24, 10, 16))]
    assert result.series_position is None


def test_a_miss_on_the_call_back_leaves_the_ladder_one_nudge_only() -> None:
    call_back = follow_up("call-back", chicago(25, 10), 4)
    result = run(Outcome.NO_ANSWER, chicago(25, 10, 1), answering=call_back)
    assert steps_of(result) == [("call-again", chicago(26, 10, 1))]
    assert all(f.step != "nudge" for f in result.create)


@pytest.mark.parametrize("outcome", [Outcome.CONNECTED, Outcome.REPLIED, Outcome.INBOUND])
def test_a_connection_ends_the_ladder(outcome: Outcome) -> None:
    nudge = follow_up("nudge", chicago(24, 11, 47), 3, kind=FollowUpKind.EMAIL)
    call_back = follow_up("call-back", chicago(25, 10), 4)
    result = run(
        outcome,
        chicago(25, 8),
        history(open_=(nudge, call_back)),
        answering=nudge if outcome is Outcome.REPLIED else call_back,
        agreed_next=chicago(27, 9),
    )
    assert set(result.complete) | set(result.supersede) == {3, 4}
    assert steps_of(result) == [("agreed-call", chicago(27, 9))]
    assert result.attempt == 0


def test_a_reply_without_a_time_ends_the_waiting_and_asks_for_one() -> None:
    nudge = follow_up("nudge", chicago(24, 11, 47), 3, kind=FollowUpKind.EMAIL)
    call_back = follow_up("call-back", chicago(25, 10), 4)
    result = run(
        Outcome.REPLIED, chicago(24, 15), history(open_=(nudge, call_back)), answering=nudge
    )
    assert (result.complete, result.supersede, result.create) == ((3,), (4,), ())
    assert any("replied" in w for w in result.warnings)


def test_sending_the_nudge_keeps_the_call_back() -> None:
    nudge = follow_up("nudge", chicago(24, 11, 47), 3, kind=FollowUpKind.EMAIL)
    call_back = follow_up("call-back", chicago(25, 10), 4)
    # The service may hand over the call-back as "answered": an e-mail answers the e-mail.
    result = run(
        Outcome.EMAIL_SENT, chicago(25, 8), history(open_=(nudge, call_back)), answering=call_back
    )
    assert (result.complete, result.supersede, result.create) == ((3,), (), ())
