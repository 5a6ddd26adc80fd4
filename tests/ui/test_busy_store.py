"""The window beside a large import, in another process (``followup import``) or its own
(File › Import): a call logged from the call screen is stored while the import still
runs, since the import steps aside between its chunks for a writer that waits."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from followup_desktop.core.model import Contact, Outcome
from followup_desktop.paths import AppPaths
from followup_desktop.services.importing import ImportReport
from followup_desktop.services.session import Services, open_services
from followup_desktop.store import writer_turns
from followup_desktop.ui.import_flow import ImportReportDialog, run_import
from followup_desktop.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
ROWS = 60_000


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    opened = open_services(AppPaths(tmp_path / "data"))
    yield opened
    opened.close()


def _csv(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Name", "E-mail 1 - Value"])
        for number in range(ROWS):
            writer.writerow([f"Bulk Person {number}", f"b{number}@x.org"])
    return path


def _import_running(services: Services) -> bool:
    with writer_turns.one_import(services.paths.database, wait=False) as free:
        return not free


def _log_no_answer(qtbot, window: MainWindow, contact_id: int) -> None:  # type: ignore[no-untyped-def]
    window.open_call_screen(contact_id)
    qtbot.waitUntil(lambda: window.call_window(contact_id) is not None)
    call = window.call_window(contact_id)
    assert call is not None
    call.choose_outcome(Outcome.NO_ANSWER)
    qtbot.waitUntil(call.plan.accept_button.isEnabled, timeout=30_000)
    qtbot.mouseClick(call.plan.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.call_window(contact_id) is None, timeout=30_000)


def test_a_call_logged_beside_a_command_line_import_is_stored_while_it_runs(
    qtbot, window: MainWindow, services: Services, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    jane = services.contacts.add(Contact(name="Jane Caller"))
    importer = subprocess.Popen(
        [
            *(sys.executable, "-m", "followup_desktop.cli", "--data-dir"),
            *(str(services.paths.data_dir), "import", str(_csv(tmp_path / "big.csv"))),
        ],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        while not _import_running(services):  # the import holds the store from here
            assert importer.poll() is None, importer.communicate()
            time.sleep(0.01)
        _log_no_answer(qtbot, window, jane)
        assert importer.poll() is None, "the call waited for the whole import"
        out, err = importer.communicate(timeout=300)
    finally:
        if importer.poll() is None:
            importer.kill()
    assert importer.returncode == 0, err
    assert out.strip() == f"imported {ROWS}, updated 0, unchanged 0, rejected 0, warnings 0"
    assert window.statusBar().currentMessage().startswith("Logged: Jane Caller")
    assert services.contacts.count() == ROWS + 1


def test_a_call_logged_while_the_window_imports_a_file_is_stored_before_it_ends(
    qtbot, window: MainWindow, services: Services, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    jane = services.contacts.add(Contact(name="Jane Caller"))
    reports: list[ImportReport] = []
    run_import(
        window, window.tasks, services.importing, [_csv(tmp_path / "big.csv")], reports.append
    )
    qtbot.waitUntil(lambda: _import_running(services), timeout=30_000)
    _log_no_answer(qtbot, window, jane)
    assert reports == [], "the call waited for the whole import"
    qtbot.waitUntil(lambda: reports != [], timeout=300_000)
    assert reports[0].imported == ROWS
    assert services.contacts.count() == ROWS + 1
    for dialog in window.findChildren(ImportReportDialog):
        dialog.close()
