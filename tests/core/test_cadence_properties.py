"""Properties of the rules over zones × local times, DST gaps and folds included: a rep
works a contact's follow-ups for a while (on time, late, early, or at random moments)
and every plan is checked, and applied, as the store would.

Whatever happens: nothing the rules create is in the past, off the whole minute, outside
the contact's business hours (the rep's own search for the right number: hers), on a
weekend, or open twice; agreed times are never moved, and only a
new agreed time or the call itself closes them; attempt numbers only grow."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from followup_desktop.core import settings as options
from followup_desktop.core import steps
from followup_desktop.core.cadence import CommitmentRequest, ContactHistory, LoggedOutcome, plan
from followup_desktop.core.calendar import BusinessHours, at_local, is_business_moment
from followup_desktop.core.model import (
    ContactStatus,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Outcome,
    Touch,
)
from followup_desktop.core.settings import Settings
from tests.core.zone_moments import REP_ZONES, ZONES, transitions, wall_clock_moments

HOURS = BusinessHours()
CONNECTIONS = {Outcome.CONNECTED, Outcome.VISIT, Outcome.INBOUND, Outcome.REPLIED}
ATTEMPTS = {Outcome.NO_ANSWER, Outcome.VOICEMAIL, Outcome.EMAIL_SENT, Outcome.NOT_NOW}
# Misses weigh more: they drive the ladder and the series, the rules with the most steps.
OUTCOMES = [
    *[Outcome.NO_ANSWER] * 3,
    *[Outcome.VOICEMAIL] * 4,
    Outcome.CONNECTED,
    Outcome.CONNECTED,
    Outcome.VISIT,
    Outcome.INBOUND,
    Outcome.REPLIED,
    Outcome.NOT_NOW,
    Outcome.EMAIL_SENT,
    Outcome.WRONG_NUMBER,
    Outcome.NOTE,
]


@dataclass
class Step:
    outcome: Outcome
    when: str  # "due": when the follow-up is due; "random": anywhere after the last touch
    delay_min: int
    late_log_min: int  # how long after it happened the rep logs it
    seconds: int  # a clock's seconds on the touch and on the log (14:32:17)
    # The time the contact picks: a DST gap or fold minute if still ahead, else a local
    # time some days on (either may be in the past: the rules must keep it anyway).
    agreed_fixed: datetime | None
    agreed_days: int | None
    agreed_wall: time
    promise_in_min: int | None  # None: no promise; negative: already due
    asap: bool
    curious: bool

    def agreed(self, at: datetime, tz: ZoneInfo) -> datetime | None:
        if self.agreed_fixed is not None and self.agreed_fixed > at:
            return self.agreed_fixed
        if self.agreed_days is None:
            return None
        return at_local(
            at.astimezone(tz).date() + timedelta(days=self.agreed_days), self.agreed_wall, tz
        )

    def commitment(self, now: datetime) -> CommitmentRequest | None:
        if self.promise_in_min is None:
            return None
        if self.asap:
            return CommitmentRequest("proposal", None, True)
        return CommitmentRequest("proposal", now + timedelta(minutes=self.promise_in_min))


@dataclass
class Case:
    contact_zone: str
    rep_zone: str
    start: datetime
    steps: list[Step] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    contact_zone = draw(st.sampled_from([*ZONES, ""]))
    rep_zone = draw(st.sampled_from(REP_ZONES))
    tz = ZoneInfo(contact_zone or rep_zone)
    wall = draw(wall_clock_moments(contact_zone or rep_zone))
    start = at_local(wall.date(), wall.time(), tz)
    changes = transitions(contact_zone or rep_zone)
    chosen = Settings()
    if draw(st.booleans()):
        chosen = chosen.with_value(options.VOICEMAIL_STEPS, draw(st.integers(1, 9)))
        chosen = chosen.with_value(options.VOICEMAIL_EMAIL_STEPS, draw(st.integers(0, 3)))
    case = Case(contact_zone, rep_zone, start, settings=chosen)
    for _ in range(draw(st.integers(1, 14))):
        outcome = draw(st.sampled_from(OUTCOMES))
        picks = outcome is not Outcome.NOTE and draw(st.integers(0, 3)) == 0
        fixed = None
        if picks and changes and draw(st.booleans()):
            moment = draw(st.sampled_from(changes)) + timedelta(minutes=draw(st.integers(-90, 90)))
            fixed = at_local(moment.date(), moment.time(), tz)
        minute = draw(st.integers(0, 24 * 60 - 1))
        promises = draw(st.integers(0, 5)) == 0
        case.steps.append(
            Step(
                outcome,
                draw(st.sampled_from(["due", "due", "random"])),
                draw(st.integers(0, 4 * 24 * 60)),
                draw(st.sampled_from([0, 0, 0, 5, 180, 3 * 24 * 60])),
                draw(st.integers(0, 59)),
                fixed,
                draw(st.integers(0, 10)) if picks else None,
                time(minute // 60, minute % 60),
                draw(st.integers(-600, 20000)) if promises else None,
                draw(st.booleans()),
                draw(st.sampled_from([False] * 24 + [True])),
            )
        )
    return case


@settings(max_examples=200, deadline=None)
@given(cases())
def test_the_rules_hold_over_zones_and_dst(case: Case) -> None:
    tz = ZoneInfo(case.contact_zone or case.rep_zone)
    touches: list[Touch] = []
    open_: dict[int, FollowUp] = {}
    recent: list[FollowUp] = []
    status = ContactStatus.ACTIVE
    next_id = 1
    at = case.start
    attempt = 0
    last_position = 0
    for step in case.steps:
        calls_and_emails = [f for f in open_.values() if f.kind is not FollowUpKind.TASK]
        answering = None
        if step.when == "due" and calls_and_emails:
            answering = min(calls_and_emails, key=lambda f: f.due_at)
            at = max(at, answering.due_at) + timedelta(
                minutes=step.delay_min % 20, seconds=step.seconds
            )
        else:
            at += timedelta(minutes=step.delay_min, seconds=step.seconds)
            if calls_and_emails:
                answering = min(
                    calls_and_emails, key=lambda f: abs((f.due_at - at).total_seconds())
                )
        now = at + timedelta(minutes=step.late_log_min, seconds=step.seconds)
        if step.curious and status is ContactStatus.ACTIVE:
            status = ContactStatus.CURIOUS  # the rep answered the serious-or-curious question
        history = ContactHistory(
            1,
            case.contact_zone,
            status,
            tuple(touches),
            tuple(open_.values()),
            tuple(reversed(recent)),
        )
        agreed = step.agreed(at, tz)
        commitment = step.commitment(now)
        event = LoggedOutcome(step.outcome, at, answering, agreed, "objective", commitment)
        result = plan(event, history, case.settings, now, case.rep_zone)

        # Closing only touches open follow-ups, each once; agreed calls close only when
        # answered or re-agreed.
        assert set(result.complete) <= set(open_) and set(result.supersede) <= set(open_)
        assert not set(result.complete) & set(result.supersede)
        for closed in result.supersede:
            if open_[closed].agreed:
                assert agreed is not None, "an agreed call was dropped"
        for closed in result.complete:
            if open_[closed].agreed:
                assert answering is not None and answering.id == closed

        for created in result.create:
            assert created.id is None and created.state is FollowUpState.OPEN
            if created.agreed:
                assert created.due_at == agreed, "an agreed time was moved"
                continue
            if created.step == steps.FIND_NUMBER:
                # The rep's own work after a wrong number: in her hours, never twice.
                assert step.outcome is Outcome.WRONG_NUMBER
                assert not any(steps.is_number_search(f) for f in open_.values())
                mine = ZoneInfo(case.rep_zone)
                assert created.due_at > now and created.due_at.second == 0
                assert is_business_moment(created.due_at, mine, HOURS), "found after her hours"
                continue
            if created.kind is FollowUpKind.TASK:
                assert commitment is not None
                assert created.due_at in (commitment.due_at, now)
                continue
            assert created.due_at >= now, f"{created.step} planned in the past"
            assert created.due_at.second == created.due_at.microsecond == 0, "not on the minute"
            assert is_business_moment(created.due_at, tz, HOURS), f"{created.step} after hours"
            assert created.due_at.astimezone(tz).weekday() < 5, f"{created.step} on a weekend"
        assert sum(f.agreed for f in result.create) == (agreed is not None)

        # Attempt numbers only grow.
        if step.outcome in CONNECTIONS:
            attempt = 0
        elif step.outcome in ATTEMPTS:
            attempt += 1
        assert result.attempt == attempt
        numbers = [f.attempt for f in result.create if f.kind is not FollowUpKind.TASK]
        assert numbers == sorted(numbers) and all(n > attempt for n in numbers)
        assert len(set(numbers)) == len(numbers)
        if step.outcome in CONNECTIONS:
            last_position = 0
        if result.series_position is not None:
            position = result.series_position
            assert position.voicemail > last_position or position.is_last
            last_position = position.voicemail

        # Apply the plan as the store does, then check nothing is open twice.
        for closed in (*result.complete, *result.supersede):
            del open_[closed]
        for created in result.create:
            stored = replace(created, id=next_id)
            open_[next_id] = stored
            recent.append(stored)
            next_id += 1
        status = result.status or status
        rule_steps = [f for f in open_.values() if f.kind is not FollowUpKind.TASK]
        keys = [(f.step, f.due_at) for f in rule_steps]
        assert len(keys) == len(set(keys)), "the same step open twice"
        assert sum(f.kind is FollowUpKind.CALL for f in rule_steps) <= 1, "two calls planned"
        assert sum(f.kind is FollowUpKind.EMAIL for f in rule_steps) <= 1, "two e-mails planned"
        touches.append(Touch(1, step.outcome, at))
    assert at.tzinfo is not None and at.astimezone(UTC) == at
