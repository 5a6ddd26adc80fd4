"""A large import beside a rep who keeps writing: the rep's calls go in while the import
runs (it steps aside between chunks), and an import killed half-way is taken back when
the store next opens, except the contacts the rep already worked on."""

from __future__ import annotations

import csv
import io
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from followup_desktop import cli
from followup_desktop.core.model import Contact, Outcome
from followup_desktop.paths import AppPaths
from followup_desktop.services import maintenance
from followup_desktop.services.session import Services, open_services

ROOT = Path(__file__).resolve().parents[2]
ROWS = 60_000


def _csv(path: Path, rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Name", "Organization 1 - Name", "E-mail 1 - Value"])
        for number in range(rows):
            writer.writerow([f"Bulk Person {number}", f"Bulk Co {number % 89}", f"b{number}@x.org"])
    return path


def _import(data: Path, csv_file: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "followup_desktop.cli",
            "--data-dir",
            str(data),
            "import",
            str(csv_file),
        ],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _one(data: Path, sql: str, *args: object) -> object:
    with sqlite3.connect(data / "followup.sqlite3", timeout=30) as connection:
        return connection.execute(sql, args).fetchone()[0]


def _imported(data: Path) -> int:
    return int(_one(data, "SELECT count(*) FROM contacts WHERE name LIKE 'Bulk Person %'"))  # type: ignore[call-overload]


class KeepsLogging:
    """A rep logging a call on one contact again and again, on its own thread."""

    def __init__(self, services: Services, contact_id: int) -> None:
        self.logged: list[float] = []  # monotonic time each call was stored
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(services, contact_id))
        self._thread.start()

    def _run(self, services: Services, contact_id: int) -> None:
        while not self._stop.is_set():
            services.followups.log(contact_id, Outcome.NO_ANSWER, datetime.now(UTC))
            self.logged.append(time.monotonic())
            self._stop.wait(0.02)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=60)


def test_calls_logged_while_a_large_import_runs_are_stored_before_it_ends(tmp_path: Path) -> None:
    data = tmp_path / "data"
    services = open_services(AppPaths(data))
    try:
        busy = services.contacts.add(Contact(name="Busy Line"))
        importer = _import(data, _csv(tmp_path / "big.csv", ROWS))
        rep = KeepsLogging(services, busy)
        first_rows = None  # when the import's first contacts were committed
        while importer.poll() is None:
            if first_rows is None and _imported(data):
                first_rows = time.monotonic()
            time.sleep(0.01)
        ended = time.monotonic()
        rep.stop()
        out, err = importer.communicate()
        assert importer.returncode == 0, err
        assert out.strip() == f"imported {ROWS}, updated 0, unchanged 0, rejected 0, warnings 0"
        # The rep's calls went in between the import's chunks, not after it: the import
        # had committed part of the file and was still running when they were stored.
        assert first_rows is not None
        during = [at for at in rep.logged if first_rows < at < ended]
        assert len(during) >= 5, f"only {len(during)} calls stored while the import ran"
        assert _imported(data) == ROWS
        logged = _one(data, "SELECT count(*) FROM touches WHERE contact_id = ?", busy)
        assert logged == len(rep.logged)
        assert maintenance.check(services.paths.database, full=True).ok
    finally:
        services.close()


def test_an_import_killed_half_way_is_taken_back_but_what_the_rep_worked_on_stays(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    services = open_services(AppPaths(data))
    try:
        busy = services.contacts.add(Contact(name="Busy Line"))
        importer = _import(data, _csv(tmp_path / "big.csv", ROWS))
        rep = KeepsLogging(services, busy)  # makes the import commit segment by segment
        try:
            while _imported(data) < 2_000 and importer.poll() is None:
                time.sleep(0.01)
            # A contact the import brought in, called by the rep while it still runs.
            (early,) = services.contacts.page("b7@x.org")
            services.followups.log(early.id, Outcome.CONNECTED, datetime.now(UTC), "Keen")
            importer.send_signal(signal.SIGKILL)
            importer.wait(timeout=30)
        finally:
            rep.stop()
        assert importer.returncode == -signal.SIGKILL
        assert 0 < _imported(data) < ROWS  # half-way: segments committed, the end not
    finally:
        services.close()

    # The next command (or the app) opens the store: it takes the import back and says so.
    half = _imported(data)
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["--data-dir", str(data), "contacts"], out, err) == 0
    assert err.getvalue() == (
        f"followup: An import that did not finish was taken back ({half - 1:,} contacts):"
        " import the file again.\n"
    )
    again = open_services(AppPaths(data))
    try:
        assert again.taken_back == 0  # told once
        assert [s.name for s in again.contacts.page("Bulk Person")] == ["Bulk Person 7"]
        assert _one(data, "SELECT notes FROM touches WHERE contact_id = ?", early.id) == "Keen"
        assert again.contacts.count() == 2
        assert maintenance.check(again.paths.database, full=True).ok
        # The same file again: now it lands whole, and meets the contact that stayed.
        report = again.importing.import_files([tmp_path / "big.csv"])
        assert (report.imported, report.updated + report.unchanged) == (ROWS - 1, 1)
        assert again.contacts.count() == ROWS + 1
    finally:
        again.close()
