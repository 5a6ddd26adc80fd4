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
from datetime import UTC, datetime
from pathlib import Path

import pytest
from jeepney import DBusAddress, new_signal  # type: ignore[import-untyped]
from jeepney.low_level import HeaderFields  # type: ignore[import-untyped]
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMainWindow

from followup_desktop.core.reminders import Notice
from followup_desktop.ui.notifications import make_center
from followup_desktop.ui.tasks import TaskRunner
from tests.desktop_session import (
    NOTIFICATIONS,
    DesktopSession,
    desktop_session,
    wait_until,
)

NOW = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)
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


def test_only_the_notification_service_can_say_a_reminder_was_clicked(
    qtbot, window: QMainWindow, desktop: DesktopSession
) -> None:  # type: ignore[no-untyped-def]
    watch = desktop.watch_notifications()
    tasks = TaskRunner()
    center = make_center(window, None, None, tasks.run)
    qtbot.waitUntil(lambda: center.names[:1] == ["dbus"], timeout=10_000)
    opened: list[Notice] = []
    snoozed: list[tuple[Notice, int]] = []
    center.open_requested.connect(opened.append)
    center.snooze_requested.connect(lambda notice, minutes: snoozed.append((notice, minutes)))
    assert center.send(REMINDER) == "dbus"
    call = wait_until(lambda: watch.calls and watch.calls[0]["id"] and watch.calls[0], "Notify")
    wait_until(lambda: desktop.displayed() == 1, "the reminder on the desktop")
    # Another program on the bus says the rep snoozed it, then that it was closed: to
    # everyone, and to FollowUp by its name (which no match rule holds back).
    address = DBusAddress("/org/freedesktop/Notifications", interface=NOTIFICATIONS)
    with desktop.bus() as other:
        for to in (None, call["sender"]):
            for member, signature, body in (
                ("ActionInvoked", "us", (call["id"], "snooze-5")),
                ("NotificationClosed", "uu", (call["id"], 2)),
            ):
                message = new_signal(address, member, signature, body)
                if to is not None:
                    message.header.fields[HeaderFields.destination] = to
                other.send(message)
    # The rep clicks it for real: it opens, and nothing was snoozed.
    desktop.click()
    qtbot.waitUntil(lambda: opened == [REMINDER], timeout=10_000)
    assert snoozed == []
    watch.close()
    center.close()
    tasks.wait()


def test_a_reminder_offers_no_more_buttons_than_gnome_shows_open_first(
    qtbot, window: QMainWindow, desktop: DesktopSession
) -> None:  # type: ignore[no-untyped-def]
    """GNOME shows a notice's first three buttons and drops the rest ("default" is the
    click on the notice, not a button): a fourth, Snooze 15 min, was there on KDE and
    missing on GNOME. Each button a rep gets is one every desktop shows."""
    watch = desktop.watch_notifications()
    tasks = TaskRunner()
    center = make_center(window, None, None, tasks.run)
    qtbot.waitUntil(lambda: center.names[:1] == ["dbus"], timeout=10_000)
    single = Notice(REMINDER.title, REMINDER.body, 1, 1, can_snooze=True, about=((1, NOW),))
    assert center.send(single) == "dbus"
    call = wait_until(lambda: watch.calls and watch.calls[0]["id"] and watch.calls[0], "Notify")
    pairs = list(zip(call["actions"][::2], call["actions"][1::2], strict=True))
    assert ("default", "Open") in pairs  # a click on the notice opens the call
    buttons = [label for key, label in pairs if key != "default"]
    assert buttons == ["Open", "Snooze 5 min", "Snooze 10 min"]
    watch.close()
    center.close()
    tasks.wait()


def test_a_reminder_the_service_shows_under_a_new_id_is_the_only_one_said_on_screen(
    qtbot, window: QMainWindow, desktop: DesktopSession
) -> None:  # type: ignore[no-untyped-def]
    """A service may answer a notice that takes another's place ("in 15 min" becoming
    "now") with a new id, when it no longer had the old one; dunst keeps the id it was
    asked to replace, so that answer is handed to FollowUp as its sender thread hands
    over the service's. What FollowUp says is on screen is the new notice alone."""
    from datetime import timedelta

    tasks = TaskRunner()
    center = make_center(window, None, None, tasks.run)
    qtbot.waitUntil(lambda: center.names[:1] == ["dbus"], timeout=10_000)
    notifier = center.senders[0]
    soon = Notice("Call Priya Raman at 17:00", "", 1, 1, about=((1, NOW),))
    assert center.send(soon) == "dbus"
    qtbot.waitUntil(lambda: center.on_screen() == {(1, NOW)}, timeout=10_000)
    (old_id,) = notifier._shown  # type: ignore[attr-defined]
    moved = NOW + timedelta(minutes=30)
    now = Notice("Call Priya Raman now", "", 1, 1, about=((1, moved),))
    service = notifier._service  # type: ignore[attr-defined]
    notifier._delivered.emit(old_id + 1, now, service, old_id)  # type: ignore[attr-defined]
    assert center.on_screen() == {(1, moved)}
    # Done with: nothing is left said to be on screen.
    center.withdraw({(1, moved)})
    assert center.on_screen() == set()
    center.close()
    tasks.wait()


def test_notices_gone_with_a_restarted_notification_service_are_no_longer_said_on_screen(
    qtbot, window: QMainWindow, desktop: DesktopSession
) -> None:  # type: ignore[no-untyped-def]
    """A service that stops takes its notices with it and says nothing of them: FollowUp
    still listed the reminder as on screen, and its next reminder of the call asked the
    new service to replace a notice it never had."""
    watch = desktop.watch_notifications()
    tasks = TaskRunner()
    center = make_center(window, None, None, tasks.run)
    qtbot.waitUntil(lambda: center.names[:1] == ["dbus"], timeout=10_000)
    soon = Notice("Call Priya Raman at 17:00", "", 1, 1, about=((1, NOW),))
    assert center.send(soon) == "dbus"
    qtbot.waitUntil(lambda: center.on_screen() == {(1, NOW)}, timeout=10_000)
    desktop.restart_notifications()
    qtbot.waitUntil(lambda: center.on_screen() == set(), timeout=10_000)
    assert center.send(Notice("Call Priya Raman now", "", 1, 1, about=((1, NOW),))) == "dbus"
    qtbot.waitUntil(lambda: center.on_screen() == {(1, NOW)}, timeout=10_000)
    wait_until(lambda: desktop.displayed() == 1, "the reminder on the new service")
    assert [call["replaces"] for call in watch.calls] == [0, 0]
    watch.close()
    center.close()
    tasks.wait()
