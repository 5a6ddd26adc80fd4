"""Reports as CSV: formula-looking cells neutralised, numbers kept, files whole."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_desktop.exchange.csv_export import neutralised, write_csv
from tests.harness.counts import fuzz_examples


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),
        ("+1 312 555 0142", "'+1 312 555 0142"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t'=1"),
        ("Acme;=1+1;", "Acme;'=1+1;"),
        ('x,=HYPERLINK("http://x")', 'x,\'=HYPERLINK("http://x")'),
        ("a\t\t@SUM(A1)", "a\t'\t'@SUM(A1)"),
        ("Acme; -2 days, ok", "Acme; -2 days, ok"),
        ("-12.5", "-12.5"),
        ("-inf", "'-inf"),
        ("Jane Smith", "Jane Smith"),
        (1250000, "1250000"),
        (None, ""),
    ],
)
def test_formula_cells_are_neutralised_numbers_are_not(cell: object, written: str) -> None:
    assert neutralised(cell) == written


def test_the_file_reads_back_in_a_spreadsheet_way(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    write_csv(path, ("name", "company"), [("=cmd|' /C calc'!A0", "Acme, Inc.\nHQ"), ("Zoë", "")])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows == [["name", "company"], ["'=cmd|' /C calc'!A0", "Acme, Inc.\nHQ"], ["Zoë", ""]]
    assert raw.decode("utf-8-sig").splitlines()[0] == '"name","company"'  # text is quoted


SEPARATORS = (",", ";", "\t", "|")


@pytest.mark.parametrize("separator", SEPARATORS, ids=["comma", "semicolon", "tab", "pipe"])
def test_no_field_is_a_formula_whatever_separator_the_spreadsheet_splits_on(
    tmp_path: Path, separator: str
) -> None:
    hostile = [
        "Acme;=1+1;",
        'x,=HYPERLINK("http://evil","click")',
        "tab\t@SUM(A1)",
        "a;+cmd|' /C calc'!A0",
        "-2+3",
        "=1",
    ]
    path = tmp_path / "report.csv"
    write_csv(path, ("name", "amount"), [(cell, -12.5) for cell in hostile])
    text = path.read_text(encoding="utf-8-sig")
    for line in text.splitlines():
        # What a spreadsheet set to another separator sees: quotes count only at a field's
        # start, so a quoted cell with that separator inside falls apart into pieces.
        for field in line.split(separator):
            bare = field.strip('"')
            if bare[:1] in ("=", "+", "-", "@"):
                assert re.fullmatch(r"-?[0-9.]+", bare), f"{field!r} is a formula in {line!r}"
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert [row[1] for row in rows[1:]] == ["-12.5"] * len(hostile)  # numbers stay numbers
    assert '"-12.5"' not in text
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]  # no temporary left behind


def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    write_csv(path, ("a",), [("old",)])

    class Broken:
        def __str__(self) -> str:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_csv(path, ("a",), [(Broken(),)])
    assert "old" in path.read_text(encoding="utf-8-sig")
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


@settings(max_examples=fuzz_examples(300), deadline=None)
@given(st.text())
def test_no_cell_ever_starts_a_formula(text: str) -> None:
    cell = neutralised(text)
    if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        assert re.fullmatch(r"[-+][0-9]+(\.[0-9]+)?", cell)  # only plain numbers
    if not re.fullmatch(r"[-+]?[0-9]+(\.[0-9]+)?", cell):
        assert not re.search(r"[,;\t][=+\-@\t\r]", cell)
