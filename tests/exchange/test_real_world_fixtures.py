"""Every contact file in shared/fixtures/real-world: imported, or rejected with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup_desktop.exchange.records import (
    ImportedContact,
    ImportOptions,
    Rejection,
    read_contacts,
)

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "real-world"
OPTIONS = ImportOptions(phone_region="US")


def load(relative: str) -> tuple[list[ImportedContact], list[Rejection]]:
    items = list(read_contacts(FIXTURES / relative, OPTIONS))
    return [i for i in items if isinstance(i, ImportedContact)], [
        i for i in items if isinstance(i, Rejection)
    ]


def test_the_fixtures_are_there() -> None:
    files = sorted(p.name for p in (FIXTURES / "csv").iterdir()) + sorted(
        p.name for p in (FIXTURES / "vcard").iterdir()
    )
    assert len(files) == 27


@pytest.mark.parametrize(
    "path",
    sorted((FIXTURES / "csv").glob("*")) + sorted((FIXTURES / "vcard").glob("*")),
    ids=lambda p: p.name,
)
def test_every_file_imports_or_rejects_with_a_reason(path: Path) -> None:
    items = list(read_contacts(path, OPTIONS))
    assert items, "nothing read"
    for item in items:
        assert item.line >= 1
        if isinstance(item, Rejection):
            assert item.reason and str(item).startswith(f"{path}:{item.line}: ")
        else:
            assert item.name.strip()


# (file, names imported, rejections as (line, words in the reason))
EXPECTED = [
    ("csv/network-jobs__Connections.csv", ["Ada Lovelace", "Jane Doe", "John Smith"], []),
    ("csv/rolomind__linkedin.csv", ["John Doe", "Jane Smith", "Bob Wilson", "Alice Brown"], []),
    ("csv/thunderbird__csv_semicolon.csv", ["John Doe", "Jane Doe"], []),
    ("csv/thunderbird__utf16_addressbook.csv", ["John Doe"], []),
    ("csv/thunderbird__shiftjis_addressbook.csv", ["名無しの権兵衛"], []),
    ("csv/roundcube__outlook.csv", ["test1"], []),
    ("csv/thunderbird__export.csv", [], [(2, "contact1@invalid"), (3, "contact2@invalid")]),
    ("csv/roundcube__gmail.csv", [], [(2, "'pager'")]),
    ("vcard/khard__unparsable.vcf", [], [(1, "no END:VCARD")]),
    ("vcard/sabre-vobject__issue64.vcf", [], [(1, "no name, e-mail or phone")]),
    ("vcard/android-vcard__v40_sort_as.vcf", ["安藤 ロイド"], []),
    ("vcard/roundcube__utf-16_sample.vcf", ["Ǽgean ĽdaMonté"], []),
    ("vcard/ez-vcard__rfc6350-example.vcf", ["Simon Perreault"], []),
    ("vcard/android-vcard__v21_invalid_comment_line.vcf", ["Conference Call"], []),
]


@pytest.mark.parametrize(
    ("relative", "names", "rejections"), EXPECTED, ids=[e[0] for e in EXPECTED]
)
def test_what_a_rep_would_see(
    relative: str, names: list[str], rejections: list[tuple[int, str]]
) -> None:
    imported, rejected = load(relative)
    assert [c.name for c in imported][: len(names)] == names
    assert [
        (r.line, any(word in r.reason for word in [words]))
        for r, (_, words) in zip(rejected, rejections, strict=False)
    ] == [(line, True) for line, _ in rejections]
    if not rejections:
        assert rejected == []


def test_google_new_headers_fields() -> None:
    imported, rejected = load("csv/rolomind__google.csv")
    john = imported[0]
    assert (john.name, john.company, john.title, john.emails) == (
        "John Doe",
        "Acme Corp",
        "CEO",
        ["john@example.com"],
    )
    assert rejected == []


def test_line_numbers() -> None:
    _, rejected = load("csv/thunderbird__export.csv")
    assert [r.line for r in rejected] == [2, 3]
    imported, _ = load("csv/rolomind__google.csv")
    assert [c.line for c in imported] == [2, 3, 4, 5]


def test_linkedin_preamble_is_skipped_and_lines_counted() -> None:
    imported, _ = load("csv/network-jobs__Connections.csv")
    assert imported[0].line == 5
    assert (imported[0].company, imported[0].title) == ("Analytical Engines Inc", "Engineer")


def test_vcard_21_quoted_printable_and_groups() -> None:
    (joe,), _ = load("vcard/android-vcard__v21_complicated.vcf")
    assert (joe.name, joe.company, joe.title) == ("Joe Due", "Gump Shrimp Co.", "Shrimp Man")
    assert "forrestgump@walladalla.com" in joe.emails
    (bob,), _ = load("vcard/android-vcard__v30_ios_613_multiline.vcf")
    assert (bob.name, bob.company, bob.emails, bob.phones) == (
        "Bob Smith",
        "Smith Auto Repair",
        ["bob@smithauto.com"],
        ["+16505551212"],
    )


def test_iphone_and_outlook_cards() -> None:
    (iphone,), _ = load("vcard/ez-vcard__John_Doe_IPHONE.vcf")
    assert (iphone.company, iphone.title, iphone.emails) == (
        "IBM",
        "Money Counter",
        ["john.doe@ibm.com"],
    )
    assert len(iphone.phones) == 7
    (outlook,), _ = load("vcard/ez-vcard__John_Doe_MS_OUTLOOK.vcf")
    assert outlook.name == "Mr. John Richter James Doe Sr."


def test_shift_jis_vcard_21() -> None:
    (card,), _ = load("vcard/android-vcard__v21_japanese_2.vcf")
    assert card.name.startswith("安藤 ロイド")


def test_several_cards_in_one_file() -> None:
    imported, rejected = load("vcard/ez-vcard__John_Doe_ANDROID.vcf")
    assert len(imported) + len(rejected) == 6
    # Each card is reported at its BEGIN:VCARD line.
    assert {c.line for c in imported} | {r.line for r in rejected} == {1, 6, 11, 18, 36, 71}
