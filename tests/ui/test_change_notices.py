"""Change notices: a write says what it changed, the window hands the notice to every
view, and each refreshes only what it shows (a settings change leaves the 100,000-row
list alone; a deal reloads the list's deal column but not Today)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QSpinBox

from followup_desktop.core import settings as options
from followup_desktop.core.changes import EVERYTHING, Area, Change, about
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Outcome, Phone
from followup_desktop.services.call_requests import LogCall
from followup_desktop.services.session import Services
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.settings_dialog import SettingsDialog
from tests.rep_desk import rep_services
from tests.ui.worker_thread import settled

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def services(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    with rep_services(tmp_path, monkeypatch, FixedClock(NOW), "Sam Rivers") as opened:
        yield opened


class Reloads:
    """Counts each view's reloads and the reminders' nudges."""

    def __init__(self, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
        self.counts = {"list": 0, "today": 0, "reminders": 0}
        list_reload, today_reload = window.model.reload, window.today.reload

        def count(name: str, reload):  # type: ignore[no-untyped-def]
            def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
                self.counts[name] += 1
                return reload(*args, **kwargs)

            return counted

        monkeypatch.setattr(window.model, "reload", count("list", list_reload))
        monkeypatch.setattr(window.today, "reload", count("today", today_reload))
        window.follow_ups_changed.connect(lambda: self.bump("reminders"))

    def bump(self, name: str) -> None:
        self.counts[name] += 1

    def take(self) -> dict[str, int]:
        counts, self.counts = self.counts, dict.fromkeys(self.counts, 0)
        return counts


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (Change(Area.SETTINGS), {"list": 0, "today": 1, "reminders": 1}),
        (about(Area.DEALS, (1,)), {"list": 1, "today": 0, "reminders": 0}),
        (about(Area.CONTACTS, (1,)), {"list": 1, "today": 1, "reminders": 0}),
        (about(Area.AGENDA | Area.CONTACTS, (1,)), {"list": 1, "today": 1, "reminders": 1}),
        (EVERYTHING, {"list": 1, "today": 1, "reminders": 1}),
        (Change(Area.NONE), {"list": 0, "today": 0, "reminders": 0}),
    ],
)
def test_each_view_refreshes_only_for_what_it_shows(
    qtbot,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    change: Change,
    expected: dict[str, int],
) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.today.loading)  # the window's own first load
    reloads = Reloads(window, monkeypatch)
    window.show_change(change)
    assert reloads.take() == expected


def test_a_call_logged_on_the_call_screen_reaches_the_list_today_and_the_reminders(
    qtbot, window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    contact_id = services.contacts.add(
        Contact(name="Jane Smith", time_zone="America/Chicago", phones=[Phone("+13125550142")])
    )
    window.show_change(EVERYTHING)
    reloads = Reloads(window, monkeypatch)
    window.open_call_screen(contact_id)
    qtbot.waitUntil(lambda: window.call_window(contact_id) is not None)  # read on a worker
    call = window.call_window(contact_id)
    assert call is not None
    notices: list[Change] = []
    call.changed.connect(notices.append)
    call.choose_outcome(Outcome.NO_ANSWER)
    qtbot.waitUntil(call.plan.accept_button.isEnabled)  # the plan, read on a worker
    call.plan.submit()  # the plan the rules made, as Ctrl+Enter takes it
    qtbot.waitUntil(lambda: bool(notices))
    assert notices == [about(Area.AGENDA | Area.CONTACTS, (contact_id,))]
    # What the rep sees follows: the list's attempts, and the reminders told once.
    qtbot.waitUntil(lambda: window.model.summary(0).attempts == 1)
    counts = reloads.take()
    assert counts["list"] >= 1 and counts["today"] >= 1 and counts["reminders"] == 1


def test_log_call_says_what_it_changed(services: Services) -> None:
    contact_id = services.contacts.add(Contact(name="Jane Smith"))
    saved = services.calls.log_call(
        LogCall(contact_id, Outcome.NO_ANSWER, at=NOW - timedelta(minutes=1))
    )
    assert saved.change == about(Area.AGENDA | Area.CONTACTS, (contact_id,))


def test_settings_saved_from_the_window_reach_today_and_the_reminders_not_the_list(
    qtbot, window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.today.loading)
    reloads = Reloads(window, monkeypatch)

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        lead = next(
            w
            for w in dialog.findChildren(QSpinBox)
            if w.accessibleName() == options.REMINDER_LEAD_MIN.label
        )
        lead.setValue(20)
        dialog.accept()

    QTimer.singleShot(300, in_the_dialog)
    window.settings_action.trigger()  # modal: returns once the dialog closed
    qtbot.waitUntil(lambda: reloads.counts["reminders"] == 1)
    assert services.settings.load().get(options.REMINDER_LEAD_MIN) == 20
    counts = reloads.take()
    assert (counts["list"], counts["today"] >= 1) == (0, True)


def test_settings_changed_by_another_process_reach_the_window_within_a_look(
    qtbot, window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """``followup settings set`` in a terminal while the app runs: the window keeps its
    settings in memory, and the reminders' next look (each minute) reads them again."""
    from followup_desktop.services.session import open_services
    from followup_desktop.ui.desk import Desk

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    desk = Desk(app, window, services, window.tasks)
    settled(qtbot, window)
    reloads = Reloads(window, monkeypatch)
    assert services.settings.rep_zone() != "Asia/Tokyo"
    terminal = open_services(services.paths, FixedClock(NOW))
    try:
        terminal.settings.save(
            terminal.settings.load().with_value(options.REP_TIME_ZONE, "Asia/Tokyo")
        )
    finally:
        terminal.close()
    assert services.settings.rep_zone() != "Asia/Tokyo"  # not read yet: kept in memory
    desk.timer.check()
    qtbot.waitUntil(lambda: services.settings.rep_zone() == "Asia/Tokyo")
    qtbot.waitUntil(lambda: reloads.counts["today"] >= 1)  # Today's day is the rep's
    settled(qtbot, window)
    counts = reloads.take()
    assert counts["list"] == 0 and counts["reminders"] >= 1
    desk.timer.check()  # read again, unchanged: nothing more
    settled(qtbot, window)
    assert reloads.take() == {"list": 0, "today": 0, "reminders": 0}
    desk.stop()
