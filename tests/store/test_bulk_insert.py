"""Rows inserted through the driver's executemany read back exactly as SQLAlchemy's own
insert stores them (times, non-ASCII text, NULLs), and defaults are never skipped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update

from followup_desktop.store.bulk_insert import insert_rows, update_tuples
from followup_desktop.store.db import Database
from followup_desktop.store.schema import ContactRow, EmailRow

STAMP = datetime(2026, 11, 23, 9, 30, 15, 123456, tzinfo=UTC)


def contact(number: int) -> dict[str, Any]:
    return {
        "id": number,
        "name": f"Zoë Müller {number}",
        "sort_name": f"zoe muller {number}",
        "company": "Café 100% & Söhne" if number % 2 else "",
        "title": "",
        "time_zone": "Europe/Berlin",
        "style": "to_the_point",
        "personal_notes": "line one\nline two",
        "status": "active",
        "search_text": f"zoe muller {number}",
        "attempts": number % 3,
        "open_deal_value_minor": 9_999_999_999 * (number % 2),
        "next_follow_up_at": None if number % 3 else STAMP + timedelta(days=number),
        "created_at": STAMP,
        "updated_at": STAMP,
    }


def stored(db: Database) -> list[tuple[Any, ...]]:
    with db.reading() as session:
        return [tuple(row) for row in session.execute(select(ContactRow.__table__))]


def read_raw(db: Database, table: str) -> list[tuple[Any, ...]]:
    with db.engine.connect() as connection:
        return list(connection.exec_driver_sql(f"SELECT * FROM {table} ORDER BY 1").all())


def test_driver_rows_equal_sqlalchemy_rows(tmp_path: Path) -> None:
    ours, theirs = Database.open(tmp_path / "a.sqlite3"), Database.open(tmp_path / "b.sqlite3")
    rows = [contact(n) for n in range(1, 40)]
    with ours.writing() as session:
        insert_rows(session.connection(), ContactRow, rows)
    with theirs.writing() as session:
        session.connection().execute(insert(ContactRow), rows)
    assert stored(ours) == stored(theirs) and len(stored(ours)) == 39
    # Byte for byte as stored, the text form of times included.
    assert read_raw(ours, "contacts") == read_raw(theirs, "contacts")
    ours.close()
    theirs.close()


def test_a_missing_column_with_a_default_still_gets_it(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "f.sqlite3")
    with db.writing() as session:
        insert_rows(session.connection(), ContactRow, [contact(1)])
        # No label or position given: SQLAlchemy's defaults ("" and 0) must apply.
        insert_rows(
            session.connection(),
            EmailRow,
            [{"contact_id": 1, "address": "a@b.example", "address_key": "a@b.example"}],
        )
        insert_rows(session.connection(), EmailRow, [])
    with db.reading() as session:
        (email,) = session.scalars(select(EmailRow))
    assert (email.address, email.label, email.position) == ("a@b.example", "", 0)
    db.close()


def test_driver_updates_equal_sqlalchemy_updates(tmp_path: Path) -> None:
    ours, theirs = Database.open(tmp_path / "a.sqlite3"), Database.open(tmp_path / "b.sqlite3")
    later = STAMP + timedelta(days=3, microseconds=7)
    changes = [(n, f"Société {n} ✓", f"zoe muller {n} société") for n in range(1, 40, 3)]
    for db in (ours, theirs):
        with db.writing() as session:
            session.connection().execute(insert(ContactRow), [contact(n) for n in range(1, 40)])
    with ours.writing() as session:
        update_tuples(
            session.connection(),
            ContactRow,
            ("id", "company", "search_text"),
            changes,
            {"updated_at": later},
        )
    with theirs.writing() as session:
        for number, company, searched in changes:
            session.connection().execute(
                update(ContactRow)
                .where(ContactRow.id == number)
                .values(company=company, search_text=searched, updated_at=later)
            )
    assert read_raw(ours, "contacts") == read_raw(theirs, "contacts")
    assert stored(ours) != [tuple(contact(n).values()) for n in range(1, 40)]  # it did change
    ours.close()
    theirs.close()


def test_an_update_without_its_onupdate_column_still_gets_it(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "u.sqlite3")
    with db.writing() as session:
        insert_rows(session.connection(), ContactRow, [contact(1), contact(2)])
        # updated_at not given: its onupdate (the time of the update) must apply.
        update_tuples(session.connection(), ContactRow, ("id", "title"), [(2, "Buyer")])
    with db.reading() as session:
        rows = {r.id: r for r in session.scalars(select(ContactRow))}
    assert (rows[1].title, rows[1].updated_at) == ("", STAMP)
    assert rows[2].title == "Buyer" and rows[2].updated_at > STAMP
    db.close()
