"""What goes into the follow-up rules and what comes out (``cadence.plan``), plus the
context every rule module shares. Plain data: the follow-ups service turns a ``Plan``
into rows in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from followup_desktop.core import steps
from followup_desktop.core.calendar import (
    BusinessHours,
    describe_local,
    next_business_moment,
    on_the_minute,
    zone,
)
from followup_desktop.core.model import (
    ContactStatus,
    FollowUp,
    FollowUpKind,
    Outcome,
    Style,
    Touch,
)
from followup_desktop.core.settings import Option, Settings


@dataclass(frozen=True, slots=True)
class CommitmentRequest:
    """A promise made on the touch: "proposal by tomorrow 9:00"."""

    description: str
    due_at: datetime | None = None  # None: due now, like asap
    asap: bool = False  # the customer asked for it as soon as possible


@dataclass(frozen=True, slots=True)
class LoggedOutcome:
    outcome: Outcome
    at: datetime  # when it happened (UTC)
    answering: FollowUp | None = None  # the open follow-up this touch answers
    agreed_next: datetime | None = None  # the instant the contact chose for the next call
    objective: str = ""  # what the next follow-up is for
    commitment: CommitmentRequest | None = None
    agreed_zone: str = ""  # the zone the contact chose in (empty: theirs, else the rep's)


@dataclass(frozen=True, slots=True)
class ContactHistory:
    contact_id: int
    time_zone: str = ""  # empty: the rep's zone
    status: ContactStatus = ContactStatus.ACTIVE
    touches: tuple[Touch, ...] = ()  # before this one, oldest first
    open_follow_ups: tuple[FollowUp, ...] = ()
    # Recent follow-ups in any state, newest first: where a ladder started.
    recent_follow_ups: tuple[FollowUp, ...] = ()
    style: Style = Style.TO_THE_POINT


@dataclass(frozen=True, slots=True)
class PlannedCommitment:
    description: str
    due_at: datetime
    asap: bool


@dataclass(frozen=True, slots=True)
class SeriesPosition:
    """Where a voicemail stands in its series: the call screen's "voicemail n of N"."""

    voicemail: int  # 1-based
    total: int

    @property
    def is_last(self) -> bool:
        return self.voicemail >= self.total

    def label(self) -> str:
        return f"voicemail {self.voicemail} of {self.total}"


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything one logged touch changes; stored whole or not at all.

    ``create`` holds new follow-ups (no id); their order is due time, and commitment
    tasks line up with ``commitments``. ``complete`` and ``supersede`` are ids of open
    follow-ups: a re-planned follow-up is superseded, never deleted.
    """

    create: tuple[FollowUp, ...] = ()
    complete: tuple[int, ...] = ()
    supersede: tuple[int, ...] = ()
    commitments: tuple[PlannedCommitment, ...] = ()
    warnings: tuple[str, ...] = ()
    status: ContactStatus | None = None  # the contact's new status, if it changes
    attempt: int = 0  # touches since the last connection, this one included
    series_position: SeriesPosition | None = None
    ask_serious_or_curious: bool = False

    @property
    def urgent(self) -> tuple[FollowUp, ...]:
        return tuple(f for f in self.create if steps.is_urgent(f))


@dataclass(frozen=True, slots=True)
class RuleContext:
    """One touch being planned, with the zone and hours every rule needs."""

    event: LoggedOutcome
    history: ContactHistory
    settings: Settings
    now: datetime
    rep_zone: ZoneInfo
    tz: ZoneInfo  # the contact's zone (the rep's when the contact has none)
    hours: BusinessHours
    answering: FollowUp | None = field(default=None)

    @classmethod
    def build(
        cls,
        event: LoggedOutcome,
        history: ContactHistory,
        settings: Settings,
        now: datetime,
        rep_zone: str,
    ) -> RuleContext:
        for instant in (event.at, now, event.agreed_next):
            if instant is not None and instant.utcoffset() is None:
                raise ValueError("the rules need aware instants (UTC)")
        return cls(
            event,
            history,
            settings,
            now,
            zone(rep_zone),
            zone(history.time_zone, rep_zone),
            BusinessHours.from_settings(settings),
        )

    def minutes(self, option: Option[int], low: int = 0, high: int | None = None) -> timedelta:
        value = max(self.settings.get(option), low)
        return timedelta(minutes=value if high is None else min(value, high))

    def inside_hours(self, wanted: datetime) -> datetime:
        """``wanted``, moved out of the past and into the contact's business hours."""
        return next_business_moment(max(wanted, self.now), self.tz, self.hours)

    def their_time(self, instant: datetime) -> str:
        return describe_local(instant, self.tz)

    def follow_up(
        self,
        kind: FollowUpKind,
        step: str,
        due: datetime,
        *,
        agreed: bool = False,
        objective: str = "",
    ) -> FollowUp:
        # Attempt numbers are filled in once the whole plan is known (cadence.plan).
        # An agreed time is kept as the contact chose it; the rules' own go on the minute.
        return FollowUp(
            contact_id=self.history.contact_id,
            kind=kind,
            step=step,
            due_at=due if agreed else on_the_minute(due, self.now, self.tz, self.hours),
            objective=objective or self.event.objective or steps.default_objective(step),
            agreed=agreed,
        )


ALL_CHANNELS = frozenset({FollowUpKind.CALL, FollowUpKind.EMAIL})


@dataclass(frozen=True, slots=True)
class RuleSteps:
    """What one rule decides; agreed calls and commitments are added by ``cadence.plan``."""

    created: list[FollowUp] = field(default_factory=list)
    replaces: frozenset[FollowUpKind] = ALL_CHANNELS  # open rule steps of these kinds go
    status: ContactStatus | None = None
    position: SeriesPosition | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the rules table (``core.rules.RULES``): the first row whose ``applies``
    holds for a logged touch plans it."""

    name: str
    applies: Callable[[RuleContext], bool]
    plan: Callable[[RuleContext], RuleSteps]
