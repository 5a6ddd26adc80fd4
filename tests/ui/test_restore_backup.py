"""File › Restore a backup… on a real data file: the backups listed in the rep's zone with
what each holds, the current data backed up first, the backup restored, FollowUp started
again on it; a refused or failed restore leaves the data as it was and says why."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from followup_desktop.core import settings as options
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact
from followup_desktop.paths import AppPaths
from followup_desktop.services import backups
from followup_desktop.services.session import Services, open_services
from followup_desktop.store.backup import BackupFailed, read_only_connection
from followup_desktop.ui.application import Start
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.quit_signals import QuitOnSignals
from followup_desktop.ui.relaunch import again_command
from followup_desktop.ui.restore_backup import RestoreBackupDialog
from followup_desktop.ui.single_instance import SingleInstance
from tests.laptop_zone import laptop_zone

# Tuesday 24 Nov 2026, 09:50 in Paris (the rep's zone), 17:50 in Tokyo (the laptop's).
NOW = datetime(2026, 11, 24, 8, 50, tzinfo=UTC)
LAPTOP_ZONE = "Asia/Tokyo"
REP_ZONE = "Europe/Paris"
RESTORE = "&Restore a backup…"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


def _a_day_with_a_backup(paths: AppPaths, clock: FixedClock) -> None:
    """ "Saved Before" backed up at NOW, "Added After" two hours later."""
    services = open_services(paths, clock)
    try:
        services.settings.save(services.settings.load().with_value(options.REP_TIME_ZONE, REP_ZONE))
        services.contacts.add(Contact(name="Saved Before"))
        backups.take_backup(paths, "daily", clock)
        clock.advance(hours=2)
        services.contacts.add(Contact(name="Added After"))
    finally:
        services.close()


@pytest.fixture
def services(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FixedClock
) -> Iterator[Services]:
    with laptop_zone(LAPTOP_ZONE):
        paths = AppPaths(tmp_path / "data")
        _a_day_with_a_backup(paths, clock)
        opened = open_services(paths, clock)
        yield opened
        opened.close()  # again after a restore closed it: nothing more happens


def names(database: Path) -> list[str]:
    with contextlib.closing(read_only_connection(database)) as connection:
        return [row[0] for row in connection.execute("SELECT name FROM contacts ORDER BY name")]


def open_restore(qtbot, window: MainWindow) -> RestoreBackupDialog:  # type: ignore[no-untyped-def]
    file_menu = window.menuBar().actions()[0].menu()
    texts = [action.text() for action in file_menu.actions()]
    assert texts.index(RESTORE) == texts.index("&Back up now") + 1  # beside it
    (action,) = [a for a in file_menu.actions() if a.text() == RESTORE]
    assert action.isEnabled()
    action.trigger()
    dialog = window.findChild(RestoreBackupDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: bool(dialog.rows()), timeout=10_000)
    return dialog


def choose(dialog: RestoreBackupDialog, taken: str) -> None:
    (item,) = [
        dialog.tree.topLevelItem(i)
        for i in range(dialog.tree.topLevelItemCount())
        if dialog.tree.topLevelItem(i).text(0) == taken
    ]
    dialog.tree.setCurrentItem(item)


def start_again_button(dialog: RestoreBackupDialog):  # type: ignore[no-untyped-def]
    (button,) = [b for b in dialog.buttons.buttons() if "again" in b.text()]
    return button


def test_a_backup_is_restored_from_the_window_after_the_data_is_backed_up(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    paths = services.paths
    restarts: list[bool] = []
    window.restart_requested.connect(lambda: restarts.append(True))
    dialog = open_restore(qtbot, window)
    # When, in the rep's zone (Paris, not the laptop's Tokyo), and what it holds.
    assert dialog.rows() == [("Tue 24 Nov 2026 09:50", "1 contact, 0 logged touches", "daily")]
    assert REP_ZONE in dialog.summary.text()
    assert "backs up your data as it is now" in dialog.intro.text()

    dialog.restore_button.click()
    qtbot.waitUntil(lambda: "Restored the backup" in dialog.said.text(), timeout=30_000)
    said = dialog.said.text()
    assert "Restored the backup of Tue 24 Nov 2026 09:50." in said
    # The data it replaced, backed up first (at 10:50 UTC: 11:50 the rep's time).
    assert "kept as the backup of Tue 24 Nov 2026 11:50" in said
    assert "starts again" in said
    assert names(paths.database) == ["Saved Before"]
    (before,) = [b for b in backups.list_backups(paths.backups) if b.reason == "before-restore"]
    assert names(before.path) == ["Added After", "Saved Before"]
    assert restarts == []

    start_again_button(dialog).click()
    assert restarts == [True]
    # What the new start opens: the restored data.
    again = open_services(paths)
    try:
        assert [c.name for c in again.contacts.page()] == ["Saved Before"]
    finally:
        again.close()


def test_a_damaged_backup_is_refused_and_the_window_goes_on(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    paths = services.paths
    (good,) = backups.list_backups(paths.backups)
    good.path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)  # overwritten by a sync tool
    restarts: list[bool] = []
    window.restart_requested.connect(lambda: restarts.append(True))
    dialog = open_restore(qtbot, window)
    assert dialog.rows()[0][1] == "cannot be read"
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: "Nothing was restored" in dialog.said.text(), timeout=30_000)
    said = dialog.said.text()
    assert said.startswith("Nothing was restored and your data is as it was: ")
    assert good.path.name in said and "\n" not in said
    assert dialog.restore_button.isEnabled()  # another one may be chosen
    # The store is still open and the data as it was: nothing moved, nothing backed up.
    assert [c.name for c in services.contacts.page()] == ["Added After", "Saved Before"]
    assert not list(paths.data_dir.glob("followup.sqlite3.replaced-*"))
    assert [b.reason for b in backups.list_backups(paths.backups)] == ["daily"]
    dialog.reject()
    assert restarts == []


def test_a_restore_whose_safety_backup_fails_leaves_the_data_as_it_was(
    qtbot, window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """No room for the backup of the current data: the restore could not be undone, so
    it is not made."""
    paths = services.paths
    taking = backups.take_backup

    def no_room(app_paths: AppPaths, reason: str, clock: object = None) -> backups.BackupInfo:
        if reason == backups.BEFORE_RESTORE:
            raise BackupFailed("backup of followup.sqlite3 failed: database or disk is full")
        return taking(app_paths, reason, clock)  # type: ignore[arg-type]

    monkeypatch.setattr(backups, "take_backup", no_room)
    restarts: list[bool] = []
    window.restart_requested.connect(lambda: restarts.append(True))
    dialog = open_restore(qtbot, window)
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: "Nothing was restored" in dialog.said.text(), timeout=30_000)
    said = dialog.said.text()
    assert "your current data could not be backed up first" in said
    assert "starts again" in said  # the store was closed for the restore
    assert names(paths.database) == ["Added After", "Saved Before"]
    assert not list(paths.data_dir.glob("followup.sqlite3.*"))  # nothing moved aside
    start_again_button(dialog).click()
    assert restarts == [True]


def test_an_open_call_is_finished_first(qtbot, window: MainWindow, services: Services) -> None:  # type: ignore[no-untyped-def]
    """Its notes would be written to the data the restore replaces: the rep is asked to
    finish the call first, and nothing is restored meanwhile."""
    (after,) = [c.id for c in services.contacts.page() if c.name == "Added After"]
    window.open_call_screen(after)
    qtbot.waitUntil(lambda: window.call_window(after) is not None, timeout=10_000)
    dialog = open_restore(qtbot, window)
    dialog.restore_button.click()
    assert dialog.said.text() == "Finish or close the call with Added After first, then restore."
    assert names(services.paths.database) == ["Added After", "Saved Before"]
    assert [b.reason for b in backups.list_backups(services.paths.backups)] == ["daily"]
    dialog.reject()
    call = window.call_window(after)
    assert call is not None
    call.close()
    qtbot.waitUntil(lambda: window.call_window(after) is None, timeout=10_000)


def test_the_app_starts_again_on_the_restored_data(
    qtbot, started: list[Start], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    """A real start on the file: the restore stops the desk, closes the store and asks
    ``run`` to start FollowUp again once this one has let go of the data folder."""
    paths = AppPaths(tmp_path / "data")
    _a_day_with_a_backup(paths, clock)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    exits: list[int] = []
    monkeypatch.setattr(app, "exit", exits.append)  # the test session's loop goes on
    start = Start(app, paths, QuitOnSignals(app), SingleInstance(paths.data_dir))
    started.append(start)
    start.begin()
    window = start.window
    assert window is not None
    qtbot.waitUntil(lambda: start.desk is not None, timeout=20_000)
    dialog = open_restore(qtbot, window)
    choose(dialog, "Tue 24 Nov 2026 09:50")  # not the day's backup the start took
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: "Restored the backup" in dialog.said.text(), timeout=30_000)
    assert start.desk is None  # stopped before the store closed
    start_again_button(dialog).click()
    assert exits == [0] and start.restart_asked
    assert names(paths.database) == ["Saved Before"]


@pytest.mark.parametrize(
    ("orig_argv", "argv", "frozen", "expected"),
    [
        (
            ["/usr/bin/python3", "-m", "followup_desktop", "--data-dir", "/d", "--minimized"],
            ["/x/__main__.py", "--data-dir", "/d", "--minimized"],
            False,
            ["-m", "followup_desktop", "--data-dir", "/d"],
        ),
        (
            ["/opt/FollowUp/followup-desktop", "--open-contact", "7", "-style", "fusion"],
            ["/opt/FollowUp/followup-desktop", "--open-contact", "7", "-style", "fusion"],
            True,
            ["-style", "fusion"],
        ),
    ],
)
def test_started_again_as_it_was_started(
    orig_argv: list[str], argv: list[str], frozen: bool, expected: list[str]
) -> None:
    """The same data folder and options; not into the tray, nor to a call of the old data."""
    program, arguments = again_command("/prog", orig_argv, argv, frozen)
    assert (program, arguments) == ("/prog", expected)
