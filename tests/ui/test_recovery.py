"""A damaged database at start-up: plain words, the damaged file kept, the backup restored."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from followup_desktop.core.model import Contact
from followup_desktop.paths import AppPaths
from followup_desktop.services import backups, maintenance
from followup_desktop.services.session import open_services
from followup_desktop.ui.application import _open_or_recover
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.recovery import offer_recovery
from followup_desktop.ui.tasks import TaskRunner
from tests.laptop_zone import laptop_zone


def click_when_shown(button_text: str, seen: list[str]) -> None:
    def poll() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, poll)
            return
        seen.append(box.text() + "\n" + box.informativeText())
        for button in box.buttons():
            if button.text() == button_text:
                button.click()
                return

    QTimer.singleShot(0, poll)


def damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[:100] = b"\x00" * 100  # the header: SQLite no longer recognises the file
    path.write_bytes(bytes(data))


def make_store_with_backup(tmp_path: Path) -> AppPaths:
    paths = AppPaths(tmp_path / "data")
    services = open_services(paths)
    services.contacts.add(Contact(name="Saved Before"))
    services.close()
    backups.take_backup(paths, "daily")
    return paths


def test_restore_from_the_dialog(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = make_store_with_backup(tmp_path)
    damage(paths.database)
    seen: list[str] = []
    click_when_shown("Restore backup", seen)
    assert offer_recovery(paths, "file is not a database") is True
    assert "damaged" in seen[0].lower() or "cannot read" in seen[0].lower()
    assert "1 contact," in seen[0]
    kept = list(paths.data_dir.glob("followup.sqlite3.damaged-*Z"))
    assert len(kept) == 1 and kept[0].read_bytes()[:100] == b"\x00" * 100
    services = open_services(paths)
    assert [s.name for s in services.contacts.page()] == ["Saved Before"]
    services.close()


def test_quit_leaves_everything_as_it_was(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = make_store_with_backup(tmp_path)
    damage(paths.database)
    before = paths.database.read_bytes()
    click_when_shown("Quit", [])
    assert offer_recovery(paths, "file is not a database") is False
    assert paths.database.read_bytes() == before
    assert not list(paths.data_dir.glob("followup.sqlite3.damaged-*Z"))


def test_without_a_backup_it_offers_to_start_empty(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = AppPaths(tmp_path / "data")
    paths.ensure()
    paths.database.write_bytes(b"garbage" * 1000)
    seen: list[str] = []
    click_when_shown("Start empty", seen)
    assert offer_recovery(paths, "file is not a database") is True
    assert "no backup" in seen[0].lower()
    assert not paths.database.exists()
    assert len(list(paths.data_dir.glob("followup.sqlite3.damaged-*Z"))) == 1


def test_the_start_up_journey_on_a_damaged_file(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """What a rep sees when FollowUp starts on a file a sync tool overwrote: the dialog,
    then the restored contacts, with the damaged file kept beside the database."""
    paths = make_store_with_backup(tmp_path)
    with open(paths.database, "r+b") as handle:
        handle.write(os.urandom(4096))  # the first page: garbage
    damaged = paths.database.read_bytes()
    seen: list[str] = []
    click_when_shown("Restore backup", seen)
    services = _open_or_recover(paths)
    assert services is not None
    try:
        assert [s.name for s in services.contacts.page()] == ["Saved Before"]
    finally:
        services.close()
    assert "cannot read its data file" in seen[0]
    assert "1 contact, 0 logged touches" in seen[0]
    (kept,) = paths.data_dir.glob("followup.sqlite3.damaged-*Z")
    assert kept.read_bytes() == damaged


def test_back_up_now_from_the_file_menu(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = make_store_with_backup(tmp_path)
    services = open_services(paths)
    tasks = TaskRunner()
    window = MainWindow(services, tasks)
    qtbot.addWidget(window)
    try:
        file_menu = window.menuBar().actions()[0].menu()
        (action,) = [a for a in file_menu.actions() if a.text() == "&Back up now"]
        before = {b.path for b in backups.list_backups(paths.backups)}
        action.trigger()
        qtbot.waitUntil(
            lambda: "Backed up to" in window.statusBar().currentMessage(), timeout=10000
        )
        (new,) = {b.path for b in backups.list_backups(paths.backups)} - before
        assert str(new) in window.statusBar().currentMessage()
        assert backups.list_backups(paths.backups)[0].reason == "manual"
        assert maintenance.check(new).ok
    finally:
        tasks.wait()
        services.close()


def test_damage_the_quick_check_misses_is_caught_by_the_daily_backup(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Text that is no longer UTF-8 passes quick_check; the daily backup's full check of
    its copy sees it, and the window goes to recovery instead of backing up damage."""
    from followup_desktop.core.clock import FixedClock
    from followup_desktop.core.model import Outcome
    from followup_desktop.ui import recovery, store_checks

    paths = make_store_with_backup(tmp_path)
    services = open_services(paths, FixedClock(datetime(2030, 1, 1, 9, 0, tzinfo=UTC)))
    contact = services.contacts.page()[0].id
    services.followups.log(contact, Outcome.CONNECTED, notes="fine")
    with sqlite3.connect(paths.database) as connection:
        connection.execute("UPDATE touches SET notes = CAST(x'41ff42' AS TEXT)")
    assert maintenance.check(paths.database, full=False).ok
    offered: list[str] = []
    monkeypatch.setattr(recovery, "offer_recovery", lambda _p, problem, _w: offered.append(problem))
    monkeypatch.setattr(store_checks.QApplication, "quit", staticmethod(lambda: None))
    tasks = TaskRunner()
    window = MainWindow(services, tasks)
    qtbot.addWidget(window)
    before = {b.path for b in backups.list_backups(paths.backups)}
    window.check_store_in_background()
    qtbot.waitUntil(lambda: bool(offered), timeout=10000)
    assert "UTF-8" in offered[0]
    assert {
        b.path for b in backups.list_backups(paths.backups)
    } == before  # damage not kept as a backup
    assert not list(paths.backups.glob("*.part"))


def test_data_from_a_newer_followup_is_said_so_and_nothing_else_is_asked(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Started on data a later FollowUp wrote: the window says so and what to do (update
    FollowUp), not a migration tool's words nor advice about a writable folder, and it
    backs up nothing on the way."""
    paths = make_store_with_backup(tmp_path)
    connection = sqlite3.connect(paths.database)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    connection.close()  # its -wal checkpointed into the file: the file is the data
    before = paths.database.read_bytes()
    kept = {b.path for b in backups.list_backups(paths.backups)}
    seen: list[str] = []
    click_when_shown("OK", seen)
    assert _open_or_recover(paths) is None
    (said,) = seen
    assert "newer FollowUp" in said and "update FollowUp" in said, said
    assert "Can't locate revision" not in said and "writable" not in said, said
    assert {b.path for b in backups.list_backups(paths.backups)} == kept
    assert paths.database.read_bytes() == before


def test_the_backup_offered_is_dated_in_the_reps_zone_not_the_laptops(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A rep in Paris on a laptop set to Tokyo: the backup's time reads as every other
    time in FollowUp does, in the zone of their settings (kept in the backup too)."""
    from followup_desktop.core import settings as options
    from followup_desktop.core.clock import FixedClock

    paths = AppPaths(tmp_path / "data")
    clock = FixedClock(datetime(2026, 11, 24, 8, 50, tzinfo=UTC))  # 09:50 Paris, 17:50 Tokyo
    services = open_services(paths, clock)
    services.settings.save(
        services.settings.load().with_value(options.REP_TIME_ZONE, "Europe/Paris")
    )
    services.contacts.add(Contact(name="Saved Before"))
    services.close()
    backups.take_backup(paths, "daily", clock)
    damage(paths.database)
    seen: list[str] = []
    click_when_shown("Quit", seen)
    with laptop_zone("Asia/Tokyo"):
        assert offer_recovery(paths, "file is not a database") is False
    assert "The newest good backup is from Tue 24 Nov 2026 09:50: 1 contact" in seen[0]


def test_damage_found_while_running_starts_again_only_once_the_folder_is_free(
    qtbot, started, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Damage the daily backup's check finds while FollowUp runs: once the backup is
    restored, FollowUp is started again as after File › Restore a backup (``run`` does,
    once this one has let go of the data folder), not from the dialog while the folder is
    still taken, where the new start hands its window to the one quitting."""
    from PySide6.QtCore import QProcess

    from followup_desktop.ui.application import Start
    from followup_desktop.ui.quit_signals import QuitOnSignals
    from followup_desktop.ui.single_instance import SingleInstance
    from tests.ui.test_single_instance import damaged_after_a_backup

    paths = AppPaths(tmp_path / "data")
    damaged_after_a_backup(paths.data_dir)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    exits: list[object] = []
    monkeypatch.setattr(app, "exit", exits.append)  # the test session's loop goes on
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: exits.append("quit")))
    launched: list[object] = []
    monkeypatch.setattr(QProcess, "startDetached", staticmethod(lambda *a: launched.append(a)))
    instance = SingleInstance(paths.data_dir)
    assert instance.claim()  # as ``run`` holds it
    start = Start(app, paths, QuitOnSignals(app), instance)
    started.append(start)
    seen: list[str] = []
    click_when_shown("Restore backup", seen)
    start.begin()
    qtbot.waitUntil(lambda: bool(exits), timeout=30_000)
    instance.release()
    assert "cannot read its data file" in seen[0]
    assert launched == []  # nothing started while this one holds the folder
    assert exits == [0] and start.restart_asked  # ``run`` starts it once the folder is free
    assert len(list(paths.data_dir.glob("followup.sqlite3.damaged-*Z"))) == 1
