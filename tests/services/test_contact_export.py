"""Contacts › Export to CSV read back by FollowUp's own import into a fresh data folder:
every field the rep kept comes back, and importing the file again changes nothing."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from followup_desktop.core import settings as options
from followup_desktop.core.model import Contact, ContactStatus, Deal, DealStage, Email, Phone
from followup_desktop.exchange.records import ImportedContact
from followup_desktop.paths import AppPaths
from followup_desktop.services import importing
from followup_desktop.services.contact_export import export_contacts
from followup_desktop.services.session import Services, open_services

ALL = 10_000  # contacts on a page of the list: every one of a test's
NOTES = "- likes cycling\n=SUM(A1) is what she types in Excel\nWebsite: https://acme.example"
PERSONAL = "Two kids\n=sails at weekends"


@pytest.fixture
def two_folders(tmp_path: Path) -> Iterator[tuple[Services, Services]]:
    first = open_services(AppPaths(tmp_path / "old"))
    second = open_services(AppPaths(tmp_path / "new"))
    yield first, second
    first.close()
    second.close()


def _by_name(services: Services) -> dict[str, Contact]:
    ids = [summary.id for summary in services.contacts.page(limit=ALL)]
    found = services.contacts.get_many(ids).values()  # in no order on PostgreSQL
    return {contact.name: contact for contact in sorted(found, key=lambda c: c.name)}


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
            personal_notes=PERSONAL,
            notes=NOTES,
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
    # Each notes field as written (no apostrophe the spreadsheet guard put before "-" or
    # "="), and nothing else: the status and the deals are the contact's again.
    assert (back.notes, back.personal_notes) == (NOTES, PERSONAL)
    assert back.status is ContactStatus.WON
    assert _deals(new, back.id) == _deals(old, zoe)
    assert _deals(new, back.id) == [
        ("Fleet pilot", 50_000_000, "JPY", DealStage.PROPOSAL),
        ("Renewal", 123_456, "EUR", DealStage.WON),
    ]
    assert _list_columns(new) == _list_columns(old)
    assert [p.number for p in came["-Minus Kato"].phones] == ["+81312345678"]
    assert came["Ada Lovelace"].company == "Analytical Engines"

    again = new.importing.import_files([sheet])
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 3)
    assert again.warnings.lines() == first.warnings.lines()  # the number not checked
    assert _by_name(new) == came
    assert _deals(new, back.id) == _deals(old, zoe)


def _deals(services: Services, contact_id: int | None) -> list[tuple[str, int, str, DealStage]]:
    assert contact_id is not None
    deals = services.deals.for_contact(contact_id)
    return [(d.title, d.value_minor, d.currency, d.stage) for d in deals]


def _list_columns(services: Services) -> dict[str, tuple[int, str]]:
    """The contact list's deal column, by name: the open deals' total and currency."""
    return {
        s.name: (s.open_deal_value_minor, s.deal_currency)
        for s in services.contacts.page(limit=ALL)
    }


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


def test_the_export_imported_into_its_own_folder_changes_nothing(
    two_folders: tuple[Services, Services], tmp_path: Path
) -> None:
    old, _ = two_folders
    kari = old.contacts.add(
        Contact(
            name="Kari Nordmann", emails=[Email("kari@fjord.example")], status=ContactStatus.PARKED
        )
    )
    old.contacts.add(
        Contact(
            name="Ola",
            phones=[Phone("+4722123456")],
            time_zone="Europe/Oslo",
            personal_notes="Tall",
            notes="Met at the fair",
        )
    )
    old.deals.save(Deal(kari, "Boats", 99_950, "NOK", DealStage.NEGOTIATION))
    before = _by_name(old)
    sheet = tmp_path / "contacts.csv"
    export_contacts(old.db, sheet)

    report = old.importing.import_files([sheet])

    assert (report.imported, report.updated, report.unchanged) == (0, 0, 2)
    assert report.warned == 0
    assert _by_name(old) == before
    assert [(c.personal_notes, c.notes) for c in _by_name(old).values()] == [
        ("", ""),
        ("Tall", "Met at the fair"),
    ]
    assert _deals(old, kari) == [("Boats", 99_950, "NOK", DealStage.NEGOTIATION)]


def test_an_older_sheet_keeps_what_the_rep_changed_since_and_says_so(
    two_folders: tuple[Services, Services], tmp_path: Path
) -> None:
    old, _ = two_folders
    zoe = old.contacts.add(
        Contact(name="Zoë", emails=[Email("zoe@acme.example")], status=ContactStatus.SERIOUS)
    )
    old.deals.save(Deal(zoe, "Renewal", 100_000, "EUR", DealStage.PROPOSAL))
    ada = old.contacts.add(Contact(name="Ada", emails=[Email("ada@engines.example")]))
    old.deals.save(Deal(ada, "Engine", 5_000, "GBP", DealStage.LEAD))
    sheet = tmp_path / "contacts.csv"
    export_contacts(old.db, sheet)
    # Since the export: Zoë's deal was lost for less (which made her lost too).
    renewal = old.deals.for_contact(zoe)[0]
    old.deals.save(replace(renewal, value_minor=80_000, stage=DealStage.LOST))
    zoe_now = old.contacts.get(zoe)
    assert zoe_now is not None and zoe_now.status is ContactStatus.LOST

    report = old.importing.import_files([sheet])

    back = _by_name(old)
    assert back["Zoë"].status is ContactStatus.LOST
    assert _deals(old, zoe) == [("Renewal", 80_000, "EUR", DealStage.LOST)]
    assert (back["Zoë"].notes, back["Zoë"].personal_notes) == ("", "")
    assert report.warnings.lines() == [
        f"{sheet}:3: the status here is 'serious', Zoë's is 'lost' (already in FollowUp): "
        "Zoë's kept",
        f"{sheet}:3: the deal 'Renewal' here is 1,000.00 EUR, proposal, Zoë's is "
        "800.00 EUR, lost (already in FollowUp): Zoë's kept",
    ]
    assert (report.updated, report.unchanged) == (0, 2)


def test_a_hand_edited_sheet_keeps_what_it_cannot_take_in_the_notes_and_says_where(
    two_folders: tuple[Services, Services], tmp_path: Path
) -> None:
    _, new = two_folders
    sheet = tmp_path / "edited.csv"
    deal_columns = ",".join(
        f"Deal {n} - {part}" for n in (1, 2) for part in ("Title", "Value", "Currency", "Stage")
    )
    sheet.write_text(
        f"Name,E-mail 1 - Value,Status,{deal_columns}\n"
        'Kim,kim@x.example,Won,Pilot,"1,500.00",usd,Closing,Fleet,2500,eur,Qualified\n'
        "Lee,lee@x.example,hot,Trial,lots,EUR,lead,,,,\n"
        "Max,max@x.example,,Big,100,euro,proposal,,,,\n"
        "Ned,ned@x.example,,Made up,100,ABC,proposal,,,,\n",
        encoding="utf-8",
    )

    report = new.importing.import_files([sheet])

    assert (report.imported, report.rejected) == (4, 0)
    stages = "(lead, qualified, proposal, negotiation, won, lost)"
    assert report.warnings.lines() == [
        f"{sheet}:2: Deal 1 - Stage 'Closing' is not a stage FollowUp has {stages}: "
        "the deal is kept in the notes",
        f"{sheet}:3: Status 'hot' is not one FollowUp has "
        "(active, serious, curious, parked, won, lost): kept in the notes",
        f"{sheet}:3: Deal 1 - Value 'lots' is not an amount like 1234.56: "
        "the deal is kept in the notes",
        f"{sheet}:4: Deal 1 - Currency 'euro' is not a currency code like EUR or USD: "
        "the deal is kept in the notes",
        f"{sheet}:5: Deal 1 - Currency 'ABC' is not a currency code like EUR or USD: "
        "the deal is kept in the notes",
    ]
    came = _by_name(new)
    kim, lee, max_ = came["Kim"], came["Lee"], came["Max"]
    assert kim.status is ContactStatus.WON
    assert _deals(new, kim.id) == [("Fleet", 250_000, "EUR", DealStage.QUALIFIED)]
    assert kim.notes.splitlines() == [
        "Deal 1 - Title: Pilot",
        "Deal 1 - Value: 1,500.00",
        "Deal 1 - Currency: usd",
        "Deal 1 - Stage: Closing",
    ]
    assert lee.status is ContactStatus.ACTIVE
    assert _deals(new, lee.id) == []
    assert lee.notes.splitlines() == [
        "Status: hot",
        "Deal 1 - Title: Trial",
        "Deal 1 - Value: lots",
        "Deal 1 - Currency: EUR",
        "Deal 1 - Stage: lead",
    ]
    assert _deals(new, max_.id) == []
    assert "Deal 1 - Currency: euro" in max_.notes.splitlines()
    assert _deals(new, came["Ned"].id) == []
    assert "Deal 1 - Currency: ABC" in came["Ned"].notes.splitlines()
    assert [c.personal_notes for c in came.values()] == ["", "", "", ""]

    # Put right in FollowUp's sheet and imported again: the deal is made, nothing doubled.
    sheet.write_text(
        sheet.read_text(encoding="utf-8").replace("Closing", "negotiation"), encoding="utf-8"
    )
    again = new.importing.import_files([sheet])
    assert (again.updated, again.unchanged) == (1, 3)
    assert _deals(new, kim.id) == [
        ("Fleet", 250_000, "EUR", DealStage.QUALIFIED),
        ("Pilot", 150_000, "USD", DealStage.NEGOTIATION),
    ]
    assert _by_name(new)["Lee"].notes == lee.notes


def test_a_sheet_deal_won_or_lost_makes_its_contact_won_or_lost_as_saving_it_does(
    two_folders: tuple[Services, Services], tmp_path: Path
) -> None:
    """Before: the deals came in won or lost, their contacts stayed as they were (active,
    parked), still planned for calls about a deal that was over."""
    _, new = two_folders
    ola = new.contacts.add(
        Contact(name="Ola", emails=[Email("ola@x.example")], status=ContactStatus.PARKED)
    )
    # The same contact, her deal marked won in FollowUp itself.
    twin = new.contacts.add(Contact(name="Twin", status=ContactStatus.PARKED))
    new.deals.save(Deal(twin, "Fleet", 250_000, "EUR", DealStage.WON))
    sheet = tmp_path / "deals.csv"
    sheet.write_text(
        "Name,E-mail 1 - Value,Status,Deal 1 - Title,Deal 1 - Value,Deal 1 - Stage,"
        "Deal 2 - Title,Deal 2 - Value,Deal 2 - Stage\n"
        "Kim,kim@x.example,,Pilot,1500,won,,,\n"
        "Lee,lee@x.example,,Trial,100,proposal,Fleet,200,lost\n"
        "Max,max@x.example,serious,Big,100,won,,,\n"
        "Ned,ned@x.example,,Small,100,proposal,,,\n"
        "Ola,ola@x.example,,Fleet,2500,won,,,\n",
        encoding="utf-8",
    )

    report = new.importing.import_files([sheet])

    assert (report.imported, report.updated, report.warned) == (4, 1, 0)
    statuses = {name: contact.status for name, contact in _by_name(new).items()}
    assert statuses == {
        "Kim": ContactStatus.WON,
        "Lee": ContactStatus.LOST,
        "Max": ContactStatus.SERIOUS,  # the sheet's own Status is its say
        "Ned": ContactStatus.ACTIVE,
        "Ola": ContactStatus.WON,
        "Twin": ContactStatus.WON,
    }
    assert [stage for *_, stage in _deals(new, ola)] == [DealStage.WON]
    again = new.importing.import_files([sheet])
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 5)


def test_a_sheet_deal_without_a_currency_comes_in_the_reps_currency(
    two_folders: tuple[Services, Services], tmp_path: Path
) -> None:
    _, new = two_folders
    new.settings.save(new.settings.load().with_value(options.REP_CURRENCY, "CHF"))
    sheet = tmp_path / "no-currency.csv"
    sheet.write_text(
        "Name,E-mail 1 - Value,Deal 1 - Title,Deal 1 - Value,Deal 1 - Currency,Deal 1 - Stage\n"
        "Kim,kim@x.example,Pilot,1500,,proposal\n"
        "Lee,lee@x.example,Fleet,2500,USD,lead\n",
        encoding="utf-8",
    )

    report = new.importing.import_files([sheet])

    assert (report.imported, report.warned) == (2, 0)
    came = _by_name(new)
    assert _deals(new, came["Kim"].id) == [("Pilot", 150_000, "CHF", DealStage.PROPOSAL)]
    assert _deals(new, came["Lee"].id) == [("Fleet", 250_000, "USD", DealStage.LEAD)]


@pytest.mark.sqlite_file  # the turnstile: a large import's segments are SQLite's
def test_a_large_sheet_written_in_segments_brings_every_deal_or_none(
    two_folders: tuple[Services, Services], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, new = two_folders
    sheet = tmp_path / "large.csv"
    rows = "".join(
        f"Rep {n},rep{n}@x.example,{'won' if n % 2 else ''},Deal {n},{n}.50,EUR,"
        f"{'won' if n % 2 else 'proposal'}\n"
        for n in range(1, 1201)
    )
    header = "Name,E-mail 1 - Value,Status,Deal 1 - Title,Deal 1 - Value,Deal 1 - Currency,"
    sheet.write_text(header + "Deal 1 - Stage\n" + rows, encoding="utf-8")
    turnstile = new.db.turnstile
    assert turnstile is not None
    # A call being logged at every chunk's end: the import steps aside each time.
    monkeypatch.setattr(turnstile, "someone_waiting", lambda: True)
    chunks = 0
    run_chunk = importing._FileImport.run_chunk

    def cut_at_the_third(work: importing._FileImport, records: list[ImportedContact]) -> None:
        nonlocal chunks
        chunks += 1
        if chunks == 3:
            raise OSError(28, "No space left on device")
        run_chunk(work, records)

    with monkeypatch.context() as cut:
        cut.setattr(importing._FileImport, "run_chunk", cut_at_the_third)
        failed = new.importing.import_files([sheet])
    assert failed.unreadable and failed.imported == 0
    assert new.contacts.page() == []  # the first two chunks' contacts taken back

    report = new.importing.import_files([sheet])

    assert (report.imported, report.rejected, report.warned) == (1200, 0, 0)
    came = _by_name(new)
    rep_7, rep_8 = came["Rep 7"], came["Rep 8"]
    assert rep_7.status is ContactStatus.WON and rep_8.status is ContactStatus.ACTIVE
    assert _deals(new, rep_7.id) == [("Deal 7", 750, "EUR", DealStage.WON)]
    assert _deals(new, rep_8.id) == [("Deal 8", 850, "EUR", DealStage.PROPOSAL)]
    assert sum(len(new.deals.for_contact(c.id or 0)) for c in came.values()) == 1200
    assert _list_columns(new)["Rep 8"] == (850, "EUR")
