"""The schema and the repositories run on PostgreSQL too (teams will share one server)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect

from followup_desktop.core.clock import SystemClock
from followup_desktop.core.model import CameBack, Contact, ContactSort, Email, Phone
from followup_desktop.store import contacts_repo, migrate, settings_repo
from followup_desktop.store.db import Database, make_engine
from tests.postgres_server import postgres_server


@pytest.fixture(scope="module")
def pg() -> Iterator[Database]:
    with postgres_server() as url:
        database = Database(make_engine(url))
        migrate.upgrade(database.engine)
        yield database
        database.close()


def test_migrations_create_every_table(pg: Database) -> None:
    with pg.engine.connect() as connection:
        assert migrate.current_revision(connection) == migrate.head_revision()
        tables = set(inspect(connection).get_table_names())
    assert {
        "contacts",
        "contact_emails",
        "touches",
        "follow_ups",
        "commitments",
        "settings",
    } <= tables
    assert "contact_search" not in tables  # the SQLite index stays SQLite-only


def test_contacts_round_trip_and_search_without_fts(pg: Database) -> None:
    with pg.writing() as session:
        contacts_repo.add(
            session,
            Contact(name="José Álvarez", company="Café 100%", emails=[Email("jose@cafe.example")]),
        )
        contacts_repo.add(session, Contact(name="Jane Smith", phones=[Phone("+13125550142")]))
    with pg.reading() as session:
        assert [s.name for s in contacts_repo.page(session, "jose")] == ["José Álvarez"]
        assert [s.name for s in contacts_repo.page(session, "100%")] == ["José Álvarez"]
        assert [s.name for s in contacts_repo.page(session, "0142")] == ["Jane Smith"]
        assert [s.name for s in contacts_repo.page(session, sort=ContactSort.NAME)] == [
            "Jane Smith",
            "José Álvarez",
        ]
        assert contacts_repo.ids_by_email(session, ["JOSE@cafe.example"]) != {}


def test_settings_round_trip(pg: Database) -> None:
    from followup_desktop.core import settings as options

    with pg.writing() as session:
        settings_repo.save(
            session, settings_repo.load(session).with_value(options.REMINDER_LEAD_MIN, 20)
        )
    with pg.reading() as session:
        assert settings_repo.load(session).get(options.REMINDER_LEAD_MIN) == 20


def test_the_stats_queries_run_on_postgres(pg: Database) -> None:
    from datetime import UTC, datetime, timedelta

    from followup_desktop.core.model import Deal, FollowUp, FollowUpKind, Outcome, Touch
    from followup_desktop.store import deals_repo, followups_repo, stats_repo

    at = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    with pg.writing() as session:
        contact_id = contacts_repo.add(session, Contact(name="Stat Person"))
        followups_repo.add_touch(session, Touch(contact_id, Outcome.VOICEMAIL, at))
        followups_repo.add_touch(session, Touch(contact_id, Outcome.VISIT, at + timedelta(hours=1)))
        followups_repo.add_touch(
            session, Touch(contact_id, Outcome.CONNECTED, at + timedelta(hours=3))
        )
        followups_repo.add_follow_up(
            session,
            FollowUp(
                contact_id, FollowUpKind.CALL, "agreed-call", at + timedelta(days=1), agreed=True
            ),
            agreed_zone="Europe/Paris",
        )
        deals_repo.save(session, Deal(contact_id, "pilot", 12_345, "EUR"), at)
    with pg.reading() as session:
        assert ("lead", "EUR", 1, 12_345) in stats_repo.stage_totals(session)
        assert stats_repo.at_risk(session) == []  # an agreed call is planned
        assert stats_repo.attempts_before_connection(session) == [(1, 1)]
        # The voicemail was answered by the visit; one visit, two hours to the next touch.
        assert stats_repo.series_and_visits(session, 7, at) == ((1, 0, 0), 1)
        two_hours = 2 * 3_600_000_000
        assert stats_repo.gaps_after_connections(session) == (1, two_hours, [two_hours])
        assert stats_repo.visits_followed_soon(session) == [
            (at + timedelta(hours=1), at + timedelta(hours=3))
        ]
        assert stats_repo.agreed_calls_due(session, at + timedelta(days=2)) == [
            (at + timedelta(days=1), "Europe/Paris", None)
        ]
        stats_repo.no_next_step(session)
        stats_repo.outreach_of_won(session)
        stats_repo.dropped(session, at)


def test_random_work_keeps_the_stats_true_on_postgres(pg: Database) -> None:
    import random
    from datetime import UTC, datetime

    from followup_desktop.core.clock import FixedClock
    from tests.random_rep import RandomRep, work_at_random

    clock = FixedClock(datetime(2026, 11, 2, 8, 0, tzinfo=UTC))
    work_at_random(RandomRep(pg, clock), random.Random(20261202), 300, 100)


def test_an_address_that_bounced_stays_marked_until_mail_comes_from_it_on_postgresql(
    pg: Database,
) -> None:
    came = CameBack(datetime(2026, 12, 4, 9, 30, tzinfo=UTC), "mailbox unavailable")
    with pg.writing() as session:
        ana = contacts_repo.add(
            session, Contact(name="Ana Lima", emails=[Email("Ana@Lima.example"), Email("a@l.ex")])
        )
        assert contacts_repo.mark_came_back(session, ana, "ana@lima.example", came)
        assert not contacts_repo.mark_came_back(session, ana, "gone@lima.example", came)
    with pg.writing() as session:  # a save that keeps the address keeps the mark
        stored = contacts_repo.get(session, ana, to_change=True)
        assert stored is not None
        contacts_repo.save(session, replace(stored, name="Ana Lima Souza"), came.at)
    with pg.reading() as session:
        stored = contacts_repo.get(session, ana)
        assert stored is not None
        assert [e.came_back for e in stored.emails] == [came, None]
        assert contacts_repo.came_back_among(session, ["ANA@lima.example", "a@l.ex"]) == {
            "ana@lima.example"
        }
    with pg.writing() as session:  # mail from it, dated before the failure: still marked
        assert (
            contacts_repo.clear_came_back(session, "ana@lima.example", came.at.replace(day=3)) == []
        )
    with pg.writing() as session:  # mail from it since: it takes mail again
        assert contacts_repo.clear_came_back(session, "ana@lima.example", came.at) == [ana]
    with pg.reading() as session:
        stored = contacts_repo.get(session, ana)
        assert stored is not None and [e.came_back for e in stored.emails] == [None, None]


def test_contacts_stored_before_0028_keep_their_personal_notes_on_postgresql(
    pg: Database,
) -> None:
    kept = "Two kids\nWebsite: https://acme.example"
    with pg.writing() as session:
        dana = contacts_repo.add(session, Contact(name="Dana", personal_notes=kept, notes="x"))
    migrate.downgrade(pg.engine, "0027")
    with pg.engine.connect() as connection:
        columns = {c["name"] for c in inspect(connection).get_columns("contacts")}
        assert "notes" not in columns and "personal_notes" in columns
    migrate.upgrade(pg.engine)
    with pg.writing() as session:
        stored = contacts_repo.get(session, dana, to_change=True)
        assert stored is not None
        assert (stored.personal_notes, stored.notes) == (kept, "")
        contacts_repo.save(
            session, replace(stored, notes="Asked for the price list"), datetime.now(UTC)
        )
    with pg.reading() as session:
        assert contacts_repo.get_many(session, [dana])[dana].notes == "Asked for the price list"


def test_downgrade_to_empty(pg: Database) -> None:
    migrate.downgrade(pg.engine, "base")
    with pg.engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(pg.engine)


def test_large_imports_insert_through_the_driver_on_postgresql(pg: Database) -> None:
    from followup_desktop.services.importing import ImportReport, ImportService
    from followup_desktop.services.sample_data import sample_contacts

    report = ImportReport()
    ImportService(pg, SystemClock(), "US").import_items(sample_contacts(300), report)
    assert report.imported == 300
    with pg.reading() as session:
        names = [s.name for s in contacts_repo.page(session, limit=1000)]
        assert len(names) >= 300
        found = contacts_repo.page(session, names[0].split()[0].lower())
        assert found and all(names[0].split()[0] in s.name for s in found)


def test_the_agenda_page_reminder_marks_and_call_logging_run_on_postgresql(
    pg: Database,
) -> None:
    from datetime import UTC, datetime, timedelta

    from followup_desktop.core.clock import FixedClock
    from followup_desktop.core.model import FollowUp, FollowUpKind, Outcome
    from followup_desktop.services.followups import FollowUpService
    from followup_desktop.services.settings import SettingsService
    from followup_desktop.store import followups_repo, reminders_repo

    now = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    service = FollowUpService(pg, FixedClock(now), SettingsService(pg))
    with pg.writing() as session:
        person = contacts_repo.add(session, Contact(name="Agenda Person", time_zone="UTC"))
        made = [
            followups_repo.add_follow_up(
                session, FollowUp(person, FollowUpKind.CALL, "retry", now + timedelta(hours=h))
            )
            for h in (-30, -2, -1, 1, 2)
        ]
    start, end = service.today()
    full = service.agenda(start, end)
    page = service.agenda_page(start, end, 1)
    ours = {f.id for f in made}
    assert [e.item.follow_up.id for e in page.entries if e.item.follow_up.id in ours][:1] == [
        made[0].id
    ]
    assert page.overdue == sum(1 for e in full if e.item.overdue)
    assert page.upcoming == sum(1 for e in full if not e.item.overdue)
    keys = [(f.id, "lead", f.due_at) for f in made if f.id is not None]
    with pg.writing() as session:
        reminders_repo.mark_fired(session, keys[:2], now)
        reminders_repo.mark_fired(session, keys, now + timedelta(minutes=1))
    with pg.reading() as session:
        assert reminders_repo.fired(session, ours) == set(keys)
    logged = service.log(person, Outcome.NO_ANSWER, now)
    assert logged.touch_id > 0


def test_reimports_update_known_contacts_on_postgresql(pg: Database) -> None:
    from followup_desktop.exchange.records import ImportedContact
    from followup_desktop.services.importing import ImportReport, ImportService

    def people(more: bool) -> Iterator[ImportedContact]:
        for n in range(40):
            grows = more and n % 4 == 0
            yield ImportedContact(
                "people.csv",
                n + 2,
                f"Reimport Person {n}",
                company="Reimport Co" if grows else "",
                emails=[f"r{n}@reimport.example"],
                phones=[f"+1312666{n:04d}"] if grows else [],
            )

    service = ImportService(pg, SystemClock(), "US")
    first, again, grown = ImportReport(), ImportReport(), ImportReport()
    service.import_items(people(more=False), first)
    service.import_items(people(more=False), again)
    service.import_items(people(more=True), grown)
    assert first.imported == 40 and (again.imported, again.updated, again.unchanged) == (0, 0, 40)
    assert (grown.imported, grown.updated, grown.unchanged) == (0, 10, 30)
    with pg.reading() as session:
        ids = contacts_repo.ids_by_email(session, ["R8@reimport.example", "r9@reimport.example"])
        found = contacts_repo.get_many(session, ids.values())
    eight, nine = found[ids["r8@reimport.example"]], found[ids["r9@reimport.example"]]
    assert (eight.company, [p.number for p in eight.phones]) == ("Reimport Co", ["+13126660008"])
    assert (nine.company, nine.phones, [e.address for e in nine.emails]) == (
        "",
        [],
        ["r9@reimport.example"],
    )


def test_a_deal_of_25_million_is_kept_on_postgresql(pg: Database) -> None:
    """The deal's field takes up to 1,000,000,000; a 32-bit column refused any deal above
    21,474,836.47, and the contact's open-deal total with it."""
    from followup_desktop.core.model import Deal, DealStage
    from followup_desktop.store import deals_repo

    big = 25_000_000_00  # 25 million, in hundredths
    with pg.writing() as session:
        contact_id = contacts_repo.add(session, Contact(name="Fleet Buyer"))
        deals_repo.save(
            session,
            Deal(contact_id, "Fleet", big, "EUR", DealStage.PROPOSAL),
            datetime(2026, 12, 6, tzinfo=UTC),
        )
    with pg.reading() as session:
        assert [d.value_minor for d in deals_repo.for_contact(session, contact_id)] == [big]
        (summary,) = [s for s in contacts_repo.page(session, "Fleet Buyer")]
        assert summary.open_deal_value_minor == big
