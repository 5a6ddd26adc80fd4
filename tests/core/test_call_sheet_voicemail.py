"""The sheet a call starts with already holds the script for the beep: choosing Voicemail
shows "voicemail n of 7" at once, filled, before anything is saved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from followup_desktop.core import call_sheet, steps
from followup_desktop.core import settings as options
from followup_desktop.core.call_sheet import CallInputs
from followup_desktop.core.model import (
    Contact,
    ContactStatus,
    FollowUp,
    FollowUpKind,
    Outcome,
    ScriptCard,
    Touch,
)
from followup_desktop.core.scripts import Part
from followup_desktop.core.settings import Settings

NOW = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)  # Monday, 10:00 in Chicago
CARDS = (
    ScriptCard("first-call", "you", "Hi {first_name}, this is {rep_name}."),
    ScriptCard("first-call", "me", "About {objective}."),
    ScriptCard("first-call", "next", "Would {slot_1} suit you?"),
    ScriptCard("voicemail", "you", "Hi {first_name}, {rep_name} here, sorry to miss you."),
    ScriptCard("voicemail", "me", "Voicemail {voicemail_number} of {voicemail_total}."),
    ScriptCard("voicemail", "next", "I'll try again on {next_call}."),
    ScriptCard("voicemail-last", "you", "Hi {first_name}, my last call for now."),
    ScriptCard("voicemail-last", "me", "The timing isn't right, and that's fine."),
    ScriptCard("voicemail-last", "next", "My door is open."),
)


def sheet(touches: tuple[Touch, ...] = (), rep_name: str = "Sam Rivers"):  # type: ignore[no-untyped-def]
    contact = Contact("Priya Raman", company="Raman Textiles", time_zone="America/Chicago", id=1)
    settings = Settings().with_value(options.REP_NAME, rep_name)
    inputs = CallInputs(contact, None, touches, cards=CARDS)
    return call_sheet.build(inputs, settings, NOW, "Europe/Paris")


def lines(cards, part: Part) -> list[str]:  # type: ignore[no-untyped-def]
    card = next(c for c in cards if c.part is part)
    return [line.text for line in card.lines]


def test_a_first_call_holds_the_first_voicemail_ready_and_filled() -> None:
    first = sheet()
    assert first.situation == "first-call"
    assert first.attempt_label == "attempt 1"
    beep = first.for_voicemail()
    assert beep.situation == "voicemail-1"
    assert beep.attempt_label == "attempt 1 · voicemail 1 of 7"
    assert lines(beep.cards, Part.YOU) == ["Hi Priya, Sam Rivers here, sorry to miss you."]
    assert lines(beep.cards, Part.ME) == ["Voicemail 1 of 7."]
    assert lines(beep.cards, Part.NEXT) == ["I'll try again on Wednesday."]
    assert all(line.complete for card in beep.cards for line in card.lines)
    assert beep.contact == first.contact and beep.follow_up == first.follow_up


def test_after_six_voicemails_the_beep_script_is_the_last_one() -> None:
    touches = tuple(Touch(1, Outcome.VOICEMAIL, NOW - timedelta(days=30 - 4 * n)) for n in range(6))
    beep = sheet(touches).for_voicemail()
    assert beep.situation == "voicemail-last"
    assert beep.attempt_label.endswith("voicemail 7 of 7")
    assert lines(beep.cards, Part.YOU) == ["Hi Priya, my last call for now."]


def test_without_a_rep_name_the_gap_stays_visible_on_the_first_line() -> None:
    (you, *_rest) = sheet(rep_name="").cards
    first = you.lines[0]
    assert first.text == "Hi Priya, this is {rep_name}."
    assert first.missing == ("rep_name",)


def test_the_check_in_after_the_series_shows_no_place_in_it() -> None:
    """Priya's series ended with its seventh voicemail on 20 April and she was parked. The
    90-day check-in is no step of the series: its header is the attempt alone, before the
    beep and after it, where the parting words are still the ones to leave."""
    ended = datetime(2026, 4, 20, 15, 0, tzinfo=UTC)
    touches = tuple(
        Touch(1, Outcome.VOICEMAIL, ended - timedelta(days=4 * n), id=n + 1)
        for n in reversed(range(7))
    )
    due = datetime(2026, 7, 20, 15, 0, tzinfo=UTC)
    contact = Contact("Priya Raman", time_zone="America/Chicago", status=ContactStatus.PARKED, id=1)
    check_in = FollowUp(1, FollowUpKind.CALL, steps.CHECK_IN, due, id=9)
    inputs = CallInputs(contact, check_in, touches, cards=CARDS)
    settings = Settings().with_value(options.REP_NAME, "Sam Rivers")
    check = call_sheet.build(inputs, settings, due, "Europe/Paris")
    assert check.attempt_label == "attempt 8"
    beep = check.for_voicemail()
    assert beep.attempt_label == "attempt 8"
    assert lines(beep.cards, Part.YOU) == ["Hi Priya, my last call for now."]
