"""A script card's lines as the rep reads them in a call: a line that quotes what was
said before is left out when nothing was (a first call logged without notes), where any
other placeholder with nothing to fill stays in sight, marked, for the rep to say it in
her own words."""

from __future__ import annotations

from followup_desktop.core.model import ScriptCard
from followup_desktop.core.scripts import Part, fill_cards

CARD = ScriptCard(
    "agreed-call",
    Part.YOU.value,
    "Hi {first_name}, calling as we agreed.\n"
    'Quick check: "{last_said}", still the plan?\n'
    "You mentioned {personal_notes}.\n"
    "How are things at {company}?\n"
    "Last time: {last_said} {frist_name}\n",
)


def lines(values: dict[str, str]) -> list[str]:
    (card,) = fill_cards({Part.YOU: CARD}, values)
    return [line.text for line in card.lines]


def test_a_line_quoting_nothing_said_before_is_left_out() -> None:
    shown = lines({"first_name": "Jane", "company": "", "last_said": "", "personal_notes": ""})
    assert shown == [
        "Hi Jane, calling as we agreed.",
        # Their company missing stays visible: the rep fills it in as she speaks.
        "How are things at {company}?",
        # A typo in the card's wording is never hidden: the editor points at it.
        "Last time: {last_said} {frist_name}",
    ]


def test_with_something_said_before_the_lines_quote_it() -> None:
    shown = lines(
        {
            "first_name": "Jane",
            "company": "Acme, Inc.",
            "last_said": "the launch is mid-August",
            "personal_notes": "two kids",
        }
    )
    assert shown[1:4] == [
        'Quick check: "the launch is mid-August", still the plan?',
        "You mentioned two kids.",
        "How are things at Acme, Inc.?",
    ]
