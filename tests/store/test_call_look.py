"""The call screen's first look (``store.call_look``, sqlite3 alone) reads what the
repositories read: the same contact, touches, follow-ups, promises, cards, notes and
meetings, typed alike, from a real file with a call history in it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from followup_desktop.core import call_sheet
from followup_desktop.core import settings as options
from followup_desktop.core.away import AwayPeriod
from followup_desktop.core.cadence_model import CommitmentRequest
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import (
    CallDraft,
    CallTimer,
    Contact,
    ContactStatus,
    Email,
    Outcome,
    Phone,
    Style,
)
from followup_desktop.paths import AppPaths
from followup_desktop.services.early_desk import EarlyCallDesk
from followup_desktop.services.session import Services, open_services
from followup_desktop.store import calendar_repo, calls_repo, contacts_repo, followups_repo
from followup_desktop.store.call_look import CallLook
from followup_desktop.store.schema import FollowUpRow

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
# How far on the call screen reads meetings and planned calls (call_sheet.times_to_check).
LOOK_AHEAD = timedelta(days=21)


def _book(services: Services) -> dict[str, int]:
    """Four contacts with a history each: talked, a promise, a ladder of missed calls,
    notes typed and not logged, a deleted one; and the rep's meetings."""
    contacts = services.contacts
    anna = contacts.add(
        Contact(
            name="Anna Kowalska",
            company="Vistula",
            title="CFO",
            emails=[Email("anna@vistula.pl", "work"), Email("a.k@example.org", "home")],
            phones=[Phone("+48221234567", "office"), Phone("0800 NOT A NUMBER", "", False)],
            time_zone="Europe/Warsaw",
            style=Style.PERSONAL,
            personal_notes="Two kids; sails.",
        )
    )
    ben = contacts.add(Contact(name="Ben Okafor", phones=[Phone("+2348031234567")]))
    cleo = contacts.add(Contact(name="Cléo Martin", status=ContactStatus.CURIOUS))
    gone = contacts.add(Contact(name="Gone Person"))
    log = services.followups.log
    log(
        anna,
        Outcome.CONNECTED,
        at=NOW - timedelta(days=3),
        notes="Budget approved; wants the proposal.",
        agreed_next=NOW + timedelta(days=1, hours=2),
        objective="walk through the proposal",
        commitment=CommitmentRequest("proposal", NOW + timedelta(hours=20)),
        timed=CallTimer(NOW - timedelta(days=3, minutes=7), NOW - timedelta(days=3)),
    )
    for days in (4, 2, 1):
        log(ben, Outcome.NO_ANSWER, at=NOW - timedelta(days=days))
    log(cleo, Outcome.VOICEMAIL, at=NOW - timedelta(hours=5), notes="Left the short one.")
    log(gone, Outcome.CONNECTED, at=NOW - timedelta(days=1))
    services.contacts.delete(gone)
    services.calls.save_draft(CallDraft(cleo, None, "Ask about Q1", ("opener",), NOW))
    with services.db.writing() as session:
        calendar_repo.replace_busy(
            session,
            [
                (NOW - timedelta(days=2), NOW - timedelta(days=2, hours=-1)),  # long gone
                (NOW - timedelta(hours=1), NOW + timedelta(minutes=30)),  # on now
                (NOW + timedelta(days=1), NOW + timedelta(days=1, hours=1)),
            ],
        )
    return {"anna": anna, "ben": ben, "cleo": cleo, "gone": gone}


def test_the_file_s_first_look_at_a_call_reads_what_the_store_reads(tmp_path: Path) -> None:
    services = open_services(AppPaths(tmp_path / "data"), FixedClock(NOW))
    try:
        ids = _book(services)
        # Dora agreed to a call at the first time Ben's call would offer: it offers another.
        first_offer = services.calls.sheet(ids["ben"]).offered_slots[0]
        dora = services.contacts.add(Contact(name="Dora Ito"))
        services.followups.log(dora, Outcome.CONNECTED, at=NOW, agreed_next=first_offer)
        offered = services.calls.sheet(ids["ben"]).offered_slots
        # Eve's number reached someone else: the store's sheet warns before calling.
        eve = services.contacts.add(Contact(name="Eve Ng", phones=[Phone("+6591234567")]))
        services.followups.log(eve, Outcome.WRONG_NUMBER, at=NOW - timedelta(hours=1))
        warned = services.calls.sheet(eve).warnings
        assert warned == ("Wrong number: correct the phone number before calling.",)
        settings, rep_zone = services.settings.load(), services.followups.rep_zone()
        with services.db.reading() as session:
            follow_up_ids = [row.id for row in session.query(FollowUpRow)]
            stored = {
                contact_id: (
                    contacts_repo.get(session, contact_id),
                    followups_repo.touches(session, contact_id),
                    followups_repo.open_follow_ups(session, contact_id),
                    followups_repo.recent_follow_ups(session, contact_id),
                    calls_repo.commitments(session, contact_id),
                    calls_repo.draft(session, contact_id),
                    contacts_repo.contact_history(session, contact_id),
                    followups_repo.last_touches(session, [contact_id]).get(contact_id),
                )
                for contact_id in ids.values()
            }
            follow_ups = {i: followups_repo.get(session, i) for i in follow_up_ids}
            cards = calls_repo.cards(session)
            busy = calendar_repo.busy_between(session, NOW, NOW + LOOK_AHEAD)
            planned = followups_repo.planned_calls_between(session, NOW, NOW + LOOK_AHEAD)
    finally:
        services.close()

    look = CallLook.open(tmp_path / "data" / "followup.sqlite3")
    assert look is not None
    with look:
        for contact_id, expected in stored.items():
            assert (
                look.contact(contact_id),
                look.touches(contact_id),
                look.open_follow_ups(contact_id),
                look.recent_follow_ups(contact_id),
                look.call_inputs(contact_id, None, NOW, NOW + LOOK_AHEAD).commitments
                if look.contact(contact_id)
                else (),
                look.draft(contact_id),
                look.history(contact_id),
                look.last_touch(contact_id),
            ) == expected
        assert {i: look.follow_up(i) for i in follow_up_ids} == follow_ups
        inputs = look.call_inputs(ids["anna"], None, NOW, NOW + LOOK_AHEAD)
        assert inputs is not None
        assert inputs.cards == cards and len(cards) > 10  # the default script's cards
        assert inputs.busy == busy and len(busy) == 2  # the one long gone left out
        # The calls planned with anyone; the times a call offers keep clear of them, from
        # the file as from the store.
        assert inputs.planned_calls == planned and first_offer in planned
        bens = look.call_inputs(ids["ben"], None, NOW, NOW + LOOK_AHEAD)
        assert bens is not None
        from_file = call_sheet.build(bens, settings, NOW, rep_zone).offered_slots
        assert from_file == offered and first_offer not in offered
        # A call opened just after a start warns of the wrong number as the store's does.
        eves = look.call_inputs(eve, None, NOW, NOW + LOOK_AHEAD)
        assert eves is not None and eves.number_wrong and not inputs.number_wrong
        assert call_sheet.build(eves, settings, NOW, rep_zone).warnings == warned
        # What the rows hold came through typed: aware times, flags, the second phone.
        assert inputs.follow_up is not None and inputs.follow_up.agreed is True
        assert inputs.follow_up.due_at.tzinfo is not None
        assert [p.checked for p in inputs.contact.phones] == [True, False]
        assert all(isinstance(p.checked, bool) for p in inputs.contact.phones)
        assert inputs.touches[0].seconds == 420
    # The deleted contact is not there to call; a follow-up not hers is refused.
    with CallLook.open(tmp_path / "data" / "followup.sqlite3") as look:  # type: ignore[union-attr]
        assert look.call_inputs(ids["gone"], None, NOW, NOW + LOOK_AHEAD) is None
        bens = stored[ids["ben"]][2]
        assert look.call_inputs(ids["anna"], bens[0].id, NOW, NOW + LOOK_AHEAD) is None


def test_a_call_opened_from_the_file_offers_times_clear_of_what_is_planned_after_time_away(
    tmp_path: Path,
) -> None:
    """Away from Monday for two weeks: the offers start on her return, 18 days on, and the
    first look reads her planned calls there, as the store does."""
    clock = FixedClock(datetime(2026, 12, 17, 9, 0, tzinfo=UTC))
    paths = AppPaths(tmp_path / "data")
    services = open_services(paths, clock)
    try:
        services.settings.save(
            services.settings.load().with_value(options.REP_TIME_ZONE, "Europe/Paris")
        )
        services.away.set(AwayPeriod(date(2026, 12, 21), date(2027, 1, 3)))
        jane = services.contacts.add(Contact(name="Jane Smith", time_zone="Europe/Paris"))
        first = services.calls.sheet(jane).offered_slots[0]
        # Ana agreed to a call at the first time Jane's call offers after the rep is back.
        ana = services.contacts.add(Contact(name="Ana Lopez"))
        services.followups.log(ana, Outcome.CONNECTED, at=clock.now(), agreed_next=first)
        offered = services.calls.sheet(jane).offered_slots
        settings = services.settings.load()
    finally:
        services.close()
    assert first >= datetime(2027, 1, 4, tzinfo=ZoneInfo("Europe/Paris"))
    assert first not in offered
    desk = EarlyCallDesk(paths.database, settings, clock)
    assert desk.sheet(jane, None, None).offered_slots == offered


def test_a_look_at_a_call_reads_the_file_as_it_was_when_it_began(tmp_path: Path) -> None:
    """The sheet's reads are one moment of the file: a call logged by the store while the
    look reads does not show in half of them (a history without its touch, say)."""
    services = open_services(AppPaths(tmp_path / "data"), FixedClock(NOW))
    try:
        ben = services.contacts.add(Contact(name="Ben Okafor", phones=[Phone("+2348031234567")]))
        look = CallLook.open(tmp_path / "data" / "followup.sqlite3")
        assert look is not None
        with look:
            assert look.touches(ben) == ()
            services.followups.log(ben, Outcome.NO_ANSWER, at=NOW - timedelta(hours=1))
            assert look.touches(ben) == ()  # still the moment it began
            assert look.last_touch(ben) is None
        with CallLook.open(tmp_path / "data" / "followup.sqlite3") as again:  # type: ignore[union-attr]
            assert [t.outcome for t in again.touches(ben)] == [Outcome.NO_ANSWER]
    finally:
        services.close()
