"""CSV import on hand-made files: dialects, encodings, line numbers, whole-or-nothing."""

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

OPTIONS = ImportOptions(phone_region="GB")


def read(
    tmp_path: Path, content: bytes | str, name: str = "c.csv"
) -> list[ImportedContact | Rejection]:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return list(read_contacts(path, OPTIONS))


def test_generic_headers_last_first_names_and_multi_line_fields(tmp_path: Path) -> None:
    items = read(
        tmp_path,
        "Name,E-mail,Phone,Company,Notes\n"
        '"Cruz, Dana",dana@cruz.example,020 7946 0958,Cruz Logistics,"likes sailing\nand chess"\n'
        '"Acme, Inc.",info@acme.example,,,\n'
        ",,,,\n"
        'Jane Smith,jane@acme.example,+1 312 555 0142,"Acme, Inc.",\n',
    )
    assert [(i.line, i.name) for i in items if isinstance(i, ImportedContact)] == [
        (2, "Dana Cruz"),
        (4, "Acme, Inc."),
        (6, "Jane Smith"),
    ]
    dana = items[0]
    assert isinstance(dana, ImportedContact)
    assert dana.phones == ["+442079460958"]  # a national number, read in the rep's region
    assert dana.notes == "likes sailing\nand chess"


def test_a_bad_field_rejects_the_whole_record_with_where_and_why(tmp_path: Path) -> None:
    items = read(
        tmp_path,
        "name,email,phone\nGood,good@x.example,\nBad Phone,bad@x.example,call me\nBad Mail,not-mail,\n,,\nNobody,,\n,, \n",
    )
    rejected = [(i.line, i.reason) for i in items if isinstance(i, Rejection)]
    assert rejected[0][0] == 3 and "phone number 'call me'" in rejected[0][1]
    assert rejected[1][0] == 4 and "e-mail 'not-mail'" in rejected[1][1]
    assert [i.name for i in items if isinstance(i, ImportedContact)] == ["Good", "Nobody"]


def test_a_row_with_nothing_identifying_is_rejected(tmp_path: Path) -> None:
    items = read(tmp_path, "name,email,company\n,,Acme\n")
    assert [(i.line, i.reason) for i in items if isinstance(i, Rejection)] == [
        (2, "no name, e-mail or phone")
    ]


def test_name_from_email_when_there_is_no_name(tmp_path: Path) -> None:
    (item,) = read(tmp_path, "E-mail Address\njane.smith@acme.example\n")
    assert isinstance(item, ImportedContact) and item.name == "jane.smith"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    (item,) = read(tmp_path, "Name,Company\nJosé Müller,Café Señor\n".encode(encoding))
    assert isinstance(item, ImportedContact)
    assert (item.name, item.company) == ("José Müller", "Café Señor")


def test_semicolons_and_tabs(tmp_path: Path) -> None:
    for delimiter in (";", "\t"):
        (item,) = read(tmp_path, f"Name{delimiter}Email\nJane{delimiter}jane@x.example\n")
        assert isinstance(item, ImportedContact) and item.emails == ["jane@x.example"]


def test_google_multi_values_and_duplicates_collapse(tmp_path: Path) -> None:
    (item,) = read(
        tmp_path,
        "Name,E-mail 1 - Value,E-mail 2 - Value\nJane,a@x.example ::: b@x.example,A@X.example\n",
    )
    assert isinstance(item, ImportedContact)
    # The same address in another case is the same address: kept once.
    assert item.emails == ["a@x.example", "b@x.example"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"just,some,columns\n1,2,3\n", "no header row"),
        (b"\x00\x01\x02binary\xff\xfe\x00" * 50, "binary|no header row"),
    ],
)
def test_unreadable_files_raise_one_clear_error(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    with pytest.raises(UnreadableFile, match=reason):
        read(tmp_path, content)


def test_header_only_means_nothing_to_import(tmp_path: Path) -> None:
    assert read(tmp_path, "Name,Email\n") == []


def test_a_folder_or_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="no such file"):
        list(read_contacts(tmp_path / "missing.csv", OPTIONS))
    with pytest.raises(UnreadableFile, match="folder"):
        list(read_contacts(tmp_path, OPTIONS))


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.binary(max_size=400)
    | st.text(alphabet=st.sampled_from(list('name,email;phone\n\r"\t@x.+0123 ñ€')), max_size=300)
)
def test_fuzz_never_raises_anything_else(tmp_path: Path, content: bytes | str) -> None:
    try:
        items = read(tmp_path, content)
    except UnreadableFile:
        return
    for item in items:
        assert isinstance(item, ImportedContact | Rejection)
        assert item.line >= 1
