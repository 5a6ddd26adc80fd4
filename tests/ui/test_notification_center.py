"""The notification center connects to the desktop's notification service off the UI
thread: a reminder due meanwhile is held, then shown through the service once it is
there (or through the window when there is none), never dropped; a service that hangs
holds neither the window nor the reminder. A real private D-Bus
session with dunst, as the tray tests use."""

from __future__ import annotations

import itertools
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMainWindow

from followup_desktop.core.reminders import Notice
from followup_desktop.ui.notifications import make_center
from followup_desktop.ui.tasks import TaskRunner
from tests.desktop_session import DesktopSession, desktop_session, wait_until

REMINDER = Notice("Call Priya Raman at 17:00", "Raman Textiles: the sample order", 1, 1)


@pytest.fixture
def window(qtbot) -> QMainWindow:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def desktop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DesktopSession]:
    with desktop_session(tmp_path / "desktop", tray=False) as session:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", session.bus_address)
        yield session


def test_a_reminder_due_while_the_service_connects_is_shown_by_it(
    qtbot, window: QMainWindow, desktop: DesktopSession
) -> None:  # type: ignore[no-untyped-def]
    tasks = TaskRunner()
    center = make_center(window, None, None, tasks.run)
    assert center.send(REMINDER) == "held"  # the bus is still being connected on a worker
    qtbot.waitUntil(lambda: center.names[:1] == ["dbus"], timeout=10_000)
    wait_until(lambda: desktop.displayed() == 1, "the held reminder on the desktop")
    desktop.dunstctl("close-all")
    shown = wait_until(desktop.notifications_history, "dunst's history")
    assert [item["summary"] for item in shown] == [REMINDER.title]
    assert window.statusBar().currentMessage() == ""  # not a lesser sender as well
    assert center.send(REMINDER) == "dbus"
    center.close()
    tasks.wait()


def test_without_a_session_bus_the_held_reminder_reaches_the_window(
    qtbot, window: QMainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # No bus at all, as on a desktop without D-Bus: the window is the way left.
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    tasks = TaskRunner()
    center = make_center(window, None, None, tasks.run)
    assert center.send(REMINDER) == "held"
    qtbot.waitUntil(lambda: REMINDER.title in window.statusBar().currentMessage(), timeout=10_000)
    assert center.names == ["window"]
    center.close()
    tasks.wait()


def test_a_notification_service_that_hangs_neither_holds_the_window_nor_loses_the_reminder(
    qtbot, window: QMainWindow, desktop: DesktopSession
) -> None:  # type: ignore[no-untyped-def]
    tasks = TaskRunner()
    center = make_center(window, None, None, tasks.run)
    qtbot.waitUntil(lambda: center.names[:1] == ["dbus"], timeout=10_000)
    ticks: list[float] = []
    heartbeat = QTimer(interval=50)
    heartbeat.timeout.connect(lambda: ticks.append(time.monotonic()))
    heartbeat.start()
    dunst = desktop.process("dunst")
    os.kill(dunst.pid, signal.SIGSTOP)  # the service stops answering, as a hung one does
    try:
        started = time.monotonic()
        assert center.send(REMINDER) == "dbus"
        assert time.monotonic() - started < 0.5
        # When the service's time is up the window says it; the window kept answering.
        qtbot.waitUntil(
            lambda: REMINDER.title in window.statusBar().currentMessage(), timeout=15_000
        )
        during = [t for t in ticks if t >= started]
        assert max(b - a for a, b in itertools.pairwise(during)) < 1.0
    finally:
        os.kill(dunst.pid, signal.SIGCONT)
        heartbeat.stop()
    center.close()
    tasks.wait()
