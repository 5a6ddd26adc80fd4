"""Logging through the service: one transaction, history kept, contact list columns true."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from followup_desktop.core.cadence import CommitmentRequest
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Outcome
from followup_desktop.paths import AppPaths
from followup_desktop.services import followups as followups_module
from followup_desktop.services.session import Services, open_services
from followup_desktop.store.schema import CommitmentRow, FollowUpRow, TouchRow

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


@pytest.fixture
def services(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Services:
    monkeypatch.setenv("TZ", "Europe/Paris")
    opened = open_services(AppPaths(tmp_path / "data"), FixedClock(NOW))
    yield opened
    opened.close()


def rows(services: Services, table: type) -> list:  # type: ignore[type-arg]
    """In the order they were written (a server gives no order without one)."""
    with services.db.reading() as session:
        return list(session.scalars(select(table).order_by(table.id)))


def test_a_replanned_follow_up_is_superseded_not_deleted(services: Services) -> None:
    contact_id = services.contacts.add(Contact(name="Jane", time_zone="America/Chicago"))
    first = services.followups.log(
        contact_id,
        Outcome.CONNECTED,
        NOW,
        "liked the demo",
        datetime(2026, 11, 24, 16, 0, tzinfo=UTC),
    )
    services.followups.log(
        contact_id,
        Outcome.CONNECTED,
        NOW,
        "moved it",
        datetime(2026, 11, 25, 16, 0, tzinfo=UTC),
        follow_up_id=first.created[0].id,
    )
    states = sorted((row.step, row.state) for row in rows(services, FollowUpRow))
    assert states == [("agreed-call", "done"), ("agreed-call", "open")]
    assert [t.notes for t in rows(services, TouchRow)] == ["liked the demo", "moved it"]
    (summary,) = services.contacts.page()
    assert summary.next_follow_up_at == datetime(2026, 11, 25, 16, 0, tzinfo=UTC)


def test_attempts_column_counts_tries_since_the_last_connection(services: Services) -> None:
    contact_id = services.contacts.add(Contact(name="Dana", time_zone="Asia/Kolkata"))
    for _ in range(3):
        services.followups.log(contact_id, Outcome.VOICEMAIL, NOW)
    assert services.contacts.page()[0].attempts == 3
    services.followups.log(contact_id, Outcome.CONNECTED, NOW)
    assert services.contacts.page()[0].attempts == 0


def test_commitment_is_stored_with_its_task(services: Services) -> None:
    contact_id = services.contacts.add(Contact(name="Priya"))
    promised = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    result = services.followups.log(
        contact_id, Outcome.CONNECTED, NOW, commitment=CommitmentRequest("proposal", promised)
    )
    (commitment,) = rows(services, CommitmentRow)
    task = next(f for f in result.created if f.step == "commitment")
    assert (commitment.description, commitment.due_at, commitment.follow_up_id) == (
        "proposal",
        promised,
        task.id,
    )


def test_a_failure_while_storing_the_plan_stores_nothing(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    contact_id = services.contacts.add(Contact(name="Marcus"))

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(followups_module.followups_repo, "refresh_contact_summary", broken)
    with pytest.raises(OSError):
        services.followups.log(
            contact_id, Outcome.CONNECTED, NOW, "notes", datetime(2026, 11, 24, 9, tzinfo=UTC)
        )
    assert rows(services, TouchRow) == []
    assert rows(services, FollowUpRow) == []


def test_agenda_lists_overdue_first_with_contact_names(services: Services) -> None:
    jane = services.contacts.add(Contact(name="Jane"))
    dana = services.contacts.add(Contact(name="Dana"))
    services.followups.log(
        jane, Outcome.CONNECTED, NOW, agreed_next=datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
    )
    services.followups.log(
        dana, Outcome.CONNECTED, NOW, agreed_next=datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
    )
    start, end = services.followups.today()
    entries = services.followups.agenda(start, end)
    assert [(e.contact_name, e.item.overdue) for e in entries] == [("Jane", True), ("Dana", False)]


def test_agenda_page_is_the_start_of_each_group_with_true_counts(services: Services) -> None:
    """The Today view and the tray read a page of the agenda: the same rows, in the same
    order, as the first ones of each group of the full agenda, and each group's size."""
    from datetime import timedelta

    from followup_desktop.core.model import FollowUp, FollowUpKind
    from followup_desktop.store import followups_repo

    people = [services.contacts.add(Contact(name=f"Person {n}")) for n in range(6)]
    start, end = services.followups.today()
    # Overdue (some days old, several at the same minute), later today, and tomorrow;
    # ties at one due time sort by contact, as the full agenda does.
    moments = [NOW - timedelta(days=2, minutes=n % 3) for n in range(13)]
    moments += [NOW + timedelta(minutes=10 * (n % 4)) for n in range(9)]
    moments += [end + timedelta(hours=1)] * 3
    with services.db.writing() as session:
        for number, due in enumerate(moments):
            followups_repo.add_follow_up(
                session,
                FollowUp(people[(7 * number) % 6], FollowUpKind.CALL, "retry", due),
            )
    services.contacts.delete(people[5])  # a deleted contact's follow-ups leave the agenda
    full = services.followups.agenda(start, end)
    overdue = [e for e in full if e.item.overdue]
    upcoming = [e for e in full if not e.item.overdue]
    assert len(overdue) == 11 and len(upcoming) == 8  # people[5] had 2 + 1

    def ids(entries: list) -> list[int | None]:  # type: ignore[type-arg]
        return [e.item.follow_up.id for e in entries]

    for limit in (1, 4, 7, 11, 50):
        page = services.followups.agenda_page(start, end, limit)
        assert (page.overdue, page.upcoming, page.count) == (11, 8, 19)
        assert ids(page.entries) == ids(overdue[:limit] + upcoming[:limit])
        assert [e.contact_name for e in page.entries] == [
            e.contact_name for e in overdue[:limit] + upcoming[:limit]
        ]

    # The tray's view: the next few calls and the counts of everything.
    today = services.reminders.today(listed=3)
    assert ids(list(today.upcoming)) == ids(upcoming[:3])
    assert (today.overdue, today.upcoming_count, today.count) == (11, 8, 19)


def test_a_promise_made_as_soon_as_possible_is_due_today_not_overdue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Priya asked for the pricing sheet as soon as possible at 16:00 (Paris); two minutes
    later Today listed it in red under "Overdue". It is due now by nature: under Today
    for the rest of the day, overdue only from the next one."""
    from datetime import timedelta

    monkeypatch.setenv("TZ", "Europe/Paris")
    clock = FixedClock(NOW)
    services = open_services(AppPaths(tmp_path / "data"), clock)
    try:
        priya = services.contacts.add(Contact(name="Priya Nair"))
        jane = services.contacts.add(Contact(name="Jane"))
        services.followups.log(
            jane, Outcome.CONNECTED, NOW, agreed_next=NOW - timedelta(minutes=30)
        )
        services.followups.log(
            priya,
            Outcome.CONNECTED,
            NOW,
            commitment=CommitmentRequest("the pricing sheet", None, asap=True),
        )
        clock.set(NOW + timedelta(minutes=2))
        day = services.followups.today_agenda()
        listed = [(e.contact_name, e.item.overdue) for e in day.entries]
        assert listed == [("Jane", True), ("Priya Nair", False)]
        assert (day.page.overdue, day.page.upcoming) == (1, 1)
        start, end = services.followups.today()
        full = services.followups.agenda(start, end)
        assert [(e.contact_name, e.item.overdue) for e in full] == listed
        tray = services.reminders.today()
        assert [e.contact_name for e in tray.upcoming] == ["Priya Nair"]
        assert (tray.overdue, tray.upcoming_count) == (1, 1)
        clock.set(NOW + timedelta(days=1))  # still not sent the next day: late now
        overdue = [e.contact_name for e in services.followups.today_agenda().entries]
        assert overdue == ["Jane", "Priya Nair"]
        assert services.followups.today_agenda().page.overdue == 2
    finally:
        services.close()
