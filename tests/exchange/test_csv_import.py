"""CSV import on hand-made files: dialects, encodings, line numbers, keep what can be kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_desktop.exchange.csv_import import read_csv, uninvert_name
from followup_desktop.exchange.records import (
    ImportedContact,
    ImportItem,
    ImportOptions,
    Rejection,
    UnreadableFile,
    read_contacts,
)
from followup_desktop.exchange.text_decoding import sniff_encoding
from tests.exchange import files
from tests.harness.counts import fuzz_examples

OPTIONS = ImportOptions(phone_region="GB")


def write(tmp_path: Path, content: bytes | str, name: str = "c.csv") -> Path:
    return files.write(tmp_path, content, name)


def read(tmp_path: Path, content: bytes | str, name: str = "c.csv") -> list[ImportItem]:
    return list(read_contacts(write(tmp_path, content, name), OPTIONS))


def contacts(items: list[ImportItem]) -> list[ImportedContact]:
    return [item for item in items if isinstance(item, ImportedContact)]


def rejections(items: list[ImportItem]) -> list[tuple[int, str]]:
    return [(item.line, item.reason) for item in items if isinstance(item, Rejection)]


def only(items: list[ImportItem]) -> ImportedContact:
    (item,) = items
    assert isinstance(item, ImportedContact), item
    return item


def test_generic_headers_last_first_names_and_multi_line_fields(tmp_path: Path) -> None:
    items = read(
        tmp_path,
        "Name,E-mail,Phone,Company,Notes\n"
        '"Cruz, Dana",dana@cruz.example,020 7946 0958,Cruz Logistics,"likes sailing\nand chess"\n'
        '"Acme, Inc.",info@acme.example,,,\n'
        ",,,,\n"
        'Jane Smith,jane@acme.example,+1 312 555 0142,"Acme, Inc.",\n',
    )
    assert [(c.line, c.name, c.company) for c in contacts(items)] == [
        (2, "Dana Cruz", "Cruz Logistics"),
        (4, "Acme, Inc.", ""),
        (6, "Jane Smith", "Acme, Inc."),
    ]
    dana = contacts(items)[0]
    assert dana.phones == ["+442079460958"]  # a national number, read in the rep's region
    assert dana.notes == "likes sailing\nand chess"
    assert rejections(items) == []  # the empty row is skipped, not rejected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Cruz, Dana", "Dana Cruz"),
        ("van der Berg, Jan", "Jan van der Berg"),
        ("Smith, John Q.", "John Q. Smith"),
        ("Acme, Inc.", "Acme, Inc."),
        ("Widgets, S.A.", "Widgets, S.A."),
        ("Sales Team, EMEA", "Sales Team, EMEA"),
        ("Suite 5, Floor 2", "Suite 5, Floor 2"),
        ("Doe, Jr., John", "Doe, Jr., John"),
        ("Cher", "Cher"),
    ],
)
def test_last_comma_first(written: str, expected: str) -> None:
    assert uninvert_name(written) == expected


def oddities(items: list[ImportItem]) -> list[str]:
    return [str(o) for c in contacts(items) for o in c.oddities]


def test_an_odd_field_costs_nothing_but_is_kept_and_said_where(tmp_path: Path) -> None:
    """Only a row with nothing to identify anyone is rejected; an odd value is kept as
    written in the notes, and reported with the file line."""
    path = write(
        tmp_path,
        "name,email,phone,notes\n"
        "Good,good@x.example,,\n"
        "Bad Phone,bad@x.example,abc,likes golf\n"
        "Bad Mail,not-mail,020 7946 0958,\n"
        "Bad Second Mail,ok@x.example ::: nope,,\n"
        ",,,\n"
        "Nobody,,,\n"
        ",,,a note about nobody\n",
    )
    items = list(read_contacts(path, OPTIONS))
    assert rejections(items) == [(8, "no name, e-mail or phone")]
    found = {c.name: c for c in contacts(items)}
    assert list(found) == ["Good", "Bad Phone", "Bad Mail", "Bad Second Mail", "Nobody"]
    assert (found["Bad Phone"].emails, found["Bad Phone"].phones) == (["bad@x.example"], [])
    assert found["Bad Phone"].notes == "likes golf\nPhone as imported: abc"
    assert (found["Bad Mail"].emails, found["Bad Mail"].phones) == ([], ["+442079460958"])
    assert found["Bad Mail"].notes == "E-mail as imported: not-mail"
    assert found["Bad Second Mail"].emails == ["ok@x.example"]
    assert found["Bad Second Mail"].notes == "E-mail as imported: nope"
    assert found["Good"].oddities == found["Nobody"].oddities == ()
    assert oddities(items) == [
        f"{path}:3: phone number 'abc' is not a phone number: kept in the notes",
        f"{path}:4: e-mail 'not-mail' is not an e-mail address: kept in the notes",
        f"{path}:5: e-mail 'nope' is not an e-mail address: kept in the notes",
    ]


def test_a_row_with_only_an_odd_value_is_still_someone(tmp_path: Path) -> None:
    items = read(tmp_path, "name,email,company\n,broken@,Acme\n")
    (contact,) = contacts(items)
    assert (contact.name, contact.emails, contact.company) == ("broken@", [], "Acme")
    assert contact.notes == "E-mail as imported: broken@"
    assert rejections(items) == []


def test_a_number_that_cannot_be_read_says_why_in_plain_words(tmp_path: Path) -> None:
    items = read(
        tmp_path,
        "name,phone\nAna,+999 123\nBo,+44 (0)\nCy,1" + "2" * 300 + "\nDi,call me\n",
    )
    said = [o.what.split(": kept")[0] for c in contacts(items) for o in c.oddities]
    assert said == [
        "phone number '+999 123' starts with a country code no country has",
        "phone number '+44 (0)' is too short to be a phone number",
        f"phone number '1{'2' * 300}' is too long to be a phone number",
        "phone number 'call me' is not a phone number",
    ]


def test_a_row_not_imported_says_what_was_in_it(tmp_path: Path) -> None:
    items = read(
        tmp_path,
        "name,email,company,title,notes\n"
        ",,Nobody Corp,,\n"
        ",,,Buyer,\n"
        ',,,,"met at the fair\nand again in May"\n',
    )
    held = [(item.line, item.held) for item in items if isinstance(item, Rejection)]
    assert held == [(2, "Nobody Corp"), (3, "Buyer"), (4, "met at the fair")]


def test_another_program_s_apostrophes_are_kept_as_written(tmp_path: Path) -> None:
    """Only FollowUp's own sheet has its formula guards taken off again: before, every
    CSV lost an apostrophe before "=", "+", "-" or "@" ("X;'=" became "X;=")."""
    written = "X;'=y"
    contact = only(read(tmp_path, f'Name,Company\n"{written}",\'-minus\n'))
    assert (contact.name, contact.company) == (written, "'-minus")


def test_long_values_are_cut_to_fit_and_kept_whole_in_the_notes(tmp_path: Path) -> None:
    name = "Dr " + "Longname " * 30
    notes = "x" * 5000
    items = read(tmp_path, f'name,notes\n{name},"{notes}"\n')
    (contact,) = contacts(items)
    assert len(contact.name) == 200 and name.startswith(contact.name)
    assert contact.notes.startswith("x" * 4000 + "\nName as imported: Dr Longname")
    assert "x" * 4001 not in contact.notes
    assert [o.what for o in contact.oddities] == [
        "the name is longer than 200 characters: kept in the notes",
        "the notes are longer than 4,000 characters: the rest was left out",
    ]


def test_identity_fallbacks(tmp_path: Path) -> None:
    items = read(
        tmp_path,
        "Full Name,Email Address,Mobile,Company\n"
        ",jane.smith@acme.example,,Acme\n"
        ",,+44 20 7946 0958,Acme\n"
        ",,,Acme\n"
        " , , , \n",
    )
    assert [c.name for c in contacts(items)] == ["jane.smith", "+44 20 7946 0958"]
    assert rejections(items) == [(4, "no name, e-mail or phone")]


def test_name_from_first_middle_last_when_there_is_no_display_name(tmp_path: Path) -> None:
    items = read(
        tmp_path,
        "Display Name,First Name,Middle Name,Last Name\n"
        ",Ada,King,Lovelace\n"
        "Countess,Ada,,Lovelace\n",
    )
    assert [c.name for c in contacts(items)] == ["Ada King Lovelace", "Countess"]


def test_line_numbers_count_physical_lines_of_quoted_fields(tmp_path: Path) -> None:
    content = (
        b"Name,Notes,Phone\r\n"
        b'A,"one\r\ntwo\rthree\nfour",\r\n'  # starts on line 2, ends on line 5
        b'"B ""the boss""","tab\there",\r\n'
        b"\r\n"
        b"C,,not a number\r\n"
    )
    items = read(tmp_path, content)
    assert [(c.line, c.name, c.notes) for c in contacts(items)] == [
        (2, "A", "one\ntwo\nthree\nfour"),
        (6, 'B "the boss"', "tab\there"),
        (8, "C", "Phone as imported: not a number"),
    ]
    assert [o.line for c in contacts(items) for o in c.oddities] == [8]


def test_a_quote_left_open_is_read_without_it_and_swallows_nothing(tmp_path: Path) -> None:
    content = 'Name,Notes\nA,"never closed\n' + "".join(f"P{i},x\n" for i in range(300))
    items = read(tmp_path, content)
    assert rejections(items) == []
    (first, *rest) = contacts(items)
    assert (first.line, first.name, first.notes) == (2, "A", "never closed")
    assert [o.what for o in first.oddities] == [
        "a quote opened on this line is not closed: read without it"
    ]
    assert [(c.line, c.name) for c in rest] == [(3 + i, f"P{i}") for i in range(300)]


def test_a_quote_left_open_mid_sheet_loses_nobody_after_it(tmp_path: Path) -> None:
    items = read(
        tmp_path,
        "Name,Email\n"
        "Jane,jane@x.example\n"
        '"Rocky Balboa,rocky@x.example\n'
        "Carl,carl@x.example\n"
        "Dora,dora@x.example\n",
    )
    assert [(c.line, c.name, c.emails) for c in contacts(items)] == [
        (2, "Jane", ["jane@x.example"]),
        (3, "Rocky Balboa", ["rocky@x.example"]),
        (4, "Carl", ["carl@x.example"]),
        (5, "Dora", ["dora@x.example"]),
    ]
    assert [(o.line, o.what) for c in contacts(items) for o in c.oddities] == [
        (3, "a quote opened on this line is not closed: read without it")
    ]


def test_a_note_over_several_lines_stays_one_value(tmp_path: Path) -> None:
    # Its lines read like rows of a two-column sheet, but the row is whole: one note.
    items = read(tmp_path, 'Name,Notes\nAnn,"Met at the fair\nCall back, maybe"\nBo,x\n')
    assert [(c.line, c.name, c.notes) for c in contacts(items)] == [
        (2, "Ann", "Met at the fair\nCall back, maybe"),
        (4, "Bo", "x"),
    ]
    # A field's last line holds its closing quote, even when the line reads like a row.
    items = read(tmp_path, 'Name,Email\n"\n\nX",a@a.example\nBo,b@b.example\n')
    assert [(c.line, c.emails) for c in contacts(items)] == [
        (2, ["a@a.example"]),
        (5, ["b@b.example"]),
    ]
    assert not [o for c in contacts(items) for o in c.oddities]


def test_one_very_long_note_costs_its_row_nothing_and_the_file_nothing(tmp_path: Path) -> None:
    rows = "".join(f"P{i},p{i}@x.example,\n" for i in range(50))
    items = read(tmp_path, "Name,Email,Notes\n" + rows + "Long,l@x.example," + "n" * 140_000 + "\n")
    assert len(contacts(items)) == 51 and rejections(items) == []
    long = contacts(items)[-1]
    assert long.name == "Long" and len(long.notes) == 4_000
    assert [o.what for o in long.oddities] == [
        "the notes are longer than 4,000 characters: the rest was left out"
    ]


def test_values_past_the_last_column_are_kept_in_the_notes(tmp_path: Path) -> None:
    # "Acme, Inc." without quotes moves the row's values one column on.
    contact = only(
        read(
            tmp_path,
            "Name,Company,Email,Phone\nJane Smith,Acme, Inc.,jane@acme.example,+13125550142\n",
        )
    )
    assert "+13125550142" in contact.notes and "jane@acme.example" in contact.notes
    assert "1 value past the last column: kept in the notes" in [o.what for o in contact.oddities]


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le", "utf-16-be", "utf-32"],
)
def test_encodings(tmp_path: Path, encoding: str) -> None:
    text = "Name,Company,Email\r\nJosé Müller,Café Señor – “Ltd”,jose@cafe.example\r\n"
    contact = only(read(tmp_path, text.encode(encoding)))
    assert (contact.name, contact.company) == ("José Müller", "Café Señor – “Ltd”")


def test_utf16_with_a_bom_in_either_byte_order(tmp_path: Path) -> None:
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        content = bom + "Name;Email\r\nZoë;zoe@x.example\r\n".encode(codec)
        assert only(read(tmp_path, content)).name == "Zoë"


def test_shift_jis_and_the_western_text_that_could_pass_for_it(tmp_path: Path) -> None:
    japanese = write(tmp_path, "Name,Email\n山田 太郎,t@x.jp\n".encode("shift_jis"), "ja.csv")
    assert sniff_encoding(japanese, legacy="cp1252") == "cp932"
    assert only(list(read_contacts(japanese, OPTIONS))).name == "山田 太郎"
    # "Hélène" in cp1252 decodes cleanly as Shift_JIS too (as two rare kanji).
    western = write(tmp_path, "Name\nHélène Dupont\n".encode("cp1252"), "fr.csv")
    assert sniff_encoding(western, legacy="cp1252") == "cp1252"
    assert only(list(read_contacts(western, OPTIONS))).name == "Hélène Dupont"


def test_a_utf_8_file_with_one_stray_byte_stays_utf_8_and_says_where(tmp_path: Path) -> None:
    content = (
        "Name,Company,Email\n"
        "Renée Müller,Café Señor,renee@x.example\n"
        "Zoë Dvořák,Łódź Trading,zoe@x.example\n".encode()
        + b"Ana Lima,Caf\xe9 Sol,ana@x.example\n"  # one byte another program wrote
        + "Jürgen Groß,Straße AG,j@x.example\n".encode()
    )
    path = write(tmp_path, content)
    items = list(read_contacts(path, OPTIONS))
    assert [(c.name, c.company) for c in contacts(items)] == [
        ("Renée Müller", "Café Señor"),
        ("Zoë Dvořák", "Łódź Trading"),
        ("Ana Lima", "Caf\ufffd Sol"),
        ("Jürgen Groß", "Straße AG"),
    ]
    assert oddities(items) == [f"{path}:4: a byte that is not UTF-8 in Company: read as \ufffd"]
    # Said UTF-8 by its byte-order mark (Excel's "CSV UTF-8"): the same, said the same.
    marked = write(tmp_path, b"\xef\xbb\xbf" + content, "marked.csv")
    again = list(read_contacts(marked, OPTIONS))
    assert [c.name for c in contacts(again)] == [c.name for c in contacts(items)]
    assert oddities(again) == [f"{marked}:4: a byte that is not UTF-8 in Company: read as \ufffd"]


def test_a_western_file_with_a_stray_utf_8_letter_is_still_read_as_western(
    tmp_path: Path,
) -> None:
    content = "Name\nRenée\nJosé\nHélène\n".encode("cp1252") + "Zoë\n".encode()
    assert [c.name for c in contacts(read(tmp_path, content))] == [
        "Renée",
        "José",
        "Hélène",
        "ZoÃ«",
    ]


def test_cp1252_bytes_it_leaves_undefined_are_kept(tmp_path: Path) -> None:
    contact = only(read(tmp_path, b"Name,Company\nAna,Caf\xe9 \x81\n"))
    assert contact.company == "Café"  # 0x81 becomes a C1 control, which clean_text drops


def test_delimiters(tmp_path: Path) -> None:
    for delimiter in (";", "\t", ","):
        content = f'Name{delimiter}Email{delimiter}Company\nJane{delimiter}jane@x.example{delimiter}"A; B, C"\n'
        contact = only(read(tmp_path, content))
        assert (contact.emails, contact.company) == (["jane@x.example"], "A; B, C")


def test_headers_are_matched_whatever_their_case_and_spacing(tmp_path: Path) -> None:
    contact = only(
        read(
            tmp_path,
            "  FIRST_NAME ,last name,  E-MAIL ,Time Zone, JOB  TITLE \nAda,Lovelace,ada@x.example,Europe/London,Analyst\n",
        )
    )
    assert (contact.name, contact.emails, contact.time_zone, contact.title) == (
        "Ada Lovelace",
        ["ada@x.example"],
        "Europe/London",
        "Analyst",
    )


def test_outlook_export(tmp_path: Path) -> None:
    contact = only(
        read(
            tmp_path,
            "Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,"
            "Business Phone,Business Fax,Mobile Phone,E-mail Address,E-mail 2 Address,Notes\n"
            "Dr.,Marcus,,O'Neil,,Northwind,Sales,Buyer,(020) 7946 0958,020 7946 0000,"
            "07700 900123,marcus@northwind.example,MARCUS@Northwind.example,met in Leeds\n",
        )
    )
    assert (contact.name, contact.company, contact.title) == ("Marcus O'Neil", "Northwind", "Buyer")
    assert contact.phones == ["+442079460958", "+447700900123"]  # the fax is no phone
    assert contact.emails == ["marcus@northwind.example"]  # same address in another case
    # Columns with no field (Outlook's honorific beside the name parts) go to the notes.
    assert contact.notes == (
        "met in Leeds\nTitle: Dr.\nDepartment: Sales\nBusiness Fax: 020 7946 0000"
    )


def test_old_google_export_with_multiple_values_and_typed_phones(tmp_path: Path) -> None:
    contact = only(
        read(
            tmp_path,
            "Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,"
            "Phone 1 - Value,Phone 2 - Type,Phone 2 - Value,Organization 1 - Name,Organization 1 - Title\n"
            "Jane Roe,Jane,Roe,* Home,a@x.example ::: b@x.example,Home Fax,020 7946 0000,"
            "Mobile,07700 900123 ::: +44 7700 900123,Roe Ltd,CEO\n",
        )
    )
    assert contact.emails == ["a@x.example", "b@x.example"]
    assert contact.phones == ["+447700900123"]  # fax dropped, the duplicate collapsed
    assert (contact.company, contact.title) == ("Roe Ltd", "CEO")


def test_linkedin_export_with_its_notes_preamble(tmp_path: Path) -> None:
    items = read(
        tmp_path,
        'Notes:\n"When exporting your connection data, you may notice..."\n\n'
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ada,Lovelace,https://www.linkedin.com/in/ada,,Engines,Engineer,01 Jan 2024\n",
    )
    contact = only(items)
    assert (contact.line, contact.name, contact.company, contact.title) == (
        5,
        "Ada Lovelace",
        "Engines",
        "Engineer",
    )


def test_an_unknown_time_zone_is_kept_in_the_notes(tmp_path: Path) -> None:
    items = read(tmp_path, "name,timezone\nA,Mars/Olympus\nB,America/Chicago\n")
    assert rejections(items) == []
    a, b = contacts(items)
    assert (a.time_zone, a.notes) == ("", "Time zone as imported: Mars/Olympus")
    assert [o.what for o in a.oddities] == [
        "time zone 'Mars/Olympus' is not a place FollowUp knows: pick the nearest city from"
        " the list (e.g. Europe/Paris): kept in the notes"
    ]
    assert (b.time_zone, b.oddities) == ("America/Chicago", ())


def test_control_characters_are_dropped(tmp_path: Path) -> None:
    items = read(
        tmp_path,
        'name,notes,company\nA\x07nn,"one\x00\r\ntwo",Ac\x1bme\n'
        "Someone Else,an ordinary row of text,to make a file a few dozen bytes long\n",
    )
    contact = contacts(items)[0]
    assert (contact.name, contact.notes, contact.company) == ("A nn", "one\ntwo", "Ac me")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"  \r\n\r\n", "empty"),
        (b"just,some,columns\n1,2,3\n", "no header row"),
        (b"\x00\x01\x02binary\xff\xfe\x00" * 50, "binary"),
        (bytes(range(256)) * 20, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_unreadable_files_raise_one_clear_error_at_once(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    with pytest.raises(UnreadableFile, match=reason):
        read_csv(write(tmp_path, content), OPTIONS)  # before anything is iterated


def test_header_only_means_nothing_to_import(tmp_path: Path) -> None:
    assert read(tmp_path, "Name,Email\r\n") == []


def test_a_folder_or_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="no such file"):
        list(read_contacts(tmp_path / "missing.csv", OPTIONS))
    with pytest.raises(UnreadableFile, match="folder"):
        list(read_contacts(tmp_path, OPTIONS))


def test_records_stream_in_file_order(tmp_path: Path) -> None:
    rows = "".join(f'"Person {i}",p{i}@x.example,"note\n{i}"\n' for i in range(5000))
    items = read_csv(write(tmp_path, "Name,Email,Notes\n" + rows), OPTIONS)
    first = next(items)
    assert isinstance(first, ImportedContact) and (first.line, first.name) == (2, "Person 0")
    rest = list(items)
    assert len(rest) == 4999
    last = rest[-1]
    assert isinstance(last, ImportedContact) and (last.line, last.notes) == (
        2 + 2 * 4999,
        "note\n4999",
    )


def _check(items: list[ImportItem]) -> None:
    for item in items:
        assert isinstance(item, ImportedContact | Rejection)
        assert item.line >= 1
        if isinstance(item, ImportedContact):
            assert item.name.strip()


FUZZ = settings(
    max_examples=fuzz_examples(200),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@FUZZ
@given(st.binary(max_size=600))
def test_fuzz_random_bytes(tmp_path: Path, content: bytes) -> None:
    try:
        items = read(tmp_path, content)
    except UnreadableFile:
        return
    _check(items)


@FUZZ
@given(
    st.sampled_from(["", "name,email,phone\n", "Name;E-mail;Mobile\r\n", "Notes:\n\nfull name\n"]),
    st.text(alphabet=st.sampled_from(list('ab,;\t"\n\r @x.+0123 ñ€\x00::')), max_size=300),
    st.sampled_from(["utf-8", "utf-16", "cp1252", "shift_jis"]),
)
def test_fuzz_csv_text(tmp_path: Path, header: str, body: str, encoding: str) -> None:
    content = (header + body).encode(encoding, errors="replace")
    try:
        items = read(tmp_path, content)
    except UnreadableFile:
        return
    _check(items)


def test_the_numbers_tell_the_time_zone_when_the_file_does_not(tmp_path: Path) -> None:
    """Imports from +47 and +91 get their zone; a file's own zone wins; numbers that
    disagree (a New York desk, a Chicago mobile) leave it to the rep rather than guess."""
    items = read(
        tmp_path,
        "name,phone,mobile,time zone\n"
        "Kari Nordmann,+47 22 12 34 56,,\n"
        "Anil Rao,+91 98765 43210,,\n"
        "Jo Tanaka,+47 22 12 34 57,,Asia/Tokyo\n"
        "Sam Split,+1 212 555 0100,+1 312 555 0142,\n"
        "Pat Mobile,+34 612 34 56 78,,\n",
    )
    assert [(c.name, c.time_zone) for c in contacts(items)] == [
        ("Kari Nordmann", "Europe/Oslo"),
        ("Anil Rao", "Asia/Kolkata"),
        ("Jo Tanaka", "Asia/Tokyo"),
        ("Sam Split", ""),
        ("Pat Mobile", ""),  # Madrid or the Canaries: asked, not guessed
    ]


def test_a_number_that_cannot_be_checked_stays_a_number(tmp_path: Path) -> None:
    items = read(tmp_path, "name,phone\nChidi Okafor,+234 1 234 5678\nReception,ask for Tom\n")
    chidi, reception = contacts(items)
    assert (chidi.phones, chidi.unchecked_phones, chidi.notes) == (
        ["+234 1 234 5678"],
        {"+234 1 234 5678"},
        "",
    )
    # Words are no number to dial: kept in the notes as before.
    assert (reception.phones, reception.notes) == ([], "Phone as imported: ask for Tom")


def test_a_local_number_and_an_extension_are_kept_as_written_and_said(tmp_path: Path) -> None:
    path = write(tmp_path, "Name,Mobile Phone,Business Phone\nAl,555 0100,+1 312 555 0142 x12\n")
    contact = only(list(read_contacts(path, ImportOptions(phone_region="US"))))
    assert contact.phones == ["555 0100", "+1 312-555-0142 ext. 12"]
    assert contact.unchecked_phones == {"555 0100", "+1 312-555-0142 ext. 12"}
    assert [o.what for o in contact.oddities] == [
        "phone number '555 0100' is missing its area code: kept as written, marked not checked",
        "phone number '+1 312 555 0142 x12' has an extension (12): kept as written, "
        "marked not checked",
    ]


def test_a_nul_character_in_a_field_is_said_at_the_records_line(tmp_path: Path) -> None:
    rows = "".join(f"Person {n},p{n}@a.example,Co\n" for n in range(40))  # a text file
    items = read(tmp_path, f"name,email,company\n{rows}Dana\x00Cruz,d@a.example,Ac\x00me\n")
    dana = contacts(items)[-1]
    assert (dana.line, dana.name, dana.company) == (42, "Dana Cruz", "Ac me")
    assert [str(o) for o in dana.oddities] == [
        f"{tmp_path / 'c.csv'}:42: a NUL character (a sign of a damaged file) in name, "
        "company: left out"
    ]
    assert all(c.oddities == () for c in contacts(items)[:-1])
