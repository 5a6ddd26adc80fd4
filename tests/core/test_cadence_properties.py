"""Properties of the engine over zones × local times (DST gaps and folds included)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from followup_desktop.core.cadence import ContactHistory, LoggedOutcome, plan
from followup_desktop.core.calendar import BusinessHours, is_business_moment
from followup_desktop.core.model import FollowUp, FollowUpKind, FollowUpState, Outcome, Touch
from followup_desktop.core.settings import Settings

ZONES = [
    "America/New_York",
    "Europe/London",
    "Europe/Paris",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "America/St_Johns",
    "Pacific/Chatham",
    "",
]
REP_ZONES = ["Europe/Paris", "America/Los_Angeles", "Asia/Tokyo"]
# Days with DST changes somewhere in ZONES, plus ordinary ones.
ANCHORS = [
    datetime(2026, 3, 8),
    datetime(2026, 3, 29),
    datetime(2026, 4, 5),
    datetime(2026, 9, 27),
    datetime(2026, 10, 4),
    datetime(2026, 10, 25),
    datetime(2026, 11, 1),
    datetime(2026, 11, 23),
]
OUTCOMES = [
    Outcome.CONNECTED,
    Outcome.VOICEMAIL,
    Outcome.NO_ANSWER,
    Outcome.VISIT,
    Outcome.NOT_NOW,
    Outcome.EMAIL_SENT,
    Outcome.INBOUND,
]
HOURS = BusinessHours()


@st.composite
def histories(draw: st.DrawFn) -> tuple[str, str, list[tuple[Outcome, datetime, datetime | None]]]:
    contact_zone = draw(st.sampled_from(ZONES))
    rep_zone = draw(st.sampled_from(REP_ZONES))
    anchor = draw(st.sampled_from(ANCHORS))
    # Local wall-clock times around the small hours, where gaps and folds live.
    start_local = anchor + timedelta(minutes=draw(st.integers(0, 36 * 60)))
    at = start_local.replace(tzinfo=ZoneInfo(contact_zone or rep_zone)).astimezone(UTC)
    events = []
    for _ in range(draw(st.integers(1, 12))):
        outcome = draw(st.sampled_from(OUTCOMES))
        agreed = None
        if outcome is Outcome.CONNECTED and draw(st.booleans()):
            agreed = at + timedelta(minutes=draw(st.integers(30, 10 * 24 * 60)))
        events.append((outcome, at, agreed))
        at += timedelta(minutes=draw(st.integers(5, 5 * 24 * 60)))
    return contact_zone, rep_zone, events


@settings(max_examples=200, deadline=None)
@given(histories())
def test_rules_never_plan_in_the_past_outside_hours_or_twice(
    case: tuple[str, str, list[tuple[Outcome, datetime, datetime | None]]],
) -> None:
    contact_zone, rep_zone, events = case
    tz = ZoneInfo(contact_zone or rep_zone)
    touches: list[Touch] = []
    open_: dict[int, FollowUp] = {}
    next_id = 1
    last_series = 0
    for outcome, at, agreed in events:
        answering = min(
            open_.values(), key=lambda f: abs((f.due_at - at).total_seconds()), default=None
        )
        history = ContactHistory(
            1, contact_zone, touches=tuple(touches), open_follow_ups=tuple(open_.values())
        )
        result = plan(
            LoggedOutcome(outcome, at, answering, agreed), history, Settings(), at, rep_zone
        )
        for created in result.create:
            if created.agreed:
                assert created.due_at == agreed  # agreed times are never moved
                continue
            if created.kind is FollowUpKind.TASK:
                continue
            assert created.due_at >= at, "planned in the past"
            assert is_business_moment(created.due_at, tz, HOURS), (
                f"{created.step} outside business hours"
            )
            assert created.due_at.astimezone(tz).weekday() < 5
        for done in (*result.complete, *result.supersede):
            open_.pop(done, None)
        for created in result.create:
            open_[next_id] = replace(created, id=next_id, state=FollowUpState.OPEN)
            next_id += 1
        keys = [(f.step, f.due_at) for f in open_.values()]
        assert len(keys) == len(set(keys)), "the same step planned twice"
        if result.series_position is not None:
            # Within a series the step number only grows (a connection starts a new series).
            assert result.series_position.voicemail in (
                last_series + 1,
                1,
                result.series_position.total,
            )
            last_series = result.series_position.voicemail
        elif outcome in (Outcome.CONNECTED, Outcome.VISIT, Outcome.INBOUND):
            last_series = 0
        touches.append(Touch(1, outcome, at))
