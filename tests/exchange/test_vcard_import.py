"""vCard import on hand-made cards: versions, folding, quoted-printable, escapes, damage."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_desktop.exchange.records import (
    ImportedContact,
    ImportItem,
    ImportOptions,
    Rejection,
    UnreadableFile,
    read_contacts,
)
from followup_desktop.exchange.vcard_import import looks_like_vcard, read_vcards
from tests.exchange import files
from tests.harness.counts import fuzz_examples

OPTIONS = ImportOptions(phone_region="US")


def write(tmp_path: Path, content: bytes | str, name: str = "cards.vcf") -> Path:
    return files.write(tmp_path, content, name)


def read(tmp_path: Path, content: bytes | str) -> list[ImportItem]:
    return list(read_contacts(write(tmp_path, content), OPTIONS))


def only(items: list[ImportItem]) -> ImportedContact:
    (item,) = items
    assert isinstance(item, ImportedContact), item
    return item


def card(*lines: str, eol: str = "\r\n") -> str:
    return eol.join(["BEGIN:VCARD", *lines, "END:VCARD"]) + eol


def test_three_versions_in_one_file_each_at_its_begin_line(tmp_path: Path) -> None:
    items = read(
        tmp_path,
        card("VERSION:2.1", "N:Smith;Jane;;;", "TEL;WORK;VOICE:(312) 555-0142")
        + card(
            "VERSION:3.0",
            "FN:Dana Cruz",
            "ORG:Cruz Logistics\\, Inc.;Sales",
            "EMAIL;TYPE=INTERNET:dana@cruz.example",
            "TITLE:Head of",
            "  Operations",
            eol="\n",
        )
        + card(
            "VERSION:4.0",
            "FN:Marcus O'Neil",
            'TEL;VALUE=uri;TYPE="work,voice";PREF=1:tel:+1-415-555-0100;ext=12',
            "TZ:-05:00",
            "TZ:America/Chicago",
        ),
    )
    jane, dana, marcus = items
    assert isinstance(jane, ImportedContact)
    assert (jane.line, jane.name, jane.phones) == (1, "Jane Smith", ["+13125550142"])
    assert isinstance(dana, ImportedContact)
    assert (dana.line, dana.company, dana.title) == (
        6,
        "Cruz Logistics, Inc.",
        "Head of Operations",
    )
    assert isinstance(marcus, ImportedContact)
    assert (marcus.line, marcus.phones, marcus.time_zone) == (
        14,
        ["+1 415-555-0100 ext. 12"],  # the extension kept: not checked
        "America/Chicago",  # the UTC offset is no zone and is passed over
    )


def test_folding_differs_between_21_and_30(tmp_path: Path) -> None:
    items = read(
        tmp_path,
        card("VERSION:2.1", "FN:Jean", " Dupont") + card("VERSION:3.0", "FN:Jean", " Dupont"),
    )
    assert [c.name for c in items if isinstance(c, ImportedContact)] == [
        "Jean Dupont",  # 2.1 keeps the white space of the fold
        "JeanDupont",  # 3.0 removes exactly one character
    ]


def test_quoted_printable_soft_breaks_and_charsets(tmp_path: Path) -> None:
    content = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
        b"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Jos=C3=A9 M=C3=\r\n=BCller\r\n"
        b"NOTE;QUOTED-PRINTABLE:first=0D=0Asecond=\r\n#not a comment=\r\n\r\n"
        b"TITLE;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Direktor f=FCr Vertrieb\r\n"
        b"END:VCARD\r\n"
    )
    contact = only(read(tmp_path, content))
    assert contact.name == "José Müller"  # the soft break falls inside a UTF-8 character
    assert contact.notes == "first\nsecond#not a comment"
    assert contact.title == "Direktor für Vertrieb"


def test_legacy_8bit_without_charset(tmp_path: Path) -> None:
    items = read(
        tmp_path,
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:Piotr Iksi=F1ski\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:\xa3ukasz Wr\xf3bel\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:L'Ha\xff-les-Roses\r\nEND:VCARD\r\n",
    )
    assert [c.name for c in items if isinstance(c, ImportedContact)] == [
        "Piotr Iksiński",  # cp1250, as The Bat! and Polish phones write
        "Łukasz Wróbel",
        "L'Haÿ-les-Roses",  # cp1252 reads as more letters here (cp1250 has "˙")
    ]


WESTERN = ["Hélène Crème", "Søren Jørgensen", "João Simões", "Ana Muñoz", "Loïc Bàrbera"]
CENTRAL = ["Antonín Dvořák", "Jiří Děčín", "Ewa Poznań", "Pál Erdős", "Růžena Nováková"]


@pytest.mark.parametrize(
    ("name", "code_page"),
    [(name, "cp1252") for name in WESTERN] + [(name, "cp1250") for name in CENTRAL],
)
def test_a_legacy_8bit_name_is_read_in_the_code_page_its_letters_belong_to(
    tmp_path: Path, name: str, code_page: str
) -> None:
    """Before: when both code pages read as many letters, Windows-1250 won, so a French
    "Crème" came in as "Crčme"; each name here reads as letters in either code page."""
    raw = name.encode(code_page)
    assert sum(c.isalpha() for c in raw.decode("cp1250")) == sum(
        c.isalpha() for c in raw.decode("cp1252")
    )
    contact = only(
        read(tmp_path, b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:" + raw + b"\r\nEND:VCARD\r\n")
    )
    assert contact.name == name


def test_a_pound_sign_in_a_card_without_charset_stays_a_pound_sign(tmp_path: Path) -> None:
    """Before: Windows-1250 reads "£" as "Ł", a letter, so the value read as more letters
    that way and came in as "Budget Ł10k"."""
    raw = "Budget £10k".encode("cp1252")
    contact = only(
        read(
            tmp_path,
            b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Hugh Grant\r\nORG:" + raw + b"\r\nEND:VCARD\r\n",
        )
    )
    assert contact.company == "Budget £10k"


def test_shift_jis_charset(tmp_path: Path) -> None:
    content = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=SHIFT_JIS:"
        + "山田 太郎".encode("shift_jis")
        + b"\r\nNOTE;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:=83=81=83=82\r\nEND:VCARD\r\n"
    )
    contact = only(read(tmp_path, content))
    assert (contact.name, contact.notes) == ("山田 太郎", "メモ")


def test_groups_params_escapes_and_skipped_properties(tmp_path: Path) -> None:
    photo = base64.b64encode(bytes(range(256)) * 20).decode()
    folded_photo = "\r\n ".join(photo[i : i + 74] for i in range(0, len(photo), 74))
    contact = only(
        read(
            tmp_path,
            card(
                "VERSION:3.0",
                'item1.EMAIL;type=INTERNET;type=pref;X-LABEL="a;b:c":ann@x.example',
                "item1.X-ABLabel:_$!<Other>!$_",
                "FN:Ann \\; Bo",
                "N:Bo;Ann;;;",
                "ORG:Bo\\, Bo & Co;R\\;D",
                "NOTE:line 1\\nline 2\\, with comma\\Nline 3",
                f"PHOTO;ENCODING=b;TYPE=JPEG:{folded_photo}",
                "TEL;TYPE=HOME,FAX:+1 312 555 0100",
                "TEL;TYPE=CELL:+1 312 555 0101",
                "TEL;TYPE=cell:(312) 555-0101",
                "EMAIL:",
                "X-UNKNOWN;FOO=BAR:whatever: with colons",
            ),
        )
    )
    assert contact.name == "Ann ; Bo"
    assert contact.emails == ["ann@x.example"]
    assert contact.company == "Bo, Bo & Co"
    # The fax is no number to call, the rest of ORG no company, the X- property no
    # field: each kept in the notes; the photo is not.
    assert contact.notes == (
        "line 1\nline 2, with comma\nline 3\n"
        "Department: R;D\nFax (home): +1 312 555 0100\nX-UNKNOWN: whatever: with colons"
    )
    assert contact.phones == ["+13125550101"]  # the duplicate collapsed


def test_21_photo_unindented_and_ended_by_a_blank_line(tmp_path: Path) -> None:
    contact = only(
        read(
            tmp_path,
            "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Pat\r\nPHOTO;ENCODING=BASE64;JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD\r\n"
            "CAgICAgQDAgICAgUEBAMEBgUGBgYFBgYGBwkIBgcJBwYGCAsICQoKCgoKBggLDAsK\r\n"
            "  2wBDAQICAgICAgUDAwUKBwYHCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoK==\r\n"
            "\r\n"
            "EMAIL;INTERNET:pat@x.example\r\nEND:VCARD\r\n",
        )
    )
    assert (contact.name, contact.emails) == ("Pat", ["pat@x.example"])


def test_comments_and_lowercase_begin(tmp_path: Path) -> None:
    contact = only(
        read(
            tmp_path,
            "begin:vCard\n# a comment\nversion:3.0\nfn:Lower Case\n#END:VCARD\nend:vcard\n",
        )
    )
    assert (contact.line, contact.name) == (1, "Lower Case")


def test_name_fallbacks_odd_values_and_rejections(tmp_path: Path) -> None:
    """A card that names someone is imported whatever else is odd in it (a cut-off card
    too: what it held is kept); only a card naming nobody is rejected."""
    items = read(
        tmp_path,
        card("VERSION:3.0", "N:Doe;John;Q.,R.;Dr.;", "FN:")
        + card("VERSION:3.0", "EMAIL:jo.bloggs@x.example")
        + card("VERSION:3.0", "FN:Bad", "TEL:call me")
        + card("VERSION:3.0", "FN:Bad Mail", "EMAIL:nope")
        + card("VERSION:3.0", "NOTE:nobody")
        + "BEGIN:VCARD\r\nFN:Cut off\r\n"
        + card("VERSION:3.0", "FN:After")
        + "BEGIN:VCARD\r\nNOTE:Truncated\r\n",
    )
    summary = [(i.line, i.name if isinstance(i, ImportedContact) else i.reason) for i in items]
    assert summary == [
        (1, "John Q. R. Doe"),
        (6, "jo.bloggs"),
        (10, "Bad"),
        (15, "Bad Mail"),
        (20, "no name, e-mail or phone"),
        (24, "Cut off"),
        (26, "After"),
        (30, "card is not closed (no END:VCARD)"),
    ]
    # Each said at the line of the value it is about; the card's own trouble at its BEGIN.
    said = [(o.line, o.what) for i in items if isinstance(i, ImportedContact) for o in i.oddities]
    assert said == [
        (
            13,
            "phone number 'call me' is not a phone number: kept in the notes",
        ),
        (18, "e-mail 'nope' is not an e-mail address: kept in the notes"),
        (24, "card is not closed (no END:VCARD): imported what it held"),
    ]
    notes = {i.name: i.notes for i in items if isinstance(i, ImportedContact)}
    assert (notes["Bad"], notes["Bad Mail"]) == (
        "Phone as imported: call me",
        "E-mail as imported: nope",
    )


def test_the_lagos_landline_and_a_broken_address_cost_nothing(tmp_path: Path) -> None:
    """A real Lagos number as people write it, and a card whose only e-mail is broken:
    both contacts imported whole, the raw values kept, a warning each at FILE:LINE."""
    path = write(
        tmp_path,
        card(
            "VERSION:3.0",
            "FN:Chidi Okafor",
            "ORG:Lagos Freight",
            "TEL;TYPE=WORK,VOICE:+234 1 234 5678",
            "EMAIL:chidi@lagosfreight.example",
            "NOTE:Met at the trade fair",
        )
        + card("VERSION:3.0", "FN:Ngozi Eze", "ORG:Eze & Co", "EMAIL:broken@"),
    )
    chidi, ngozi = (only([item]) for item in read_contacts(path, OPTIONS))
    assert (chidi.name, chidi.company, chidi.emails) == (
        "Chidi Okafor",
        "Lagos Freight",
        ["chidi@lagosfreight.example"],
    )
    # The number stays a number, exactly as written, marked not checked.
    assert (chidi.phones, chidi.unchecked_phones) == (["+234 1 234 5678"], {"+234 1 234 5678"})
    assert chidi.notes == "Met at the trade fair"
    assert [str(o) for o in chidi.oddities] == [
        f"{path}:5: phone number '+234 1 234 5678' has the wrong number of digits:"
        " kept as written, marked not checked"
    ]
    assert (ngozi.name, ngozi.company, ngozi.emails) == ("Ngozi Eze", "Eze & Co", [])
    assert ngozi.notes == "E-mail as imported: broken@"
    assert [str(o) for o in ngozi.oddities] == [
        f"{path}:13: e-mail 'broken@' is not an e-mail address: kept in the notes"
    ]


def test_a_utc_offset_is_not_a_zone_but_is_kept(tmp_path: Path) -> None:
    contact = only(read(tmp_path, card("VERSION:3.0", "FN:Offset", "TZ:-05:00")))
    assert (contact.time_zone, contact.notes) == ("", "Time zone as imported: -05:00")
    assert [o.line for o in contact.oddities] == [4]  # the TZ line, not BEGIN:VCARD


def test_quoted_printable_soft_break_before_end_does_not_eat_the_end(tmp_path: Path) -> None:
    contact = only(
        read(
            tmp_path,
            card("VERSION:2.1", "FN:Al", "NOTE;ENCODING=QUOTED-PRINTABLE:dangling=", eol="\n"),
        )
    )
    assert (contact.name, contact.notes) == ("Al", "dangling")


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]
)
def test_unicode_encodings_with_and_without_bom(tmp_path: Path, encoding: str) -> None:
    content = card("VERSION:3.0", "FN:Zoë Ångström", "ORG:Ωmega").encode(encoding)
    path = write(tmp_path, content)
    assert looks_like_vcard(path)
    contact = only(list(read_contacts(path, OPTIONS)))
    assert (contact.name, contact.company) == ("Zoë Ångström", "Ωmega")


def test_looks_like_vcard_is_a_content_sniff(tmp_path: Path) -> None:
    assert looks_like_vcard(write(tmp_path, "\r\n\r\nbegin:VCARD\r\n", "contacts.csv"))
    assert not looks_like_vcard(write(tmp_path, "Name,Email\nBEGIN:VCARD,x\n", "c.vcf"))
    assert not looks_like_vcard(write(tmp_path, "x" * 2000 + "\nBEGIN:VCARD\n", "late.vcf"))
    assert not looks_like_vcard(tmp_path / "missing.vcf")
    assert not looks_like_vcard(tmp_path)


def test_not_a_vcard(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="BEGIN:VCARD"):
        read_vcards(write(tmp_path, "hello\n"), OPTIONS)
    with pytest.raises(UnreadableFile, match="binary"):
        read_vcards(write(tmp_path, b"BEGIN:VCARD\x00\x01\x02" * 40), OPTIONS)


def test_many_cards_stream(tmp_path: Path) -> None:
    content = "".join(
        card("VERSION:3.0", f"FN:Person {i}", f"EMAIL:p{i}@x.example") for i in range(3000)
    )
    items = read_vcards(write(tmp_path, content), OPTIONS)
    first = next(items)
    assert isinstance(first, ImportedContact) and first.name == "Person 0"
    rest = list(items)
    assert len(rest) == 2999 and rest[-1].line == 1 + 5 * 2999


FUZZ = settings(
    max_examples=fuzz_examples(200),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
PIECES = [
    "BEGIN:VCARD",
    "begin:vcard",
    "END:VCARD",
    "VERSION:2.1",
    "FN:A",
    "N:;;",
    "N:\\",
    "TEL:1",
    "TEL;VALUE=uri:tel:+1-312-555-0142",
    "EMAIL:a@b.cd",
    " folded",
    "\tfolded",
    "=",
    "ORG:\\;",
    'X;P="a:b":c',
    'FN;X="unterminated:A',
    "X:\x00",
    "FN;ENCODING=QUOTED-PRINTABLE:=C3=",
    "NOTE;ENCODING=b:@@@",
    "TITLE;CHARSET=no-such-charset:\xe9",
    "TZ:Not/AZone",
    "#",
    "",
]


def _check(items: list[ImportItem]) -> None:
    for item in items:
        assert isinstance(item, ImportedContact | Rejection)
        assert item.line >= 1


@FUZZ
@given(st.lists(st.sampled_from(PIECES), max_size=30), st.sampled_from(["\n", "\r\n", "\r"]))
def test_fuzz_card_lines(tmp_path: Path, lines: list[str], eol: str) -> None:
    try:
        items = read(tmp_path, "BEGIN:VCARD" + eol + eol.join(lines))
    except UnreadableFile as error:
        assert "binary" in str(error)  # a tiny file that is mostly NUL bytes
        return
    assert items, "a file that starts with BEGIN:VCARD yields at least one item"
    _check(items)


@FUZZ
@given(st.binary(max_size=400))
def test_fuzz_random_bytes_after_begin(tmp_path: Path, tail: bytes) -> None:
    try:
        items = read(tmp_path, b"BEGIN:VCARD\r\n" + tail)
    except UnreadableFile:
        return
    _check(items)


def v4_card(name: bytes, note: bytes = b"") -> bytes:
    lines = [b"BEGIN:VCARD", b"VERSION:4.0", b"FN:" + name, b"EMAIL:x@a.example"]
    return b"\r\n".join([*lines, *([b"NOTE:" + note] if note else []), b"END:VCARD", b""])


PADDING = b"".join(v4_card(f"Person {n}".encode()) for n in range(20))  # a text file


def test_a_vcard_4_value_in_utf_16_is_read_as_such_and_said(tmp_path: Path) -> None:
    items = read(tmp_path, PADDING + v4_card("\ufeffRenée".encode("utf-16-le")))
    card = items[-1]
    assert isinstance(card, ImportedContact)
    assert card.name == "Renée"
    assert [o.what for o in card.oddities] == [
        "the name is not UTF-8, as vCard 4.0 requires: read as UTF-16"
    ]
    assert all(item.oddities == () for item in items[:-1] if isinstance(item, ImportedContact))


def test_a_vcard_4_value_in_a_legacy_code_page_is_read_and_said(tmp_path: Path) -> None:
    items = read(tmp_path, PADDING + v4_card(b"Ren\xe9e M\xfcller", note=b"caf\xe9"))
    card = items[-1]
    assert isinstance(card, ImportedContact)
    assert (card.name, card.notes) == ("Renée Müller", "café")
    assert [(o.line, o.what) for o in card.oddities] == [
        (103, "the name is not UTF-8, as vCard 4.0 requires: read as Windows-1252"),
        (105, "the notes are not UTF-8, as vCard 4.0 requires: read as Windows-1252"),
    ]


def test_a_stray_byte_order_mark_before_a_vcard_4_value_is_left_out(tmp_path: Path) -> None:
    card = read(tmp_path, PADDING + v4_card(b"\xff\xfeBad"))[-1]
    assert isinstance(card, ImportedContact)
    assert card.name == "Bad"
    assert [o.what for o in card.oddities] == [
        "the name is not UTF-8, as vCard 4.0 requires: read without its stray byte-order mark"
    ]


def test_a_company_with_a_comma_keeps_it_whatever_the_version(tmp_path: Path) -> None:
    """Outlook and phones write 2.1 cards, which escape no comma: "Acme, Inc." read as
    "Acme Inc.", "Smith, Jones & Partners" as "Smith Jones & Partners"."""
    items = read(
        tmp_path,
        card("VERSION:2.1", "N:Okafor;Chidi;;;", "ORG:Acme, Inc.;Sales")
        + card("VERSION:3.0", "FN:Jane Smith", "ORG:Smith, Jones & Partners")
        + card("VERSION:3.0", "FN:Dana Cruz", "ORG:Cruz Logistics\\, Inc."),
    )
    assert [only([item]).company for item in items] == [
        "Acme, Inc.",
        "Smith, Jones & Partners",
        "Cruz Logistics, Inc.",
    ]


def test_a_warning_points_at_the_line_of_the_value_even_past_a_fold(tmp_path: Path) -> None:
    items = read(
        tmp_path,
        card("VERSION:3.0", "FN:Lee", "EMAIL:lee@x.example")
        + card(
            "VERSION:3.0",
            "FN:Kim",
            "NOTE:a long note folded",
            " over two lines",
            "EMAIL:kim@x.example",
            "EMAIL:kim at home",
            "TEL:+44 20 7946 0958",
            "TEL:ask reception",
        ),
    )
    kim = items[-1]
    assert isinstance(kim, ImportedContact)
    assert [(o.line, o.what) for o in kim.oddities] == [
        (12, "e-mail 'kim at home' is not an e-mail address: kept in the notes"),
        (
            14,
            "phone number 'ask reception' is not a phone number: kept in the notes",
        ),
    ]


def test_a_utf_8_card_file_with_one_stray_byte_keeps_its_letters_and_says_where(
    tmp_path: Path,
) -> None:
    content = (
        card("VERSION:3.0", "FN:Renée Müller", "ORG:Café Señor").encode()
        + card("VERSION:3.0", "FN:Zoë Dvořák", "NOTE:met in Łódź").encode()
        + b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nNOTE:\xc5\x81\xc3\xb3d\xc5\xba caf\xe9\r\nEND:VCARD\r\n"
        # A 2.1 card that says it is UTF-8, with one byte that is not.
        + b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=UTF-8:Jos\xc3\xa9 \xff Kato\r\nEND:VCARD\r\n"
    )
    path = write(tmp_path, content)
    items = list(read_contacts(path, OPTIONS))
    people = [i for i in items if isinstance(i, ImportedContact)]
    assert [(p.name, p.company, p.notes) for p in people] == [
        ("Renée Müller", "Café Señor", ""),
        ("Zoë Dvořák", "", "met in Łódź"),
        ("Ana Lima", "", "Łódź caf\ufffd"),
        ("José \ufffd Kato", "", ""),
    ]
    assert [str(o) for p in people for o in p.oddities] == [
        f"{path}:14: a byte that is not UTF-8 in the notes: read as \ufffd",
        f"{path}:18: a byte that is not UTF-8 in the name: read as \ufffd",
    ]


def test_a_value_with_no_utf_8_letter_in_a_utf_8_card_file_is_read_as_a_code_page_and_said(
    tmp_path: Path,
) -> None:
    """Before: "caf\xe9" alone in a UTF-8 file (or under CHARSET=UTF-8) was read as
    Windows-1250 with no word of it, where every other guess of the import is said."""
    content = (
        card("VERSION:3.0", "FN:Renée Müller", "ORG:Café Señor").encode()
        + card("VERSION:3.0", "FN:Zoë Dvořák", "NOTE:met in Łódź").encode()
        # Line 14: a note with no UTF-8 letter in it, in a file that is UTF-8.
        + b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nNOTE:caf\xe9\r\nEND:VCARD\r\n"
        # Line 18: a 2.1 card that says it is UTF-8, and is not.
        + b"BEGIN:VCARD\r\nVERSION:2.1\r\nORG;CHARSET=UTF-8:M\xfcller GmbH\r\nFN:Jos\xc3\xa9\r\n"
        + b"END:VCARD\r\n"
    )
    path = write(tmp_path, content)
    people = [i for i in read_contacts(path, OPTIONS) if isinstance(i, ImportedContact)]
    assert [(p.name, p.company, p.notes) for p in people] == [
        ("Renée Müller", "Café Señor", ""),
        ("Zoë Dvořák", "", "met in Łódź"),
        ("Ana Lima", "", "café"),
        ("José", "Müller GmbH", ""),
    ]
    assert [str(o) for p in people for o in p.oddities] == [
        f"{path}:14: the notes are not UTF-8, as the rest of the file is: read as Windows-1252",
        f"{path}:18: the company is not UTF-8, though the card says it is: read as Windows-1252",
    ]
