"""What the customer reads in an invite or an e-mail draft, and which template a step uses.

Only customer-safe facts are offered to templates: names, company, title, the rep's name
and address, times in the contact's zone, the objective when the rep wrote one, the
promise's description. Internal notes, personal notes and what was said on the last call
are never among them, so no template, however edited, can put them in front of the
customer (PRODUCT.md, "What it never does").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from followup_desktop.core import settings as options
from followup_desktop.core import steps
from followup_desktop.core.calendar import BusinessHours, local, suggested_slots, zone
from followup_desktop.core.model import Commitment, Contact, FollowUp, FollowUpKind
from followup_desktop.core.phrases import company_name, noun_phrase, verb_phrase
from followup_desktop.core.settings import Settings

CONFIRMATION = "confirmation"
MOVED_CALL = "moved-call"  # an agreed call given a new time since it was agreed
CALL_REMINDER = "call-reminder"  # an agreed call ahead, agreed on another day
NUDGE = "nudge"
SUGGESTED_TIMES = "suggested-times"
SERIES_EMAIL = "series-email-"
LAST_CALL = "last-call"
VALUE_TOUCH = "value-touch"
PROPOSAL_COVER = "proposal-cover"
SERIES_EMAIL_TEMPLATES = 2  # series e-mails after the second reuse the second's wording
TEMPLATES_WITH_INVITE = frozenset({CONFIRMATION, MOVED_CALL, CALL_REMINDER})
# Each template as the rep reads it in the draft's list; a template of her own (a file
# she added) reads as its file name.
TEMPLATE_WORDS: dict[str, str] = {
    CONFIRMATION: "Confirmation of the call",
    CALL_REMINDER: "Reminder of the call",
    MOVED_CALL: "The call's new time",
    NUDGE: "Another time to talk, after a missed call",
    SUGGESTED_TIMES: "A few times for a short call",
    f"{SERIES_EMAIL}1": "Sorry I missed you (voicemail series)",
    f"{SERIES_EMAIL}2": "More times to talk (voicemail series)",
    LAST_CALL: "Closing the loop (last of the series)",
    VALUE_TOUCH: "Something useful for them (value touch)",
    PROPOSAL_COVER: "Cover note for what you promised",
}


def template_words(name: str) -> str:
    """ "confirmation" → "Confirmation of the call"; "my-intro" → "My intro"."""
    words = TEMPLATE_WORDS.get(name) or name.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


# Objectives are verb phrases ("review the proposal"): templates say "to {objective}".
FALLBACK_OBJECTIVE = "talk about the next steps"

# Every placeholder an e-mail template may use, with its meaning (for the editor).
EMAIL_PLACEHOLDERS: dict[str, str] = {
    "first_name": "the contact's first name",
    "name": "the contact's full name",
    "company": "their company",
    "title": "their job title",
    "rep_name": "your name",
    "rep_first_name": "your first name",
    "rep_email": "your e-mail address",
    "objective": "what the follow-up is for (when you wrote one)",
    "agreed_time": "the follow-up's day and time, their time",
    "their_zone": "their time zone, as a city",
    "slot_1": "first time to offer, their time",
    "slot_2": "second time to offer",
    "slot_3": "third time to offer",
    "slots": "the three times, as one phrase",
    "next_try": 'when you call them next, their time ("on Wednesday 25 March at 11:00"; "soon")',
    "commitment": "what you promised them",
    "proposal_date": "when you promised it",
}
KNOWN = frozenset(EMAIL_PLACEHOLDERS)


@dataclass(frozen=True, slots=True)
class DraftMoment:
    """When a draft is made, and what has happened by then: what an agreed call's
    e-mail can say ("thank you for your time today" only on a day they spoke)."""

    now: datetime
    contact_zone: str  # IANA, already resolved
    last_spoke: datetime | None = None  # their last visit, enquiry or connected call
    moved: bool = False  # the follow-up's time was changed since it was planned

    @property
    def spoke_today(self) -> bool:
        if self.last_spoke is None:
            return False
        tz = zone(self.contact_zone)
        return local(self.last_spoke, tz).date() == local(self.now, tz).date()


def template_for(follow_up: FollowUp, settings: Settings, moment: DraftMoment) -> str:
    """The default template for a follow-up's step, at ``moment``."""
    step = follow_up.step
    if step == steps.AGREED:
        return _agreed_call_template(follow_up, moment)
    if step in (steps.RETRY, steps.NUDGE, steps.CALL_BACK):
        return NUDGE
    if step.startswith(steps.SERIES_EMAIL_PREFIX):
        number = _number(step.removeprefix(steps.SERIES_EMAIL_PREFIX))
        return f"{SERIES_EMAIL}{min(max(number, 1), SERIES_EMAIL_TEMPLATES)}"
    if step.startswith(steps.VOICEMAIL_PREFIX):
        number = _number(step.removeprefix(steps.VOICEMAIL_PREFIX))
        return LAST_CALL if number >= settings.get(options.VOICEMAIL_STEPS) else SUGGESTED_TIMES
    if step in (steps.VALUE_TOUCH, steps.CHECK_IN):
        return VALUE_TOUCH
    if step in (steps.COMMITMENT, steps.COMMITMENT_ASAP):
        return PROPOSAL_COVER
    return SUGGESTED_TIMES


def _agreed_call_template(follow_up: FollowUp, moment: DraftMoment) -> str:
    if follow_up.due_at <= moment.now:
        # Its time has come and the rep is writing instead of talking: they did not
        # pick up.
        return NUDGE
    if moment.moved:
        # Today › Reschedule, time away: the new time, in place of the old.
        return MOVED_CALL
    # "Thank you for your time today" only on the day they spoke; agreed on another
    # day, the e-mail reminds them of the call.
    return CONFIRMATION if moment.spoke_today else CALL_REMINDER


def _number(text: str) -> int:
    return int(text) if text.isdigit() else 1


def customer_objective(follow_up: FollowUp) -> str:
    """The objective when the rep wrote one; the engine's defaults ("retry: they missed
    the agreed call") are notes to the rep, not words for the customer."""
    objective = " ".join(follow_up.objective.split())
    if not objective or steps.is_default_objective(follow_up.step, objective):
        return ""
    return verb_phrase(objective)


def first_name(name: str) -> str:
    """ "Jane Smith" → "Jane"; "Smith, Jane" (how Outlook exports names) → "Jane"."""
    family, comma, given = name.partition(",")
    parts = (given if comma and given.strip() else family).split()
    return parts[0].strip(",;:.") if parts else ""


def zone_label(zone_name: str) -> str:
    """ "America/New_York" → "New York"; "UTC" stays."""
    return zone_name.rsplit("/", 1)[-1].replace("_", " ")


def _when(moment: datetime) -> str:
    return f"{moment:%A} {moment.day} {moment:%B} at {moment:%H:%M}"


def next_call(open_follow_ups: Iterable[FollowUp], now: datetime) -> datetime | None:
    """When the rep calls them next: their soonest planned call still ahead (the nudge's
    call-back), so an e-mail can tell them instead of a call coming out of the blue."""
    ahead = [
        f.due_at
        for f in open_follow_ups
        if f.kind is FollowUpKind.CALL and not steps.is_number_search(f) and f.due_at > now
    ]
    return min(ahead, default=None)


@dataclass(frozen=True, slots=True)
class WordingInputs:
    contact: Contact
    follow_up: FollowUp
    contact_zone: str  # IANA, already resolved (agreed zone, contact's, or the rep's)
    settings: Settings
    now: datetime
    commitment: Commitment | None = None
    # What offers avoid: the rep's meetings and planned calls (``calendar.taken_times``).
    busy: tuple[tuple[datetime, datetime], ...] = ()
    # The rep's zone: offers are times the rep can call too, as on the call screen (a rep
    # in Paris does not offer a Chicago afternoon, his evening). Empty: theirs alone.
    rep_zone: str = ""
    # A series e-mail's: from when the voicemail it follows offered times ("I'm e-mailing
    # you three times that could work: …"). The e-mail offers those same times, worked out
    # by the same rule, less those gone by ``now``: the customer reads what they heard.
    named_from: datetime | None = None
    # When the rep calls them next (``next_call``); None: no call planned yet.
    next_call: datetime | None = None


def offered_times(
    inputs: WordingInputs, hours: BusinessHours, rep_zone: ZoneInfo | None
) -> tuple[datetime, ...]:
    """The times the e-mail offers: those its voicemail named that are still ahead, else
    (none named, or all gone) three from ``now``."""
    tz = zone(inputs.contact_zone)

    def from_(start: datetime) -> tuple[datetime, ...]:
        return suggested_slots(start, tz, hours, rep_zone=rep_zone, busy=inputs.busy)

    if inputs.named_from is not None:
        ahead = tuple(slot for slot in from_(inputs.named_from) if slot > inputs.now)
        if ahead:
            return ahead
    return from_(inputs.now)


def _either(texts: list[str]) -> str:
    """ "A", "A or B", "A, B or C"."""
    return " or ".join(filter(None, (", ".join(texts[:-1]), texts[-1])))


def email_values(inputs: WordingInputs) -> dict[str, str]:
    contact, follow_up, settings = inputs.contact, inputs.follow_up, inputs.settings
    tz = zone(inputs.contact_zone)
    rep_name = " ".join(settings.get(options.REP_NAME).split())
    hours = BusinessHours.from_settings(settings)
    rep_zone = zone(inputs.rep_zone) if inputs.rep_zone else None
    # "Wednesday 25 March at 10:00, Thursday 26 March at 11:45 or …": no comma inside a
    # time, so the commas of the list are the only ones.
    slots = [_when(local(slot, tz)) for slot in offered_times(inputs, hours, rep_zone)]
    # Fewer than three when some the voicemail named have passed: a list line with none
    # is left for the rep to remove ("nothing to fill in"), never filled with another time.
    slot_1, slot_2, slot_3 = [*slots, "", ""][:3]
    values = {
        "first_name": first_name(contact.name),
        "name": " ".join(contact.name.split()),
        "company": company_name(contact.company),
        "title": " ".join(contact.title.split()),
        "rep_name": rep_name,
        "rep_first_name": first_name(rep_name),
        "rep_email": settings.get(options.REP_EMAIL).strip(),
        "objective": customer_objective(follow_up) or FALLBACK_OBJECTIVE,
        "agreed_time": _when(local(follow_up.due_at, tz)),
        "their_zone": zone_label(tz.key),
        "slot_1": slot_1,
        "slot_2": slot_2,
        "slot_3": slot_3,
        "slots": _either(slots),
        "next_try": _next_try(inputs.next_call, tz),
        "commitment": "",
        "proposal_date": "",
    }
    if inputs.commitment is not None:
        values["commitment"] = noun_phrase(inputs.commitment.description)
        values["proposal_date"] = _when(local(inputs.commitment.due_at, tz))
    return values


def _next_try(call: datetime | None, tz: ZoneInfo) -> str:
    # Never empty: a nudge written before any call is planned still reads whole.
    return f"on {_when(local(call, tz))}" if call is not None else "soon"


def invite_summary(follow_up: FollowUp, rep_name: str) -> str:
    """ "Call with Sam Rivers: review the proposal" — what the customer's calendar shows."""
    kind = "Call" if follow_up.kind is FollowUpKind.CALL else "Follow-up"
    head = f"{kind} with {rep_name}" if rep_name.strip() else kind
    objective = customer_objective(follow_up)
    return f"{head}: {objective}" if objective else head


def invite_description(follow_up: FollowUp, rep_name: str, phone: str) -> str:
    """``phone`` as a person reads it ("+91 98765 43210"). "As agreed" only for a time
    the customer chose: a time the engine picked was never agreed."""
    who = rep_name.strip() or "I"
    where = f" on {phone}" if phone else ""
    agreed = ", as agreed" if follow_up.agreed else ""
    lines = [f"{who} will call you{where} at this time{agreed}."]
    objective = customer_objective(follow_up)
    if objective:
        lines.append(f"Objective: {objective}")
    return "\n".join(lines)
