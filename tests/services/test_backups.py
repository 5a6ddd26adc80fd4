"""Backups: checked copies, rotation, restore that never destroys the current file."""

from __future__ import annotations

import io
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup_desktop import cli
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact
from followup_desktop.core.settings import Settings
from followup_desktop.paths import AppPaths
from followup_desktop.services import backups
from followup_desktop.services.session import open_services
from followup_desktop.store.backup import BackupFailed


def names(database: Path) -> list[str]:
    with sqlite3.connect(database) as connection:
        return [row[0] for row in connection.execute("SELECT name FROM contacts ORDER BY name")]


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    app_paths = AppPaths(tmp_path / "data")
    services = open_services(app_paths)
    services.contacts.add(Contact(name="Before Backup"))
    services.close()
    return app_paths


def test_backup_is_a_checked_standalone_copy(paths: AppPaths) -> None:
    info = backups.take_backup(paths, "manual")
    assert info.path.parent == paths.backups
    assert names(info.path) == ["Before Backup"]
    assert not info.path.with_name(info.path.name + "-wal").exists()
    assert "1 contact, 0 logged touches" in info.describe()
    assert not list(paths.backups.glob("*.part"))


def test_startup_backup_only_when_the_last_is_a_day_old(paths: AppPaths) -> None:
    clock = FixedClock(datetime(2026, 11, 22, 8, 0, tzinfo=UTC))
    assert backups.backup_if_due(paths, Settings(), clock) is not None
    clock.advance(hours=23)
    assert backups.backup_if_due(paths, Settings(), clock) is None
    clock.advance(hours=2)
    assert backups.backup_if_due(paths, Settings(), clock) is not None
    assert len(backups.list_backups(paths.backups)) == 2


def test_rotation_over_a_simulated_year(paths: AppPaths) -> None:
    clock = FixedClock(datetime(2026, 1, 1, 9, 0, tzinfo=UTC))
    for _ in range(365):
        backups.backup_if_due(paths, Settings(), clock)
        clock.advance(days=1)
    kept = backups.list_backups(paths.backups)
    assert 6 + 4 <= len(kept) <= 7 + 4 + 6
    assert len({(b.taken_at.year, b.taken_at.month) for b in kept}) == 6
    assert kept[0].taken_at.date() == datetime(2026, 12, 31).date()


def test_restore_moves_the_current_file_aside_and_keeps_it(paths: AppPaths) -> None:
    info = backups.take_backup(paths, "manual")
    services = open_services(paths)
    services.contacts.add(Contact(name="After Backup"))
    services.close()
    replaced = backups.restore(paths, info.path)
    assert replaced is not None and replaced.exists()
    assert names(replaced) == ["After Backup", "Before Backup"]
    assert names(paths.database) == ["Before Backup"]
    before_restore = [
        b for b in backups.list_backups(paths.backups) if b.reason == "before-restore"
    ]
    assert len(before_restore) == 1


def test_a_damaged_backup_is_refused(paths: AppPaths, tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)
    with pytest.raises(BackupFailed):
        backups.restore(paths, bad)
    assert names(paths.database) == ["Before Backup"]


def test_cli_backup_and_restore(paths: AppPaths) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["--data-dir", str(paths.data_dir), "db", "backup"], out, err) == 0
    backup_path = Path(out.getvalue().strip())
    assert backup_path.exists()
    cli.main(
        ["--data-dir", str(paths.data_dir), "contact", "add", "--name", "Later"],
        io.StringIO(),
        io.StringIO(),
    )
    out = io.StringIO()
    assert (
        cli.main(["--data-dir", str(paths.data_dir), "db", "restore", backup_path.name], out, err)
        == 0
    )
    assert "kept as" in out.getvalue()
    assert names(paths.database) == ["Before Backup"]
    code = cli.main(
        ["--data-dir", str(paths.data_dir), "db", "restore", "nope.sqlite3"], io.StringIO(), err
    )
    assert code == 2


def test_list_ignores_foreign_files(paths: AppPaths) -> None:
    paths.backups.mkdir(parents=True, exist_ok=True)
    (paths.backups / "notes.txt").write_text("x")
    (paths.backups / "followup-garbage.sqlite3").write_text("x")
    assert backups.list_backups(paths.backups) == []
    assert backups.newest_good_backup(paths.backups) is None
