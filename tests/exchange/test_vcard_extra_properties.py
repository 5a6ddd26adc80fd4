"""vCard properties FollowUp has no field for (an address, a website, a birthday, a fax
number, a program's X- property): kept in each contact's notes as "Label: value" lines,
as a CSV's extra columns are, and the file says once which ones went there. What only
describes the card or the program that wrote it is not kept."""

from __future__ import annotations

from pathlib import Path

from followup_desktop.exchange.records import ImportedContact, ImportOptions, read_contacts
from followup_desktop.exchange.vcard_import import read_server_card
from tests.exchange import files

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "real-world" / "vcard"
OPTIONS = ImportOptions(phone_region="US")


def imported(path: Path) -> list[ImportedContact]:
    items = list(read_contacts(path, OPTIONS))
    assert all(isinstance(item, ImportedContact) for item in items), items
    return [item for item in items if isinstance(item, ImportedContact)]


def test_an_iphone_card_keeps_its_address_website_birthday_and_faxes() -> None:
    path = FIXTURES / "ez-vcard__John_Doe_IPHONE.vcf"
    (john,) = imported(path)
    assert john.notes == (
        "Nickname: Johny\n"
        "Department: Accounting\n"
        "Fax (home): 905-888-1234\n"
        "Fax (work): 905-999-1234\n"
        "Pager: 905-111-1234\n"
        "Address (home): Silicon Alley 5, New York, New York, 12345, United States of America\n"
        "Address (work): Street4, Building 6, Floor 8, New York, 12345, USA\n"
        "Website (home page): http://www.ibm.com\n"
        "Birthday: 2012-06-06"
    )
    # PRODID, N beside FN, the photo, X-ABADR (a country code for the address's layout)
    # and the X-ABLabels themselves say nothing a rep reads.
    assert not any(word in john.notes for word in ("Apple", "Richter,James", "/9j/", "X-AB"))
    assert john.oddities == ()  # said once for the file, not in each contact's warnings
    assert john.kept_columns is not None
    assert str(john.kept_columns.oddity()) == (
        f"{path}:1: kept in each contact's notes: Nickname, Department, Fax, Pager, Address, "
        "Website, Birthday (1 contact)"
    )


def test_a_vcard_4_card_reads_its_dates_as_dates_and_keeps_no_key_or_position() -> None:
    (simon,) = imported(FIXTURES / "ez-vcard__rfc6350-example.vcf")
    assert simon.notes.splitlines() == [
        "Birthday: February 3",  # --0203: a birthday without its year
        "Anniversary: 2009-08-08",  # the day of 20090808T1430-0500
        "Gender: M",
        "Language: fr",
        "Language: en",
        "Address (work): Suite D2-630, 2875 Laurier, Quebec, QC, G1V 2M2, Canada",
        "Website (home): http://nomis80.org",
        "Time zone as imported: -0500",
    ]


def test_the_file_says_once_which_properties_were_kept(tmp_path: Path) -> None:
    path = files.write(
        tmp_path,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nEMAIL:ann@a.example\r\n"
        "URL:https://ann.example\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob\r\nEMAIL:bob@a.example\r\n"
        "BDAY:19800402\r\nX-SOCIALPROFILE;type=twitter;x-user=bob:https://twitter.com/bob\r\n"
        "URL:https://bob.example\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy\r\nEMAIL:cy@a.example\r\n"
        "PRODID:-//Apple Inc.//iOS 17//EN\r\nREV:2024-01-01T00:00:00Z\r\nUID:CY-1\r\n"
        "N:;Cy;;;\r\nEND:VCARD\r\n",
        "cards.vcf",
    )
    ann, bob, cy = imported(path)
    assert ann.notes == "Website: https://ann.example"
    assert bob.notes == (
        "Birthday: 1980-04-02\n"
        "Social profile (twitter): https://twitter.com/bob\n"
        "Website: https://bob.example"
    )
    assert (cy.notes, cy.kept_columns) == ("", None)
    assert ann.kept_columns is bob.kept_columns and ann.kept_columns is not None
    assert str(ann.kept_columns.oddity()) == (
        f"{path}:1: kept in each contact's notes: Website, Birthday, Social profile (2 contacts)"
    )


def test_a_printed_address_is_kept_only_without_the_address_itself(tmp_path: Path) -> None:
    path = files.write(
        tmp_path,
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Dana Cruz\r\nTEL;WORK:+1 312 555 0100\r\n"
        "LABEL;WORK;ENCODING=QUOTED-PRINTABLE:12 Dock St=0D=0AChicago, IL 60601\r\n"
        "CATEGORIES:My Contacts\r\nEND:VCARD\r\n",
        "dana.vcf",
    )
    (dana,) = imported(path)
    # Android puts everyone in "My Contacts": that says nothing about Dana.
    assert dana.notes == "Address (work): 12 Dock St, Chicago, IL 60601"


def test_a_card_on_the_phone_keeps_what_no_field_takes_on_the_card() -> None:
    """In the two-way address book the card itself keeps the address (FollowUp's writes
    leave it there): the contact's notes do not say it a second time."""
    data = (FIXTURES / "ez-vcard__John_Doe_IPHONE.vcf").read_bytes()
    card = read_server_card(data, "https://dav.example/john.vcf", OPTIONS)
    assert card is not None and isinstance(card.item, ImportedContact)
    assert (card.item.notes, card.item.kept_columns) == ("", None)
