"""A reminder that cannot be stored (another process holds the database past the wait)
says so in the window's status bar, in plain words, not only in the log."""

from __future__ import annotations

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
from tests.harness.write_lock import write_lock_held
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
    with write_lock_held(services.paths.database):  # as an import holds it
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
