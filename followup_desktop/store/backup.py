"""Safe copies of the database with SQLite's online backup API.

A copy is written to a temporary file beside its destination, checked, synced and only
then renamed into place, so a crash mid-backup never leaves a half copy under a real
name. ``VACUUM INTO`` is not used: it does not fsync.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


class BackupFailed(Exception):
    pass


@dataclass(frozen=True, slots=True)
class CheckResult:
    ok: bool
    problems: tuple[str, ...]

    @property
    def verdict(self) -> str:
        if self.ok:
            return "ok"
        return "; ".join(self.problems[:5])


def check_database(path: Path, *, full: bool = True) -> CheckResult:
    """``integrity_check`` (or ``quick_check``) and ``foreign_key_check`` on a file."""
    problems: list[str] = []
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        return CheckResult(False, (f"cannot open: {error}",))
    try:
        pragma = "integrity_check" if full else "quick_check"
        rows = connection.execute(f"PRAGMA {pragma}").fetchall()
        if [row[0] for row in rows] != ["ok"]:
            problems.extend(str(row[0]) for row in rows)
        for table, rowid, parent, _ in connection.execute("PRAGMA foreign_key_check"):
            problems.append(f"{table} row {rowid} points to a missing {parent} row")
    except sqlite3.DatabaseError as error:
        problems.append(str(error))
    finally:
        connection.close()
    return CheckResult(not problems, tuple(problems))


def fsync_directory(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a directory
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def backup_database(source: Path, destination: Path) -> Path:
    """Copy ``source`` (live, possibly in WAL mode) to ``destination``, checked and durable."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.with_name(destination.name + ".part")
    temporary.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(temporary)
            try:
                src.backup(dst)
                # The copy is a standalone file: no -wal beside it to lose.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        check = check_database(temporary)
        if not check.ok:
            raise BackupFailed(f"the copy failed its check: {check.verdict}")
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, destination)
        fsync_directory(destination.parent)
    except (sqlite3.Error, OSError) as error:
        temporary.unlink(missing_ok=True)
        raise BackupFailed(f"backup of {source.name} failed: {error}") from error
    except BackupFailed:
        temporary.unlink(missing_ok=True)
        raise
    return destination


def backup_name(reason: str, now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return f"followup-{stamp}-{reason}.sqlite3"
