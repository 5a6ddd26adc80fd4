"""Writers in several processes at once on one data folder: each waits its turn (BEGIN
IMMEDIATE), none fails, and every row each of them wrote is there."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from followup_desktop import cli
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import open_services
from followup_desktop.store import db
from tests.harness.write_lock import write_lock_held

ROOT = Path(__file__).resolve().parents[2]


def _csv(path: Path, tag: str, rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Name", "Organization 1 - Name", "E-mail 1 - Value", "Phone 1 - Value"])
        for number in range(rows):
            writer.writerow(
                [
                    f"{tag} Person {number}",
                    f"{tag} Company {number % 97}",
                    f"{tag.lower()}.{number}@example.com",
                    f"+1312{tag == 'Beta':d}{number:06d}",
                ]
            )
    return path


def _followup(data: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "followup_desktop.cli", "--data-dir", str(data), *args],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_large_imports_and_five_contact_adds_at_once_all_succeed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    open_services(AppPaths(data)).close()  # the schema exists: the race is between writers
    alpha = _csv(tmp_path / "alpha.csv", "Alpha", 20_000)
    beta = _csv(tmp_path / "beta.csv", "Beta", 20_000)
    running = [_followup(data, "import", str(alpha)), _followup(data, "import", str(beta))]
    running += [
        _followup(data, "contact", "add", "--name", f"Walk-in {n}", "--email", f"w{n}@x.org")
        for n in range(5)
    ]
    results = [(p.args, *p.communicate(timeout=300), p.returncode) for p in running]
    for args, _out, err, code in results:
        assert code == 0, f"{args[4:]}: exit {code}: {err}"
        assert err == "", f"{args[4:]}: {err}"
    assert results[0][1].strip() == "imported 20000, updated 0, unchanged 0, rejected 0, warnings 0"
    assert results[1][1].strip() == "imported 20000, updated 0, unchanged 0, rejected 0, warnings 0"
    with sqlite3.connect(data / "followup.sqlite3") as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM contacts")}
    assert len(names) == 40_005
    assert {f"Walk-in {n}" for n in range(5)} <= names
    assert {"Alpha Person 19999", "Beta Person 0"} <= names
    services = open_services(AppPaths(data))
    try:  # both large imports rebuilt the search index; neither lost the other's rows
        found = {s.name for s in services.contacts.page("Person 19999")}
        assert found == {"Alpha Person 19999", "Beta Person 19999"}
        assert {s.name for s in services.contacts.page("Walk-in 3")} == {"Walk-in 3"}
    finally:
        services.close()


def test_a_wait_that_runs_out_is_one_plain_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    open_services(AppPaths(data)).close()
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 300)  # instead of a minute
    # Another process keeps the write lock, as a stuck script does.
    with write_lock_held(data / "followup.sqlite3"):
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(
            ["--data-dir", str(data), "contact", "add", "--name", "Patience Waits"], out, err
        )
    assert code == 1
    assert err.getvalue().count("\n") == 1, err.getvalue()
    assert "busy" in err.getvalue() and "Try again" in err.getvalue()
    assert "SQL" not in err.getvalue() and "Patience" not in err.getvalue()
