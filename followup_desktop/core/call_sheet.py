"""Everything the call screen shows for one call (PRODUCT.md J4–J6), worked out from the
contact, their history and "now": who, their local time, the attempt, the objective, what
was said last time, what to confirm, and the filled script cards.

Pure: the calls service gathers the inputs, the call screen only lays this out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from followup_desktop.core import away, cadence, steps
from followup_desktop.core import settings as options
from followup_desktop.core import voicemail_series as series
from followup_desktop.core.cadence_model import SeriesPosition
from followup_desktop.core.calendar import (
    BusinessHours,
    is_business_moment,
    local,
    next_business_morning,
    offers_end,
    same_time_business_days_later,
    suggested_slots,
    taken_times,
    zone,
)
from followup_desktop.core.clock_words import both_clocks
from followup_desktop.core.model import (
    Commitment,
    CommitmentState,
    Contact,
    ContactStatus,
    FollowUp,
    FollowUpKind,
    ScriptCard,
    Style,
    Touch,
)
from followup_desktop.core.phrases import company_name, noun_phrase, quoted, verb_phrase
from followup_desktop.core.rules import wrong_number
from followup_desktop.core.scripts import (
    VOICEMAIL_LAST,
    CallFacts,
    FilledCard,
    choose_situation,
    fill_cards,
    pick_cards,
    situations,
    voicemail_situation,
)
from followup_desktop.core.settings import Settings

_EVENT_WORDS = re.compile(
    r"\b(event|conference|expo|trade ?show|fair|summit|meetup|booth|stand)\b", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
MAX_CONFIRM = 3


@dataclass(frozen=True, slots=True)
class CallInputs:
    """What the service reads from the store for one call."""

    contact: Contact
    follow_up: FollowUp | None
    touches: tuple[Touch, ...]  # oldest first
    commitments: tuple[Commitment, ...] = ()
    cards: tuple[ScriptCard, ...] = ()
    recent_follow_ups: tuple[FollowUp, ...] = ()  # any state, newest first
    busy: tuple[tuple[datetime, datetime], ...] = ()  # the rep's meetings (their calendar)
    planned_calls: tuple[datetime, ...] = ()  # when the rep's open calls, anyone's, are due
    # A search for the right number open: the number on file reached someone else.
    number_wrong: bool = False
    # The touches a colleague logged, not the rep (a contact handed to her on a team
    # server): the script thanks them only for her own conversations.
    colleagues_touches: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class CallSheet:
    contact: Contact
    follow_up: FollowUp | None
    rep_zone: str
    contact_zone: str
    their_now: datetime
    hours: BusinessHours  # the contact's business hours, in their zone
    attempt: int  # this call's number since the last connection, 1-based
    position: SeriesPosition | None  # when the call is a step of the voicemail series
    objective: str
    agreed_at: datetime | None  # the time the contact chose for this call, if any
    day_warning: str | None  # calling an agreed call on another day (practice 4)
    last_connected: Touch | None
    confirm: tuple[str, ...]  # facts from last time, to open with yeses (practice 8)
    show_personal: bool
    situation: str
    situations: tuple[tuple[str, str], ...]
    cards: tuple[FilledCard, ...]
    offered_slots: tuple[datetime, ...] = ()  # times to propose, inside their hours
    busy: tuple[tuple[datetime, datetime], ...] = ()  # the rep's meetings: a time is checked
    planned_calls: tuple[datetime, ...] = ()  # her other calls' times: a time is checked
    values: dict[str, str] = field(default_factory=dict)
    ask_serious_or_curious: bool = False
    # What the rep reads after the beep: the script for the voicemail this call would leave.
    voicemail_position: SeriesPosition | None = None
    voicemail_cards: tuple[FilledCard, ...] = ()
    # The series is over (the contact parked): the beep's words are its last voicemail's,
    # but the voicemail is no step of it, so no "voicemail n of N" is shown.
    series_ended: bool = False
    # The plan's own warning after a wrong number, while the right one is being found.
    number_warning: str | None = None
    # How long before a call its reminder comes (Settings › Reminders): an agreed call
    # opened earlier than that is being called before its time.
    reminder_lead: timedelta = timedelta(minutes=15)

    @property
    def warnings(self) -> tuple[str, ...]:
        """What the screen flags before she dials, most pressing first."""
        return tuple(w for w in (self.number_warning, self.day_warning) if w)

    def early_for_agreed(self, now: datetime) -> str | None:
        """ "Agreed for 17:00 (their 10:00), in 6 h 20 min": the call opened is the one
        the contact chose, and its time is further off than the reminder's lead. An
        outcome logged now stands for that call, so the rep is told before she logs one.
        None nearer the time, after it, or on another day (``day_warning`` says so)."""
        if self.agreed_at is None or self.day_warning:
            return None
        left = self.agreed_at - now
        if left <= self.reminder_lead:
            return None
        mine = zone(self.rep_zone)
        theirs = zone(self.contact_zone, self.rep_zone)
        rep_time, their_time = both_clocks(self.agreed_at, mine, theirs, now)
        when = f"{rep_time} (their {their_time})" if their_time else rep_time
        return f"Agreed for {when}, in {_hours_and_minutes(left)}"

    def promise_by(self, now: datetime) -> datetime:
        """When a promise made on this call is due unless the rep says otherwise: the
        opening of the next working day on her clock (Monday's after a Friday call, not
        Saturday 09:00)."""
        mine = zone(self.rep_zone)
        return next_business_morning(now, local(now, mine).date(), mine, self.hours, timedelta())

    def in_hours(self, now: datetime) -> bool:
        """``now`` inside the contact's business hours: asked at each tick of the call
        screen's clock, as their day may end while it is open."""
        return is_business_moment(now, zone(self.contact_zone, self.rep_zone), self.hours)

    @property
    def voicemail_situation(self) -> str:
        position = self.voicemail_position
        if position is None:
            return ""
        return VOICEMAIL_LAST if position.is_last else voicemail_situation(position.voicemail)

    def for_voicemail(self) -> CallSheet:
        """This sheet as it reads the moment the rep chooses Voicemail: the script for this
        step of the series, whatever the call started as."""
        if self.voicemail_position is None:
            return self
        return replace(
            self,
            situation=self.voicemail_situation,
            cards=self.voicemail_cards,
            position=None if self.series_ended else self.voicemail_position,
        )

    @property
    def attempt_label(self) -> str:
        label = f"attempt {self.attempt}"
        return f"{label} · {self.position.label()}" if self.position else label


def first_name(name: str) -> str:
    parts = name.split()
    return parts[0] if parts else ""


def _day(instant: datetime) -> str:
    return f"{instant:%a} {instant.day} {instant:%b}"


def _days_ago(then: datetime, now: datetime) -> str:
    """When they last spoke, as said aloud: "today", "yesterday", "on Friday" within the
    week, "on Mon 16 Nov" before it."""
    days = (now.date() - then.date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"on {then:%A}"
    return f"on {_day(then)}"


def _sentences(text: str) -> list[str]:
    return [part.strip(" .;") for part in _SENTENCE_END.split(text) if part.strip(" .;")]


def build(
    inputs: CallInputs,
    settings: Settings,
    now: datetime,
    rep_zone: str,
    situation: str | None = None,
) -> CallSheet:
    """The sheet for a call now; ``situation`` overrides the chosen card set."""
    contact, follow_up, touches = inputs.contact, inputs.follow_up, inputs.touches
    tz = zone(contact.time_zone, rep_zone)
    hours = BusinessHours.from_settings(settings)
    their_now = local(now, tz)
    attempt = cadence.attempts_since_connection(touches) + 1
    step = follow_up.step if follow_up else ""
    next_voicemail = series.position_of_next(touches, settings)
    ended = series.has_ended(contact.status)
    in_series = not ended and (
        step.startswith(steps.VOICEMAIL_PREFIX) or series.voicemails_in_a_row(touches) > 0
    )
    position = next_voicemail if in_series else None
    last_connected = next((t for t in reversed(touches) if t.outcome in steps.CONNECTIONS), None)
    mine = [t for t in touches if t.id is None or t.id not in inputs.colleagues_touches]
    my_last = next((t for t in reversed(mine) if t.outcome in steps.CONNECTIONS), None)
    commitment = promise_they_have(inputs.commitments, now)
    notes_and_touches = " ".join([contact.personal_notes, *(t.notes for t in touches[:1])])
    facts = CallFacts(
        step=step,
        agreed=bool(follow_up and follow_up.agreed),
        voicemail_number=next_voicemail.voicemail,
        series_length=next_voicemail.total,
        proposal_sent=any(
            "proposal" in c.description.casefold() and _had(c, now) for c in inputs.commitments
        ),
        met_at_event=bool(_EVENT_WORDS.search(notes_and_touches)),
        connected_before=last_connected is not None,
        connected_myself=my_last is not None,
        connected_today=my_last is not None and local(my_last.at, tz).date() == their_now.date(),
        misses_since_connection=attempt - 1,
    )
    chosen = situation or choose_situation(facts)
    values = _values(inputs, settings, now, rep_zone, position, commitment, last_connected, my_last)
    confirm = tuple(_sentences(last_connected.notes)[:MAX_CONFIRM]) if last_connected else ()
    threshold = settings.get(options.SERIOUS_OR_CURIOUS_AFTER)
    voicemail = (
        VOICEMAIL_LAST if next_voicemail.is_last else voicemail_situation(next_voicemail.voicemail)
    )
    voicemail_values = (
        values
        if position is not None
        else _values(
            inputs, settings, now, rep_zone, next_voicemail, commitment, last_connected, my_last
        )
    )
    return CallSheet(
        contact=contact,
        follow_up=follow_up,
        rep_zone=rep_zone,
        contact_zone=tz.key,
        their_now=their_now,
        hours=hours,
        attempt=attempt,
        position=position,
        objective=steps.shown_objective(follow_up.step, follow_up.objective) if follow_up else "",
        agreed_at=follow_up.due_at if follow_up and follow_up.agreed else None,
        day_warning=(
            cadence.agreed_day_warning(follow_up, now, contact.time_zone, rep_zone)
            if follow_up
            else None
        ),
        last_connected=last_connected,
        confirm=confirm,
        show_personal=contact.style is Style.PERSONAL and bool(contact.personal_notes),
        situation=chosen,
        situations=tuple(situations(next_voicemail.total)),
        cards=fill_cards(pick_cards(inputs.cards, chosen, contact.style), values),
        offered_slots=offered_times(inputs, settings, now, rep_zone),
        busy=inputs.busy,
        planned_calls=other_calls(inputs),
        values=values,
        ask_serious_or_curious=(
            0 < threshold <= attempt
            and contact.status not in (ContactStatus.SERIOUS, ContactStatus.CURIOUS)
        ),
        voicemail_position=next_voicemail,
        series_ended=ended,
        voicemail_cards=fill_cards(
            pick_cards(inputs.cards, voicemail, contact.style), voicemail_values
        ),
        number_warning=wrong_number.WARNING if inputs.number_wrong else None,
        reminder_lead=timedelta(minutes=max(0, settings.get(options.REMINDER_LEAD_MIN))),
    )


def _hours_and_minutes(span: timedelta) -> str:
    """ "6 h 20 min", "2 h", "40 min": a wait, to the minute it has not yet reached."""
    hours, minutes = divmod(math.ceil(span.total_seconds() / 60), 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def _had(commitment: Commitment, now: datetime) -> bool:
    # Delivered, or its time has come: the rep may have sent it without marking it.
    return commitment.state is CommitmentState.DELIVERED or commitment.due_at <= now


def promise_they_have(commitments: Iterable[Commitment], now: datetime) -> Commitment | None:
    """The promise the cards name ("you've had the proposal since Tue 24 Nov"): the latest
    one the customer has by now. One promised for next week is not theirs yet, so it is
    named only when no promise has come due (a card set the rep picked by hand)."""
    promises = list(commitments)
    had = [c for c in promises if _had(c, now)]
    return max(had or promises, key=lambda c: c.due_at, default=None)


def spoken_objective(inputs: CallInputs) -> str:
    """What the call is about, in words the rep can say: the objective someone wrote,
    not the engine's default for a rule step ("try again; leave a short message …")."""
    candidates = [inputs.follow_up] if inputs.follow_up else []
    candidates += list(inputs.recent_follow_ups)
    for follow_up in candidates:
        objective = follow_up.objective.strip()
        if objective and not steps.is_default_objective(follow_up.step, objective):
            return verb_phrase(objective)
    # A verb phrase, like every objective: a rep's own card may say "to {objective}" (ours
    # say "…: {objective}", which reads right with a thing to talk about as well).
    company = company_name(inputs.contact.company)
    return f"see how we could help {company}" if company else "see how we could help you"


def offered_times(
    inputs: CallInputs, settings: Settings, now: datetime, rep_zone: str
) -> tuple[datetime, ...]:
    """The times the cards and the next-step form offer: inside both days, never while the
    rep is away, clear of her meetings and of the calls she has planned with anyone."""
    return suggested_slots(
        away.offers_from(settings, now, rep_zone),
        zone(inputs.contact.time_zone, rep_zone),
        BusinessHours.from_settings(settings),
        rep_zone=zone(rep_zone),
        busy=taken_times(inputs.busy, other_calls(inputs)),
    )


def times_to_check(settings: Settings, now: datetime, rep_zone: str) -> tuple[datetime, datetime]:
    """From when to when the call screen reads the rep's meetings and planned calls: from
    now, as a time typed for before she is away is checked too, to a look-ahead past where
    the offers start, so a time away soon does not leave her return unread. The e-mail
    drafts read the same, so a time they offer keeps clear of what the call screen's does.
    """
    start = away.offers_from(settings, now, rep_zone)
    return now, offers_end(start, BusinessHours.from_settings(settings))


def other_calls(inputs: CallInputs) -> tuple[datetime, ...]:
    """The calls the rep has planned but the one she is making: logging it frees its time
    (a call-back agreed for a quarter of an hour after it is no clash)."""
    calls = list(inputs.planned_calls)
    made = inputs.follow_up
    if made is not None and made.kind is FollowUpKind.CALL and made.due_at in calls:
        calls.remove(made.due_at)
    return tuple(calls)


def _values(
    inputs: CallInputs,
    settings: Settings,
    now: datetime,
    rep_zone: str,
    position: SeriesPosition | None,
    commitment: Commitment | None,
    last_connected: Touch | None,
    my_last: Touch | None,
) -> dict[str, str]:
    """``my_last``: the rep's own last conversation, the one "thanks for your time" is
    for; ``last_connected`` anyone's (what was said is on file whoever noted it)."""
    contact, follow_up = inputs.contact, inputs.follow_up
    tz = zone(contact.time_zone, rep_zone)
    hours = BusinessHours.from_settings(settings)
    rep_name = settings.get(options.REP_NAME)
    slots = [local(slot, tz) for slot in offered_times(inputs, settings, now, rep_zone)]
    slot_texts = [f"{slot:%A} {slot:%H:%M}" for slot in slots]
    values = {
        "first_name": first_name(contact.name),
        "name": contact.name,
        "company": company_name(contact.company),
        "title": contact.title,
        "rep_name": rep_name,
        "rep_first_name": first_name(rep_name),
        "objective": spoken_objective(inputs),
        "personal_notes": contact.personal_notes,
        "slot_1": slot_texts[0],
        "slot_2": slot_texts[1],
        "slot_3": slot_texts[2],
        "slots": f"{slot_texts[0]}, {slot_texts[1]} or {slot_texts[2]}",
        "voicemail_number": str(position.voicemail) if position else "",
        "voicemail_total": str(position.total) if position else "",
        "last_said": "",
        "last_call_date": "",
        "last_spoke": "",
        "agreed_time": "",
        "commitment": "",
        "proposal_date": "",
        "next_call": "",
    }
    if last_connected is not None:
        said = _sentences(last_connected.notes)
        values["last_said"] = quoted(said[0]) if said else ""
        values["last_call_date"] = _day(local(last_connected.at, tz))
    if my_last is not None:
        values["last_spoke"] = _days_ago(local(my_last.at, tz), local(now, tz))
    if follow_up is not None and follow_up.agreed:
        agreed = local(follow_up.due_at, tz)
        same_day = agreed.date() == local(now, tz).date()
        values["agreed_time"] = f"{agreed:%H:%M}" if same_day else f"{_day(agreed)} {agreed:%H:%M}"
    if commitment is not None:
        values["commitment"] = noun_phrase(commitment.description)
        values["proposal_date"] = _day(local(commitment.due_at, tz))
    if position is not None and not position.is_last:
        wait = series.wait_after(position.voicemail, series.spacing(settings))
        values["next_call"] = f"{local(same_time_business_days_later(now, wait, tz, hours), tz):%A}"
    return values
