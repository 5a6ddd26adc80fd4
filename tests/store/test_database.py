"""The store: schema from empty, upgrades with a backup first, durability settings, CRUD."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from followup_desktop.core.model import Contact, ContactSort, Deal, Email, Phone
from followup_desktop.core.text_search import search_text
from followup_desktop.store import contacts_repo, deals_repo, migrate
from followup_desktop.store.db import Database
from followup_desktop.store.schema import ContactRow, EmailRow, TouchRow


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database.open(tmp_path / "f.sqlite3")
    yield database
    database.close()


def test_new_database_has_every_table_at_the_newest_revision(db: Database) -> None:
    with db.engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        assert migrate.current_revision(connection) == migrate.head_revision()
    assert {
        "contacts",
        "contact_emails",
        "contact_phones",
        "deals",
        "touches",
        "follow_ups",
        "commitments",
        "script_cards",
        "settings",
        "reminders_fired",
    } <= tables


def test_connection_is_durable_wal_with_foreign_keys(db: Database) -> None:
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_failed_unit_of_work_leaves_nothing_behind(db: Database) -> None:
    with pytest.raises(RuntimeError), db.writing() as session:
        contacts_repo.add(session, Contact(name="Half Written"))
        raise RuntimeError("disk vanished")
    with db.reading() as session:
        assert contacts_repo.count(session) == 0


def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(Exception, match="FOREIGN KEY"), db.writing() as session:
        session.add(TouchRow(contact_id=999, outcome="connected", at=datetime.now(UTC)))
        session.flush()


def test_upgrade_from_the_first_revision_backs_up_and_keeps_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    database = Database(
        __import__("followup_desktop.store.db", fromlist=["make_engine"]).make_engine(
            f"sqlite:///{path}"
        ),
        path,
    )
    migrate.upgrade(database.engine, "0001")
    database.close()
    # Written as the first version wrote it (today's ORM knows columns 0001 lacks).
    with sqlite3.connect(path) as old:
        old.execute(
            "INSERT INTO contacts (id, name, sort_name, company, title, time_zone, style, "
            "personal_notes, status, search_text, attempts, open_deal_value_minor, created_at, "
            "updated_at) VALUES (1, 'Kept Through Upgrade', 'kept through upgrade', '', '', '', "
            "'to_the_point', '', 'active', ?, 0, 0, '2026-11-02 08:00:00.000000', "
            "'2026-11-02 08:00:00.000000')",
            (search_text("Kept Through Upgrade", "", "", ["k@x.example"], []),),
        )
        old.execute(
            "INSERT INTO contact_emails (contact_id, address, address_key, label, position) "
            "VALUES (1, 'k@x.example', 'k@x.example', '', 0)"
        )

    upgraded = Database.open(path, tmp_path / "backups")
    with upgraded.reading() as session:
        assert [s.name for s in contacts_repo.page(session, "kept through")] == [
            "Kept Through Upgrade"
        ]
    upgraded.close()
    backups = list((tmp_path / "backups").glob("*before-migration-0001*.sqlite3"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT name FROM contacts").fetchall() == [("Kept Through Upgrade",)]
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]


def test_downgrade_to_first_revision_and_back_keeps_children(tmp_path: Path) -> None:
    database = Database.open(tmp_path / "f.sqlite3")
    with database.writing() as session:
        contacts_repo.add(
            session,
            Contact(name="A", emails=[Email("a@x.example")], phones=[Phone("+13125550142")]),
        )
    migrate.downgrade(database.engine, "0001")
    migrate.upgrade(database.engine)
    with database.reading() as session:
        assert session.scalar(select(EmailRow.address)) == "a@x.example"
        assert contacts_repo.page(session, "a@x")[0].name == "A"
    database.close()


def test_committed_rows_survive_a_reopen(tmp_path: Path) -> None:
    path = tmp_path / "f.sqlite3"
    first = Database.open(path)
    with first.writing() as session:
        contacts_repo.add(session, Contact(name="Durable Dana"))
    # No close(): a crashed process never gets to checkpoint. A raw reader still sees it.
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT name FROM contacts").fetchall() == [("Durable Dana",)]
    first.close()


def test_crud_and_soft_delete(db: Database) -> None:
    with db.writing() as session:
        contact_id = contacts_repo.add(
            session, Contact(name="Jane Smith", company="Acme", emails=[Email("jane@acme.example")])
        )
    with db.writing() as session:
        contact = contacts_repo.get(session, contact_id)
        assert contact is not None
        contact.company = "Acme, Inc."
        contact.phones.append(Phone("+13125550142"))
        assert contacts_repo.save(session, contact, datetime.now(UTC))
    with db.reading() as session:
        saved = contacts_repo.get(session, contact_id)
        assert saved is not None
        assert saved.company == "Acme, Inc."
        assert [p.number for p in saved.phones] == ["+13125550142"]
        assert contacts_repo.page(session, "0142")[0].id == contact_id
    with db.writing() as session:
        assert contacts_repo.set_deleted(session, contact_id, datetime.now(UTC))
    with db.reading() as session:
        assert contacts_repo.get(session, contact_id) is None
        assert contacts_repo.count(session) == 0
        assert session.scalar(select(ContactRow.name)) == "Jane Smith"  # hidden, not destroyed
    with db.writing() as session:
        assert contacts_repo.set_deleted(session, contact_id, None)
    with db.reading() as session:
        assert contacts_repo.count(session) == 1


def test_search_index_follows_edits(db: Database) -> None:
    with db.writing() as session:
        contact_id = contacts_repo.add(session, Contact(name="Marcus O'Neil", company="Brightline"))
    with db.writing() as session:
        contact = contacts_repo.get(session, contact_id)
        assert contact is not None
        contact.company = "Northwind"
        contacts_repo.save(session, contact, datetime.now(UTC))
    with db.reading() as session:
        assert contacts_repo.page(session, "brightline") == []
        assert [s.id for s in contacts_repo.page(session, "northwind")] == [contact_id]
        fts = session.execute(
            text("SELECT count(*) FROM contact_search WHERE contact_search MATCH '\"northwind\"'")
        ).scalar()
        assert fts == 1


def test_sorting_by_each_column(db: Database) -> None:
    with db.writing() as session:
        for name, company in (("bob", "Zed"), ("Alice", "Mid"), ("carol", "Alpha")):
            contacts_repo.add(session, Contact(name=name, company=company))
    with db.reading() as session:
        assert [s.name for s in contacts_repo.page(session)] == ["Alice", "bob", "carol"]
        assert [s.name for s in contacts_repo.page(session, descending=True)] == [
            "carol",
            "bob",
            "Alice",
        ]
        assert [s.company for s in contacts_repo.page(session, sort=ContactSort.COMPANY)] == [
            "Alpha",
            "Mid",
            "Zed",
        ]


def test_the_head_constant_names_the_newest_migration_script() -> None:
    # Start-up trusts migrate.HEAD to skip loading Alembic; it must match the scripts.
    assert migrate.head_revision() == migrate.HEAD


def test_numbers_stored_before_0006_are_checked_ones(tmp_path: Path) -> None:
    """Every number an older version stored went through libphonenumber: the upgrade
    marks them checked, and the wider column then holds one kept as written."""
    database = Database.open(tmp_path / "f.sqlite3")
    with database.writing() as session:
        contacts_repo.add(session, Contact(name="A", phones=[Phone("+13125550142")]))
    migrate.downgrade(database.engine, "0005")
    migrate.upgrade(database.engine)
    with database.writing() as session:
        contact_id = contacts_repo.add(
            session, Contact(name="B", phones=[Phone("+234 (0)1 234 5678 ext. 12", checked=False)])
        )
    with database.reading() as session:
        phones = {
            c.name: c.phones for c in contacts_repo.get_many(session, [1, contact_id]).values()
        }
    assert phones == {
        "A": [Phone("+13125550142")],
        "B": [Phone("+234 (0)1 234 5678 ext. 12", checked=False)],
    }
    database.close()


def test_the_list_marks_are_filled_in_for_contacts_stored_before_0007(tmp_path: Path) -> None:
    """The marks and the deal's currency the list reads from the row are worked out
    for every contact an older version stored."""
    database = Database.open(tmp_path / "f.sqlite3")
    with database.writing() as session:
        no_zone = contacts_repo.add(session, Contact(name="A", phones=[Phone("+13125550142")]))
        contacts_repo.add(
            session, Contact(name="B", time_zone="Europe/Oslo", phones=[Phone("+4722123456")])
        )
        contacts_repo.add(session, Contact(name="C", emails=[Email("c@x.example")]))
        deals_repo.save(session, Deal(no_zone, "Pilot", 120_000, "NOK"), datetime.now(UTC))
    migrate.downgrade(database.engine, "0006")
    migrate.upgrade(database.engine)
    with database.reading() as session:
        rows = {
            s.name: (s.zone_unknown, s.phone_unchecked, s.deal_currency)
            for s in contacts_repo.page(session)
        }
    assert rows == {"A": (True, False, "NOK"), "B": (False, False, ""), "C": (False, False, "")}
    database.close()


def test_contacts_stored_before_0028_keep_their_personal_notes_and_have_no_notes_of_their_own(
    tmp_path: Path,
) -> None:
    """Nothing moves between the two: a line an import put in the personal notes cannot
    be told from one the rep wrote there."""
    database = Database.open(tmp_path / "f.sqlite3")
    with database.writing() as session:
        kept = "Two kids\nWebsite: https://acme.example"
        dana = contacts_repo.add(session, Contact(name="Dana", personal_notes=kept, notes="x"))
    migrate.downgrade(database.engine, "0027")
    with database.engine.connect() as connection:
        columns = {c["name"] for c in inspect(connection).get_columns("contacts")}
        assert "notes" not in columns and "personal_notes" in columns
    migrate.upgrade(database.engine)
    with database.writing() as session:
        stored = contacts_repo.get(session, dana, to_change=True)
        assert stored is not None
        assert (stored.personal_notes, stored.notes) == (kept, "")
        stored.notes = "Asked for the price list"
        contacts_repo.save(session, stored, datetime.now(UTC))
    with database.reading() as session:
        assert contacts_repo.get_many(session, [dana])[dana].notes == "Asked for the price list"
    database.close()
