"""A wrong number keeps the contact in the rep's day: a step to find the right number on
her next business morning, finished by saving a new number, which plans the next call and
says so in the history. The real engine and store (SQLite, or PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from followup_desktop.core import steps
from followup_desktop.core.away import AwayPeriod
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import (
    Contact,
    ContactStatus,
    Deal,
    DealStage,
    FollowUpKind,
    FollowUpState,
    Outcome,
    Phone,
)
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import Services, open_services

LOGGED = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # Monday: 16:00 in Paris, 09:00 in Chicago
MORNING = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)  # Tuesday 09:30 in Paris, the rep's zone
WRONG, RIGHT = "+13125550142", "+13125550199"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(LOGGED)


@pytest.fixture
def services(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FixedClock
) -> Iterator[Services]:
    monkeypatch.setenv("TZ", "Europe/Paris")
    opened = open_services(AppPaths(tmp_path / "data"), clock)
    yield opened
    opened.close()


def wrong_number(services: Services) -> int:
    contact_id = services.contacts.add(
        Contact(name="Jane Smith", phones=[Phone(WRONG)], time_zone="America/Chicago")
    )
    services.followups.log(contact_id, Outcome.NO_ANSWER, LOGGED - timedelta(days=3))
    services.followups.log(contact_id, Outcome.WRONG_NUMBER, LOGGED)
    return contact_id


def day_of(services: Services, start: datetime) -> list[tuple[str, str]]:
    entries = services.followups.agenda(start, start + timedelta(days=1))
    return [
        (e.contact_name, steps.describe(e.item.follow_up.step, e.item.follow_up.objective))
        for e in entries
    ]


def test_after_a_wrong_number_the_contact_is_on_the_next_mornings_list(
    services: Services,
) -> None:
    contact_id = wrong_number(services)
    (search,) = services.followups.open_for(contact_id)
    assert (search.kind, search.step, search.due_at) == (
        FollowUpKind.TASK,
        steps.FIND_NUMBER,
        MORNING,
    )
    tuesday = datetime(2026, 11, 23, 23, 0, tzinfo=UTC)  # midnight in Paris
    assert day_of(services, tuesday) == [("Jane Smith", "Find the right number")]
    # Not a prospect with nothing planned any more: the list shows when she comes up.
    (row,) = services.contacts.page()
    assert row.next_follow_up_at == MORNING


def test_saving_a_new_number_finishes_the_search_and_plans_the_call(
    services: Services, clock: FixedClock
) -> None:
    contact_id = wrong_number(services)
    (search,) = services.followups.open_for(contact_id)
    clock.set(MORNING + timedelta(minutes=10))  # 03:40 in Chicago
    opened = services.contacts.get(contact_id)
    edited = services.contacts.get(contact_id)
    edited.phones = [Phone(RIGHT)]
    saved = services.deals.save_edit(opened, edited, None)

    assert services.followups.get(search.id or 0).state is FollowUpState.DONE
    (call,) = services.followups.open_for(contact_id)
    their_morning = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # Tuesday 09:00 in Chicago
    assert (call.kind, call.step, call.due_at) == (
        FollowUpKind.CALL,
        steps.NEW_NUMBER,
        their_morning,
    )
    assert call.attempt == 2
    said = "New number saved: +1 312-555-0199. Call planned for Tue 24 Nov 09:00 their time."
    assert saved.said == said
    history = services.followups.history(contact_id)
    assert [(e.what, e.detail) for e in history[:2]] == [
        ("Call on the new number", ""),
        ("Note", said),
    ]
    assert ("Find the right number", "done") in [(e.what, e.state) for e in history]
    (row,) = services.contacts.page()
    assert row.next_follow_up_at == their_morning


def test_a_save_that_keeps_the_numbers_leaves_the_search_open(
    services: Services, clock: FixedClock
) -> None:
    contact_id = wrong_number(services)
    clock.set(MORNING)
    opened = services.contacts.get(contact_id)
    edited = services.contacts.get(contact_id)
    edited.company = "Acme"
    assert services.deals.save_edit(opened, edited, None).said == ""
    (still,) = services.followups.open_for(contact_id)
    assert still.step == steps.FIND_NUMBER and still.state is FollowUpState.OPEN


def test_the_search_can_be_skipped_from_today_and_leaves_nothing_planned(
    services: Services,
) -> None:
    contact_id = wrong_number(services)
    (search,) = services.followups.open_for(contact_id)
    services.day.skip(search.id or 0, "no other number anywhere")
    assert services.followups.open_for(contact_id) == ()
    (row,) = services.contacts.page()
    assert row.next_follow_up_at is None


def test_a_wrong_number_logged_before_time_away_is_looked_into_on_her_return(
    services: Services,
) -> None:
    services.away.set(AwayPeriod(date(2026, 11, 24), date(2026, 11, 26)))
    contact_id = wrong_number(services)
    (search,) = services.followups.open_for(contact_id)
    # Back on Friday 27 November: the same 09:30, her time.
    assert search.step == steps.FIND_NUMBER
    assert search.due_at == datetime(2026, 11, 27, 8, 30, tzinfo=UTC)


def test_time_away_set_after_a_wrong_number_moves_the_search_on_her_clock(
    services: Services,
) -> None:
    """Before: moved on the contact's clock, to Friday 09:00 in Chicago (16:00 hers)."""
    contact_id = wrong_number(services)
    report = services.away.set(AwayPeriod(date(2026, 11, 24), date(2026, 11, 26)))
    assert report.moved == 1
    (search,) = services.followups.open_for(contact_id)
    # Back on Friday 27 November: the same 09:30, her time, as when logged during time away.
    assert search.step == steps.FIND_NUMBER
    assert search.due_at == datetime(2026, 11, 27, 8, 30, tzinfo=UTC)


def test_the_call_sheet_says_the_number_is_wrong_here_and_when_kept(
    services: Services, tmp_path: Path
) -> None:
    """Before: the sheet for a call from Contacts, or from the day kept while the team
    server is away, gave no warning over the number that reached someone else."""
    from followup_desktop.services.call_desk import KeptCallDesk
    from followup_desktop.store.outbox import Outbox

    contact_id = wrong_number(services)
    said = ("Wrong number: correct the phone number before calling.",)
    assert services.calls.sheet(contact_id).warnings == said
    kept = services.calls.for_later([contact_id])
    desk = KeptCallDesk(kept, Outbox(tmp_path / "outbox.sqlite3"), services.clock)
    assert desk.sheet(contact_id, None, None).warnings == said
    # Put right: the next call's sheet says nothing of it.
    opened = services.contacts.get(contact_id)
    edited = services.contacts.get(contact_id)
    edited.phones = [Phone(RIGHT)]
    services.deals.save_edit(opened, edited, None)
    assert services.calls.sheet(contact_id).warnings == ()


@pytest.mark.parametrize(("stage", "word"), [(DealStage.WON, "won"), (DealStage.LOST, "lost")])
def test_a_deal_won_or_lost_ends_the_search(
    services: Services, clock: FixedClock, stage: DealStage, word: str
) -> None:
    """Before: "Find the right number" stayed on her list over a deal already settled."""
    contact_id = wrong_number(services)
    (search,) = services.followups.open_for(contact_id)
    clock.set(MORNING)
    opened = services.contacts.get(contact_id)
    edited = services.contacts.get(contact_id)
    services.deals.save_edit(opened, edited, Deal(contact_id, "Pilot", 120_000, "EUR", stage))

    assert services.followups.open_for(contact_id) == ()
    assert services.followups.get(search.id or 0).state is FollowUpState.CANCELLED
    history = [(e.what, e.detail) for e in services.followups.history(contact_id)]
    assert ("Note", f"Find the right number ended: the deal is {word}.") in history
    (row,) = services.contacts.page()
    assert row.next_follow_up_at is None
    assert day_of(services, datetime(2026, 11, 23, 23, 0, tzinfo=UTC)) == []


@pytest.mark.parametrize("stage", [DealStage.WON, DealStage.LOST])
def test_the_right_number_saved_with_the_deal_settled_plans_no_call(
    services: Services, clock: FixedClock, stage: DealStage
) -> None:
    """Before: one save of the new number and the won deal planned "Call planned for Tue
    24 Nov 09:00 their time." on a customer already settled."""
    contact_id = wrong_number(services)
    (search,) = services.followups.open_for(contact_id)
    clock.set(MORNING)
    opened = services.contacts.get(contact_id)
    edited = services.contacts.get(contact_id)
    edited.phones = [Phone(RIGHT)]
    deal = Deal(contact_id, "Pilot", 120_000, "EUR", stage)

    saved = services.deals.save_edit(opened, edited, deal)

    assert saved.said == "New number saved: +1 312-555-0199."
    assert services.followups.open_for(contact_id) == ()
    assert services.followups.get(search.id or 0).state is FollowUpState.DONE
    assert services.contacts.get(contact_id).phones[0].number == RIGHT
    (row,) = services.contacts.page()
    assert row.next_follow_up_at is None


@pytest.mark.parametrize(("status", "word"), [("won", "won"), ("lost", "lost")])
def test_a_sheet_that_marks_the_contact_won_or_lost_ends_the_search(
    services: Services, clock: FixedClock, tmp_path: Path, status: str, word: str
) -> None:
    """Before: the import stored the status and "Find the right number" stayed on her list
    every morning, as the contact form's won or lost does not leave it."""
    contact_id = wrong_number(services)
    (search,) = services.followups.open_for(contact_id)
    clock.set(MORNING)
    sheet = tmp_path / "contacts.csv"
    sheet.write_text(f"Name,Phone 1 - Value,Status\nJane Smith,{WRONG},{status}\n")

    report = services.importing.import_files([sheet])

    assert report.summary() == "imported 0, updated 1, unchanged 0, rejected 0, warnings 0"
    assert services.contacts.get(contact_id).status.value == status
    assert services.followups.open_for(contact_id) == ()
    assert services.followups.get(search.id or 0).state is FollowUpState.CANCELLED
    history = [(e.what, e.detail) for e in services.followups.history(contact_id)]
    assert ("Note", f"Find the right number ended: the deal is {word}.") in history
    (row,) = services.contacts.page()
    assert row.next_follow_up_at is None
    assert day_of(services, datetime(2026, 11, 23, 23, 0, tzinfo=UTC)) == []


def test_a_deal_moved_on_but_open_keeps_the_search(services: Services) -> None:
    contact_id = wrong_number(services)
    opened = services.contacts.get(contact_id)
    edited = services.contacts.get(contact_id)
    deal = Deal(contact_id, "Pilot", 120_000, "EUR", DealStage.PROPOSAL)
    services.deals.save_edit(opened, edited, deal)
    (still,) = services.followups.open_for(contact_id)
    assert still.step == steps.FIND_NUMBER


def test_a_contact_saved_with_the_right_number_by_any_path_finishes_the_search(
    services: Services, clock: FixedClock
) -> None:
    """Before: ``ContactService.save`` (the sample data's, the benchmarks', scripts') stored
    the new number and left the search open over it, no call planned."""
    contact_id = wrong_number(services)
    (search,) = services.followups.open_for(contact_id)
    clock.set(MORNING + timedelta(minutes=10))
    edited = services.contacts.get(contact_id)
    edited.phones = [Phone(RIGHT)]
    services.contacts.save(edited)

    assert services.followups.get(search.id or 0).state is FollowUpState.DONE
    (call,) = services.followups.open_for(contact_id)
    assert (call.step, call.due_at) == (steps.NEW_NUMBER, datetime(2026, 11, 24, 15, 0, tzinfo=UTC))
    said = "New number saved: +1 312-555-0199. Call planned for Tue 24 Nov 09:00 their time."
    assert ("Note", said) in [(e.what, e.detail) for e in services.followups.history(contact_id)]


def test_the_right_number_found_after_the_agreed_call_passed_plans_a_call_on_it(
    services: Services, clock: FixedClock
) -> None:
    """The wrong number answered the call agreed for Monday 09:00 in Chicago and left it
    open. Before: the number saved on Tuesday planned nothing and the history said "The
    call planned for Mon 23 Nov 09:00 rings it.", a time gone; now the call on the new
    number is planned and the agreed one, passed, is replaced by it."""
    contact_id = services.contacts.add(
        Contact(name="Jane Smith", phones=[Phone(WRONG)], time_zone="America/Chicago")
    )
    services.followups.log(
        contact_id, Outcome.CONNECTED, LOGGED - timedelta(days=3), agreed_next=LOGGED
    )
    (agreed,) = services.followups.open_for(contact_id)
    services.followups.log(contact_id, Outcome.WRONG_NUMBER, LOGGED, follow_up_id=agreed.id)
    assert services.followups.get(agreed.id or 0).state is FollowUpState.OPEN
    clock.set(MORNING + timedelta(minutes=10))  # Tuesday 03:40 in Chicago

    edited = services.contacts.get(contact_id)
    edited.phones = [Phone(RIGHT)]
    saved = services.deals.save_edit(services.contacts.get(contact_id), edited, None)

    their_morning = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # Tuesday 09:00 in Chicago
    assert saved.said == (
        "New number saved: +1 312-555-0199. Call planned for Tue 24 Nov 09:00 their time."
    )
    (call,) = services.followups.open_for(contact_id)
    assert (call.step, call.due_at) == (steps.NEW_NUMBER, their_morning)
    assert services.followups.get(agreed.id or 0).state is FollowUpState.SUPERSEDED
    (row,) = services.contacts.page()
    assert row.next_follow_up_at == their_morning


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("contacts.csv", f"Name,Phone 1 - Value,Phone 2 - Value\nJane Smith,{WRONG},{RIGHT}\n"),
        (
            "contacts.vcf",
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Smith\r\nTEL:{WRONG}\r\n"
            f"TEL:{RIGHT}\r\nEND:VCARD\r\n",
        ),
    ],
)
def test_a_file_that_brings_the_right_number_finishes_the_search(
    services: Services, clock: FixedClock, tmp_path: Path, name: str, text: str
) -> None:
    """Before: the re-import added the number and left "Find the right number" open, no
    call planned on it."""
    contact_id = wrong_number(services)
    (search,) = services.followups.open_for(contact_id)
    clock.set(MORNING + timedelta(minutes=10))
    sheet = tmp_path / name
    sheet.write_text(text)

    report = services.importing.import_files([sheet])

    assert report.summary() == "imported 0, updated 1, unchanged 0, rejected 0, warnings 0"
    assert services.followups.get(search.id or 0).state is FollowUpState.DONE
    (call,) = services.followups.open_for(contact_id)
    their_morning = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    assert (call.step, call.due_at) == (steps.NEW_NUMBER, their_morning)
    said = "New number saved: +1 312-555-0199. Call planned for Tue 24 Nov 09:00 their time."
    assert ("Note", said) in [(e.what, e.detail) for e in services.followups.history(contact_id)]
    # The call on it rings the number found first, the wrong one kept last.
    assert [p.number for p in services.contacts.get(contact_id).phones] == [RIGHT, WRONG]
    (row,) = services.contacts.page()
    assert row.next_follow_up_at == their_morning


@pytest.mark.parametrize(
    ("status", "word"), [(ContactStatus.WON, "won"), (ContactStatus.LOST, "lost")]
)
def test_a_contact_saved_won_or_lost_without_a_deal_ends_the_search(
    services: Services, clock: FixedClock, status: ContactStatus, word: str
) -> None:
    """Before: ``ContactService.save`` stored the status and "Find the right number" stayed
    on her list every morning over a customer already settled."""
    contact_id = wrong_number(services)
    (search,) = services.followups.open_for(contact_id)
    clock.set(MORNING)
    edited = services.contacts.get(contact_id)
    edited.status = status
    services.contacts.save(edited)

    assert services.followups.open_for(contact_id) == ()
    assert services.followups.get(search.id or 0).state is FollowUpState.CANCELLED
    history = [(e.what, e.detail) for e in services.followups.history(contact_id)]
    assert ("Note", f"Find the right number ended: the deal is {word}.") in history
    (row,) = services.contacts.page()
    assert row.next_follow_up_at is None
