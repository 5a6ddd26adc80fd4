"""The queue's order and its pass-over rules, as a table; the line it shows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from followup_desktop.core import steps
from followup_desktop.core.calendar import BusinessHours
from followup_desktop.core.call_queue import CallQueue, QueuedCall, in_queue_order, why_passed_over
from followup_desktop.core.model import FollowUp, FollowUpKind, FollowUpState
from followup_desktop.core.settings import Settings

# Monday 23 November 2026, 16:00 UTC: 11:00 in New York, 17:00 for the rep in Paris.
NOW = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)
HOURS = BusinessHours.from_settings(Settings())
REP = "Europe/Paris"


def _call(
    due: datetime,
    agreed: bool = False,
    zone: str = "America/New_York",
    last_touch: datetime | None = None,
    state: FollowUpState = FollowUpState.OPEN,
    number: int = 1,
    step: str = steps.CALL_AGAIN,
) -> QueuedCall:
    step = steps.AGREED if agreed else step
    follow_up = FollowUp(
        number, FollowUpKind.CALL, step, due, agreed=agreed, state=state, id=number
    )
    return QueuedCall(follow_up, f"Contact {number}", zone, last_touch)


@pytest.mark.parametrize(
    ("call", "why"),
    [
        (_call(NOW - timedelta(hours=2)), None),
        (_call(NOW + timedelta(hours=3)), None),  # the rest of the day is fair game
        (_call(NOW, last_touch=NOW - timedelta(minutes=59)), "touched 59 min ago"),
        (_call(NOW, last_touch=NOW - timedelta(seconds=20)), "touched 1 min ago"),
        (_call(NOW, last_touch=NOW - timedelta(minutes=61)), None),
        # The ladder's retry, due minutes after the missed call that is the last touch.
        (_call(NOW, last_touch=NOW - timedelta(minutes=15), step=steps.RETRY), None),
        (_call(NOW, zone="Asia/Tokyo"), "outside their hours (01:00 their time)"),
        (_call(NOW, zone=""), "outside their hours (17:00 their time)"),  # the rep's zone
        (_call(NOW - timedelta(minutes=30), agreed=True), None),
        (_call(NOW + timedelta(minutes=5), agreed=True), None),
        (
            _call(NOW + timedelta(minutes=6), agreed=True),
            "agreed for 11:06 their time, later today",
        ),
        (
            _call(NOW - timedelta(days=3), agreed=True),
            "agreed for Fri 20 Nov 11:00 their time",
        ),
        (
            _call(NOW + timedelta(days=1), agreed=True),
            "agreed for Tue 24 Nov 11:00 their time",
        ),
        (_call(NOW, state=FollowUpState.DONE), "already done"),
    ],
)
def test_who_is_passed_over_now_and_why(call: QueuedCall, why: str | None) -> None:
    assert why_passed_over(call, NOW, REP, HOURS) == why


def test_an_agreed_call_outside_their_hours_is_still_kept_when_they_agreed_to_it() -> None:
    # They said 18:00: their business hours do not overrule what they agreed.
    evening = NOW.replace(hour=23)  # 18:00 in New York
    assert why_passed_over(_call(evening, agreed=True), evening, REP, HOURS) is None


def test_overdue_agreed_calls_come_first_then_agreed_then_the_rest() -> None:
    rest_early = _call(NOW - timedelta(hours=5), number=1)
    agreed_later = _call(NOW + timedelta(hours=1), agreed=True, number=2)
    agreed_overdue = _call(NOW - timedelta(hours=1), agreed=True, number=3)
    rest_late = _call(NOW + timedelta(hours=2), number=4)
    ordered = in_queue_order([rest_late, agreed_later, rest_early, agreed_overdue], NOW)
    assert [c.follow_up.id for c in ordered] == [3, 2, 1, 4]


def test_the_line_counts_the_call_on_screen_the_minutes_and_the_talks() -> None:
    queue = CallQueue([_call(NOW, number=n) for n in range(1, 4)], NOW)
    assert queue.take() is not None
    queue.stored(connected=True)
    assert queue.take() is not None
    queue.pass_over("skipped, busy")
    assert queue.take() is not None
    assert queue.line(NOW + timedelta(minutes=41, seconds=50)) == "3 of 3 · 41 min · 1 connected"
    queue.stored(connected=False)
    assert queue.take() is None and queue.finished
    assert queue.summary() == "2 called, 1 connected, 1 passed over of 3."
