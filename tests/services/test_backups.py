"""Backups: checked copies, rotation, restore that never destroys the current file."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup_desktop import cli
from followup_desktop.core import settings as options
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact
from followup_desktop.core.settings import Settings
from followup_desktop.paths import AppPaths
from followup_desktop.services import backups
from followup_desktop.services.session import open_services
from followup_desktop.store import migrate
from followup_desktop.store.backup import BackupFailed, SourceDamaged
from followup_desktop.store.db import make_engine

pytestmark = pytest.mark.sqlite_file  # the file itself: not in the PostgreSQL run


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
    assert "1 contact, 0 logged touches" in info.describe(UTC)
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
    """A start-up every morning of 2026, a manual backup now and then: at the end the
    folder holds the last 7 days, the last 4 weeks and the last 6 months, nothing else."""
    clock = FixedClock(datetime(2026, 1, 1, 9, 0, tzinfo=UTC))
    for day in range(365):
        backups.backup_if_due(paths, Settings(), clock)
        if day % 50 == 3:
            clock.advance(hours=2)
            backups.back_up_now(paths, Settings(), clock)
            clock.advance(hours=-2)
        clock.advance(days=1)
    kept = [
        (b.taken_at.strftime("%m-%d %H"), b.reason) for b in backups.list_backups(paths.backups)
    ]
    daily = [(f"12-{d} 09", "daily") for d in range(31, 24, -1)]  # Fri 25 … Thu 31 Dec
    # The newest of the weeks ending Sunday 20 and 13 December (the week of the 27th is
    # among the days); the rep's manual backup at 11:00 on the 20th is that week's newest.
    weekly = [("12-20 11", "manual"), ("12-13 09", "daily")]
    monthly = [("11-30 09", "daily"), ("10-31 11", "manual")] + [
        (f"{m}-{d} 09", "daily") for m, d in (("09", 30), ("08", 31), ("07", 31))
    ]
    assert kept == daily + weekly + monthly


def test_rotation_follows_the_settings(paths: AppPaths) -> None:
    settings = (
        Settings()
        .with_value(options.BACKUP_KEEP_DAILY, 2)
        .with_value(options.BACKUP_KEEP_WEEKLY, 1)
        .with_value(options.BACKUP_KEEP_MONTHLY, 2)
    )
    clock = FixedClock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    for _ in range(60):
        backups.backup_if_due(paths, settings, clock)
        clock.advance(days=1)
    kept = [b.taken_at.strftime("%m-%d") for b in backups.list_backups(paths.backups)]
    assert kept == ["04-29", "04-28", "03-31"]


def test_the_copy_taken_before_an_upgrade_outlives_the_backups_after_it(paths: AppPaths) -> None:
    """The copy taken before a schema upgrade is the only one the previous version opens
    (going back after an update): a Back up now the same day deleted it as that day's
    older backup, and the rotation then kept only upgraded ones."""
    engine = make_engine(f"sqlite:///{paths.database}")
    migrate.downgrade(engine, "-1")  # the file as the previous version left it
    engine.dispose()
    open_services(paths).close()  # the update's first start: backed up, then upgraded
    (upgrade,) = backups.list_backups(paths.backups)
    assert upgrade.reason.startswith("before-migration-")
    clock = FixedClock(datetime.now(UTC))
    backups.back_up_now(paths, Settings(), clock)
    for _ in range(40):
        clock.advance(days=1)
        backups.backup_if_due(paths, Settings(), clock)
    assert upgrade.path in {b.path for b in backups.list_backups(paths.backups)}
    assert backups.restore_problem(upgrade.path) is None
    # One such copy is kept, the newest: the next upgrade's takes its place.
    later = backups.take_backup(paths, "before-migration-0099", clock)
    backups.back_up_now(paths, Settings(), clock)
    kept = {b.path for b in backups.list_backups(paths.backups)}
    assert later.path in kept and upgrade.path not in kept


def test_restore_moves_the_current_file_aside_and_keeps_it(paths: AppPaths) -> None:
    info = backups.take_backup(paths, "manual")
    services = open_services(paths)
    services.contacts.add(Contact(name="After Backup"))
    services.close()
    replaced = backups.restore(paths, info.path).replaced
    assert replaced is not None and replaced.exists()
    assert names(replaced) == ["After Backup", "Before Backup"]
    assert names(paths.database) == ["Before Backup"]
    before_restore = [
        b for b in backups.list_backups(paths.backups) if b.reason == "before-restore"
    ]
    assert len(before_restore) == 1


def test_a_restore_taken_back_in_the_same_second_brings_the_data_back(
    paths: AppPaths,
) -> None:
    """Backups taken in one second each keep their own file: restoring the copy kept
    before a restore, at once, puts back what was there (before, its backup of the same
    name copied over it first, and the restore changed nothing)."""
    clock = FixedClock(datetime(2026, 11, 22, 8, 0, tzinfo=UTC))
    info = backups.take_backup(paths, "manual", clock)
    services = open_services(paths)
    services.contacts.add(Contact(name="After Backup"))
    services.close()
    backups.restore(paths, info.path, clock)
    assert names(paths.database) == ["Before Backup"]
    (kept,) = [b for b in backups.list_backups(paths.backups) if b.reason == "before-restore"]
    backups.restore(paths, kept.path, clock)  # the same second: taken back
    assert names(paths.database) == ["After Backup", "Before Backup"]
    assert len({b.path for b in backups.list_backups(paths.backups)}) == 3


def test_a_damaged_backup_is_refused(paths: AppPaths, tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)
    with pytest.raises(BackupFailed):
        backups.restore(paths, bad)
    assert names(paths.database) == ["Before Backup"]


def test_an_undoable_restore_is_not_made_without_its_backup_of_the_current_data(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window promises the restore can be undone: with no room for the backup of
    the data it replaces, nothing is restored (the command line restores anyway)."""
    info = backups.take_backup(paths, "manual")
    services = open_services(paths)
    services.contacts.add(Contact(name="After Backup"))
    services.close()
    before = paths.database.read_bytes()

    def no_room(*_args: object) -> backups.BackupInfo:
        raise BackupFailed("backup of followup.sqlite3 failed: database or disk is full")

    monkeypatch.setattr(backups, "take_backup", no_room)
    with pytest.raises(BackupFailed, match="could not be backed up first"):
        backups.restore(paths, info.path, undoable=True)
    assert paths.database.read_bytes() == before
    assert not list(paths.data_dir.glob("followup.sqlite3.*"))  # nothing moved aside
    restored = backups.restore(paths, info.path)
    assert restored.before is None and names(paths.database) == ["Before Backup"]


def test_a_backup_reads_in_the_reps_zone(paths: AppPaths) -> None:
    from zoneinfo import ZoneInfo

    info = backups.take_backup(
        paths, "manual", FixedClock(datetime(2026, 11, 24, 8, 50, tzinfo=UTC))
    )
    assert info.describe(ZoneInfo("America/Chicago")) == (
        "Tue 24 Nov 2026 02:50: 1 contact, 0 logged touches"
    )
    assert info.kind() == "backed up by you"


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
    (before,) = [b for b in backups.list_backups(paths.backups) if b.reason == "before-restore"]
    assert f"backed up first as {before.path}" in out.getvalue()
    assert names(before.path) == ["Before Backup", "Later"]
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


def test_cli_restore_refuses_while_the_app_is_open(paths: AppPaths) -> None:
    info = backups.take_backup(paths, "manual")
    lock = paths.data_dir / backups.APP_LOCK
    lock.write_text(f"{os.getpid()}\nfollowup-desktop\nhost\n")
    err = io.StringIO()
    args = ["--data-dir", str(paths.data_dir), "db", "restore", info.path.name]
    assert cli.main(args, io.StringIO(), err) == 2
    assert "quit it first" in err.getvalue()
    assert not list(paths.data_dir.glob("followup.sqlite3.replaced-*"))
    dead = subprocess.Popen(["true"])
    dead.wait()
    lock.write_text(f"{dead.pid}\nfollowup-desktop\nhost\n")  # a stale lock
    assert cli.main(args, io.StringIO(), io.StringIO()) == 0


def test_a_backup_of_a_damaged_database_is_refused_as_damage(paths: AppPaths) -> None:
    with open(paths.database, "r+b") as handle:
        handle.write(b"\x00" * 100)  # the header
    with pytest.raises(SourceDamaged):
        backups.take_backup(paths, "manual")
    assert list(paths.backups.iterdir()) == []
