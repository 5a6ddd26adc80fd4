"""The real app in a real private desktop (D-Bus session, Xvfb, SNI watcher and tray host,
dunst): the tray icon registers with its tooltip and menu, a reminder reaches the
notification daemon on time with the right words, clicking it opens the call screen,
closing the window keeps FollowUp in the tray; without a tray the window stays and
reminders still go out. Nothing is mocked: what the rep would see is what is asserted.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from jeepney import DBusAddress, Properties, new_method_call  # type: ignore[import-untyped]

from followup_desktop.core import settings as options
from followup_desktop.core.model import Contact, Outcome
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import open_services
from tests.desktop_session import DesktopSession, NotificationWatch, XWindows, wait_until

REP_ZONE = "Europe/Paris"
LEAD = timedelta(minutes=15)  # the default REMINDER_LEAD_MIN
START_MARGIN = timedelta(seconds=8)  # time for the app to start before the reminder is due
# Well under the scheduler's one-minute look: a reminder this late was woken for its moment.
ON_ITS_MOMENT_S = 15.0


def seed(data: Path, due: datetime, name: str = "Jane Smith") -> tuple[int, int]:
    services = open_services(AppPaths(data))
    try:
        # A rep past the first minute: the page that asks who they are is not in the way.
        services.settings.save(services.settings.load().with_value(options.REP_NAME, "Sam"))
        contact_id = services.contacts.add(
            Contact(name=name, company="Acme, Inc.", time_zone="Europe/Helsinki")
        )
        result = services.followups.log(
            contact_id, Outcome.CONNECTED, agreed_next=due, objective="review the proposal"
        )
        follow_up = next(f for f in result.created if f.step == "agreed-call")
        assert follow_up.id is not None
        return contact_id, follow_up.id
    finally:
        services.close()


def hhmm(instant: datetime, zone: str) -> str:
    return f"{instant.astimezone(ZoneInfo(zone)):%H:%M}"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TZ", REP_ZONE)
    return tmp_path / "followup-data"


def start_session(tmp_path: Path, tray: bool) -> DesktopSession:
    session = DesktopSession(tmp_path / "desktop", tray=tray).start()
    session.env["TZ"] = REP_ZONE
    session.env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    return session


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[DesktopSession]:
    session = start_session(tmp_path, tray=True)
    yield session
    session.stop()


@pytest.fixture
def bare_desktop(tmp_path: Path) -> Iterator[DesktopSession]:
    session = start_session(tmp_path, tray=False)
    yield session
    session.stop()


class App:
    def __init__(self, desktop: DesktopSession, data: Path, *args: str) -> None:
        self.desktop = desktop
        self.process = desktop.spawn_app(
            [sys.executable, "-m", "followup_desktop", "--data-dir", str(data), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self.windows = XWindows(desktop.display)

    def shown(self, title: str) -> bool:
        assert self.process.poll() is None, self.output()
        return bool(self.windows.viewable(title))

    def output(self) -> str:
        if self.process.poll() is None:
            self.process.terminate()
        out, _ = self.process.communicate(timeout=30)
        return out or ""

    def stop(self) -> str:
        self.windows.close()
        return self.output()


def tray_item(desktop: DesktopSession) -> DBusAddress:
    (item,) = wait_until(desktop.registered_items, "the tray icon to register", 20)
    service, _, path = item.partition("/")
    return DBusAddress(
        f"/{path}" if path else "/StatusNotifierItem",
        bus_name=service,
        interface="org.kde.StatusNotifierItem",
    )


def _tooltip(desktop: DesktopSession, item: DBusAddress) -> str:
    ((_, (_icon, _pixmaps, tooltip, _text)),) = desktop.call(Properties(item).get("ToolTip"))
    return str(tooltip)


def menu_labels(desktop: DesktopSession, item: DBusAddress) -> dict[str, int]:
    """Open the tray menu as the tray host does (AboutToShow, then GetLayout)."""
    ((_, path),) = desktop.call(Properties(item).get("Menu"))
    menu = DBusAddress(path, bus_name=item.bus_name, interface="com.canonical.dbusmenu")
    desktop.call(new_method_call(menu, "AboutToShow", "i", (0,)))
    _revision, (_root, _props, children) = desktop.call(
        new_method_call(menu, "GetLayout", "iias", (0, -1, []))
    )
    labels = {}
    for _signature, (item_id, properties, _children) in children:
        if "label" in properties:
            labels[properties["label"][1]] = item_id
    return labels


def click_menu(desktop: DesktopSession, item: DBusAddress, item_id: int) -> None:
    ((_, path),) = desktop.call(Properties(item).get("Menu"))
    menu = DBusAddress(path, bus_name=item.bus_name, interface="com.canonical.dbusmenu")
    desktop.call(new_method_call(menu, "Event", "isvu", (item_id, "clicked", ("s", ""), 0)))


def notify_calls(watch: NotificationWatch, summary: str) -> list[dict[str, Any]]:
    return [c for c in watch.calls if c["summary"] == summary and c["id"] is not None]


def test_reminder_reaches_the_desktop_on_time_and_opens_the_call_screen(
    desktop: DesktopSession, data: Path
) -> None:
    due = (datetime.now(UTC) + LEAD + START_MARGIN).replace(microsecond=0)
    contact_id, _follow_up_id = seed(data, due)
    planned = due - LEAD
    watch = desktop.watch_notifications()
    assert desktop.registered_items() == []
    app = App(desktop, data)
    try:
        item = tray_item(desktop)
        # The icon registers at once; its tooltip follows when today's calls are read.
        tooltip = wait_until(
            lambda: "Next:" in _tooltip(desktop, item) and _tooltip(desktop, item),
            "the tray's tooltip to show the next call",
        )
        summary = f"Call Jane Smith at {hhmm(due, REP_ZONE)} (their {hhmm(due, 'Europe/Helsinki')})"
        assert f"Next: {summary} — review the proposal" in tooltip
        assert "Today: 1 follow-up" in tooltip
        labels = menu_labels(desktop, item)
        assert list(labels) == [
            f"{summary} — review the proposal",
            "Open FollowUp",
            "Snooze all 10 min",
            "Pause reminders 1 h",
            "Away for a holiday…",
            "Quit",
        ]

        (shown,) = wait_until(lambda: notify_calls(watch, summary), "the reminder", 40)
        lateness = shown["at"] - planned.timestamp()
        print(f"\nreminder planned {planned.isoformat()}, reached the bus {lateness:+.3f} s late")
        # Never early, and at its moment rather than at the next minute's look. How late,
        # in figures, is the benchmark's reminder_delay_ms (goal: under 2 s); a test on a
        # loaded CI machine only checks that the scheduler woke for this moment.
        assert -0.05 <= lateness < ON_ITS_MOMENT_S
        assert shown["app"] == "FollowUp"
        assert shown["body"] == "review the proposal\nin 15 min · Acme, Inc."
        assert shown["actions"][:4] == ["default", "Open", "open", "Open"]
        assert "Snooze 5 min" in shown["actions"]
        assert desktop.displayed() == 1  # dunst put it on screen

        desktop.click(0)
        wait_until(lambda: app.shown("Call — Jane Smith"), "the call screen", 20)
        assert ("ActionInvoked", (shown["id"], "default")) in watch.signals

        # Closing the main window keeps FollowUp running in the tray, and says so once.
        (window,) = app.windows.viewable("FollowUp")
        app.windows.request_close(window)
        wait_until(lambda: not app.shown("FollowUp"), "the window to hide", 10)
        hint = "FollowUp is still running"
        wait_until(lambda: notify_calls(watch, hint), "the still-running hint", 10)
        assert app.process.poll() is None
        click_menu(desktop, item, menu_labels(desktop, item)["Open FollowUp"])
        wait_until(lambda: app.shown("FollowUp"), "the window back from the tray", 10)
        app.windows.request_close(app.windows.viewable("FollowUp")[0])
        wait_until(lambda: not app.shown("FollowUp"), "the window to hide again", 10)
        time.sleep(0.5)
        assert len(notify_calls(watch, hint)) == 1, "the hint is given only the first time"

        # Quit from the tray menu ends the process cleanly.
        click_menu(desktop, item, menu_labels(desktop, item)["Quit"])
        assert app.process.wait(timeout=20) == 0
    finally:
        output = app.stop()
        watch.close()
    assert "Traceback" not in output, output
    desktop.dunstctl("close-all")
    history = desktop.notifications_history()
    assert any(n["summary"] == summary and n["appname"] == "FollowUp" for n in history)
    assert contact_id


def test_missed_reminders_show_once_grouped_and_without_a_tray_the_window_stays(
    bare_desktop: DesktopSession, data: Path
) -> None:
    now = datetime.now(UTC)
    seed(data, now - timedelta(minutes=20), "Ann Lee")  # its reminders passed while closed
    due = (now + LEAD + START_MARGIN).replace(microsecond=0)
    seed(data, due)
    watch = bare_desktop.watch_notifications()
    missed = "1 reminder missed while FollowUp was not running"
    summary = f"Call Jane Smith at {hhmm(due, REP_ZONE)} (their {hhmm(due, 'Europe/Helsinki')})"
    app = App(bare_desktop, data, "--minimized")
    try:
        # No tray: --minimized still shows the window (it is the only home).
        wait_until(lambda: app.shown("FollowUp"), "the main window", 20)
        (grouped,) = wait_until(lambda: notify_calls(watch, missed), "the missed reminder", 20)
        assert grouped["body"].startswith("Call Ann Lee at ")
        (shown,) = wait_until(lambda: notify_calls(watch, summary), "the reminder", 40)
        lateness = shown["at"] - (due - LEAD).timestamp()
        print(f"\nwithout a tray: reminder reached the bus {lateness:+.3f} s late")
        assert -0.05 <= lateness < ON_ITS_MOMENT_S
        # Closing the window quits: nothing would be left to bring it back.
        app.windows.request_close(app.windows.viewable("FollowUp")[0])
        assert app.process.wait(timeout=20) == 0
    finally:
        output = app.stop()
    # A restart shows neither again.
    again = App(bare_desktop, data)
    try:
        wait_until(lambda: again.shown("FollowUp"), "the main window", 20)
        time.sleep(2)
    finally:
        output += again.stop()
        watch.close()
    assert len(notify_calls(watch, missed)) == 1
    assert len(notify_calls(watch, summary)) == 1
    assert "Traceback" not in output, output


def test_a_new_profile_asks_who_the_rep_is_once_and_a_known_rep_is_not_asked(
    bare_desktop: DesktopSession, data: Path
) -> None:
    first = App(bare_desktop, data)
    try:
        wait_until(lambda: first.shown("Welcome to FollowUp"), "the first-run page", 30)
        assert first.shown("FollowUp")  # Today behind it
    finally:
        first.stop()
    seed(data, datetime.now(UTC) + timedelta(days=1))  # a rep with a name and a call
    again = App(bare_desktop, data)
    try:
        wait_until(lambda: again.shown("FollowUp"), "the main window", 30)
        time.sleep(1.0)  # the store opened: the page would be up by now
        assert not again.shown("Welcome to FollowUp")
    finally:
        again.stop()
