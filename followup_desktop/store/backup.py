"""Safe copies of the database with SQLite's online backup API.

A copy is written to a temporary file beside its destination, checked, synced and only
then renamed into place, so a crash mid-backup never leaves a half copy under a real
name. ``VACUUM INTO`` is not used: it does not fsync.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from followup_desktop.core.durable_files import fsync_directory

__all__ = [
    "BackupFailed",
    "CheckResult",
    "SourceDamaged",
    "backup_database",
    "backup_name",
    "check_database",
    "folder_is_writable",
    "fsync_directory",
    "read_only_connection",
]


def read_only_connection(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    """A connection that never writes to ``path``. In a folder that cannot be written to
    (a read-only mount) SQLite could not make the -shm file a WAL database needs, so
    the file is opened as immutable there instead."""
    uri = f"{path.absolute().as_uri()}?mode=ro"
    if immutable or not folder_is_writable(path.parent):
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True)


def folder_is_writable(folder: Path) -> bool:
    # access(2) answers EROFS for a read-only mount even to root.
    return os.access(folder, os.W_OK)


class BackupFailed(Exception):
    pass


class SourceDamaged(BackupFailed):
    """The copy fails the full check, so the database it was copied from is damaged (the
    backup API copies its pages as they are): a case for recovery, not for a retry."""

    def __init__(self, verdict: str) -> None:
        super().__init__(f"the database is damaged (its copy failed the check: {verdict})")
        self.verdict = verdict


@dataclass(frozen=True, slots=True)
class CheckResult:
    ok: bool
    problems: tuple[str, ...]
    # The check could not run to the end for a reason outside the file (a full disk, an
    # I/O error, a lock): not ok, and not evidence of damage either.
    unchecked: bool = False

    @property
    def damaged(self) -> bool:
        return not self.ok and not self.unchecked

    @property
    def verdict(self) -> str:
        if self.ok:
            return "ok"
        return "; ".join(self.problems[:5])


def _outside_the_file(error: sqlite3.Error) -> bool:
    """An error that says nothing about the file's contents: I/O, a full disk, a lock,
    a file that cannot be opened. Damage is a plain DatabaseError ("malformed", "not a
    database"), never an OperationalError."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in _OUTSIDE


_OUTSIDE = {
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_NOMEM,
}


def check_database(path: Path, *, full: bool = True) -> CheckResult:
    """``integrity_check`` (or ``quick_check``) and ``foreign_key_check`` on a file.

    The full check also reads every row (text that is no longer UTF-8 is damage SQLite's
    own checks do not see) and compares each full-text index with the rows it indexes
    (damage inside a row's text shows there). Nothing in the file is changed."""
    try:
        return _check(path, full, immutable=False)
    except _Unchecked as unchecked:
        error = unchecked.error
        # On a full disk a WAL database cannot be read (its -shm cannot be made): with no
        # -wal beside it, the file alone is the whole database and is read as immutable.
        wal = path.with_name(path.name + "-wal")
        if not wal.exists() or wal.stat().st_size == 0:
            try:
                return _check(path, full, immutable=True)
            except _Unchecked:
                pass
        return CheckResult(False, (f"could not be checked: {error}",), unchecked=True)


class _Unchecked(Exception):
    def __init__(self, error: sqlite3.Error) -> None:
        super().__init__(str(error))
        self.error = error


def _check(path: Path, full: bool, *, immutable: bool) -> CheckResult:
    """The checks; raises _Unchecked when they cannot run for a reason outside the file."""
    problems: list[str] = []
    try:
        connection = read_only_connection(path, immutable=immutable)
    except sqlite3.Error as error:
        if _outside_the_file(error):
            raise _Unchecked(error) from error
        return CheckResult(False, (f"cannot open: {error}",))
    try:
        # A damaged file can put invalid UTF-8 into the messages themselves (a garbled
        # index name): read them as bytes, so describing the damage never fails.
        connection.text_factory = bytes
        pragma = "integrity_check" if full else "quick_check"
        messages = [_text(row[0]) for row in connection.execute(f"PRAGMA {pragma}")]
        if messages != ["ok"]:
            problems.extend(messages)
        for table, rowid, parent, _ in connection.execute("PRAGMA foreign_key_check"):
            problems.append(f"{_text(table)} row {rowid} points to a missing {_text(parent)} row")
        connection.text_factory = str
        if full and not problems:
            problems.extend(_unreadable_rows(connection))
    except (sqlite3.DatabaseError, ValueError) as error:
        if isinstance(error, sqlite3.Error) and _outside_the_file(error):
            raise _Unchecked(error) from error
        problems.append(str(error))
    finally:
        connection.close()
    if full and not problems and not immutable and folder_is_writable(path.parent):
        problems.extend(_search_index_problems(path))
    return CheckResult(not problems, tuple(problems))


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _unreadable_rows(connection: sqlite3.Connection) -> list[str]:
    tables = [
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
        )
    ]
    problems = []
    for table in tables:
        try:
            for _ in connection.execute(f'SELECT * FROM "{table}"'):
                pass
        except sqlite3.Error as error:
            if _outside_the_file(error):
                raise _Unchecked(error) from error
            problems.append(f"{table}: {error}")
    return problems


def _search_index_problems(path: Path) -> list[str]:
    # FTS5's 'integrity-check' is phrased as an INSERT, which a read-only connection
    # refuses; it writes nothing, and the transaction is rolled back anyway.
    problems = []
    try:
        connection = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as error:
        return [f"cannot open: {error}"]
    try:
        indexes = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%'"
            )
        ]
        for index in indexes:
            connection.execute("BEGIN")
            try:
                connection.execute(
                    f'INSERT INTO "{index}"("{index}", rank) VALUES (\'integrity-check\', 1)'
                )
            except sqlite3.Error as error:
                problems.append(f"search index {index}: {error}")
            finally:
                connection.execute("ROLLBACK")
    except sqlite3.Error as error:
        problems.append(str(error))
    finally:
        connection.close()
    return problems


def backup_database(source: Path, destination: Path) -> Path:
    """Copy ``source`` (live, possibly in WAL mode) to ``destination``, checked and durable."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    if not folder_is_writable(destination.parent):
        raise BackupFailed(f"the backups folder {destination.parent} is read-only")
    temporary = destination.with_name(destination.name + ".part")
    temporary.unlink(missing_ok=True)
    try:
        src = read_only_connection(source)
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
            raise SourceDamaged(check.verdict)
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, destination)
        fsync_directory(destination.parent)
    except (sqlite3.Error, OSError) as error:
        temporary.unlink(missing_ok=True)
        if type(error) is sqlite3.DatabaseError:  # "malformed", "not a database": damage
            raise SourceDamaged(str(error)) from error
        raise BackupFailed(f"backup of {source.name} failed: {error}") from error
    except BackupFailed:
        temporary.unlink(missing_ok=True)
        raise
    return destination


def backup_name(reason: str, now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return f"followup-{stamp}-{reason}.sqlite3"


def new_backup_path(folder: Path, reason: str, now: datetime | None = None) -> Path:
    """Where a backup taken ``now`` goes: its name carries the second, and one taken in
    the same second as another gets a number after its reason, never the other's file
    (restoring the copy kept before a restore, at once, would otherwise copy over it)."""
    name = backup_name(reason, now)
    path, number = folder / name, 2
    while path.exists():
        path = folder / name.replace(f"-{reason}.", f"-{reason}-{number}.")
        number += 1
    return path
