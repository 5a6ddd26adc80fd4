"""The first look at start-up (sqlite3 alone) paints what the store would: the same Today
page, read against the same settings; and it never touches a store it cannot read."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from followup_desktop.core import settings as options
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, FollowUp, FollowUpKind, FollowUpState
from followup_desktop.paths import AppPaths
from followup_desktop.services.first_look import first_paint
from followup_desktop.services.session import Services, open_services
from followup_desktop.store import followups_repo

pytestmark = pytest.mark.sqlite_file  # the file itself: not in the PostgreSQL run

# The morning Europe moves its clocks, half a second past: bounds are microsecond-exact.
NOW = datetime(2026, 3, 29, 7, 30, 0, 500_000, tzinfo=UTC)


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    opened = open_services(AppPaths(tmp_path / "data"), FixedClock(NOW))
    yield opened
    opened.close()


def plant(services: Services) -> None:
    """Overdue (a week ago to a minute ago), today's calls and tomorrow's, done ones, a
    deleted contact's, microsecond-exact times on the bounds, several zones."""
    zones = ("Europe/Paris", "America/Chicago", "Asia/Kolkata", "")
    ids = [
        services.contacts.add(
            Contact(
                name=f"Rep contact {n}", company="" if n % 3 else "Acme", time_zone=zones[n % 4]
            )
        )
        for n in range(12)
    ]
    moments = [
        NOW - timedelta(days=7),
        NOW - timedelta(minutes=1),
        NOW - timedelta(microseconds=1),
        NOW,
        NOW + timedelta(microseconds=1),
        NOW + timedelta(minutes=10),
        NOW + timedelta(hours=9),
        NOW + timedelta(hours=15),  # past midnight in Paris: tomorrow
        NOW + timedelta(days=2),
    ]
    with services.db.writing() as session:
        for n, due in enumerate(moments * 2):
            follow_up = FollowUp(
                ids[n % len(ids)],
                (FollowUpKind.CALL, FollowUpKind.EMAIL, FollowUpKind.TASK)[n % 3],
                f"step-{n}",
                due,
                f"objective {n}",
                agreed=n % 4 == 0,
                attempt=n % 5,
            )
            followups_repo.add_follow_up(session, follow_up)
        for n, due in enumerate(moments):
            done = FollowUp(ids[n], FollowUpKind.CALL, "done", due, state=FollowUpState.DONE)
            followups_repo.add_follow_up(session, done)
    services.contacts.delete(ids[5])


def test_the_first_look_paints_the_page_the_store_would(services: Services) -> None:
    plant(services)
    settings = services.settings.load()
    settings = settings.with_value(options.REP_TIME_ZONE, "Europe/Paris")
    settings = settings.with_value(options.REMINDER_LEAD_MIN, 25)
    services.settings.save(settings)
    services.settings.set_ui_state("main_window.geometry", "AdnQywADAAA=")
    database = services.paths.database
    for limit in (1, 3, 50):
        looked = first_paint(database, services.clock, limit)
        assert looked is not None
        expected = services.followups.today_agenda(limit)
        assert looked.today == expected
        assert looked.today.entries, "the planted day has rows"
    assert looked.today.rep_zone == "Europe/Paris"
    assert looked.today.lead == timedelta(minutes=25)
    assert looked.ui_state == {"main_window.geometry": "AdnQywADAAA="}


def test_an_empty_store_looks_empty(services: Services) -> None:
    looked = first_paint(services.paths.database, services.clock)
    assert looked is not None
    assert looked.today.page.count == 0 and looked.today.entries == []


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_no_store_yet_is_no_look_and_no_file(tmp_path: Path) -> None:
    database = tmp_path / "data" / "followup.sqlite3"
    assert first_paint(database, FixedClock(NOW)) is None
    assert not database.parent.exists()


def test_a_store_to_migrate_is_left_to_the_store(services: Services) -> None:
    database = services.paths.database
    services.close()
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0004'")
    before = digest(database)
    assert first_paint(database, FixedClock(NOW)) is None
    assert digest(database) == before


def test_a_file_that_is_no_database_is_no_look(tmp_path: Path) -> None:
    database = tmp_path / "followup.sqlite3"
    database.write_bytes(b"not a database at all" * 100)
    assert first_paint(database, FixedClock(NOW)) is None
    assert database.read_bytes() == b"not a database at all" * 100


def test_looking_writes_nothing(services: Services) -> None:
    plant(services)
    database = services.paths.database
    services.close()
    before = digest(database)
    assert first_paint(database, FixedClock(NOW)) is not None
    assert digest(database) == before


def plant_book(services: Services) -> None:
    """A book with names sharing starts, companies, e-mails and phones to search, empty
    values and ties in every column, marks, and deleted contacts."""
    from sqlalchemy import update

    from followup_desktop.core.model import Email, Phone
    from followup_desktop.store.schema import ContactRow

    firsts = ("Ana", "Anders", "Björn", "Zoë", "María", "Mark", "Jo", "O'Neil")
    ids = []
    for n in range(60):
        contact = Contact(
            name=f"{firsts[n % len(firsts)]} Smith-{n % 9}",
            company=("Acme", "Globex 100%", "", "Ünterberg & Co")[n % 4],
            emails=[Email(f"person{n}@example{n % 3}.com")] if n % 2 else [],
            phones=[Phone(f"+44 20 7946 0{n:03d}")] if n % 3 else [],
            time_zone="" if n % 5 else "Europe/London",
        )
        ids.append(services.contacts.add(contact))
    with services.db.writing() as session:
        for n, contact_id in enumerate(ids):
            session.execute(
                update(ContactRow)
                .where(ContactRow.id == contact_id)
                .values(
                    attempts=n % 4,
                    open_deal_value_minor=(n % 5) * 1000,
                    open_deal_currency=("", "EUR", "USD")[n % 3],
                    next_follow_up_at=None if n % 3 == 0 else NOW + timedelta(hours=n % 6),
                )
            )
    for contact_id in ids[::11]:
        services.contacts.delete(contact_id)


QUERIES = (
    "",
    "a",
    "an",
    "smith",
    "sm an",
    "ACME",
    "ünter",
    "unter",
    "100%",
    "%",
    "_",
    "example1",
    "7946 0012",
    "o'n",
    "zoe",
    "nobody",
    "jo smith-1",
)


@pytest.mark.parametrize("plan", [(3000, 20_000), (0, 20_000), (0, 0)])
def test_the_first_look_lists_what_the_store_would(
    services: Services, plan: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every search, order and page (each of the search's three plans), the rows read
    again by id and the counts: the same through sqlite3 alone as through the store."""
    from followup_desktop.core.model import ContactSort
    from followup_desktop.store import search_plan

    monkeypatch.setattr(search_plan, "SORT_HITS", plan[0])
    monkeypatch.setattr(search_plan, "WALK_HITS", plan[1])
    plant_book(services)
    looked = first_paint(services.paths.database, services.clock)
    assert looked is not None
    early = looked.contacts
    compared = 0
    for typed in QUERIES:
        assert early.count(typed) == services.contacts.count(typed), typed
        for sort in ContactSort:
            for descending in (False, True):
                after = None
                while True:  # pages of 7: keyset paging across ties and empty values
                    wanted = services.contacts.page(typed, sort, descending, after, 7)
                    assert early.page(typed, sort, descending, after, 7) == wanted, (
                        typed,
                        sort,
                        descending,
                        after,
                    )
                    compared += len(wanted)
                    if len(wanted) < 7:
                        break
                    after = wanted[-1]
        listed = services.contacts.page(typed, limit=500)
        ids = [summary.id for summary in listed][::-1]
        assert sorted(early.summaries(ids), key=lambda s: s.id) == sorted(
            services.contacts.summaries(ids), key=lambda s: s.id
        )
    assert compared > 1000, "the book gave the comparison rows to compare"
