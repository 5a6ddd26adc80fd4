"""A reminder that cannot be stored (another process holds the database past the wait)
says so in the window's status bar, in plain words, not only in the log."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from followup_desktop.core.clock import FixedClock
from followup_desktop.services.session import Services
from followup_desktop.store import db
from followup_desktop.ui.desk import Desk
from followup_desktop.ui.main_window import MainWindow
from tests.services.test_reminders import CALL_AT, agree_call, open_at


@pytest.fixture
def services(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    monkeypatch.setenv("TZ", "Europe/Paris")
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 300)  # a short wait, so it runs out here
    opened = open_at(tmp_path, FixedClock(CALL_AT - timedelta(minutes=15)))
    yield opened
    opened.close()


def test_a_reminder_write_that_times_out_shows_in_the_status_bar(
    qtbot, services: Services, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    agree_call(services)
    holder = subprocess.Popen(  # another process holds the write lock, as an import does
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sqlite3, sys, time
                c = sqlite3.connect({str(services.paths.database)!r}, isolation_level=None)
                c.execute("BEGIN IMMEDIATE")
                print("holding", flush=True)
                sys.stdin.readline()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        desk = Desk(app, window, services, window.tasks)
        desk.timer.check()
        qtbot.waitUntil(
            lambda: "Reminders could not be checked" in window.statusBar().currentMessage(),
            timeout=10_000,
        )
        message = window.statusBar().currentMessage()
        assert "busy" in message and "\n" not in message and "SQL" not in message
        desk.stop()
    finally:
        holder.communicate("\n", timeout=10)
