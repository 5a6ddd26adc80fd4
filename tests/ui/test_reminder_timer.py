"""The reminder timer on a real event loop and a real SQLite file: while another writer
(an import, say) holds the database, the window keeps answering and the reminder still
shows on time; it is stored once the writer is done, so nothing repeats."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMainWindow

from followup_desktop.core.clock import FixedClock
from followup_desktop.services.session import Services
from followup_desktop.ui.notifications import NotificationCenter, WindowNotifier
from followup_desktop.ui.reminder_timer import ReminderTimer
from followup_desktop.ui.tasks import TaskRunner
from tests.services.test_reminders import CALL_AT, agree_call, open_at

HELD_S = 1.5


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(CALL_AT - timedelta(minutes=15))  # the call's "before" moment


@pytest.fixture
def services(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Services]:
    monkeypatch.setenv("TZ", "Europe/Paris")
    opened = open_at(tmp_path, clock)
    yield opened
    opened.close()


def test_a_busy_writer_neither_freezes_the_window_nor_loses_the_reminder(
    qtbot, services: Services
) -> None:  # type: ignore[no-untyped-def]
    agree_call(services)
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    tasks = TaskRunner()
    center = NotificationCenter([WindowNotifier(window)])
    timer = ReminderTimer(services.reminders, center, tasks)
    looks: list[object] = []
    timer.checked.connect(looks.append)

    # Another writer holds the database for a while, as a long import does.
    holding, release = threading.Event(), threading.Event()

    def busy_writer() -> None:
        with services.db.writing():
            holding.set()
            release.wait(10)

    writer = threading.Thread(target=busy_writer)
    writer.start()
    assert holding.wait(5)
    ticks: list[float] = []
    heartbeat = QTimer(interval=50)
    heartbeat.timeout.connect(lambda: ticks.append(time.monotonic()))
    heartbeat.start()
    try:
        timer.check()
        # Shown while the writer still holds the store (reading does not wait for it).
        qtbot.waitUntil(lambda: "Call Jane Smith" in window.statusBar().currentMessage())
        started = time.monotonic()
        qtbot.wait(int(HELD_S * 1000))
        during = [t for t in ticks if t >= started]
        # The event loop kept turning: about every 50 ms, never stuck behind the writer.
        assert len(during) >= HELD_S / 0.05 / 3
        assert max(b - a for a, b in itertools.pairwise(during)) < HELD_S / 2
        assert looks == []  # not stored yet: the writer has the store
    finally:
        release.set()
        writer.join()
        heartbeat.stop()
    qtbot.waitUntil(lambda: len(looks) == 1)
    timer.stop()
    tasks.wait()
    # Stored: a look now shows nothing again.
    assert services.reminders.due_now().decision.show == ()
