"""The day's calls as a queue on a real store: the ladder's retry after a missed agreed
call is made when it comes up, not passed over for the miss it follows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.core import steps
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Outcome
from followup_desktop.services.session import Services

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 20, 9, 0, tzinfo=UTC))


def test_start_calls_makes_the_retry_a_quarter_of_an_hour_after_a_missed_agreed_call(
    services: Services, clock: FixedClock
) -> None:
    ana = services.contacts.add(Contact(name="Ana Example", time_zone="Europe/Paris"))
    agreed = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
    services.followups.log(ana, Outcome.CONNECTED, agreed_next=agreed)
    clock.set(agreed)
    services.followups.log(ana, Outcome.NO_ANSWER)  # the agreed call missed
    clock.set(agreed + timedelta(minutes=15))  # Today › Start calls, at the retry's time
    call = services.queue.start().take()
    assert call is not None and call.follow_up.step == steps.RETRY
    assert services.queue.turn(call).passed_over is None  # made, not "touched 15 min ago"


def test_a_call_moved_to_another_day_while_the_queue_runs_is_not_made_today(
    services: Services, clock: FixedClock
) -> None:
    """Started at 09:00 with Ben's call-again at 11:00 on the list; Ben writes "call me
    on Wednesday" and the rep moves it in Today. When his turn comes, it is passed over
    with the day it was moved to, not opened today."""
    ben = services.contacts.add(Contact(name="Ben Example", time_zone="Europe/Paris"))
    services.followups.log(ben, Outcome.NO_ANSWER, datetime(2026, 11, 20, 11, 0, tzinfo=PARIS))
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=PARIS))  # Monday
    queue = services.queue.start()
    call = queue.take()
    assert call is not None and call.name == "Ben Example"
    assert call.follow_up.id is not None
    services.followups.move(call.follow_up.id, datetime(2026, 11, 25, 10, 0, tzinfo=PARIS))
    assert services.queue.turn(call).passed_over == "moved to Wed 25 Nov 10:00"
