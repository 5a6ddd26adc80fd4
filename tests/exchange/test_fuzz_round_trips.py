"""Fuzzing a file's whole journey: records a rep's tools could write, read back by the
importer (every record that names someone in, an odd value kept and reported at its own
line, a record naming nobody rejected at its own line), and CSV
exports re-parsed to exactly what went in, never a formula.

Counts: a few hundred per test in CI; FOLLOWUP_FUZZ_EXAMPLES=10000 for the on-demand run.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_desktop.core.contact_rules import clean_text
from followup_desktop.exchange.csv_export import csv_text, write_csv
from followup_desktop.exchange.records import (
    ImportedContact,
    ImportOptions,
    Rejection,
    read_contacts,
)
from tests.harness.counts import fuzz_examples

FUZZ = settings(
    max_examples=fuzz_examples(300),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Names as people type them: letters from several scripts, quotes, semicolons and
# line breaks inside a cell (a quoted multi-line CSV field), no comma (which would make
# "Smith, Jane" mean "Jane Smith").
NAME = st.text(
    alphabet=st.sampled_from(list("abcXYZ éøßдж李 '\";.-\n\t=+@")), min_size=1, max_size=40
).filter(lambda text: any(c.isalpha() for c in text))
GOOD = st.tuples(
    st.just("good"),
    NAME,
    st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.example", fullmatch=True),
    st.just(""),
)
ODD = st.tuples(
    st.just("odd"),
    st.one_of(st.just(""), NAME),
    st.sampled_from(["not an address", "a@@b", "@", "x@y"]),
    st.just(""),
)
NOBODY = st.tuples(
    st.just("nobody"), st.just(""), st.just(""), st.sampled_from(["Acme", "Globex; Ltd", "=1+1"])
)
RECORDS = st.lists(st.one_of(GOOD, ODD, NOBODY), min_size=1, max_size=25)


def _csv_file(tmp_path: Path, records: list[tuple[str, str, str, str]]) -> tuple[Path, list[int]]:
    """The file as a spreadsheet writes it, and the line each record starts on."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Name", "E-mail", "Company"])
    lines, line = [], 2
    for _, name, email, company in records:
        lines.append(line)
        writer.writerow([name, email, company])
        line += name.count("\n") + name.count("\r") - name.count("\r\n") + 1
    path = tmp_path / "contacts.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path, lines


@FUZZ
@given(RECORDS)
def test_every_record_naming_someone_is_imported_and_every_oddity_reported_at_its_line(
    tmp_path: Path, records: list[tuple[str, str, str, str]]
) -> None:
    path, lines = _csv_file(tmp_path, records)
    items = list(read_contacts(path, ImportOptions(phone_region="US")))
    assert len(items) == len(records)
    for (kind, name, email, _), line, item in zip(records, lines, items, strict=True):
        assert item.line == line
        if kind == "good":
            assert isinstance(item, ImportedContact), item
            assert item.name == clean_text(name)
            assert item.emails == [email]
            assert item.oddities == ()
        elif kind == "odd":
            assert isinstance(item, ImportedContact), item
            assert item.name == (clean_text(name) or clean_text(email))
            assert item.emails == []
            assert item.notes == f"E-mail as imported: {clean_text(email)}"
            (oddity,) = item.oddities
            assert (
                str(oddity)
                == f"{path}:{line}: e-mail {email!r} is not an e-mail address: kept in the notes"
            )
        else:
            assert isinstance(item, Rejection), item
            assert str(item) == f"{path}:{line}: no name, e-mail or phone"


CELL = st.text(max_size=60)
_PLAIN_NUMBER = re.compile(r"[-+]?[0-9]+(\.[0-9]+)?")
_FORMULA_START = re.compile(r"(?:^|[,;\t])(?=[=+\-@\t\r])")
TABLE = st.lists(st.lists(CELL, min_size=3, max_size=3), max_size=20)


@FUZZ
@given(st.lists(CELL, min_size=3, max_size=3), TABLE)
def test_a_csv_export_reparses_to_what_went_in_and_starts_no_formula(
    tmp_path: Path, header: list[str], rows: list[list[str]]
) -> None:
    path = tmp_path / "report.csv"
    write_csv(path, header, rows)
    assert path.read_bytes() == csv_text(header, rows).encode("utf-8-sig")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        parsed = list(csv.reader(handle))
    assert len(parsed) == 1 + len(rows)
    for written, original in zip(parsed, [header, *rows], strict=True):
        for cell, typed in zip(written, original, strict=True):
            if _PLAIN_NUMBER.fullmatch(typed):
                assert cell == typed
                continue
            # Only apostrophes are added: one where a formula would start (at the cell's
            # start or after a separator a spreadsheet may split on), nothing else.
            assert cell.replace("'", "") == typed.replace("'", "")
            assert len(cell) - len(typed) == len(_FORMULA_START.findall(typed))
            assert not _FORMULA_START.search(cell)
