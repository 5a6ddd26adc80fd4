"""vCard import on hand-made cards: versions, folding, quoted-printable, escapes, damage."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_desktop.exchange.records import (
    ImportedContact,
    ImportOptions,
    Rejection,
    UnreadableFile,
    read_contacts,
)

OPTIONS = ImportOptions(phone_region="US")


def read(tmp_path: Path, content: bytes | str) -> list[ImportedContact | Rejection]:
    path = tmp_path / "cards.vcf"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return list(read_contacts(path, OPTIONS))


def test_three_versions_in_one_file(tmp_path: Path) -> None:
    items = read(
        tmp_path,
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Smith;Jane;;;\r\nTEL;WORK;VOICE:(312) 555-0142\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Dana Cruz\nORG:Cruz Logistics\\, Inc.;Sales\nEMAIL;TYPE=INTERNET:dana@cruz.example\n"
        "TITLE:Head of\n  Operations\nEND:VCARD\n"
        'BEGIN:VCARD\nVERSION:4.0\nFN:Marcus O\'Neil\nTEL;VALUE=uri;TYPE="work,voice":tel:+1-415-555-0100\nTZ:Europe/London\nEND:VCARD\n',
    )
    jane, dana, marcus = items
    assert isinstance(jane, ImportedContact) and (jane.name, jane.phones, jane.line) == (
        "Jane Smith",
        ["+13125550142"],
        1,
    )
    assert isinstance(dana, ImportedContact) and (dana.company, dana.title, dana.line) == (
        "Cruz Logistics, Inc.",
        "Head of Operations",
        6,
    )
    assert isinstance(marcus, ImportedContact) and (marcus.phones, marcus.time_zone) == (
        ["+14155550100"],
        "Europe/London",
    )


def test_quoted_printable_soft_breaks_and_charset(tmp_path: Path) -> None:
    card = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
        b"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Jos=C3=A9 =\r\nM=C3=BCller\r\n"
        b"NOTE;ENCODING=QUOTED-PRINTABLE:first=0D=0Asecond\r\nEND:VCARD\r\n"
    )
    (item,) = read(tmp_path, card)
    assert isinstance(item, ImportedContact)
    assert item.name == "José Müller"
    assert item.notes == "first\r\nsecond"


def test_an_unclosed_card_and_a_bad_phone_are_rejected_with_lines(tmp_path: Path) -> None:
    items = read(
        tmp_path,
        "BEGIN:VCARD\nFN:Good\nEND:VCARD\nBEGIN:VCARD\nFN:Bad\nTEL:call me\nEND:VCARD\nBEGIN:VCARD\nFN:Cut off\n",
    )
    assert [(type(i).__name__, i.line) for i in items] == [
        ("ImportedContact", 1),
        ("Rejection", 4),
        ("Rejection", 8),
    ]
    assert "phone number 'call me'" in items[1].reason  # type: ignore[union-attr]
    assert "END:VCARD" in items[2].reason  # type: ignore[union-attr]


def test_not_a_vcard(tmp_path: Path) -> None:
    path = tmp_path / "x.vcf"
    path.write_text("hello\n")
    with pytest.raises(UnreadableFile):
        list(read_contacts(path, OPTIONS))


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            [
                "BEGIN:VCARD",
                "END:VCARD",
                "FN:A",
                "N:;;",
                "TEL:1",
                "EMAIL:a@b.cd",
                " folded",
                "=",
                "ORG:\\;",
                "X:\x00",
                "FN;ENCODING=QUOTED-PRINTABLE:=C3=",
                "#",
                "",
            ]
        ),
        max_size=25,
    )
)
def test_fuzz(tmp_path: Path, lines: list[str]) -> None:
    content = "BEGIN:VCARD\n" + "\n".join(lines)
    for item in read(tmp_path, content):
        assert isinstance(item, ImportedContact | Rejection)
        assert item.line >= 1
