"""A time given on both clocks ("Mon 18 Jan 09:08 their time (16:08 yours)") names its
year when it falls in another year than now: a check-in planned in October for January
read "Mon 18 Jan" with nothing to say which January."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from followup_desktop.core.cadence_model import Plan
from followup_desktop.core.model import FollowUp, FollowUpKind
from followup_desktop.ui.outcome_forms import describe_plan
from followup_desktop.ui.two_clocks import both_times, your_time_first

PARIS, NEW_YORK = ZoneInfo("Europe/Paris"), ZoneInfo("America/New_York")
OCTOBER = datetime(2026, 10, 19, 9, 8, tzinfo=UTC)
JANUARY = datetime(2027, 1, 18, 14, 8, tzinfo=UTC)


def test_a_time_in_another_year_names_it() -> None:
    assert both_times(JANUARY, NEW_YORK, PARIS, OCTOBER) == (
        "Mon 18 Jan 2027 09:08 their time (15:08 yours)"
    )
    assert your_time_first(JANUARY, PARIS, NEW_YORK, OCTOBER) == (
        "Mon 18 Jan 2027 15:08 your time (09:08 theirs)"
    )
    # This year's times read as before.
    assert both_times(OCTOBER, NEW_YORK, PARIS, OCTOBER) == (
        "Mon 19 Oct 05:08 their time (11:08 yours)"
    )


def test_the_plan_after_a_call_names_the_year_of_a_step_next_year() -> None:
    check_in = FollowUp(1, FollowUpKind.CALL, "check-in", JANUARY, id=1)
    (line,) = describe_plan(Plan(create=(check_in,)), PARIS, PARIS, OCTOBER)
    assert line == "Check-in call · Mon 18 Jan 2027 15:08"
