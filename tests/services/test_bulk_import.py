"""A large file rebuilds the search indexes once; search works the same afterwards and a
failure leaves the indexes and their triggers as they were."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from followup_desktop.core.model import Contact
from followup_desktop.paths import AppPaths
from followup_desktop.services import importing
from followup_desktop.services.session import Services, open_services
from followup_desktop.store.backup import check_database

pytestmark = pytest.mark.sqlite_file  # the file itself: not in the PostgreSQL run


@pytest.fixture
def services(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Services:
    monkeypatch.setattr(importing, "BULK_LINES", 10)
    opened = open_services(AppPaths(tmp_path / "data"))
    yield opened
    opened.close()


def triggers(services: Services) -> set[str]:
    with services.db.reading() as session:
        return set(session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))


def cache_sizes(services: Services) -> set[int]:
    """PRAGMA cache_size on every connection the store has opened (a large import raises
    it on its own connection for the length of the import)."""
    pool = services.db.engine.pool
    held = [pool.connect() for _ in range(pool.checkedin())]
    try:
        return {c.cursor().execute("PRAGMA cache_size").fetchone()[0] for c in held}
    finally:
        for connection in held:
            connection.close()


def test_bulk_import_is_searchable_and_keeps_the_triggers(
    services: Services, tmp_path: Path
) -> None:
    before = triggers(services)
    services.contacts.add(Contact(name="Already Here"))
    path = tmp_path / "big.csv"
    path.write_text(
        "name,email\n" + "".join(f"Person {n},p{n}@x.example\n" for n in range(50)),
        encoding="utf-8",
    )
    report = services.importing.import_files([path])
    assert report.imported == 50
    assert triggers(services) == before and len(before) == 6
    assert cache_sizes(services) == {-2000}  # SQLite's default, as before the import
    assert [s.name for s in services.contacts.page("person 4")][:2] == ["Person 4", "Person 40"]
    assert [s.name for s in services.contacts.page("p49@")] == ["Person 49"]
    assert [s.name for s in services.contacts.page("already")] == ["Already Here"]
    # Later edits go through the restored triggers.
    services.contacts.add(Contact(name="Zed Later"))
    assert [s.name for s in services.contacts.page("zed")] == ["Zed Later"]


def test_a_failed_bulk_import_restores_everything(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = triggers(services)
    path = tmp_path / "big.csv"
    path.write_text(
        "name,email\n" + "".join(f"Person {n},p{n}@x.example\n" for n in range(50)),
        encoding="utf-8",
    )

    def broken(self: importing._FileImport, records: list) -> None:  # type: ignore[type-arg]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(importing._FileImport, "run_chunk", broken)
    report = services.importing.import_files([path])
    assert report.unreadable and report.imported == 0
    assert triggers(services) == before
    assert cache_sizes(services) == {-2000}
    services.contacts.add(Contact(name="Still Indexed"))
    assert [s.name for s in services.contacts.page("still")] == ["Still Indexed"]


def test_large_reimports_keep_the_search_indexes_right(services: Services, tmp_path: Path) -> None:
    """The same file again writes nothing and leaves the indexes as they were; a file
    that adds to known contacts and brings new ones has every change searchable."""
    people = "".join(f"Person {n},p{n}@x.example,\n" for n in range(50))
    first = tmp_path / "first.csv"
    first.write_text("name,email,company\n" + people, encoding="utf-8")
    services.importing.import_files([first])
    again = services.importing.import_files([first])
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 50)
    assert [s.name for s in services.contacts.page("p17@")] == ["Person 17"]
    more = tmp_path / "more.csv"
    more.write_text(
        "name,email,company\n"
        + "".join(f"Person {n},p{n}@x.example,Zebracorp {n}\n" for n in range(0, 50, 7))
        + "".join(f"Newcomer {n},new{n}@y.example,\n" for n in range(20)),
        encoding="utf-8",
    )
    report = services.importing.import_files([more])
    assert (report.imported, report.updated, report.unchanged) == (20, 8, 0)
    assert [s.name for s in services.contacts.page("zebracorp 14")] == ["Person 14"]
    assert [s.name for s in services.contacts.page("newcomer 19")] == ["Newcomer 19"]
    assert services.contacts.count("zebracorp") == 8
    assert services.contacts.count("ze") == 8  # the word-start index too
    assert check_database(services.db.path).problems == ()
