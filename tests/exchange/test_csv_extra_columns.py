"""Columns FollowUp has no field for: their values are kept in each contact's notes as
"Column: value" lines, and the file says once which columns went there."""

from __future__ import annotations

from pathlib import Path

from followup_desktop.exchange.records import ImportedContact, ImportOptions, read_contacts
from tests.exchange import files

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "real-world"


def imported(path: Path) -> list[ImportedContact]:
    items = list(read_contacts(path, ImportOptions(phone_region="US")))
    assert all(isinstance(item, ImportedContact) for item in items), items
    return [item for item in items if isinstance(item, ImportedContact)]


def test_new_google_export_keeps_addresses_and_websites_in_the_notes() -> None:
    john, jane, bob, _alice = imported(FIXTURES / "csv/rolomind__google.csv")
    # A group's "- Label" says which address or website it is; a mapped phone's is not kept.
    assert john.notes == (
        "Website 1 - Value (Website): https://acme.com\n"
        "Address 1 - Formatted (Work): 123 Main St, San Francisco, CA"
    )
    assert jane.notes == "Address 1 - Formatted (Work): 456 Tech Blvd, San Jose, CA"
    assert bob.notes == "Website 1 - Value (Website): https://startup.com"


def test_old_google_export_keeps_what_has_no_field_and_skips_what_describes_a_field() -> None:
    (contact,) = imported(FIXTURES / "csv/roundcube__gmail.csv")
    lines = contact.notes.splitlines()
    assert "Birthday: 1975-12-12" in lines
    assert "Nickname: nick" in lines
    assert "Group Membership: Test" in lines  # everyone is in "* My Contacts": not said
    # Fax and pager numbers are no phones to call, but the rep may still need them.
    assert "Phone 4 - Value (Home Fax): homefax" in lines
    assert not [line for line in lines if line.startswith(("E-mail 1 - Type", "Phone 1 - Type"))]
    # The multi-line address keeps its lines, joined on one; its parts would say it again.
    (address,) = [line for line in lines if line.startswith("Address 1 - ")]
    assert address.startswith("Address 1 - Formatted (Home): home_street, home_pobox, ")


def test_outlook_placeholders_for_nothing_are_not_kept(tmp_path: Path) -> None:
    path = files.write(
        tmp_path,
        "First Name,Last Name,E-mail Address,Birthday,Anniversary,Gender,Priority,Private,"
        "Sensitivity,Spouse,Web Page\r\n"
        "Dana,Cruz,dana@cruz.example,0/0/00,4/5/2011,Unspecified,Normal,False,Normal,"
        "Kim,cruz.example\r\n",
        "outlook.csv",
    )
    (dana,) = imported(path)
    assert dana.notes == "Anniversary: 4/5/2011\nSpouse: Kim\nWeb Page: cruz.example"


def test_the_file_says_once_which_columns_were_kept(tmp_path: Path) -> None:
    path = files.write(
        tmp_path,
        "Name,E-mail,Website,Birthday,Unused\n"
        "Ann,ann@a.example,ann.example,,\n"
        "Bob,bob@a.example,,1980-02-03,\n"
        "Cy,cy@a.example,,,\n",
        "c.csv",
    )
    ann, bob, cy = imported(path)
    assert (ann.notes, bob.notes, cy.notes) == ("Website: ann.example", "Birthday: 1980-02-03", "")
    assert (ann.oddities, bob.oddities, cy.oddities) == ((), (), ())
    assert ann.kept_columns is bob.kept_columns and cy.kept_columns is None
    assert ann.kept_columns is not None
    assert str(ann.kept_columns.oddity()) == (
        f"{path}:1: kept in each contact's notes: Website, Birthday (2 contacts)"
    )


def test_a_second_column_of_a_one_value_field_is_kept_not_dropped(tmp_path: Path) -> None:
    path = files.write(
        tmp_path,
        "name,name,email,company,Organization 2 - Name\n"
        "Dana Cruz,Dana C.,dana@cruz.example,Cruz Logistics,Harbour Board\n"
        "Bob Brown,Bob Brown,bob@b.example,,\n",
        "c.csv",
    )
    dana, bob = imported(path)
    assert (dana.name, dana.company) == ("Dana Cruz", "Cruz Logistics")
    assert dana.notes == "name: Dana C.\nOrganization 2 - Name: Harbour Board"
    assert bob.notes == ""  # the same value twice says nothing more
    assert dana.kept_columns is not None
    assert dana.kept_columns.oddity().what == (
        "kept in each contact's notes: name, Organization 2 - Name (1 contact)"
    )
