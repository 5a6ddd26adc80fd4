"""The voicemail series: spacing, e-mails mixed in, script ids, parking at the end."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from followup_desktop.core import settings as options
from followup_desktop.core import steps
from followup_desktop.core import voicemail_series as series
from followup_desktop.core.model import ContactStatus, FollowUpKind, Outcome, Touch
from tests.core.engine_kit import CHICAGO, DEFAULTS, chicago, history, run, steps_of, touch


def test_seven_voicemails_two_emails_then_parked_with_a_check_in() -> None:
    at = chicago(2, 10)  # Monday 2 November, 10:00 their time
    touches: list[Touch] = []
    logged: list[datetime] = []
    planned: list[str] = []
    for number in range(1, 8):
        result = run(Outcome.VOICEMAIL, at, history(*touches))
        assert result.series_position is not None
        assert result.series_position.label() == f"voicemail {number} of 7"
        logged.append(at)
        planned.extend(f.step for f in result.create)
        touches.append(touch(Outcome.VOICEMAIL, at))
        if number < 7:
            assert result.status is None
            at = next(f.due_at for f in result.create if f.step == f"voicemail-{number + 1}")
        else:
            assert result.status is ContactStatus.PARKED
            (check_in,) = result.create
            # Voicemail 7 is on Monday 30 November; 90 days later is Sunday 28 February:
            # the check-in is Monday 1 March at the same time of day.
            assert (check_in.step, check_in.kind) == ("check-in", FollowUpKind.CALL)
            assert check_in.due_at == datetime(2027, 3, 1, 10, 0, tzinfo=CHICAGO).astimezone(UTC)
    assert planned == [
        "voicemail-2",
        "series-email-1",
        "voicemail-3",
        "voicemail-4",
        "voicemail-5",
        "series-email-2",
        "voicemail-6",
        "voicemail-7",
        "check-in",
    ]
    # 2, 2, 3, 3, 5, 5 business days; in calendar days, with the weekends in between.
    assert [(b - a).days for a, b in itertools.pairwise(logged)] == [2, 2, 5, 5, 7, 7]
    assert all(t.astimezone(CHICAGO).hour == 10 for t in logged), "same time of day"


def test_series_emails_go_out_the_business_day_after_voicemail_2() -> None:
    first = touch(Outcome.VOICEMAIL, chicago(2, 10))
    result = run(Outcome.VOICEMAIL, chicago(4, 11, 30), history(first))
    assert steps_of(result) == [
        ("series-email-1", chicago(5, 11, 30)),
        ("voicemail-3", chicago(6, 11, 30)),
    ]
    assert [f.attempt for f in result.create] == [3, 4]


def test_series_emails_are_named_for_the_rep_as_their_drafts_are() -> None:
    # Today's row, the plan and the history say which series the e-mail belongs to, in
    # the words of the draft's template ("Sorry I missed you (voicemail series)").
    assert (
        steps.label(steps.series_email_step(1)) == "Sorry-I-missed-you e-mail 1 (voicemail series)"
    )
    email_2 = steps.series_email_step(2)
    assert steps.describe(email_2, steps.default_objective(email_2)) == (
        "Sorry-I-missed-you e-mail 2 (voicemail series)"
    )


def test_a_no_answer_in_between_does_not_break_the_series() -> None:
    touches = (touch(Outcome.VOICEMAIL, chicago(2, 10)), touch(Outcome.NO_ANSWER, chicago(3, 10)))
    result = run(Outcome.VOICEMAIL, chicago(4, 10), history(*touches))
    assert result.series_position is not None and result.series_position.voicemail == 2
    assert result.attempt == 3


def test_a_connection_resets_the_series() -> None:
    touches = (touch(Outcome.VOICEMAIL, chicago(2, 10)), touch(Outcome.CONNECTED, chicago(3, 10)))
    result = run(Outcome.VOICEMAIL, chicago(5, 10), history(*touches))
    assert result.series_position is not None and result.series_position.voicemail == 1


def test_the_call_screen_can_ask_for_the_position_before_the_call() -> None:
    touches = [touch(Outcome.VOICEMAIL, chicago(2 + n, 10)) for n in range(3)]
    assert series.position_of_next(touches, DEFAULTS).label() == "voicemail 4 of 7"


def test_voicemail_steps_and_emails_follow_the_settings() -> None:
    settings = DEFAULTS.with_value(options.VOICEMAIL_STEPS, 3).with_value(
        options.VOICEMAIL_EMAIL_STEPS, 0
    )
    touches = (touch(Outcome.VOICEMAIL, chicago(2, 10)), touch(Outcome.VOICEMAIL, chicago(4, 10)))
    result = run(Outcome.VOICEMAIL, chicago(6, 10), history(*touches), settings=settings)
    assert result.series_position is not None and result.series_position.label() == (
        "voicemail 3 of 3"
    )
    assert result.status is ContactStatus.PARKED


@pytest.mark.parametrize(
    ("spacing", "expected"),
    [
        ("1,4", [chicago(3, 10), chicago(9, 10), chicago(13, 10)]),
        ("", [chicago(4, 10), chicago(6, 10), chicago(11, 10)]),  # damaged: the default
        ("0,2", [chicago(4, 10), chicago(6, 10), chicago(11, 10)]),
    ],
)
def test_spacing_is_a_setting(spacing: str, expected: list[datetime]) -> None:
    settings = DEFAULTS.with_value(options.VOICEMAIL_SPACING_DAYS, spacing).with_value(
        options.VOICEMAIL_EMAIL_STEPS, 0
    )
    at, touches, seen = chicago(2, 10), [], []
    for _ in range(3):
        result = run(Outcome.VOICEMAIL, at, history(*touches), settings=settings)
        touches.append(touch(Outcome.VOICEMAIL, at))
        at = result.create[0].due_at
        seen.append(at)
    assert seen == expected


def test_with_voicemails_a_day_apart_an_email_never_goes_with_a_call() -> None:
    """Spacing "1": the e-mail after voicemail 1 was due the next day at the very minute
    of voicemail 2, so the rep had a call and an e-mail to the same person at once."""
    settings = DEFAULTS.with_value(options.VOICEMAIL_SPACING_DAYS, "1").with_value(
        options.VOICEMAIL_EMAIL_STEPS, 6
    )
    # Tuesday 10:00, and Friday 16:00 (two hours later is after their day: Monday 09:00).
    for logged, email_at, next_at in [
        (chicago(3, 10), chicago(3, 12), chicago(4, 10)),
        (chicago(6, 16), chicago(9, 9), chicago(9, 16)),
    ]:
        result = run(Outcome.VOICEMAIL, logged, history(), settings=settings)
        assert steps_of(result) == [("series-email-1", email_at), ("voicemail-2", next_at)]


@pytest.mark.parametrize(
    ("voicemails", "emails", "positions"),
    [(7, 2, [2, 5]), (7, 0, []), (5, 2, [2, 3]), (3, 5, [1, 2]), (1, 2, []), (10, 3, [2, 5, 8])],
)
def test_emails_spread_evenly_between_voicemails(
    voicemails: int, emails: int, positions: list[int]
) -> None:
    assert series.email_positions(voicemails, emails) == positions


def test_a_parked_contacts_missed_check_in_schedules_the_next_one() -> None:
    result = run(
        Outcome.NO_ANSWER, chicago(2, 10), history(status=ContactStatus.PARKED), now=chicago(2, 10)
    )
    assert [f.step for f in result.create] == ["check-in"]
    assert result.status is None
    assert not result.ask_serious_or_curious


def test_a_parked_contact_who_answers_is_active_again() -> None:
    result = run(
        Outcome.CONNECTED,
        chicago(2, 10),
        history(status=ContactStatus.PARKED),
        agreed_next=chicago(4, 10),
    )
    assert result.status is ContactStatus.ACTIVE
