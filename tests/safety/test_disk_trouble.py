"""A full disk and a read-only folder, on a real small filesystem: a clear message,
nothing half-written, and the app carries on once there is room again."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup_desktop import cli
from followup_desktop.core import settings as options
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Email, Outcome
from followup_desktop.exchange.csv_export import write_csv
from followup_desktop.paths import AppPaths
from followup_desktop.services import backups, maintenance
from followup_desktop.services.disk_trouble import disk_trouble
from followup_desktop.services.exports import ExportProblem
from followup_desktop.services.session import Services, open_services
from followup_desktop.store.backup import BackupFailed
from tests.safety.small_disk import fill, remount, small_disk

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
AGREED = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    with small_disk(tmp_path / "disk", "6m") as mounted:
        yield mounted


@pytest.fixture
def services(disk: Path) -> Iterator[Services]:
    opened = open_services(AppPaths(disk / "data"), FixedClock(NOW))
    settings = opened.settings.load().with_value(options.REP_EMAIL, "sam@example.com")
    opened.settings.save(settings.with_value(options.REP_NAME, "Sam Rivers"))
    yield opened
    opened.close()


def _add(services: Services, number: int) -> int:
    return services.contacts.add(
        Contact(name=f"Person {number}", emails=[Email(f"p{number}@example.com")])
    )


def _names(services: Services) -> set[str]:
    return {s.name for s in services.contacts.page(limit=100_000)}


def test_a_full_disk_refuses_the_write_keeps_what_was_saved_and_recovers(
    services: Services, disk: Path
) -> None:
    saved = {f"Person {n}" for n in range(20) if _add(services, n)}
    filler = fill(disk)
    refused = None
    for number in range(20, 5000):  # the WAL may still have room for a few
        try:
            _add(services, number)
            saved.add(f"Person {number}")
        except Exception as error:
            refused = error
            break
    assert refused is not None, "a full disk never refused a write"
    message = disk_trouble(refused)
    assert message is not None and message.startswith("The disk is full")
    assert _names(services) == saved  # reading still works; nothing half-added
    filler.unlink()
    _add(services, 9999)  # the same open store carries on once there is room
    assert _names(services) == saved | {"Person 9999"}
    assert maintenance.check(services.paths.database).ok


def test_a_backup_on_a_full_disk_fails_cleanly(services: Services, disk: Path) -> None:
    first = backups.take_backup(services.paths, "manual")
    for n in range(300):
        _add(services, n)
    filler = fill(disk)
    with pytest.raises(BackupFailed) as failed:
        backups.back_up_now(services.paths, services.settings.load())
    assert disk_trouble(failed.value) is not None
    assert [p.name for p in services.paths.backups.iterdir()] == [first.path.name]
    assert maintenance.check(first.path).ok
    filler.unlink()
    assert backups.back_up_now(services.paths, services.settings.load()).path.exists()


def test_an_export_on_a_full_disk_leaves_no_file(services: Services, disk: Path) -> None:
    jane = services.contacts.add(Contact(name="Jane", emails=[Email("jane@example.com")]))
    result = services.followups.log(jane, Outcome.CONNECTED, NOW, "", AGREED, "the proposal")
    (call,) = [f for f in result.created if f.agreed]
    assert call.id is not None
    services.paths.exports.mkdir(parents=True, exist_ok=True)
    services.exports.invite_for(call.id)  # the first one stores the database's UID namespace
    filler = fill(disk)
    with pytest.raises(ExportProblem, match="No space left"):
        services.exports.save_invite(call.id)
    assert list(services.paths.exports.iterdir()) == []
    filler.unlink()
    assert services.exports.save_invite(call.id).stat().st_size > 0


def test_a_csv_report_on_a_full_disk_keeps_the_old_one(disk: Path) -> None:
    report = disk / "report.csv"
    write_csv(report, ("name",), [("old",)])
    fill(disk)
    with pytest.raises(OSError) as failed:
        write_csv(report, ("name",), [("x" * 1000,)] * 5000)
    assert disk_trouble(failed.value) is not None
    assert report.read_bytes() == b'\xef\xbb\xbf"name"\r\n"old"\r\n'
    assert sorted(p.name for p in disk.iterdir()) == ["filler.bin", "report.csv"]


def test_a_read_only_folder_says_so_and_changes_nothing(disk: Path) -> None:
    paths = AppPaths(disk / "data")
    opened = open_services(paths)
    _add(opened, 1)
    opened.close()
    before = paths.database.read_bytes()
    remount(disk, "ro")
    try:
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(
            ["--data-dir", str(paths.data_dir), "contact", "add", "--name", "X"], out, err
        )
        assert code != 0
        assert err.getvalue().count("\n") == 1, err.getvalue()  # one line, no traceback
        assert "is read-only: FollowUp needs to write there" in err.getvalue()
        err = io.StringIO()
        code = cli.main(["--data-dir", str(paths.data_dir), "db", "backup"], out, err)
        assert code == 1
        assert "backups folder" in err.getvalue() and "is read-only" in err.getvalue()
        err = io.StringIO()
        assert cli.main(["--data-dir", str(paths.data_dir), "db", "check"], out, err) == 0
    finally:
        remount(disk, "rw")
    assert paths.database.read_bytes() == before
    assert not list(paths.backups.glob("*.part"))


def test_a_restore_on_a_full_disk_leaves_the_database_in_place(
    services: Services, disk: Path
) -> None:
    for n in range(200):
        _add(services, n)
    good = backups.take_backup(services.paths, "manual")
    _add(services, 999)
    services.close()
    paths = services.paths
    before = paths.database.read_bytes()
    filler = fill(disk)
    with pytest.raises(OSError) as failed:
        backups.restore(paths, good.path)
    assert disk_trouble(failed.value) is not None
    assert paths.database.read_bytes() == before
    names = [p.name for p in paths.data_dir.iterdir()]
    assert [n for n in names if ".replaced-" in n or ".restoring" in n] == []  # nothing moved
    filler.unlink()
    backups.restore(paths, good.path)
    restored = _stored_names(paths.database)
    assert "Person 999" not in restored and "Person 199" in restored


def _stored_names(database: Path) -> set[str]:
    import sqlite3

    with sqlite3.connect(database) as connection:
        return {row[0] for row in connection.execute("SELECT name FROM contacts")}


def test_on_a_full_disk_every_command_says_so_and_never_calls_the_file_damaged(
    disk: Path,
) -> None:
    paths = AppPaths(disk / "data")
    opened = open_services(paths)
    for number in range(50):
        _add(opened, number)
    opened.close()
    before = paths.database.read_bytes()
    filler = fill(disk)
    folder = str(paths.data_dir)
    for command in (["contacts"], ["contact", "add", "--name", "X"], ["agenda"], ["db", "backup"]):
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(["--data-dir", folder, *command], out, err)
        assert code == 1, command
        assert err.getvalue().count("\n") == 1, (command, err.getvalue())
        assert err.getvalue().startswith("followup: The disk is full (0.0 MB free in "), err
        assert "damaged" not in err.getvalue() and "I/O" not in err.getvalue()
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--data-dir", folder, "db", "check"], out, err)
    assert "damaged" not in out.getvalue() + err.getvalue()
    assert code == 0 and out.getvalue().strip().endswith(": ok")  # the file alone is whole
    verdict = maintenance.check(paths.database, full=False)
    assert verdict.ok and not verdict.damaged
    assert paths.database.read_bytes() == before
    filler.unlink()
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["--data-dir", folder, "contact", "add", "--name", "Y"], out, err) == 0


def test_a_full_disk_under_an_open_store_is_not_damage(services: Services, disk: Path) -> None:
    for number in range(50):
        _add(services, number)
    fill(disk)
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--data-dir", str(services.paths.data_dir), "db", "check"], out, err)
    said = out.getvalue() + err.getvalue()
    assert "damaged" not in said
    assert said.count("\n") == 1
    assert code == 0 or "The disk is full (0.0 MB free in" in said, said
