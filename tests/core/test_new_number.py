"""A wrong number put right (core.new_number): what saving a new number finishes and plans."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from followup_desktop.core import settings as options
from followup_desktop.core import steps
from followup_desktop.core.model import ContactStatus, FollowUpKind, Outcome, Phone
from followup_desktop.core.new_number import new_first, new_numbers, number_found
from tests.core.engine_kit import DEFAULTS, PARIS, chicago, follow_up, history, paris, touch

SEARCH = follow_up(steps.FIND_NUMBER, chicago(24, 2, 30), 5, kind=FollowUpKind.TASK)
RIGHT = Phone("+13125550199")
TRIED = (touch(Outcome.NO_ANSWER, chicago(20, 10)), touch(Outcome.WRONG_NUMBER, chicago(23, 10)))


def test_only_a_number_the_contact_did_not_have_counts() -> None:
    wrong, right = Phone("+13125550142"), Phone("+13125550199")
    assert new_numbers([wrong], [wrong, right]) == (right,)
    assert new_numbers([wrong], [right]) == (right,)
    assert new_numbers([wrong, right], [right]) == ()  # only the wrong one taken out
    assert new_numbers([wrong], [Phone("+13125550142", "work")]) == ()  # a label changed


def test_the_numbers_added_come_first_and_the_one_rung_last() -> None:
    wrong, mobile, right = Phone("+13125550142"), Phone("+13125550177"), RIGHT
    assert new_first([wrong, mobile], [wrong, mobile, right]) == (right, mobile, wrong)
    assert new_first([wrong, mobile], [right, mobile]) == (right, mobile)  # typed over it
    assert new_first([mobile, wrong], [wrong, right]) == (right, wrong)  # the other removed
    # Nothing added: the numbers stay as she put them.
    assert new_first([wrong, mobile], [mobile, wrong]) == (mobile, wrong)


def test_a_new_number_finishes_the_search_and_plans_the_next_call_in_their_hours() -> None:
    # Saved Tuesday 24 November 07:12 in Chicago: before their day opens.
    found = number_found(
        history(*TRIED, open_=(SEARCH,)), (RIGHT,), DEFAULTS, chicago(24, 7, 12), PARIS
    )
    assert found is not None and found.done == (5,)
    call = found.call
    assert call is not None
    assert (call.kind, call.step, call.due_at) == (
        FollowUpKind.CALL,
        steps.NEW_NUMBER,
        chicago(24, 9),
    )
    assert call.attempt == 2  # the no-answer was the first attempt; wrong numbers are none
    assert steps.describe(call.step, call.objective) == "Call on the new number"
    assert found.history == (
        "New number saved: +1 312-555-0199. Call planned for Tue 24 Nov 09:00 their time."
    )


def test_saved_during_their_day_it_is_due_the_next_whole_minute() -> None:
    saved = chicago(24, 9, 4).replace(second=31)  # 16:04 in Paris: time for a call on both
    found = number_found(history(open_=(SEARCH,)), (RIGHT,), DEFAULTS, saved, PARIS)
    assert found is not None and found.call is not None
    assert found.call.due_at == chicago(24, 9, 5)


@pytest.mark.parametrize(
    ("saved", "rep_zone"),
    [
        (chicago(24, 16, 50), "America/Chicago"),  # too close to their closing
        (chicago(24, 10, 50), PARIS),  # 17:50 hers: past her last call start
    ],
)
def test_saved_too_late_in_the_day_it_is_due_their_next_business_morning(
    saved: datetime, rep_zone: str
) -> None:
    """Before: due the next minute, 16:51 at the very end of their day (or 17:51 hers)."""
    found = number_found(history(open_=(SEARCH,)), (RIGHT,), DEFAULTS, saved, rep_zone)
    assert found is not None and found.call is not None
    assert found.call.due_at == chicago(25, 9, 30)
    assert found.history.endswith("Call planned for Wed 25 Nov 09:30 their time.")


def test_a_call_already_planned_rings_the_new_number_instead() -> None:
    agreed = follow_up(steps.AGREED, chicago(26, 15), 6, agreed=True)
    found = number_found(
        history(open_=(SEARCH, agreed)), (RIGHT,), DEFAULTS, chicago(24, 10), PARIS
    )
    assert found is not None and found.done == (5,) and found.call is None
    assert found.history.endswith("The call planned for Thu 26 Nov 15:00 rings it.")


def test_a_call_whose_time_passed_is_replaced_by_the_call_on_the_new_number() -> None:
    # The agreed call the wrong number answered, Monday 10:00, still open on Tuesday.
    agreed = follow_up(steps.AGREED, chicago(23, 10), 6, agreed=True)
    found = number_found(
        history(open_=(SEARCH, agreed)), (RIGHT,), DEFAULTS, chicago(24, 9, 20), PARIS
    )
    assert found is not None and found.call is not None
    assert found.call.due_at == chicago(24, 9, 20)
    assert found.superseded == (6,)
    assert found.history.endswith("Call planned for Tue 24 Nov 09:20 their time.")


@pytest.mark.parametrize("status", [ContactStatus.WON, ContactStatus.LOST, ContactStatus.CURIOUS])
def test_contacts_the_rules_do_not_call_get_the_number_and_no_call(status: ContactStatus) -> None:
    past = history(open_=(SEARCH,), status=status)
    found = number_found(past, (RIGHT,), DEFAULTS, chicago(24, 10), PARIS)
    assert found is not None and found.call is None
    assert found.history == "New number saved: +1 312-555-0199."


def test_nothing_to_finish_without_a_search_or_a_new_number() -> None:
    assert number_found(history(), (RIGHT,), DEFAULTS, chicago(24, 10), PARIS) is None
    assert number_found(history(open_=(SEARCH,)), (), DEFAULTS, chicago(24, 10), PARIS) is None


def test_the_call_waits_until_the_rep_is_back() -> None:
    away = DEFAULTS.with_value(options.AWAY_FROM, "2026-11-24").with_value(
        options.AWAY_TO, "2026-11-25"
    )
    # Saved Tuesday 09:00 in Chicago, 16:00 in Paris: time for a call on both clocks.
    found = number_found(history(open_=(SEARCH,)), (RIGHT,), away, chicago(24, 9), PARIS)
    assert found is not None and found.call is not None
    # Back on Thursday in Paris (Wednesday 17:00 in Chicago): their Thursday, same time.
    assert found.call.due_at == chicago(26, 9)
    assert found.call.due_at > datetime(2026, 11, 25, 23, 0, tzinfo=UTC)


def test_saved_before_the_reps_day_starts_it_is_due_when_she_opens_if_they_are_still_open() -> None:
    """Saved Tuesday 08:00 in Chicago, 15:00 in Paris: her 09:00 (their 16:00) suits both.
    Before: their next morning, Wednesday 09:30 in Paris, 02:30 on her clock."""
    found = number_found(
        history(open_=(SEARCH,), time_zone=PARIS),
        (RIGHT,),
        DEFAULTS,
        chicago(24, 8),
        "America/Chicago",
    )
    assert found is not None and found.call is not None
    assert found.call.due_at == chicago(24, 9) == paris(24, 16)
    assert found.history.endswith("Call planned for Tue 24 Nov 16:00 their time.")


@pytest.mark.parametrize(
    ("saved", "due"),
    [
        # Between the US change (8 March) and Europe's (29 March) Denver is 7 hours
        # behind Paris, not 8: her 09:00 is their 16:00, time for a call on both clocks.
        (
            datetime(2026, 3, 10, 14, 0, tzinfo=UTC),  # Tue 08:00 Denver, 15:00 Paris
            datetime(2026, 3, 10, 15, 0, tzinfo=UTC),  # Tue 09:00 Denver, 16:00 Paris
        ),
        # Once Europe changes too her 09:00 is their 17:00, closing: their next morning.
        (
            datetime(2026, 3, 31, 13, 0, tzinfo=UTC),  # Tue 07:00 Denver, 15:00 Paris
            datetime(2026, 4, 1, 7, 30, tzinfo=UTC),  # Wed 09:30 Paris
        ),
    ],
)
def test_the_reps_opening_is_read_on_both_clocks_of_that_week(
    saved: datetime, due: datetime
) -> None:
    found = number_found(
        history(open_=(SEARCH,), time_zone=PARIS), (RIGHT,), DEFAULTS, saved, "America/Denver"
    )
    assert found is not None and found.call is not None
    assert found.call.due_at == due
