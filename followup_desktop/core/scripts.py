"""The You / Me / Next Step script (PRODUCT.md practice 7): which set of cards fits this
call, and the cards filled with the contact's details.

Cards are the rep's own editable wording (``ScriptCard`` rows, seeded from
``resources/scripts/default_cards.json``). A card set is three cards, one a part, for a
*situation*; a situation may have a ``personal`` or ``to_the_point`` variant of any card
(practice 14), used for contacts of that style, the plain card otherwise.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from followup_desktop.core import steps
from followup_desktop.core.model import ScriptCard, Style
from followup_desktop.core.placeholders import FilledText, fill


class Part(enum.StrEnum):
    YOU = "you"
    ME = "me"
    NEXT = "next"

    @property
    def heading(self) -> str:
        return {"you": "You", "me": "Me", "next": "Next Step"}[self.value]


PARTS = (Part.YOU, Part.ME, Part.NEXT)

FIRST_CALL = "first-call"
AGREED_CALL = "agreed-call"
AFTER_PROPOSAL = "after-proposal"
AFTER_EVENT = "after-event"
SAME_DAY = "same-day"
# The same follow-up made on a later day than the visit: "thanks for your time yesterday".
NEXT_DAY = "next-day"
AFTER_MISSES = "after-misses"
CHECK_IN = "check-in"
VOICEMAIL_LAST = "voicemail-last"
VOICEMAIL_PREFIX = "voicemail-"
# Cards for any voicemail step that has none of its own.
VOICEMAIL_ANY = "voicemail"

# Situations the rep can pick from, in the order the picker lists them, with their names.
# Voicemail steps are added per series length (``situations``).
_NAMED = {
    FIRST_CALL: "First call",
    AGREED_CALL: "Agreed call",
    AFTER_PROPOSAL: "First call after the proposal",
    AFTER_EVENT: "After meeting at an event",
    SAME_DAY: "After a visit or enquiry (same day)",
    NEXT_DAY: "After a visit or enquiry (a later day)",
    AFTER_MISSES: "Call after missed calls",
    CHECK_IN: "Long-term check-in",
}

# Every placeholder a card may use, with what it means (the editor lists these).
PLACEHOLDERS: dict[str, str] = {
    "first_name": "the contact's first name",
    "name": "the contact's full name",
    "company": "their company",
    "title": "their job title",
    "rep_name": "your name",
    "rep_first_name": "your first name",
    "objective": "what this call is for",
    "last_said": "what they said on the last connected call (its notes)",
    "last_call_date": "the day of the last connected call",
    "last_spoke": "when you last spoke: today, yesterday, on Friday, on Mon 16 Nov",
    "agreed_time": "the time they agreed for this call, their time",
    "commitment": "the last thing you promised them",
    "proposal_date": "when that promise was due",
    "slot_1": "first time to offer, their time",
    "slot_2": "second time to offer",
    "slot_3": "third time to offer",
    "slots": "the three times, as one phrase",
    "next_call": "when you will try again (voicemail series)",
    "voicemail_number": "which voicemail of the series this is",
    "voicemail_total": "how many voicemails the series has",
    "personal_notes": "your personal notes on them",
}
KNOWN = frozenset(PLACEHOLDERS)

# What the Scripts editor previews with when no contact is chosen.
EXAMPLE_VALUES: dict[str, str] = {
    "first_name": "Jane",
    "name": "Jane Smith",
    "company": "Acme, Inc.",
    "title": "VP Sales",
    "rep_name": "Sam Rivers",
    "rep_first_name": "Sam",
    "objective": "review the proposal and agree the pilot start",
    "last_said": "the launch is planned for mid-August",
    "last_call_date": "Tue 20 Oct",
    "last_spoke": "yesterday",
    "agreed_time": "11:00",
    "commitment": "proposal",
    "proposal_date": "Wed 21 Oct",
    "slot_1": "Tuesday 10:00",
    "slot_2": "Wednesday 14:00",
    "slot_3": "Thursday 10:00",
    "slots": "Tuesday 10:00, Wednesday 14:00 or Thursday 10:00",
    "next_call": "Thursday",
    "voicemail_number": "2",
    "voicemail_total": "7",
    "personal_notes": "two kids; sails at weekends",
}


def voicemail_situation(number: int) -> str:
    return f"{VOICEMAIL_PREFIX}{number}"


def situations(series_length: int) -> list[tuple[str, str]]:
    """(id, name) of every situation, voicemails of a series of ``series_length`` included."""
    named = list(_NAMED.items())
    for number in range(1, series_length):
        named.append((voicemail_situation(number), f"Voicemail {number} of {series_length}"))
    named.append((VOICEMAIL_LAST, f"Last voicemail ({series_length} of {series_length})"))
    return named


@dataclass(frozen=True, slots=True)
class CallFacts:
    """What decides the card set, gathered by the service from the contact's history."""

    step: str  # the follow-up's step ("" when calling without one)
    agreed: bool
    voicemail_number: int  # the voicemail this call would leave, 1-based
    series_length: int
    proposal_sent: bool  # a promise containing "proposal" was made and is due or delivered
    met_at_event: bool  # the contact's notes or the last touch mention an event
    connected_before: bool
    # The rep herself had a visit, enquiry or connected call with them (on a team server
    # a colleague may have had the contact before her), and her last was today, their time.
    connected_myself: bool
    connected_today: bool
    misses_since_connection: int


def choose_situation(facts: CallFacts) -> str:
    """The card set for this call; the rep can pick another in the call screen."""
    step = facts.step
    if step.startswith(steps.VOICEMAIL_PREFIX):
        if facts.voicemail_number >= facts.series_length:
            return VOICEMAIL_LAST
        return voicemail_situation(facts.voicemail_number)
    if step in (steps.SAME_DAY, steps.NEXT_MORNING) and facts.connected_myself:
        # Named by when the call is made, not by when it was planned: the afternoon call
        # made the next morning thanks them for yesterday. A rep who was not there (the
        # contact handed to her since) thanks them for nothing: the usual cards below.
        return SAME_DAY if facts.connected_today else NEXT_DAY
    if step == steps.CHECK_IN:
        return CHECK_IN
    if step in (steps.RETRY, steps.CALL_BACK, steps.CALL_AGAIN, steps.NOT_NOW) or (
        facts.misses_since_connection and not facts.agreed
    ):
        return AFTER_MISSES
    if facts.proposal_sent:
        return AFTER_PROPOSAL
    if facts.met_at_event and not facts.connected_before:
        return AFTER_EVENT
    if facts.agreed or step == steps.AGREED:
        return AGREED_CALL
    return FIRST_CALL


def variant_for(style: Style) -> str:
    return style.value


@dataclass(frozen=True, slots=True)
class FilledCard:
    part: Part
    card: ScriptCard | None  # None: no card of this part for the situation
    lines: tuple[FilledText, ...]

    @property
    def problems(self) -> tuple[str, ...]:
        unknown = [name for line in self.lines for name in line.unknown]
        return tuple(dict.fromkeys(unknown))


def pick_cards(
    cards: Iterable[ScriptCard], situation: str, style: Style
) -> dict[Part, ScriptCard | None]:
    """One card a part: the style's variant when there is one, else the plain card; a
    voicemail step without cards of its own borrows the generic voicemail set."""
    wanted = variant_for(style)
    chosen: dict[Part, ScriptCard | None] = {}
    pool = list(cards)
    for part in PARTS:
        chosen[part] = _best(pool, situation, part, wanted)
        if chosen[part] is None and situation.startswith(VOICEMAIL_PREFIX):
            chosen[part] = _best(pool, VOICEMAIL_ANY, part, wanted)
    return chosen


def _best(cards: list[ScriptCard], situation: str, part: Part, variant: str) -> ScriptCard | None:
    matching = [c for c in cards if c.situation == situation and c.part == part.value]
    for candidate_variant in (variant, ""):
        for card in sorted(matching, key=lambda c: c.position):
            # An emptied variant means "use the card for everyone".
            if card.variant == candidate_variant and (card.text.strip() or not candidate_variant):
                return card
    return None


def card_lines(text: str) -> list[str]:
    """A card's lines: one a sentence to read, blank lines ignored."""
    return [line.strip() for line in text.splitlines() if line.strip()]


# What the contact said or the rep noted before: a line that quotes it has nothing to say
# when there is none ("Quick check: \"{last_said}\", still the plan?" after a first call
# logged without notes), so it is left out, where any other placeholder missing (their
# company) stays in sight, marked, for the rep to say in her own words.
QUOTED_FROM_BEFORE = frozenset({"last_said", "personal_notes"})


def fill_cards(
    cards: Mapping[Part, ScriptCard | None], values: Mapping[str, str]
) -> tuple[FilledCard, ...]:
    return tuple(
        FilledCard(part, card, _filled_lines(card.text, values) if card else ())
        for part, card in cards.items()
    )


def _filled_lines(text: str, values: Mapping[str, str]) -> tuple[FilledText, ...]:
    filled = (fill(line, values, KNOWN) for line in card_lines(text))
    return tuple(
        line
        for line in filled
        if not line.missing or not set(line.missing) <= QUOTED_FROM_BEFORE or line.unknown
    )
