"""Importing through the service: duplicates merge, re-imports change nothing, a file
lands whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup_desktop.core.model import Contact, Email
from followup_desktop.paths import AppPaths
from followup_desktop.services.importing import ImportReport
from followup_desktop.services.session import Services, open_services


@pytest.fixture
def services(tmp_path: Path) -> Services:
    opened = open_services(AppPaths(tmp_path / "data"))
    yield opened
    opened.close()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_then_reimport_changes_nothing(services: Services, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.csv",
        "name,email,phone,company\n"
        "Jane Smith,jane@acme.example,+1 312 555 0142,Acme\n"
        '"Cruz, Dana",dana@cruz.example,,Cruz Logistics\n'
        ",,,\n"
        "Nobody,not-an-email,,\n",
    )
    first = services.importing.import_files([path])
    assert (first.imported, first.updated, first.unchanged, first.rejected) == (2, 0, 0, 1)
    assert str(first.rejections[0]).startswith(f"{path}:5: ")
    second = services.importing.import_files([path])
    assert (second.imported, second.updated, second.unchanged, second.rejected) == (0, 0, 2, 1)
    assert services.contacts.count() == 2
    assert [s.name for s in services.contacts.page()] == ["Dana Cruz", "Jane Smith"]


def test_a_known_email_updates_instead_of_doubling(services: Services, tmp_path: Path) -> None:
    services.importing.import_files(
        [write(tmp_path, "a.csv", "name,email\nJane Smith,JANE@acme.example\n")]
    )
    report = services.importing.import_files(
        [
            write(
                tmp_path,
                "b.csv",
                "name,email,phone,company\nJ. Smith,jane@acme.example,+13125550142,Acme\n",
            )
        ]
    )
    assert (report.imported, report.updated) == (0, 1)
    (summary,) = services.contacts.page()
    contact = services.contacts.get(summary.id)
    assert contact.name == "Jane Smith"  # a known name is not overwritten
    assert contact.company == "Acme"
    assert [p.e164 for p in contact.phones] == ["+13125550142"]


def test_duplicates_inside_one_file_merge(services: Services, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.csv",
        "name,email,phone\nJane,jane@a.example,\nJane S,,+13125550142\nJane Smith,jane@a.example,+13125550142\n",
    )
    report = services.importing.import_files([path])
    assert services.contacts.count() == 2 or report.imported + report.updated >= 2
    # the third row matches both earlier ones: nothing is doubled
    assert services.contacts.count() == 2


def test_a_failure_midway_leaves_the_store_as_it_was(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_desktop.services import importing

    rows = "".join(f"Person {n},p{n}@x.example\n" for n in range(2500))
    path = write(tmp_path, "big.csv", "name,email\n" + rows)
    calls = 0
    original = importing._FileImport.run_chunk

    def failing(self: importing._FileImport, records: list) -> None:  # type: ignore[type-arg]
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError(28, "No space left on device")
        original(self, records)

    monkeypatch.setattr(importing._FileImport, "run_chunk", failing)
    report = ImportReport()
    services.importing.import_file(path, report)
    assert services.contacts.count() == 0
    assert report.imported == 0
    assert report.unreadable == [f"{path}: No space left on device"]


def test_unreadable_file_is_reported_not_raised(services: Services, tmp_path: Path) -> None:
    report = services.importing.import_files([tmp_path / "missing.csv"])
    assert len(report.unreadable) == 1
    assert "missing.csv" in report.unreadable[0]


def test_a_first_import_merges_duplicates_across_chunks(services: Services, tmp_path: Path) -> None:
    """Into an empty store the importer skips looking keys up in the database: people
    repeated thousands of lines apart (other chunks) must still merge into one."""
    lines = ["Name,E-mail 1 - Value,Phone 1 - Value"]
    lines += [f"Person {n},p{n}@example.com,+1312555{n:04d}" for n in range(2500)]
    lines += [
        "Again By Mail,P7@EXAMPLE.COM,",  # chunk 3 repeats chunk 1's e-mail (other case)
        "Again By Phone,,+1 312 555 1999",  # and chunk 2's phone, written differently
    ]
    path = tmp_path / "people.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = services.importing.import_files([path])
    assert (report.imported, report.updated, report.unchanged) == (2500, 0, 2)
    assert services.contacts.count() == 2500


def test_a_deleted_contact_is_not_merged_into(services: Services, tmp_path: Path) -> None:
    gone = services.contacts.add(Contact(name="Old Jane", emails=[Email("jane@acme.example")]))
    services.contacts.delete(gone)
    path = tmp_path / "jane.csv"
    path.write_text("Name,E-mail 1 - Value\nJane Smith,jane@acme.example\n", encoding="utf-8")
    report = services.importing.import_files([path])
    assert report.imported == 1
    assert [s.name for s in services.contacts.page()] == ["Jane Smith"]


def test_rows_of_one_person_in_one_file_become_one_whole_contact(
    services: Services, tmp_path: Path
) -> None:
    """The first row gives the name; later rows sharing an e-mail (in any case) or a
    phone fill what is missing and add their other addresses and numbers, once each."""
    path = write(
        tmp_path,
        "a.csv",
        "name,email,phone,company,notes\n"
        "Jane Smith,jane@acme.example,,,met at the fair\n"
        "J. Smith,JANE@acme.example,+1 312 555 0142,Acme,met at the fair\n"
        "Jane S,jane.smith@home.example,(312) 555-0142,Other Co,likes golf\n"
        "Bob Stone,bob@stone.example ::: BOB@stone.example,+13125550199 ::: +1 312-555-0199,,\n",
    )
    report = services.importing.import_files([path])
    assert (report.imported, report.updated, report.rejected) == (2, 0, 0)
    bob, jane = (services.contacts.get(s.id) for s in services.contacts.page())
    assert (jane.name, jane.company) == ("Jane Smith", "Acme")
    assert [e.address for e in jane.emails] == ["jane@acme.example", "jane.smith@home.example"]
    assert [p.e164 for p in jane.phones] == ["+13125550142"]
    assert jane.personal_notes == "met at the fair\nlikes golf"
    assert [e.address for e in bob.emails] == ["bob@stone.example"]
    assert [p.e164 for p in bob.phones] == ["+13125550199"]
    assert [s.name for s in services.contacts.page("golf")] == []  # notes are not searched
    assert [s.name for s in services.contacts.page("home.example")] == ["Jane Smith"]
    assert [s.name for s in services.contacts.page("3125550199")] == ["Bob Stone"]
    again = services.importing.import_files([path])
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 2)
