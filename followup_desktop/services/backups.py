"""Backups of the rep's database: taken, listed, rotated and restored.

A backup is a checked, synced copy made with SQLite's backup API (``store.backup``).
Restoring never destroys anything: the current file is first copied (when it can be
read) and then moved aside under a ``.replaced-…`` name, never deleted.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from followup_desktop.core import settings as options
from followup_desktop.core.agenda import system_zone_name
from followup_desktop.core.calendar import zone
from followup_desktop.core.clock import Clock, SystemClock
from followup_desktop.core.clock_words import moment_text
from followup_desktop.core.retention import Retention, to_keep
from followup_desktop.core.settings import Settings
from followup_desktop.paths import AppPaths
from followup_desktop.services.disk_trouble import disk_trouble
from followup_desktop.store import migrate

# The faces (ui, cli) catch the store's failures from here: they import nothing from store/.
from followup_desktop.store.backup import BackupFailed as BackupFailed
from followup_desktop.store.backup import SourceDamaged as SourceDamaged
from followup_desktop.store.backup import (
    backup_database,
    check_database,
    fsync_directory,
    new_backup_path,
    read_only_connection,
)
from followup_desktop.store.db import Database, missing_tables

log = logging.getLogger(__name__)

_NAME = re.compile(r"^followup-(\d{8}T\d{6}Z)-([a-z0-9.-]+)\.sqlite3$")
DAILY = timedelta(days=1)
BEFORE_MIGRATION = "before-migration-"  # the reason of the copy taken before an upgrade
BEFORE_RESTORE = "before-restore"  # the copy of the data a restore replaced


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    reason: str

    def describe(self, rep_zone: tzinfo) -> str:
        """What a rep needs to choose a backup: when (in ``rep_zone``, the zone every
        other time is shown in, not the laptop's), and what it holds."""
        holds = self.holds()
        when = self.taken_in(rep_zone)
        return f"{when} (unreadable)" if holds is None else f"{when}: {holds}"

    def taken_in(self, rep_zone: tzinfo) -> str:
        return moment_text(self.taken_at.astimezone(rep_zone), year=True)

    def holds(self) -> str | None:
        """Its contacts and logged touches, counted; None when it cannot be read."""
        contacts, touches = _contents(self.path)
        if contacts is None:
            return None
        return f"{_count(contacts, 'contact')}, {_count(touches, 'logged touch', 'logged touches')}"

    def kind(self) -> str:
        """Why it was taken, in the rep's words."""
        if self.reason.startswith(BEFORE_MIGRATION):
            return "before an update of FollowUp"
        return _KINDS.get(self.reason.rstrip("0123456789-"), self.reason)


_KINDS = {
    "daily": "daily",
    "manual": "backed up by you",
    BEFORE_RESTORE: "your data before a restore",
}


def _count(number: int, one: str, many: str = "") -> str:
    return f"{number:,} {one if number == 1 else many or one + 's'}"


def _contents(path: Path) -> tuple[int | None, int]:
    try:
        with contextlib.closing(read_only_connection(path)) as connection:
            contacts = connection.execute(
                "SELECT count(*) FROM contacts WHERE deleted_at IS NULL"
            ).fetchone()[0]
            touches = connection.execute("SELECT count(*) FROM touches").fetchone()[0]
            return int(contacts), int(touches)
    except sqlite3.Error:
        return None, 0


def list_backups(folder: Path) -> list[BackupInfo]:
    """Backups in ``folder``, newest first (only files that follow the naming scheme)."""
    found: list[BackupInfo] = []
    if not folder.is_dir():
        return found
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match and entry.is_file():
            taken = datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            found.append(BackupInfo(entry, taken, match.group(2)))
    # Names carry the second; two backups in the same second are told apart by mtime.
    return sorted(found, key=lambda info: (info.taken_at, _mtime(info.path)), reverse=True)


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def stored_settings(database: Path) -> Settings:
    """The rep's settings read straight from the file, for commands that run without
    opening the store (defaults when the file cannot be read)."""
    try:
        with contextlib.closing(read_only_connection(database)) as db:
            return Settings(dict(db.execute("SELECT key, value FROM settings").fetchall()))
    except sqlite3.Error:
        return Settings()


def retention(settings: Settings) -> Retention:
    return Retention(
        daily=settings.get(options.BACKUP_KEEP_DAILY),
        weekly=settings.get(options.BACKUP_KEEP_WEEKLY),
        monthly=settings.get(options.BACKUP_KEEP_MONTHLY),
    )


def rotate(folder: Path, policy: Retention, just_taken: Path | None = None) -> list[Path]:
    """Delete the backups the policy does not keep; returns what was deleted. The backup
    ``just_taken`` is always kept (another one may carry the same second in its name), and
    so is the newest taken before a schema upgrade: the only one the previous version
    opens, for a rep going back after an update (as the day's older backup, the next
    backup that day would delete it)."""
    backups = list_backups(folder)
    upgraded = next((b.path for b in backups if b.reason.startswith(BEFORE_MIGRATION)), None)
    keep = set(to_keep(((b.taken_at, b.path) for b in backups), policy)) | {just_taken, upgraded}
    removed = [b.path for b in backups if b.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def take_backup(paths: AppPaths, reason: str, clock: Clock | None = None) -> BackupInfo:
    now = (clock or SystemClock()).now()
    destination = new_backup_path(paths.backups, reason, now)
    backup_database(paths.database, destination)
    return BackupInfo(destination, now.replace(microsecond=0), reason)


def back_up_now(paths: AppPaths, settings: Settings, clock: Clock | None = None) -> BackupInfo:
    """A backup the rep asked for (menu, ``followup db backup``), then the rotation."""
    info = take_backup(paths, "manual", clock)
    rotate(paths.backups, retention(settings), info.path)
    return info


def backup_if_due(
    paths: AppPaths, settings: Settings, clock: Clock | None = None
) -> BackupInfo | None:
    """The start-up backup: taken when the newest one is over a day old, then rotated."""
    now = (clock or SystemClock()).now()
    newest = next(iter(list_backups(paths.backups)), None)
    if newest is not None and now - newest.taken_at < DAILY:
        return None
    info = take_backup(paths, "daily", clock)
    rotate(paths.backups, retention(settings), info.path)
    return info


def newest_good_backup(folder: Path) -> BackupInfo | None:
    """The newest backup that ``restore`` accepts (``restore_problem``)."""
    for info in list_backups(folder):
        if restore_problem(info.path) is None:
            return info
    return None


def restore_problem(backup: Path, work: Path | None = None) -> str | None:
    """Why ``backup`` cannot replace the database, in one line; None when it can: a
    FollowUp database whose schema this version can open (the same revision or an older
    one, every table there, after the upgrade the app would run), passing the full
    check. Nothing is written to ``backup``: the trial upgrade runs on a copy made in
    ``work`` (default: the backup's folder)."""
    name = backup.name
    try:
        size = backup.stat().st_size
    except OSError as error:
        return f"{name} cannot be read ({error.strerror})"
    if size == 0:
        return f"{name} is empty, not a FollowUp backup"
    try:
        with contextlib.closing(read_only_connection(backup)) as connection:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            if "alembic_version" not in tables or "contacts" not in tables:
                return f"{name} is not a FollowUp backup (another program's database)"
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        if "not a database" in str(error):
            return f"{name} is not a FollowUp backup (not a database file)"
        return f"{name} is damaged itself ({error}); choose another backup"
    if revision is None or revision[0] not in migrate.known_revisions():
        found = "none" if revision is None else revision[0]
        return (
            f"{name} was made by a newer FollowUp (schema {found}): "
            "update FollowUp to restore it, or choose another backup"
        )
    verdict = check_database(backup)
    if not verdict.ok:
        return f"{name} is damaged itself ({verdict.verdict}); choose another backup"
    return _trial_open(backup, work or backup.parent)


def _trial_open(backup: Path, work: Path) -> str | None:
    """Open a copy of ``backup`` as the app would (upgrading it) and compare its tables
    with the ones this version needs."""
    try:
        with tempfile.TemporaryDirectory(prefix=".restore-check-", dir=work) as folder:
            copy = Path(folder) / "trial.sqlite3"
            shutil.copyfile(backup, copy)
            try:
                database = Database.open(copy, Path(folder) / "backups")
            except Exception as error:  # any reason but a full disk: it is not restored
                if disk_trouble(error) is not None:
                    raise OSError(disk_trouble(error)) from error
                log.warning("trial open of %s failed", backup, exc_info=True)
                reason = str(getattr(error, "orig", None) or error).splitlines()[0]
                return f"{backup.name} cannot be opened by this FollowUp ({reason})"
            try:
                missing = missing_tables(database)
            finally:
                database.close()
    except OSError:
        # No room for the trial (a full disk): the checks above have passed, and the
        # restore itself needs a copy too, which fails before anything is touched.
        log.warning("no room to try %s on a copy", backup, exc_info=True)
        return None
    if missing:
        tables = "table" if len(missing) == 1 else "tables"
        return (
            f"{backup.name} is incomplete (no {', '.join(missing)} {tables}); choose another backup"
        )
    return None


def move_aside(database: Path, label: str, now: datetime) -> Path:
    """Rename the database (and its -wal/-shm) out of the way; nothing is deleted."""
    target = _aside_name(database, label, now)
    for suffix in ("-wal", "-shm"):
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            os.replace(companion, target.with_name(target.name + suffix))
    if database.exists():
        os.replace(database, target)
    fsync_directory(database.parent)
    return target


APP_LOCK = "followup-desktop.lock"  # the GUI's single-instance lock (a QLockFile)


def running_app(paths: AppPaths) -> int | None:
    """The PID of a FollowUp window open on this data folder, if any: restoring under it
    would leave it writing to the file that was moved aside."""
    try:
        first_line = (paths.data_dir / APP_LOCK).read_text(errors="replace").split("\n", 1)[0]
        pid = int(first_line.strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None  # a stale lock from a crashed process
    except PermissionError:
        return pid  # alive, someone else's
    return pid


@dataclass(frozen=True, slots=True)
class Restored:
    backup: Path  # the backup now in place
    replaced: Path | None  # the file it replaced, kept aside under a ``.replaced-…`` name
    # The backup of the replaced data taken first: restoring it takes the restore back.
    before: BackupInfo | None


def restore(
    paths: AppPaths,
    backup: Path,
    clock: Clock | None = None,
    label: str = "replaced",
    *,
    undoable: bool = False,
) -> Restored:
    """Put ``backup`` in place of the database. The caller must have closed the store.

    The current data is backed up first when it can be read. ``undoable``: that backup
    must be taken, else nothing is restored (the window's restore, which promises it); the
    command line and the recovery of a damaged file restore even when it cannot be."""
    now = (clock or SystemClock()).now()
    problem = restore_problem(backup, paths.data_dir)
    if problem is not None:
        raise BackupFailed(problem)
    before = None
    if paths.database.exists() and check_database(paths.database, full=False).ok:
        try:
            before = take_backup(paths, BEFORE_RESTORE, clock)
        except BackupFailed as error:
            if undoable:
                raise BackupFailed(
                    f"your current data could not be backed up first ({disk_trouble(error) or error})"
                ) from error
            log.warning("could not back up before restoring: %s", error)
    elif undoable and paths.database.exists():  # none there: nothing to take back
        raise BackupFailed("your current data could not be backed up first (it fails its check)")
    # The copy is made (and synced) before anything is moved: a full disk or a crash
    # here leaves the current database where it was.
    temporary = paths.database.with_name(paths.database.name + ".restoring")
    try:
        shutil.copyfile(backup, temporary)
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
    replaced = _keep_aside(paths.database, label, now) if paths.database.exists() else None
    os.replace(temporary, paths.database)
    fsync_directory(paths.database.parent)
    return Restored(backup, replaced, before)


def rep_zone_of(database: Path) -> ZoneInfo:
    """The rep's zone as ``database`` stores it (a backup, a file the store cannot
    open), else this computer's: what a backup's time is shown in before the store is."""
    return zone(stored_settings(database).get(options.REP_TIME_ZONE) or system_zone_name())


def _keep_aside(database: Path, label: str, now: datetime) -> Path:
    """Like ``move_aside``, but the database keeps its name until the restored copy is
    renamed over it: a crash in between leaves a database in place, never none."""
    target = _aside_name(database, label, now)
    for suffix in ("-wal", "-shm"):
        # Its -wal must go first: left beside the restored file it would be replayed into it.
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            os.replace(companion, target.with_name(target.name + suffix))
    try:
        os.link(database, target)
    except OSError:  # no hard links on this filesystem: a synced copy instead
        shutil.copyfile(database, target)
        with open(target, "rb+") as handle:
            os.fsync(handle.fileno())
    fsync_directory(database.parent)
    return target


def _aside_name(database: Path, label: str, now: datetime) -> Path:
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    target = database.with_name(f"{database.name}.{label}-{stamp}")
    number = 2
    while target.exists():  # two restores in the same second keep both files
        target = database.with_name(f"{database.name}.{label}-{stamp}-{number}")
        number += 1
    return target
