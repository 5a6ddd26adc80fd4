"""Every contact file in tests/fixtures/real-world, checked for what a rep would see.

The fixtures are other projects' test data, so several hold placeholder phone numbers
("100", "BusinessPhone") that make their records rejections; where that hides what the
importer understood of the layout, a copy with real numbers is checked too (written to
tmp_path: the fixtures themselves are never edited).
"""

from __future__ import annotations

from pathlib import Path

import phonenumbers
import pytest

from followup_desktop.exchange.records import (
    ImportedContact,
    ImportItem,
    ImportOptions,
    Rejection,
    UnreadableFile,
    read_contacts,
)
from followup_desktop.exchange.text_decoding import byte_lines, sniff_encoding
from followup_desktop.exchange.vcard_import import LEGACY_8BIT, ValueDecoder, parse_cards
from tests.core.test_phone_zones import library_zones, one_clock

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "real-world"
OPTIONS = ImportOptions(phone_region="US")
CONTACT_FILES = sorted((FIXTURES / "csv").glob("*")) + sorted((FIXTURES / "vcard").glob("*"))


def items_of(path: Path) -> list[ImportItem]:
    return list(read_contacts(path, OPTIONS))


def load(relative: str) -> tuple[list[ImportedContact], list[Rejection]]:
    items = items_of(FIXTURES / relative)
    return [i for i in items if isinstance(i, ImportedContact)], [
        i for i in items if isinstance(i, Rejection)
    ]


def one_or_more(relative: str) -> list[ImportedContact]:
    imported, rejected = load(relative)
    assert rejected == []
    return imported


def one(relative: str) -> ImportedContact:
    imported, rejected = load(relative)
    assert rejected == []
    (contact,) = imported
    return contact


def patched_copy(tmp_path: Path, relative: str, replacements: dict[bytes, bytes]) -> Path:
    data = (FIXTURES / relative).read_bytes()
    for old, new in replacements.items():
        assert old in data, old
        data = data.replace(old, new)
    path = tmp_path / Path(relative).name
    path.write_bytes(data)
    return path


def test_every_contact_fixture_is_covered() -> None:
    assert len(CONTACT_FILES) == 27
    tested = {name for name, *_ in COUNTS}
    assert tested == {f"{p.parent.name}/{p.name}" for p in CONTACT_FILES}


# (file, imported, rejected): the summary a rep sees after importing each file alone. Only
# a record naming nobody is rejected; placeholder numbers and broken addresses are kept
# in the notes and reported as warnings.
COUNTS = [
    ("csv/network-jobs__Connections.csv", 10, 0),
    ("csv/rolomind__google.csv", 4, 0),
    ("csv/rolomind__linkedin.csv", 5, 0),
    ("csv/roundcube__all.csv", 1, 0),
    ("csv/roundcube__gmail.csv", 1, 0),
    ("csv/roundcube__outlook.csv", 1, 0),
    ("csv/thunderbird__csv_semicolon.csv", 2, 0),
    ("csv/thunderbird__export.csv", 2, 0),
    ("csv/thunderbird__shiftjis_addressbook.csv", 1, 0),
    ("csv/thunderbird__utf16_addressbook.csv", 1, 0),
    ("vcard/android-vcard__v21_complicated.vcf", 1, 0),
    ("vcard/android-vcard__v21_invalid_comment_line.vcf", 1, 0),
    ("vcard/android-vcard__v21_japanese_2.vcf", 1, 0),
    ("vcard/android-vcard__v21_multiple_entry.vcf", 3, 0),
    ("vcard/android-vcard__v30_ios_613_multiline.vcf", 1, 0),
    ("vcard/android-vcard__v40_sort_as.vcf", 1, 0),
    ("vcard/ez-vcard__John_Doe_ANDROID.vcf", 6, 0),
    ("vcard/ez-vcard__John_Doe_IPHONE.vcf", 1, 0),
    ("vcard/ez-vcard__John_Doe_MS_OUTLOOK.vcf", 1, 0),
    ("vcard/ez-vcard__gmail-single2.vcf", 1, 0),
    ("vcard/ez-vcard__outlook-2003.vcf", 1, 0),
    ("vcard/ez-vcard__rfc6350-example.vcf", 1, 0),
    ("vcard/khard__photov4.vcf", 1, 0),
    ("vcard/khard__unparsable.vcf", 1, 0),
    ("vcard/roundcube__thebat.vcf", 1, 0),
    ("vcard/roundcube__utf-16_sample.vcf", 1, 0),
    ("vcard/sabre-vobject__issue64.vcf", 0, 1),
]


@pytest.mark.parametrize(("relative", "imported", "rejected"), COUNTS, ids=[c[0] for c in COUNTS])
def test_counts_and_well_formed_items(relative: str, imported: int, rejected: int) -> None:
    path = FIXTURES / relative
    items = items_of(path)
    good = [i for i in items if isinstance(i, ImportedContact)]
    bad = [i for i in items if isinstance(i, Rejection)]
    assert (len(good), len(bad)) == (imported, rejected)
    for item in good:
        assert item.line >= 1 and item.name.strip() and item.source == str(path)
    for rejection in bad:
        assert rejection.line >= 1 and str(rejection).startswith(f"{path}:{rejection.line}: ")


# ---- CSV ------------------------------------------------------------------------------


def test_linkedin_connections_with_notes_preamble() -> None:
    imported, _ = load("csv/network-jobs__Connections.csv")
    first, last = imported[0], imported[-1]
    assert (first.line, first.name, first.company, first.title, first.emails) == (
        5,  # after "Notes:", the quoted notice and a blank line
        "Ada Lovelace",
        "Analytical Engines Inc",
        "Engineer",
        [],
    )
    assert (last.line, last.name, last.company, last.title) == (
        14,
        "Grace Zhao",
        "University of Nowhere",
        "Professor",
    )


def test_linkedin_older_layout_without_final_newline() -> None:
    imported, _ = load("csv/rolomind__linkedin.csv")
    assert [(c.line, c.name, c.emails) for c in imported] == [
        (2, "John Doe", ["john@example.com"]),
        (3, "Jane Smith", ["jane@example.com"]),
        (4, "Bob Wilson", []),
        (5, "Alice Brown", ["alice.brown@email.com"]),
        (6, "Charlie Davis", ["charlie@startup.com"]),
    ]
    assert imported[3].title == "Director of Engineering"


def test_new_google_headers() -> None:
    imported, _ = load("csv/rolomind__google.csv")
    john, _, bob, alice = imported
    assert (john.line, john.name, john.company, john.title, john.emails, john.phones) == (
        2,
        "John Doe",
        "Acme Corp",
        "CEO",
        ["john@example.com"],
        ["+1-555-0123"],  # seven digits after +1 reach no one: kept as written, not checked
    )
    assert (bob.phones, alice.emails) == ([], ["alice.brown@email.com"])


def oddities(contact: ImportedContact) -> list[str]:
    return [o.what for o in contact.oddities]


def test_roundcube_all_fields_placeholder_phones_are_kept_in_the_notes(tmp_path: Path) -> None:
    (kept,) = one_or_more("csv/roundcube__all.csv")
    assert (kept.line, kept.name, kept.phones) == (2, "Display Name", [])
    assert kept.emails == ["home@example.com", "work@example.com", "other@example.com"]
    assert (
        oddities(kept)[0] == "phone number '100' has the wrong number of digits: kept in the notes"
    )
    assert len(oddities(kept)) == 9  # the fax, pager and video columns are no phones
    assert [line for line in kept.notes.splitlines() if line.startswith("Phone as")][:2] == [
        "Phone as imported: 100",
        "Phone as imported: 200",
    ]
    fixed = patched_copy(
        tmp_path,
        "csv/roundcube__all.csv",
        {
            b",100,200,300,400,500,600,700,800,900,111,222,333,444,": (
                b",312-555-0100,312-555-0200,312-555-0300,,,,700,800,,111,222,,,"
            )
        },
    )
    (contact,) = items_of(fixed)
    assert isinstance(contact, ImportedContact)
    # "Title" is Outlook's honorific here ("Prefix"): the job comes from "Job Title".
    # The fax ("700", "800"), pager ("111") and video ("222") columns are no phones to
    # call: kept in the notes, with the addresses, dates and websites no field takes.
    assert (contact.name, contact.company, contact.title) == (
        "Display Name",
        "Company",
        "Job Title",
    )
    notes = contact.notes.splitlines()
    assert notes[:3] == ["Notes", "Title: Prefix", "Suffix: Suffix"]
    assert {"Home Fax: 700", "Business Fax: 800", "Pager: 111", "Phone Video: 222"} <= {*notes}
    assert {"Birthday: 20/01/1991", "Website Work: https://work", "Categories: test"} <= {*notes}
    assert len(notes) == 43  # the notes and each of the 42 other columns with a value
    assert contact.emails == ["home@example.com", "work@example.com", "other@example.com"]
    assert contact.phones == ["+13125550100", "+13125550200", "+13125550300"]
    assert contact.oddities == ()


def test_old_google_export(tmp_path: Path) -> None:
    (kept,) = one_or_more("csv/roundcube__gmail.csv")
    assert [what[:36] for what in oddities(kept)] == [
        "phone number 'mainphone' is not a ph",  # the pager is not even looked at
        "phone number 'homephone' is not a ph",
        "phone number 'mobile' is not a phone",
        "phone number 'workphone' is not a ph",
    ]
    assert (kept.line, kept.phones, len(kept.emails)) == (2, [], 4)
    numbers = {b"mainphone": b"312 555 0101", b"homephone": b"312 555 0102"}
    numbers |= {b"mobile,Work,workphone": b"312 555 0103,Work,312 555 0104"}
    (contact,) = items_of(patched_copy(tmp_path, "csv/roundcube__gmail.csv", numbers))
    assert isinstance(contact, ImportedContact)
    assert (contact.line, contact.name, contact.company, contact.title) == (
        2,
        "Prefix Firstname Middle Lastname Suffix",
        "company",
        "jobtitle",
    )
    assert contact.notes.splitlines()[:3] == [
        'note"note',
        "Name Prefix: Prefix",
        "Name Suffix: Suffix",
    ]
    assert contact.emails == [
        "home@aaa.pl",
        "work@email.pl",
        "unknown@email.com",
        "other@email.com",
    ]
    # Pager ("pager"), home and work fax ("homefax", "workfax") are left out by type.
    assert contact.phones == ["+13125550101", "+13125550102", "+13125550103", "+13125550104"]


def test_outlook_with_only_email_columns() -> None:
    contact = one("csv/roundcube__outlook.csv")
    assert (contact.name, contact.emails) == (
        "test1",  # no name column: the first address's local part
        ["test1@domain.tld", "test2@domain.tld", "test3@domain.tld"],
    )


def test_semicolon_delimited() -> None:
    imported, _ = load("csv/thunderbird__csv_semicolon.csv")
    assert [(c.name, c.emails) for c in imported] == [
        ("John Doe", ["john@doe.invalid"]),
        ("Jane Doe", ["jane@doe.invalid"]),
    ]


def test_thunderbird_export_quirks(tmp_path: Path) -> None:
    kept = one_or_more("csv/thunderbird__export.csv")
    assert [(c.line, c.name, c.emails, c.notes.splitlines()[-1]) for c in kept] == [
        (2, "contact number one", [], "E-mail as imported: contact1@invalid"),
        (3, "contact number two", [], "E-mail as imported: contact2@invalid"),
    ]
    assert [oddities(c) for c in kept] == [
        ["e-mail 'contact1@invalid' is not an e-mail address: kept in the notes"],
        ["e-mail 'contact2@invalid' is not an e-mail address: kept in the notes"],
    ]
    fixed = patched_copy(
        tmp_path, "csv/thunderbird__export.csv", {b"@invalid,": b"@example.invalid,"}
    )
    one_, two = items_of(fixed)
    assert isinstance(one_, ImportedContact) and isinstance(two, ImportedContact)
    assert (one_.line, one_.name, one_.emails) == (
        2,
        "contact number one",
        ["contact1@example.invalid"],
    )
    # Row 3 holds quoted tab, CR and LF in the custom fields and `"""worker"""`; each
    # custom field is one line of the notes.
    assert (two.line, two.name, two.title, two.notes.splitlines()) == (
        3,
        "contact number two",
        '"worker"',
        [
            "here's some unicode text…",
            "Custom 1: custom, 1",
            "Custom 2: custom\t2",
            "Custom 3: custom, 3",
            "Custom 4: custom, 4",
        ],
    )


def test_shift_jis_address_book() -> None:
    path = FIXTURES / "csv/thunderbird__shiftjis_addressbook.csv"
    assert sniff_encoding(path, legacy="cp1252") == "cp932"
    contact = one("csv/thunderbird__shiftjis_addressbook.csv")
    assert (contact.line, contact.name, contact.emails) == (
        2,
        "名無しの権兵衛",
        ["名無しの権兵衛@host.invalid"],
    )


def test_utf16_address_book() -> None:
    assert sniff_encoding(FIXTURES / "csv/thunderbird__utf16_addressbook.csv", "cp1252") == "utf-16"
    contact = one("csv/thunderbird__utf16_addressbook.csv")
    assert (contact.line, contact.name, contact.emails) == (2, "John Doe", ["johndoe@host.invalid"])


# ---- vCard ----------------------------------------------------------------------------


def test_v21_complicated() -> None:
    joe = one("vcard/android-vcard__v21_complicated.vcf")
    assert (joe.name, joe.company, joe.title) == ("Joe Due", "Gump Shrimp Co.", "Shrimp Man")
    assert joe.emails == ["forrestgump@walladalla.com", "cell@example.com"]
    # The Android test card's numbers read in the US: only one is a North American
    # number (no area code starts with 0 or 1). The others are kept as written, not
    # checked, or in the notes when not diallable as written, and each is said.
    assert joe.phones == ["+14045551212", "0311111111", "0322222222", "0333333333"]
    assert joe.unchecked_phones == {"0311111111", "0322222222", "0333333333"}
    assert [w.split(":")[0] for w in oddities(joe)] == [
        "phone number '(111) 555-1212' is not a North American number",
        "phone number '0311111111' is not a North American number",
        "phone number '0322222222' is not a North American number",
        "phone number '0333333333' is not a North American number",
    ]
    # Two NOTEs, the second quoted-printable over soft line breaks; then what no field
    # takes (a printed LABEL beside its ADR, X-CLASS, GEO and REV say nothing more).
    assert joe.notes == (
        "The following note is the example from RFC 2045.\n"
        "Now's the time for all folk to come to the aid of their country.\n"
        "Department: Sales Dept.;Manager, Fish keeper\n"
        "Role: Fish Cake Keeper!\n"
        "Address (work): 100 Waters Edge, Baytown, LA, 30314, United States of America\n"
        "Address (home): 42 Plantation St., Baytown, LA, 30314, United States of America\n"
        "X-ATTRIBUTE: Some String\n"
        "Birthday: 1980-01-01\n"
        "Website: http://www.example.com/\n"
        "Phone as imported: (111) 555-1212"
    )


def test_v21_comment_lines_and_lowercase_begin() -> None:
    card = one("vcard/android-vcard__v21_invalid_comment_line.vcf")
    assert (card.name, card.notes) == (
        "Conference Call",
        "This is an (sharp ->#<- sharp) example. This message must NOT be ignored.",
    )


def test_v21_japanese_shift_jis() -> None:
    card = one("vcard/android-vcard__v21_japanese_2.vcf")
    # The NOTE and the ADR are QP Shift_JIS (the ADR over soft line breaks).
    assert (card.name, card.notes) == (
        "安藤 ロイド 1",
        "メモ\nAddress (home): 東京都渋谷区桜丘町26-1セルリアンタワー6階, 150-8512",
    )


def test_v21_multiple_entries_with_vendor_phone_types() -> None:
    kept = one_or_more("vcard/android-vcard__v21_multiple_entry.vcf")
    # Test data: one- and two-digit "numbers". MODEM and PAGER ones are not read at all.
    assert [(c.line, c.phones, [w[:17] for w in oddities(c)]) for c in kept] == [
        (1, [], ["phone number '9' ", "phone number '10'", "phone number '11'"]),
        (12, [], ["phone number '15'", "phone number '16'"]),
        (23, [], [f"phone number '{n}'" for n in (17, 18, 19, 20)]),
    ]
    lines = byte_lines(FIXTURES / "vcard/android-vcard__v21_multiple_entry.vcf", "cp932")
    decoder = ValueDecoder(honour_charset=True, fallbacks=LEGACY_8BIT)
    names = [decoder.text(card.properties["N"][0]) for card in parse_cards(lines)]
    assert names == ["安藤ロイド3;;;;", "安藤ロイド4;;;;", "安藤ロイド5;;;;"]


def test_ios_613_grouped_properties() -> None:
    bob = one("vcard/android-vcard__v30_ios_613_multiline.vcf")
    assert (bob.name, bob.company, bob.emails, bob.phones) == (
        "Bob Smith",
        "Smith Auto Repair",
        ["bob@smithauto.com"],
        ["+16505551212"],
    )


def test_v40_quoted_sort_as() -> None:
    card = one("vcard/android-vcard__v40_sort_as.vcf")
    assert (card.name, card.company) == ("安藤 ロイド", "グーグル")


def test_android_export_of_six_cards() -> None:
    imported = one_or_more("vcard/ez-vcard__John_Doe_ANDROID.vcf")
    assert [(c.line, c.name, c.emails) for c in imported[:2]] == [
        (1, "john.doe", ["john.doe@company.com"]),  # no FN or N: named from the address
        (6, "jane.doe", ["jane.doe@company.com"]),
    ]
    # Numbers too short for their country (or a local one, "3456789", without its area
    # code) are kept as written, marked not checked.
    unchecked = "has the wrong number of digits: kept as written, marked not checked"
    assert [(c.line, c.emails, c.phones, oddities(c)[0]) for c in imported[2:]] == [
        (11, [], ["123456789"], f"phone number '123456789' {unchecked}"),
        (
            18,
            [],
            ["123456", "234567", "3456789", "45678901"],
            f"phone number '123456' {unchecked}",
        ),
        # QP UTF-8 split by a soft break mid-character, decoded whole: 14 × "Ñ".
        (
            36,
            ["bob@company.com"],
            ["123456"],
            "e-mail 'ÑÑÑÑÑÑÑÑÑÑÑÑÑÑ' is not an e-mail address: kept in the notes",
        ),
        (71, ["henry@company.com"], ["55556666"], f"phone number '55556666' {unchecked}"),
    ]
    # The same odd number twice in a card is kept and reported once.
    assert len(oddities(imported[4])) == 2


def test_iphone_card() -> None:
    card = one("vcard/ez-vcard__John_Doe_IPHONE.vcf")
    assert (card.name, card.company, card.title, card.emails) == (
        "Mr. John Richter James Doe Sr.",
        "IBM",
        "Money Counter",
        ["john.doe@ibm.com"],
    )
    # Cell, home, work and the assistant's item2.TEL; the faxes and the pager are no
    # numbers to call (kept in the notes instead).
    assert card.phones == ["+19055551234", "+19056661234", "+19057771234", "+19052221234"]


def test_ms_outlook_card() -> None:
    card = one("vcard/ez-vcard__John_Doe_MS_OUTLOOK.vcf")
    assert (card.name, card.company, card.title, card.emails, card.phones) == (
        "Mr. John Richter James Doe Sr.",
        "IBM",
        "Money Counter",
        ["john.doe@ibm.cm"],
        ["+19055551234", "+19056661234"],
    )
    assert card.notes.startswith("THIS SOFTWARE IS PROVIDED BY GEORGE EL-HADDAD ''AS IS''")
    notes, kept = card.notes.split("SUCH DAMAGE.\n")
    assert notes.endswith("EVEN IF ADVISED OF THE POSSIBILITY OF ")
    # Outlook's own properties read as a rep would name them; its LABELs (the ADRs
    # printed again), X-MS-OL-DESIGN (its card's layout) and REV say nothing more.
    assert kept.splitlines() == [
        "Nickname: Johny",
        "Department: Accounting",
        "Address (work): Cresent moon drive, Albaney, New York, 12345, United States of America",
        "Address (home): Silicon Alley 5, New York, New York, 12345, United States of America",
        "Website (work): http://www.ibm.com",
        "Role: Counting Money",
        "Birthday: 1980-03-22",
        "Anniversary: 2011-01-13",
        "Chat: johny5@aol.com",
        "Manager: Big Blue",
        "Assistant: Jenny",
    ]


def test_gmail_card_with_item_groups() -> None:
    card = one("vcard/ez-vcard__gmail-single2.vcf")
    assert (card.name, card.company, card.title) == ("VCard Test", "TheCompany", "TheJobTitle")
    assert card.emails == [
        "email@example.com",
        "homeemail@example.com",
        "workemail@example.com",
        "otheremail@example.com",
        "customcategory@example.com",
    ]
    assert card.phones == [f"+1555555{n}" for n in (1111, 1112, 1113, 1114, 1115, 1116, 1119, 1121)]
    lines = card.notes.splitlines()
    assert lines[:3] == ["note line 1", "note line 2", "CustomField: field value"]
    # Each item group's X-ABLabel says which one it is, Google's and Apple's words read
    # as words; the numbers no one calls are kept, not dropped.
    for line in (
        "Nickname: TheNickname",
        "Skype: IM5",
        "Fax (work): 5555551118",
        "Pager: 5555551120",
        "Address (home): 112 Main St, NY, New York, 10011",
        "Address (CustomAddressCategory): 115 Main St, NY, New York, 10011",
        "Birthday: 1912-06-23",
        "Website (blog): http://www.example3.com",
        "Website (home page): http://www.example4.com",
        "Anniversary: 1930-03-20",
        "Date (CustomDateCategory): 2000-09-12",
        "Related (spouse): Name2",
        "Related (referred by): Name13",
    ):
        assert line in lines
    assert not [line for line in lines if "X-ABLabel" in line or "_$!<" in line]


def test_outlook_2003_placeholder_phones_and_what_was_parsed() -> None:
    (kept,) = one_or_more("vcard/ez-vcard__outlook-2003.vcf")
    assert (kept.line, kept.name, kept.emails, kept.phones) == (
        1,
        "John Doe III",
        ["jdoe@hotmail.com"],
        [],
    )
    # "ORG:Company, The;TheDepartment": a 2.1 card escapes no comma; the company keeps it.
    assert kept.company == "Company, The"
    assert [what[:37] for what in oddities(kept)] == [
        "phone number 'BusinessPhone' is not a",
        "phone number 'HomePhone' is not a pho",
        "phone number 'MobilePhone' is not a p",
    ]
    path = FIXTURES / "vcard/ez-vcard__outlook-2003.vcf"
    (card,) = parse_cards(byte_lines(path, "utf-8"))
    decoder = ValueDecoder(honour_charset=True, fallbacks=LEGACY_8BIT)
    assert card.closed
    # The NOTE ends in a soft break; the EMAIL comes after a base64 KEY and blank lines.
    assert decoder.text(card.properties["NOTE"][0]) == (
        "This is the note field!!\r\nSecond line\r\n\r\nThird line is empty\r\n"
    )
    assert decoder.text(card.properties["EMAIL"][0]) == "jdoe@hotmail.com"
    assert decoder.text(card.properties["FN"][0]) == "John Doe III"


def test_rfc6350_example() -> None:
    card = one("vcard/ez-vcard__rfc6350-example.vcf")
    assert (card.name, card.company, card.emails) == (
        "Simon Perreault",
        "Viagenie",
        ["simon.perreault@viagenie.ca"],
    )
    # tel: URIs; the one with an extension kept whole, not checked (E.164 has no room for it)
    assert card.phones == ["+14182626501", "+1 418-656-9254 ext. 102"]
    # "TZ:-0500" is an offset, not a zone: kept in the notes. The numbers tell the zone:
    # 418 is Quebec City.
    assert card.time_zone == "America/Toronto"
    assert card.notes.splitlines()[-1] == "Time zone as imported: -0500"


def test_v40_photo_data_uri() -> None:
    card = one("vcard/khard__photov4.vcf")
    # RFC 6350 unfolding removes the one space that starts the continuation line.
    assert (card.name, card.notes) == (
        "with photo v4",
        "The RFC6350 for vCard 4.0 specifies that the value for PHOTO shouldbe a single uri.",
    )


def test_truncated_card_keeps_what_it_held() -> None:
    (card,) = one_or_more("vcard/khard__unparsable.vcf")
    assert (card.line, card.name) == (1, "second contact with minimal Vcard")
    assert oddities(card) == ["card is not closed (no END:VCARD): imported what it held"]


def test_the_bat_legacy_8bit_quoted_printable() -> None:
    card = one("vcard/roundcube__thebat.vcf")
    assert (card.name, card.emails) == ("Piotr Iksiński", ["piotr.iksinski@somedomain.com"])


def test_utf16_big_endian_without_bom() -> None:
    path = FIXTURES / "vcard/roundcube__utf-16_sample.vcf"
    assert sniff_encoding(path, legacy="cp1250") == "utf-16-be"
    assert one("vcard/roundcube__utf-16_sample.vcf").name == "Ǽgean ĽdaMonté"


def test_photo_only_card() -> None:
    _, rejected = load("vcard/sabre-vobject__issue64.vcf")
    assert [(r.line, r.reason) for r in rejected] == [(1, "no name, e-mail or phone")]


def test_every_contact_whose_numbers_name_one_clock_gets_that_zone() -> None:
    """Across every real-world file: a contact whose checked numbers libphonenumber puts
    in one clock gets that zone; one whose numbers could be in several gets none (the
    rep is asked). A number kept as written is left to tests of its own."""
    checked = 0
    zoned = 0
    wrong = []
    for path in CONTACT_FILES:
        try:
            items = items_of(path)
        except UnreadableFile:
            continue
        for contact in items:
            if not isinstance(contact, ImportedContact) or not contact.phones:
                continue
            if contact.unchecked_phones:
                continue
            answers = [library_zones(phonenumbers.parse(p)) for p in contact.phones]
            every = set().union(*answers)
            single = all(a and one_clock(a) for a in answers) and one_clock(every)
            right = contact.time_zone in every if single else contact.time_zone == ""
            checked += 1
            zoned += bool(contact.time_zone)
            if not right:
                wrong.append((path.name, contact.line, contact.phones, contact.time_zone))
    # The files' checked numbers are all North American: 3 land in one zone by their area
    # code, 1 (a 555 test number) in none. Every country's own numbers
    # are checked in tests/core/test_phone_zones.py.
    assert (checked, zoned, wrong) == (4, 3, [])
