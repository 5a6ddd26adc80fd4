"""The call screen's service: the sheet a rep reads, drafts kept as typed, plans previewed
before they are stored, the rep's own card wording."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from followup_desktop.core import settings as options
from followup_desktop.core import steps
from followup_desktop.core.cadence import CommitmentRequest
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import (
    CallDraft,
    Contact,
    ContactStatus,
    Outcome,
    ScriptCard,
    Style,
)
from followup_desktop.core.scripts import Part
from followup_desktop.services.calls import default_cards
from followup_desktop.services.session import Services, open_services

# Monday 23 Nov 2026, 15:00 UTC = 09:00 in Chicago.
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


def jane(services: Services, style: Style = Style.TO_THE_POINT, notes: str = "") -> int:
    return services.contacts.add(
        Contact(
            name="Jane Smith",
            company="Acme, Inc.",
            time_zone="America/Chicago",
            style=style,
            personal_notes=notes,
        )
    )


def card_text(sheet, part: Part) -> str:  # type: ignore[no-untyped-def]
    card = next(c for c in sheet.cards if c.part is part)
    return "\n".join(line.text for line in card.lines)


def test_a_new_database_gets_our_cards_and_keeps_edits(services: Services, tmp_path: Path) -> None:
    shipped = default_cards()
    assert len(services.calls.cards()) == len(shipped)
    edited = ScriptCard("first-call", "you", "Hello {first_name}, custom opener")
    services.calls.save_card(edited)
    services.calls.seed_cards()  # a second start must not bring the defaults back
    reopened = open_services(services.paths, services.clock)
    texts = [
        c.text for c in reopened.calls.cards() if (c.situation, c.part) == ("first-call", "you")
    ]
    reopened.close()
    assert texts == ["Hello {first_name}, custom opener"]


def test_our_earlier_words_on_a_card_are_brought_up_to_date_and_hers_are_left_alone(
    services: Services,
) -> None:
    """A database seeded with our earlier agreed-call Me card ("So the next step is to
    {objective}.") reads as ours read now at its next start; a card the rep rewrote stays."""
    earlier = (
        "So the next step is to {objective}.\nHere is how we would get you there, step by "
        "step.\nDoes that make sense for {company}?"
    )
    services.calls.save_card(ScriptCard("agreed-call", "me", earlier))
    services.calls.save_card(ScriptCard("after-misses", "me", "I was calling to {objective}, ok?"))
    reopened = open_services(services.paths, services.clock)
    cards = {(c.situation, c.part, c.variant): c.text for c in reopened.calls.cards()}
    reopened.close()
    assert cards[("agreed-call", "me", "")] == earlier.replace(
        "So the next step is to {objective}.", "What we set this call for: {objective}."
    )
    assert cards[("after-misses", "me", "")] == "I was calling to {objective}, ok?"


def test_agreed_call_sheet_opens_with_what_they_said_last_time(
    services: Services, clock: FixedClock
) -> None:
    contact_id = jane(services)
    agreed = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)  # Tue 11:00 in Chicago
    services.followups.log(
        contact_id,
        Outcome.CONNECTED,
        NOW,
        "Launch planned mid-August. Budget approved by the board.",
        agreed,
        "review the proposal",
    )
    clock.set(agreed - timedelta(minutes=2))
    sheet = services.calls.sheet(contact_id)
    assert sheet.follow_up is not None and sheet.follow_up.agreed
    assert sheet.situation == "agreed-call"
    assert sheet.objective == "review the proposal"
    assert sheet.confirm == ("Launch planned mid-August", "Budget approved by the board")
    assert sheet.in_hours(clock.now()) and f"{sheet.their_now:%H:%M}" == "10:58"
    you = card_text(sheet, Part.YOU)
    # Jane likes it short: the "to the point" variant.
    assert "Hi Jane, Sam Rivers here, as agreed for 11:00." in you
    assert "Quick check: “Launch planned mid-August”, still the plan?" in you
    assert sheet.attempt_label == "attempt 1"


def test_personal_contacts_get_the_personal_variant_and_their_notes(services: Services) -> None:
    contact_id = jane(services, Style.PERSONAL, "Two kids; sails on weekends")
    services.followups.log(
        contact_id, Outcome.CONNECTED, NOW, "Liked it", NOW + timedelta(days=1), "next step"
    )
    sheet = services.calls.sheet(contact_id)
    assert sheet.show_personal
    assert "How have you been?" in card_text(sheet, Part.YOU)
    assert "(Personal: Two kids; sails on weekends)" in card_text(sheet, Part.YOU)
    # Parts without a personal variant fall back to the plain card.
    assert "Does that make sense for Acme, Inc.?" in card_text(sheet, Part.ME)


def test_voicemail_steps_get_their_own_script_and_position(
    services: Services, clock: FixedClock
) -> None:
    contact_id = jane(services)
    services.followups.log(contact_id, Outcome.VOICEMAIL, NOW)
    (next_call,) = [f for f in services.followups.open_for(contact_id) if f.kind.value == "call"]
    assert next_call.step == steps.voicemail_step(2)
    clock.set(next_call.due_at)
    sheet = services.calls.sheet(contact_id)
    assert sheet.situation == "voicemail-2"
    assert sheet.attempt_label == "attempt 2 · voicemail 2 of 7"
    assert "Sorry to miss you once more." in card_text(sheet, Part.YOU)
    # The next call of the series is named by its weekday.
    assert "Otherwise I'll call again on " in card_text(sheet, Part.NEXT)
    assert "{next_call}" not in card_text(sheet, Part.NEXT)


def test_the_last_voicemail_of_the_series_closes_politely(
    services: Services, clock: FixedClock
) -> None:
    contact_id = jane(services)
    for _ in range(6):
        services.followups.log(contact_id, Outcome.VOICEMAIL, clock.now())
        (call,) = [f for f in services.followups.open_for(contact_id) if f.kind.value == "call"]
        clock.set(call.due_at)
    sheet = services.calls.sheet(contact_id)
    assert sheet.situation == "voicemail-last"
    assert "This is my last call for now." in card_text(sheet, Part.YOU)


def test_a_promised_proposal_leads_to_the_after_proposal_cards(
    services: Services, clock: FixedClock
) -> None:
    contact_id = jane(services)
    services.followups.log(
        contact_id,
        Outcome.CONNECTED,
        NOW,
        "wants numbers",
        NOW + timedelta(days=3),
        "discuss the proposal",
        commitment=CommitmentRequest("proposal", NOW + timedelta(days=1)),
    )
    clock.set(NOW + timedelta(days=3))
    sheet = services.calls.sheet(contact_id)
    assert sheet.situation == "after-proposal"
    assert "You've had the proposal since Tue 24 Nov." in card_text(sheet, Part.YOU)


def test_the_after_proposal_cards_name_what_they_have_not_a_promise_still_to_come(
    services: Services, clock: FixedClock
) -> None:
    """The proposal went out; on the next call the rep promised a pricing sheet for next
    week. The call after that opens on the proposal they have, not on the sheet they
    will only get next week."""
    contact_id = jane(services)
    services.followups.log(
        contact_id,
        Outcome.CONNECTED,
        NOW,
        "wants numbers",
        NOW + timedelta(days=2),
        "discuss the proposal",
        commitment=CommitmentRequest("proposal", NOW + timedelta(days=1)),
    )
    clock.set(NOW + timedelta(days=2))
    services.followups.log(
        contact_id,
        Outcome.CONNECTED,
        clock.now(),
        "will read it this week",
        NOW + timedelta(days=3),
        "go through the proposal",
        commitment=CommitmentRequest("pricing sheet", NOW + timedelta(days=7)),
    )
    clock.set(NOW + timedelta(days=3))
    sheet = services.calls.sheet(contact_id)
    assert sheet.situation == "after-proposal"
    assert "You've had the proposal since Tue 24 Nov." in card_text(sheet, Part.YOU)
    assert "pricing sheet" not in card_text(sheet, Part.YOU)


def test_unknown_placeholders_are_shown_not_crashed_on(services: Services) -> None:
    contact_id = jane(services)
    services.calls.save_card(ScriptCard("first-call", "you", "Hi {frist_name}, {company}!"))
    sheet = services.calls.sheet(contact_id)
    you = next(c for c in sheet.cards if c.part is Part.YOU)
    assert you.lines[0].text == "Hi {frist_name}, Acme, Inc.!"
    assert you.problems == ("frist_name",)


def test_drafts_survive_and_are_cleared_when_the_call_is_logged(services: Services) -> None:
    contact_id = jane(services)
    draft = services.calls.start_call(CallDraft(contact_id, notes="Wants a pilot"))
    assert draft.started_at == NOW
    services.calls.save_draft(
        CallDraft(contact_id, None, "Wants a pilot in March", ("you:0",), NOW)
    )
    assert services.calls.draft(contact_id) == CallDraft(
        contact_id, None, "Wants a pilot in March", ("you:0",), NOW
    )
    services.followups.log(contact_id, Outcome.NOTE, NOW, "a note is not a call")
    assert services.calls.draft(contact_id) is not None
    services.followups.log(contact_id, Outcome.NO_ANSWER, NOW)
    assert services.calls.draft(contact_id) is None


def test_preview_shows_the_plan_and_stores_nothing(services: Services) -> None:
    contact_id = jane(services)
    first = services.followups.log(
        contact_id, Outcome.CONNECTED, NOW, "", NOW + timedelta(hours=2), "agreed"
    )
    agreed = first.created[0]
    plan = services.followups.preview(contact_id, Outcome.NO_ANSWER, agreed.id)
    assert [(f.step, f.due_at - NOW) for f in plan.create] == [(steps.RETRY, timedelta(minutes=15))]
    assert services.followups.open_for(contact_id) == (agreed,)


def test_serious_or_curious_is_asked_after_many_tries(
    services: Services, clock: FixedClock
) -> None:
    contact_id = jane(services)
    services.settings.save(services.settings.load().with_value(options.SERIOUS_OR_CURIOUS_AFTER, 3))
    for _ in range(2):
        services.followups.log(contact_id, Outcome.NO_ANSWER, clock.now())
        clock.set(clock.now() + timedelta(days=1))
    assert services.calls.sheet(contact_id).ask_serious_or_curious
    services.calls.mark(contact_id, ContactStatus.CURIOUS)
    assert not services.calls.sheet(contact_id).ask_serious_or_curious
    assert services.contacts.get(contact_id).status is ContactStatus.CURIOUS


def test_scripts_speak_of_the_reps_objective_not_the_engines_step_label(
    services: Services, clock: FixedClock
) -> None:
    contact_id = jane(services)
    services.followups.log(
        contact_id, Outcome.CONNECTED, NOW, "", NOW + timedelta(hours=3), "the pilot budget"
    )
    clock.set(NOW + timedelta(hours=3))
    services.followups.log(contact_id, Outcome.VOICEMAIL, clock.now())
    sheet = services.calls.sheet(contact_id)
    assert sheet.objective == "the pilot budget"  # the engine carries the objective on
    assert "The reason I was calling: talk about the pilot budget." in card_text(sheet, Part.ME)
    stranger = services.contacts.add(Contact(name="Lee", company="Lee & Co"))
    services.followups.log(stranger, Outcome.VOICEMAIL, clock.now())
    assert "how we could help Lee & Co" in card_text(services.calls.sheet(stranger), Part.ME)


def test_the_calls_kept_for_later_read_as_the_call_screen_does_for_each_contact(
    services: Services, tmp_path: Path
) -> None:
    """The calls kept for a start while a team server is away are read for all their
    contacts at once; each sheet built from them is the one the store builds."""
    from followup_desktop.core.plain_data import from_plain, to_plain
    from followup_desktop.services.call_desk import KeptCallDesk
    from followup_desktop.services.kept_sheets import KeptSheets
    from followup_desktop.store.outbox import Outbox

    jane_id = jane(services)
    quiet = services.contacts.add(Contact(name="Li Wei", company="Quiet Co"))
    gone = services.contacts.add(Contact(name="Gone Ltd"))
    for day in range(25):  # more steps than a sheet reads: each contact's newest 20 kept
        services.followups.log(
            jane_id, Outcome.NO_ANSWER, at=NOW - timedelta(days=30 - day), notes=f"try {day}"
        )
    services.followups.log(
        jane_id,
        Outcome.CONNECTED,
        notes="Send the deck",
        at=NOW - timedelta(hours=2),
        agreed_next=NOW + timedelta(days=1),
        commitment=CommitmentRequest("Send the deck", NOW + timedelta(hours=20)),
    )
    services.contacts.delete(gone)
    # Ana agreed to a call at the first time Li's call would offer: it offers another.
    first_offer = services.calls.sheet(quiet).offered_slots[0]
    ana = services.contacts.add(Contact(name="Ana Lopez"))
    services.followups.log(ana, Outcome.CONNECTED, agreed_next=first_offer)

    kept = services.calls.for_later([quiet, gone, jane_id])
    assert [c.contact.name for c in kept.contacts] == ["Li Wei", "Jane Smith"]
    desk = KeptCallDesk(kept, Outbox(tmp_path / "outbox.sqlite3"), services.clock)
    for contact_id in (jane_id, quiet):
        assert desk.sheet(contact_id, None, None) == services.calls.sheet(contact_id)
    assert first_offer in kept.planned_calls
    assert first_offer not in desk.sheet(quiet, None, None).offered_slots
    # Calls kept before the planned calls were still read, without them.
    plain = to_plain(kept)
    del plain["planned_calls"]
    assert from_plain(KeptSheets, plain) == replace(kept, planned_calls=())
    (jane_kept,) = [c for c in kept.contacts if c.contact.id == jane_id]
    assert len(jane_kept.recent_follow_ups) == 20 and len(jane_kept.touches) == 26
    assert [p.description for p in jane_kept.commitments] == ["Send the deck"]


def paris_contact(services: Services) -> int:
    return services.contacts.add(
        Contact(name="Claire Martin", company="Lumen", time_zone="Europe/Paris")
    )


def test_a_call_after_a_visit_thanks_them_for_the_day_they_actually_met(
    services: Services, clock: FixedClock
) -> None:
    """A visit in the morning is followed up that afternoon: "thanks for your time today".
    A visit after the cut-off is followed up the next morning, a Friday visit on Monday:
    those calls thank them for yesterday, or for Friday, never for "today"."""
    same_day = paris_contact(services)
    visit = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)  # Mon 09:30 in Paris
    services.followups.log(same_day, Outcome.VISIT, visit, "Wants a pilot for Lyon.")
    (call,) = services.followups.open_for(same_day)
    assert call.step == steps.SAME_DAY
    clock.set(call.due_at)
    you = card_text(services.calls.sheet(same_day), Part.YOU)
    assert "Thanks again for your time today." in you

    next_morning = paris_contact(services)
    late_visit = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # Mon 16:00 in Paris
    services.followups.log(next_morning, Outcome.VISIT, late_visit, "Wants a pilot for Lyon.")
    (call,) = services.followups.open_for(next_morning)
    assert call.step == steps.NEXT_MORNING
    clock.set(call.due_at)  # Tue 09:30
    sheet = services.calls.sheet(next_morning)
    you = card_text(sheet, Part.YOU)
    assert "today" not in you
    assert "Thanks again for your time yesterday." in you
    assert "I noted: “Wants a pilot for Lyon”." in you
    # The afternoon call, made only the next morning, says so too.
    clock.set(datetime(2026, 11, 24, 8, 0, tzinfo=UTC))
    you = card_text(services.calls.sheet(same_day), Part.YOU)
    assert "Thanks again for your time yesterday." in you

    friday = paris_contact(services)
    services.followups.log(friday, Outcome.VISIT, datetime(2026, 11, 27, 15, 0, tzinfo=UTC))
    (call,) = services.followups.open_for(friday)
    clock.set(call.due_at)  # Mon 30 Nov 09:30
    you = card_text(services.calls.sheet(friday), Part.YOU)
    assert "Thanks again for your time on Friday." in you


def test_an_older_database_gets_the_cards_of_a_situation_it_has_none_of(
    services: Services,
) -> None:
    """A database made before the next-day cards existed: the rep's edited cards stay,
    and the new situation's cards are added the next time the app starts."""
    services.calls.save_card(ScriptCard("same-day", "you", "Hi {first_name}, my own words"))
    with services.db.writing() as session:
        from followup_desktop.store.schema import ScriptCardRow

        session.query(ScriptCardRow).filter(ScriptCardRow.situation == "next-day").delete()
    reopened = open_services(services.paths, services.clock)
    cards = reopened.calls.cards()
    reopened.close()
    assert [c.text for c in cards if (c.situation, c.part) == ("same-day", "you")] == [
        "Hi {first_name}, my own words"
    ]
    added = [c for c in cards if c.situation == "next-day"]
    assert {c.part for c in added} == {"you", "me", "next"}
    # Her same-day cards rewritten: the next-day set starts as hers (her words, her
    # language), not as our English she never saw.
    assert [c.text for c in added if c.part == "you"] == ["Hi {first_name}, my own words"]
    ours = [c for c in default_cards() if c.situation == "next-day"]
    mine = [c for c in cards if c.situation == "same-day"]
    assert sorted((c.part, c.text) for c in added) == sorted((c.part, c.text) for c in mine)
    assert sorted((c.part, c.text) for c in added) != sorted((c.part, c.text) for c in ours)


def test_an_older_database_with_our_same_day_cards_gets_our_next_day_cards(
    services: Services,
) -> None:
    with services.db.writing() as session:
        from followup_desktop.store.schema import ScriptCardRow

        session.query(ScriptCardRow).filter(ScriptCardRow.situation == "next-day").delete()
    reopened = open_services(services.paths, services.clock)
    cards = reopened.calls.cards()
    reopened.close()
    added = sorted((c.part, c.text) for c in cards if c.situation == "next-day")
    ours = sorted((c.part, c.text) for c in default_cards() if c.situation == "next-day")
    assert added == ours


def test_a_voicemail_calls_objective_is_in_the_reps_words(
    services: Services, clock: FixedClock
) -> None:
    """The call after a voicemail said "Objective: voicemail series, step 2" on the call
    screen: the engine's wording, not what a rep would write. A call
    planned before the change, with the old words stored, reads the same new way."""
    contact_id = jane(services)
    services.followups.log(contact_id, Outcome.VOICEMAIL, NOW)
    (call,) = services.followups.open_for(contact_id)
    clock.set(call.due_at)
    sheet = services.calls.sheet(contact_id)
    assert sheet.objective == "try again; leave a short message if they do not pick up"

    assert call.id is not None
    with services.db.writing() as session:
        from followup_desktop.store.schema import FollowUpRow

        row = session.get(FollowUpRow, call.id)
        assert row is not None
        row.objective = "voicemail series, step 2"
    assert services.calls.sheet(contact_id).objective == sheet.objective
