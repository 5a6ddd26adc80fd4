"""Plain words for the store problems a rep can fix: a full disk, a read-only folder,
another program holding the database for too long.

A write that fails on any of these leaves the store as it was (SQLite rolls the
transaction back; files are written whole or not at all), so the message can say nothing
was lost. A full disk often reaches SQLite as a "disk I/O error" (it could not grow the
-shm or -wal file): the free space of the data folder tells the two apart, so a healthy
file on a full disk is never called damaged.

Nothing here ever repeats an error's SQL parameters (names, e-mails): messages are built
from the driver's own error text, never from SQLAlchemy's, which carries the statement.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

from followup_desktop.store import login_refusals

_FULL = "The disk is full"
_READ_ONLY = "The data folder cannot be written to (it is read-only or not yours)"
_IO = "The disk reported an error while writing"
_BUSY = (
    "Another FollowUp program (an import, the app or a script) kept the database busy "
    "for too long: this change was not saved. Try again when it has finished."
)
# Below this much free space an I/O error is read as a full disk.
NEARLY_FULL_BYTES = 1 << 20

_data_folder: Path | None = None


def watch_folder(folder: Path) -> None:
    """The data folder whose free space a message names (set once at start-up)."""
    global _data_folder
    _data_folder = folder


def free_space(folder: Path | None = None) -> tuple[Path, int] | None:
    """The folder (or its nearest existing parent) and its free bytes, None if unknown."""
    where = folder or _data_folder
    while where is not None and not where.exists() and where != where.parent:
        where = where.parent
    if where is None:
        return None
    try:
        return where, shutil.disk_usage(where).free
    except OSError:
        return None


def full_disk(folder: Path | None = None) -> str | None:
    """'The disk is full (N MB free in FOLDER)' when the data folder's disk is (nearly)
    full; None otherwise."""
    found = free_space(folder)
    if found is None or found[1] >= NEARLY_FULL_BYTES:
        return None
    return _full(found)


def _full(found: tuple[Path, int] | None) -> str:
    if found is None:
        return _FULL
    where, free = found
    return f"{_FULL} ({free / 1_000_000:.1f} MB free in {where})"


def disk_trouble(error: BaseException, folder: Path | None = None) -> str | None:
    """What to tell the rep when ``error`` is a full disk, an unwritable folder or a
    database another program held too long; None for any other error."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _is_busy(current):
            return _BUSY
        reason = _reason(current, folder)
        if reason is not None:
            return (
                f"{reason}: this change was not saved, and everything saved before is safe. "
                "Free some space or fix the folder, then try again."
            )
        current = current.__cause__ or current.__context__
    return None


def plain_error(error: BaseException, folder: Path | None = None) -> str:
    """One line for any error, with no SQL and no parameter values in it."""
    known = disk_trouble(error, folder)
    if known is not None:
        return known
    orig = getattr(error, "orig", None)
    if isinstance(orig, sqlite3.Error) or isinstance(error, sqlite3.Error):
        driver = orig if isinstance(orig, sqlite3.Error) else error
        first = (str(driver).splitlines() or [""])[0]
        return f"the database refused the change ({type(driver).__name__}: {first})"
    refused = _server_refusal(error)
    if refused is not None:
        return refused
    if hasattr(error, "orig") and hasattr(error, "statement"):  # another driver's error
        return f"the database refused the change ({type(error).__name__})"
    first = (str(error).splitlines() or [""])[0]
    return f"{error.__class__.__name__}: {first}"


def driver_error(error: BaseException) -> BaseException:
    """The driver's own error: SQLAlchemy's DBAPIError carries it as ``orig`` (read by
    name: this module is imported by the error dialog, which must not wait for
    SQLAlchemy)."""
    orig = getattr(error, "orig", None)
    return orig if isinstance(orig, BaseException) else error


def sqlstate(error: BaseException) -> str | None:
    """PostgreSQL's SQLSTATE of the error, if it has one (psycopg's, read by name)."""
    state = getattr(driver_error(error), "sqlstate", None)
    return state if isinstance(state, str) else None


# PostgreSQL's SQLSTATE for a right the login lacks (a privilege, or row-level security).
NO_RIGHT = "42501"


def server_away(error: BaseException) -> bool:
    """The team server could not be reached (refused, timed out, dropped the connection,
    shutting down): the write did not happen, and may be kept and sent later."""
    if getattr(error, "connection_invalidated", False):
        return True
    state = sqlstate(error)
    if state is not None:
        return state.startswith(("08", "57P"))
    # psycopg's connection failures carry no SQLSTATE (read by name: no driver import).
    kind = type(driver_error(error))
    return kind.__name__ == "OperationalError" and kind.__module__.startswith("psycopg")


def _server_refusal(error: BaseException) -> str | None:
    """A team server's refusal in the rep's words; None when it is not one of those."""
    if sqlstate(error) == NO_RIGHT:
        if "row-level security" in str(driver_error(error)):
            return (
                "the team server keeps this to the contact's owner, and your login may not "
                "change it (its owner or your manager can hand the contact to you)"
            )
        return "the team server does not let your login do this (ask your team's admin)"
    if server_away(error):
        if login_refusals.refuses_password(str(driver_error(error))):
            return "the team server refused your password: type the new one where FollowUp asks"
        if sqlstate(error) is None:  # no connection made: there is no answer to read
            return "the team server cannot be reached just now"
        return "the team server cannot be reached just now; nothing was written"
    return None


def _is_busy(error: BaseException) -> bool:
    error = driver_error(error)
    if not isinstance(error, sqlite3.Error):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return True
    return "database is locked" in str(error).lower()


def _reason(error: BaseException, folder: Path | None) -> str | None:
    error = driver_error(error)
    if isinstance(error, OSError):
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return _full(free_space(folder))
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return _READ_ONLY
        if error.errno == errno.EIO:
            return full_disk(folder) or _IO
        return None
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        text = str(error).lower()
        if code == sqlite3.SQLITE_FULL or "database or disk is full" in text:
            return _full(free_space(folder))
        if code == sqlite3.SQLITE_READONLY or "readonly database" in text:
            return _READ_ONLY
        if "disk i/o error" in text or (code is not None and code & 0xFF == sqlite3.SQLITE_IOERR):
            return full_disk(folder) or _IO
    return None
