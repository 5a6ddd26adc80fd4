"""Contacts › Export to CSV read back by FollowUp's own import into a fresh data folder:
every field the rep kept comes back, and importing the file again changes nothing."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup_desktop.core.model import Contact, ContactStatus, Deal, DealStage, Email, Phone
from followup_desktop.paths import AppPaths
from followup_desktop.services.contact_export import export_contacts
from followup_desktop.services.session import Services, open_services

NOTES = "- likes cycling\n=SUM(A1) is what she types in Excel\nWebsite: https://acme.example"


@pytest.fixture
def two_folders(tmp_path: Path) -> Iterator[tuple[Services, Services]]:
    first = open_services(AppPaths(tmp_path / "old"))
    second = open_services(AppPaths(tmp_path / "new"))
    yield first, second
    first.close()
    second.close()


def _by_name(services: Services) -> dict[str, Contact]:
    ids = [summary.id for summary in services.contacts.page()]
    return {contact.name: contact for contact in services.contacts.get_many(ids).values()}


def test_every_field_comes_back_from_the_export_and_a_second_import_changes_nothing(
    two_folders: tuple[Services, Services], tmp_path: Path
) -> None:
    old, new = two_folders
    zoe = old.contacts.add(
        Contact(
            name='Zoë "Z" O\'Brien, CEO 🎉',
            company="Acme, Inc.",
            title='Head of "Ops"',
            emails=[Email("zoe@acme.example"), Email("z.obrien@home.example")],
            # A number the rep kept though it could not be checked.
            phones=[Phone("+33142685300"), Phone("+1-555-0123", checked=False)],
            time_zone="Europe/Paris",
            personal_notes=NOTES,
            status=ContactStatus.WON,
        )
    )
    old.contacts.add(Contact(name="-Minus Kato", phones=[Phone("+81312345678")]))
    old.contacts.add(Contact(name="Ada Lovelace", company="Analytical Engines"))
    old.deals.save(Deal(zoe, "Fleet pilot", 50_000_000, "JPY", DealStage.PROPOSAL))
    old.deals.save(Deal(zoe, "Renewal", 123_456, "EUR", DealStage.WON))
    sheet = tmp_path / "contacts.csv"

    assert export_contacts(old.db, sheet) == 3

    first = new.importing.import_files([sheet])
    assert (first.imported, first.rejected) == (3, 0)
    came = _by_name(new)
    assert set(came) == {'Zoë "Z" O\'Brien, CEO 🎉', "-Minus Kato", "Ada Lovelace"}
    back = came['Zoë "Z" O\'Brien, CEO 🎉']
    assert (back.company, back.title, back.time_zone) == (
        "Acme, Inc.",
        'Head of "Ops"',
        "Europe/Paris",
    )
    assert [e.address for e in back.emails] == ["zoe@acme.example", "z.obrien@home.example"]
    assert [(p.number, p.checked) for p in back.phones] == [
        ("+33142685300", True),
        ("+1-555-0123", False),
    ]
    # The notes as written (no apostrophe the spreadsheet guard put before "-" or "="),
    # then what the import has no field for, as lines.
    kept = back.personal_notes.splitlines()
    assert back.personal_notes.startswith(NOTES + "\n")
    assert "Status: won" in kept
    assert {
        "Deal 1 - Title: Fleet pilot",
        "Deal 1 - Value: 500000",
        "Deal 1 - Currency: JPY",
    } <= set(kept)
    assert {"Deal 2 - Value: 1234.56", "Deal 2 - Stage: won"} <= set(kept)
    assert [p.number for p in came["-Minus Kato"].phones] == ["+81312345678"]
    assert came["Ada Lovelace"].company == "Analytical Engines"

    again = new.importing.import_files([sheet])
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 3)


def test_the_sheet_opens_in_a_spreadsheet_with_one_column_per_address_and_number(
    two_folders: tuple[Services, Services], tmp_path: Path
) -> None:
    old, _ = two_folders
    old.contacts.add(
        Contact(name="Kari", emails=[Email("kari@a.example"), Email("kari@b.example")])
    )
    old.contacts.add(Contact(name="Ola", phones=[Phone("+4722123456")]))
    sheet = tmp_path / "contacts.csv"
    export_contacts(old.db, sheet)
    with sheet.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [row["Name"] for row in rows] == ["Kari", "Ola"]
    assert (rows[0]["E-mail 1 - Value"], rows[0]["E-mail 2 - Value"]) == (
        "kari@a.example",
        "kari@b.example",
    )
    assert rows[1]["Phone 1 - Value"] == "+4722123456"
    assert "Deal 1 - Title" not in rows[0]  # no deal anywhere: no deal columns
