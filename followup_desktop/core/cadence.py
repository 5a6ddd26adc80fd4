"""What the rep does next: an outcome, the contact's history, the settings and "now" in;
a plan out. Pure: no clock, no database; the follow-ups service stores the plan.

The rules (PRODUCT.md practices 1–15, every number a setting):
- Connected with a time the contact chose → an *agreed* call at exactly that time, even
  outside business hours. It is never moved; calling it on another day gives a warning.
- No answer at an agreed call → retry 15 minutes later; a second miss → a nudge e-mail
  90 minutes later (60–120) and a call-back the next business day at the agreed local
  time. Any connection ends the ladder.
- Voicemails walk the voicemail series (``voicemail_series``); the last one parks the
  contact with a check-in 90 days later. Any connection resets it.
- A visit or inbound enquiry before 15:00 (rep's time) → a follow-up that afternoon;
  later → the next business morning.
- A promise → a commitment and a task at the promised time ("as soon as possible": now,
  urgent).
- Everything the rules create (not agreed times) is inside the contact's business hours
  and never in the past.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from followup_desktop.core import settings as options
from followup_desktop.core import voicemail_series as series
from followup_desktop.core.calendar import (
    BusinessHours,
    at_local,
    local,
    next_business_moment,
    parse_time,
    same_time_business_days_later,
    zone,
)
from followup_desktop.core.model import (
    ContactStatus,
    FollowUp,
    FollowUpKind,
    Outcome,
    Touch,
)
from followup_desktop.core.settings import Settings

AGREED = "agreed-call"
RETRY = "retry-1"
NUDGE = "nudge"
CALL_BACK = "call-back"
SAME_DAY = "same-day"
NEXT_MORNING = "next-morning"
NOT_NOW = "not-now"
CALL_AGAIN = "call-again"
CHECK_IN = "check-in"
VALUE_TOUCH = "value-touch"
COMMITMENT = "commitment"
COMMITMENT_ASAP = "commitment-asap"

# Outcomes that mean the rep reached the person: they end ladders and series.
CONNECTIONS = frozenset({Outcome.CONNECTED, Outcome.VISIT, Outcome.INBOUND, Outcome.REPLIED})
# Touches that count as an attempt to reach someone.
ATTEMPTS = frozenset({Outcome.NO_ANSWER, Outcome.VOICEMAIL, Outcome.EMAIL_SENT, Outcome.NOT_NOW})
MORNING_MARGIN = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class CommitmentRequest:
    description: str
    due_at: datetime | None = None
    asap: bool = False


@dataclass(frozen=True, slots=True)
class LoggedOutcome:
    outcome: Outcome
    at: datetime
    answering: FollowUp | None = None
    agreed_next: datetime | None = None
    objective: str = ""
    commitment: CommitmentRequest | None = None


@dataclass(frozen=True, slots=True)
class ContactHistory:
    contact_id: int
    time_zone: str = ""
    status: ContactStatus = ContactStatus.ACTIVE
    touches: tuple[Touch, ...] = ()  # before this one, oldest first
    open_follow_ups: tuple[FollowUp, ...] = ()
    # Recent follow-ups in any state, newest first: where a ladder started.
    recent_follow_ups: tuple[FollowUp, ...] = ()


@dataclass(frozen=True, slots=True)
class PlannedCommitment:
    description: str
    due_at: datetime
    asap: bool


@dataclass(frozen=True, slots=True)
class Plan:
    create: tuple[FollowUp, ...] = ()
    complete: tuple[int, ...] = ()
    supersede: tuple[int, ...] = ()
    commitments: tuple[PlannedCommitment, ...] = ()
    warnings: tuple[str, ...] = ()
    status: ContactStatus | None = None
    attempt: int = 0
    series_position: series.SeriesPosition | None = None
    ask_serious_or_curious: bool = False


def attempts_since_connection(touches: tuple[Touch, ...]) -> int:
    count = 0
    for touch in reversed(touches):
        if touch.outcome in CONNECTIONS:
            break
        if touch.outcome in ATTEMPTS:
            count += 1
    return count


def voicemails_in_a_row(touches: tuple[Touch, ...]) -> int:
    """Voicemails since the last connection (other attempts do not break a series)."""
    count = 0
    for touch in reversed(touches):
        if touch.outcome in CONNECTIONS:
            break
        if touch.outcome is Outcome.VOICEMAIL:
            count += 1
    return count


@dataclass
class _Planner:
    event: LoggedOutcome
    history: ContactHistory
    settings: Settings
    now: datetime
    rep_zone: str
    hours: BusinessHours = field(init=False)
    tz: ZoneInfo = field(init=False)
    created: list[FollowUp] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.hours = BusinessHours.from_settings(self.settings)
        self.tz = zone(self.history.time_zone, self.rep_zone)

    # Helpers ------------------------------------------------------------------------------
    def inside_hours(self, wanted: datetime) -> datetime:
        """``wanted``, moved into business hours and out of the past."""
        return next_business_moment(max(wanted, self.now), self.tz, self.hours)

    def add(
        self,
        kind: FollowUpKind,
        step: str,
        due: datetime,
        *,
        agreed: bool = False,
        objective: str = "",
        attempt: int = 0,
    ) -> None:
        self.created.append(
            FollowUp(
                contact_id=self.history.contact_id,
                kind=kind,
                step=step,
                due_at=due,
                objective=objective or self.event.objective or _default_objective(step),
                agreed=agreed,
                attempt=attempt,
            )
        )

    def answering_step(self) -> str:
        return self.event.answering.step if self.event.answering else ""

    def agreed_anchor(self) -> datetime:
        """The agreed time a ladder started from (for "same local time next day")."""
        answering = self.event.answering
        return answering.due_at if answering is not None else self.event.at

    # Rules ----------------------------------------------------------------------------------
    def agreed_call(self) -> None:
        agreed = self.event.agreed_next
        if agreed is None:
            return
        if agreed < self.now:
            self.warnings.append("The agreed time is in the past; check the date.")
        self.add(FollowUpKind.CALL, AGREED, agreed, agreed=True)

    def check_agreed_day(self) -> None:
        answering = self.event.answering
        if answering is None or not answering.agreed:
            return
        agreed_day = local(answering.due_at, self.tz).date()
        today = local(self.event.at, self.tz).date()
        if agreed_day != today:
            when = local(answering.due_at, self.tz).strftime("%a %d %b %H:%M")
            self.warnings.append(
                f"This call was agreed for {when} their time; today is another day."
            )

    def missed_call(self, attempt: int) -> None:
        step = self.answering_step()
        at = self.event.at
        if step in (AGREED, CALL_BACK):
            retry = at + timedelta(minutes=self.settings.get(options.RETRY_AFTER_MISS_MIN))
            self.add(FollowUpKind.CALL, RETRY, self.inside_hours(retry), attempt=attempt + 1)
        elif step == RETRY:
            minutes = min(max(self.settings.get(options.NUDGE_AFTER_SECOND_MISS_MIN), 60), 120)
            self.add(
                FollowUpKind.EMAIL,
                NUDGE,
                self.inside_hours(at + timedelta(minutes=minutes)),
                attempt=attempt + 1,
            )
            anchor = self._ladder_anchor()
            call_back = same_time_business_days_later(anchor, 1, self.tz, self.hours)
            while call_back <= at:
                call_back = same_time_business_days_later(call_back, 1, self.tz, self.hours)
            self.add(
                FollowUpKind.CALL, CALL_BACK, self.inside_hours(call_back), attempt=attempt + 2
            )
        else:
            nxt = same_time_business_days_later(at, 1, self.tz, self.hours)
            self.add(FollowUpKind.CALL, CALL_AGAIN, self.inside_hours(nxt), attempt=attempt + 1)

    def _ladder_anchor(self) -> datetime:
        """The agreed time a retry belongs to: the newest agreed call or call-back."""
        for follow_up in (*self.history.open_follow_ups, *self.history.recent_follow_ups):
            if follow_up.step in (AGREED, CALL_BACK):
                return follow_up.due_at
        return self.event.at - timedelta(minutes=self.settings.get(options.RETRY_AFTER_MISS_MIN))

    def voicemail(self, attempt: int) -> series.SeriesPosition:
        total = max(1, self.settings.get(options.VOICEMAIL_STEPS))
        emails = self.settings.get(options.VOICEMAIL_EMAIL_STEPS)
        number = min(voicemails_in_a_row(self.history.touches) + 1, total)
        position = series.SeriesPosition(number, total)
        if position.is_last:
            days = self.settings.get(options.PARKED_CHECK_IN_DAYS)
            self.add(
                FollowUpKind.CALL, CHECK_IN, self.inside_hours(self.event.at + timedelta(days=days))
            )
            return position
        email = series.email_after(number, total, emails)
        if email is not None:
            when = same_time_business_days_later(self.event.at, 1, self.tz, self.hours)
            self.add(
                FollowUpKind.EMAIL,
                series.email_step_name(email),
                self.inside_hours(when),
                attempt=attempt + 1,
            )
        wait = series.wait_after(number)
        nxt = same_time_business_days_later(self.event.at, wait, self.tz, self.hours)
        self.add(
            FollowUpKind.CALL,
            series.step_name(number + 1),
            self.inside_hours(nxt),
            attempt=attempt + 2 if email else attempt + 1,
        )
        return position

    def same_day(self) -> None:
        rep_tz = zone(self.rep_zone)
        at_rep = local(self.event.at, rep_tz)
        cutoff = parse_time(self.settings.get(options.SAME_DAY_CUTOFF))
        if at_rep.time() < cutoff:
            afternoon = at_local(
                at_rep.date(), parse_time(self.settings.get(options.SAME_DAY_AT)), rep_tz
            )
            wanted = max(afternoon, self.event.at + timedelta(hours=1))
            self.add(FollowUpKind.CALL, SAME_DAY, self.inside_hours(wanted))
            return
        tomorrow = local(self.event.at, self.tz).date() + timedelta(days=1)
        morning = at_local(tomorrow, self.hours.start, self.tz) + MORNING_MARGIN
        self.add(FollowUpKind.CALL, NEXT_MORNING, self.inside_hours(morning))

    def commitment(self) -> PlannedCommitment | None:
        request = self.event.commitment
        if request is None:
            return None
        due = self.now if request.asap or request.due_at is None else request.due_at
        step = COMMITMENT_ASAP if request.asap else COMMITMENT
        self.add(FollowUpKind.TASK, step, due, objective=request.description)
        return PlannedCommitment(request.description, due, request.asap)

    def nurture(self) -> None:
        days = self.settings.get(options.NURTURE_EVERY_DAYS)
        self.add(
            FollowUpKind.EMAIL, VALUE_TOUCH, self.inside_hours(self.event.at + timedelta(days=days))
        )


def _default_objective(step: str) -> str:
    if step == AGREED:
        return "the call they agreed to"
    if step == RETRY:
        return "retry: they missed the agreed call"
    if step == NUDGE:
        return "friendly nudge: find another time this week"
    if step == CALL_BACK:
        return "call back at the agreed time of day"
    if step in (SAME_DAY, NEXT_MORNING):
        return "follow up while it is fresh"
    if step.startswith("voicemail-"):
        return f"voicemail series, step {step.removeprefix('voicemail-')}"
    if step.startswith("series-email-"):
        return "voicemail series e-mail: offer a few times that suit them"
    if step == CHECK_IN:
        return "long-term check-in"
    if step == VALUE_TOUCH:
        return "send something of value"
    return "follow up"


def plan(
    event: LoggedOutcome, history: ContactHistory, settings: Settings, now: datetime, rep_zone: str
) -> Plan:
    """The follow-ups an outcome leads to (see the module docstring for the rules)."""
    planner = _Planner(event, history, settings, now, rep_zone)
    outcome = event.outcome
    open_steps = [f for f in history.open_follow_ups if f.id is not None]
    answering_id = event.answering.id if event.answering is not None else None
    complete: list[int] = (
        [answering_id] if answering_id is not None and outcome is not Outcome.NOTE else []
    )
    supersede: list[int] = []
    status: ContactStatus | None = None
    position: series.SeriesPosition | None = None
    attempt = attempts_since_connection(history.touches)

    def replace_open_calls_and_emails() -> None:
        # The new plan replaces the old one; promises (tasks) stay until delivered.
        supersede.extend(
            f.id
            for f in open_steps
            if f.kind is not FollowUpKind.TASK and f.id not in complete and f.id is not None
        )

    if outcome in CONNECTIONS:
        planner.check_agreed_day()
        replace_open_calls_and_emails()
        planner.agreed_call()
        if outcome in (Outcome.VISIT, Outcome.INBOUND) and event.agreed_next is None:
            planner.same_day()
        if outcome is Outcome.CONNECTED and event.agreed_next is None:
            planner.warnings.append("No next step agreed: ask when to call back, and log it.")
        if history.status is ContactStatus.PARKED:
            status = ContactStatus.ACTIVE
        attempt = 0
    elif (
        outcome in (Outcome.NO_ANSWER, Outcome.VOICEMAIL)
        and history.status is ContactStatus.CURIOUS
    ):
        attempt += 1
        replace_open_calls_and_emails()
        planner.nurture()
    elif outcome is Outcome.NO_ANSWER:
        attempt += 1
        planner.check_agreed_day()
        replace_open_calls_and_emails()
        planner.missed_call(attempt)
    elif outcome is Outcome.VOICEMAIL:
        attempt += 1
        replace_open_calls_and_emails()
        position = planner.voicemail(attempt)
        if position.is_last:
            status = ContactStatus.PARKED
    elif outcome is Outcome.NOT_NOW:
        attempt += 1
        replace_open_calls_and_emails()
        planner.agreed_call()
        if event.agreed_next is None:
            later = same_time_business_days_later(event.at, 1, planner.tz, planner.hours)
            planner.add(
                FollowUpKind.CALL, NOT_NOW, planner.inside_hours(later), attempt=attempt + 1
            )
    elif outcome is Outcome.WRONG_NUMBER:
        supersede.extend(
            f.id
            for f in open_steps
            if f.kind is FollowUpKind.CALL and f.id not in complete and f.id is not None
        )
        planner.warnings.append("Wrong number: correct the phone number before the next call.")
    elif outcome is Outcome.EMAIL_SENT:
        attempt += 1
    commitment = planner.commitment()
    if (
        event.agreed_next is not None
        and outcome not in CONNECTIONS
        and outcome is not Outcome.NOT_NOW
    ):
        planner.agreed_call()
    threshold = settings.get(options.SERIOUS_OR_CURIOUS_AFTER)
    ask = (
        outcome not in CONNECTIONS
        and attempt >= threshold > 0
        and history.status not in (ContactStatus.SERIOUS, ContactStatus.CURIOUS)
    )
    return Plan(
        create=tuple(planner.created),
        complete=tuple(complete),
        supersede=tuple(dict.fromkeys(supersede)),
        commitments=(commitment,) if commitment else (),
        warnings=tuple(planner.warnings),
        status=status,
        attempt=attempt,
        series_position=position,
        ask_serious_or_curious=ask,
    )


def suggest_value_touches(
    histories: list[ContactHistory], now: datetime, settings: Settings, rep_zone: str
) -> list[FollowUp]:
    """Value-touch e-mails for contacts silent too long with nothing planned."""
    silence = timedelta(days=settings.get(options.VALUE_TOUCH_AFTER_DAYS))
    hours = BusinessHours.from_settings(settings)
    suggestions: list[FollowUp] = []
    for history in histories:
        if history.open_follow_ups or history.status in (ContactStatus.WON, ContactStatus.LOST):
            continue
        last = history.touches[-1].at if history.touches else None
        if last is None or now - last < silence:
            continue
        due = next_business_moment(now, zone(history.time_zone, rep_zone), hours)
        suggestions.append(
            FollowUp(
                history.contact_id,
                FollowUpKind.EMAIL,
                VALUE_TOUCH,
                due,
                objective=_default_objective(VALUE_TOUCH),
            )
        )
    return suggestions
