"""Same-day follow-up after a visit or an inbound enquiry (practice 9, journey J7).
The rep works from Paris; Monday 23 November 2026 unless said otherwise."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from followup_desktop.core import settings as options
from followup_desktop.core.model import Outcome
from followup_desktop.core.settings import Option, Settings
from tests.core.engine_kit import DEFAULTS, chicago, history, paris, run, steps_of


def tokyo(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour - 9, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("contact_zone", "logged", "expected"),
    [
        # Morning visit: that afternoon at 14:00 (the rep's time).
        ("Europe/Paris", paris(23, 9, 30), ("same-day", paris(23, 14))),
        # Later visits: at least two hours after it.
        ("Europe/Paris", paris(23, 13, 30), ("same-day", paris(23, 15, 30))),
        # The last call that leaves time to talk starts at 16:45: a visit at 14:59 would
        # want 16:59, one minute before they close, so it is their next morning.
        ("Europe/Paris", paris(23, 14, 45), ("same-day", paris(23, 16, 45))),
        ("Europe/Paris", paris(23, 14, 46), ("next-morning", paris(24, 9, 30))),
        ("Europe/Paris", paris(23, 14, 59), ("next-morning", paris(24, 9, 30))),
        # 16:59 in London leaves them time, but it is 17:59 for the rep in Paris.
        ("Europe/London", paris(23, 14, 45), ("same-day", paris(23, 16, 45))),
        ("Europe/London", paris(23, 14, 50), ("next-morning", paris(24, 10, 30))),
        # At or after the 15:00 cut-off: their next business morning, 09:30.
        ("Europe/Paris", paris(23, 15, 0), ("next-morning", paris(24, 9, 30))),
        ("Europe/Paris", paris(27, 16, 0), ("next-morning", paris(30, 9, 30))),  # Fri → Mon
        # A visit on a Saturday morning: no call that day, so their Monday morning.
        ("Europe/Paris", paris(28, 10, 0), ("next-morning", paris(30, 9, 30))),
        # Their business hours win: 14:00 Paris is 07:00 in Chicago → their 09:00.
        ("America/Chicago", paris(23, 10, 0), ("same-day", chicago(23, 9))),
        ("Europe/London", paris(23, 9, 30), ("same-day", paris(23, 14))),
        # 14:00 Paris is 22:00 in Tokyo, after their day: their next morning, named so.
        ("Asia/Tokyo", paris(23, 9, 30), ("next-morning", tokyo(24, 9, 30))),
        # After the cut-off, a Chicago contact's morning is Tuesday, not Monday's.
        ("America/Chicago", paris(23, 16, 0), ("next-morning", chicago(24, 9, 30))),
        # A contact without a zone is in the rep's.
        ("", paris(23, 9, 30), ("same-day", paris(23, 14))),
    ],
)
def test_same_day_after_a_visit(
    contact_zone: str, logged: datetime, expected: tuple[str, datetime]
) -> None:
    for outcome in (Outcome.VISIT, Outcome.INBOUND):
        result = run(outcome, logged, history(time_zone=contact_zone))
        assert steps_of(result) == [expected]
        assert result.create[0].attempt == 1


def test_a_friday_visit_to_sydney_is_followed_up_on_their_monday_morning() -> None:
    # Friday 11:00 in Paris is 21:00 in Sydney: their day is over and the weekend comes.
    # The call is their Monday 09:30 (Sunday 23:30 in Paris), a next-morning call: Today
    # does not list a "Same-day follow-up call" on Sunday night.
    friday = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
    monday_sydney = datetime(2026, 12, 6, 22, 30, tzinfo=UTC)
    result = run(Outcome.VISIT, friday, history(time_zone="Australia/Sydney"))
    assert steps_of(result) == [("next-morning", monday_sydney)]
    # The same visit to a Paris customer is followed up that afternoon.
    result = run(Outcome.VISIT, friday, history(time_zone="Europe/Paris"))
    assert steps_of(result) == [("same-day", datetime(2026, 12, 4, 13, 0, tzinfo=UTC))]


def test_a_visit_logged_late_is_never_due_in_the_past() -> None:
    result = run(
        Outcome.VISIT, paris(23, 10), history(time_zone="Europe/Paris"), now=paris(23, 15, 30)
    )
    assert steps_of(result) == [("same-day", paris(23, 15, 30))]
    # Logged at 16:50, too late to call that day: their next morning.
    result = run(
        Outcome.VISIT, paris(23, 10), history(time_zone="Europe/Paris"), now=paris(23, 16, 50)
    )
    assert steps_of(result) == [("next-morning", paris(24, 9, 30))]


@pytest.mark.parametrize(
    ("option", "value", "logged", "expected"),
    [
        (options.SAME_DAY_AT, "13:00", paris(23, 9, 30), ("same-day", paris(23, 13))),
        (options.SAME_DAY_MIN_GAP_MIN, 60, paris(23, 13, 30), ("same-day", paris(23, 14, 30))),
        (options.SAME_DAY_CUTOFF, "12:00", paris(23, 13, 0), ("next-morning", paris(24, 9, 30))),
        (options.NEXT_MORNING_OFFSET_MIN, 0, paris(23, 16, 0), ("next-morning", paris(24, 9))),
        # A damaged time setting falls back to its default rather than failing the log.
        (options.SAME_DAY_CUTOFF, "soon", paris(23, 14, 0), ("same-day", paris(23, 16))),
    ],
)
def test_same_day_numbers_are_settings(
    option: Option[object], value: object, logged: datetime, expected: tuple[str, datetime]
) -> None:
    settings: Settings = DEFAULTS.with_value(option, value)
    result = run(Outcome.VISIT, logged, history(time_zone="Europe/Paris"), settings=settings)
    assert steps_of(result) == [expected]


def test_the_cut_off_is_the_reps_time_not_the_contacts() -> None:
    # 14:00 in Paris is 08:00 in Chicago; 16:00 in Tokyo is 08:00 in Paris.
    assert steps_of(run(Outcome.VISIT, paris(23, 14), rep_zone="Europe/Paris"))[0][0] == "same-day"
    assert steps_of(run(Outcome.VISIT, paris(23, 8), rep_zone="Asia/Tokyo"))[0][0] == "next-morning"
