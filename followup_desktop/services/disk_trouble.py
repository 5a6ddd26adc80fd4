"""Plain words for the disk problems a rep can fix: a full disk, a read-only folder.

A write that fails on either leaves the store as it was (SQLite rolls the transaction
back; files are written whole or not at all), so the message can say nothing was lost.
"""

from __future__ import annotations

import errno
import sqlite3

_FULL = "The disk is full"
_READ_ONLY = "The data folder cannot be written to (it is read-only or not yours)"


def disk_trouble(error: BaseException) -> str | None:
    """What to tell the rep when ``error`` is a full disk or an unwritable folder; None
    for any other error."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        reason = _reason(current)
        if reason is not None:
            return (
                f"{reason}: this change was not saved, and everything saved before is safe. "
                "Free some space or fix the folder, then try again."
            )
        current = current.__cause__ or current.__context__
    return None


def _reason(error: BaseException) -> str | None:
    # SQLAlchemy's DBAPIError carries the driver's error as ``orig`` (read by name: this
    # module is imported by the error dialog, which must not wait for SQLAlchemy).
    orig = getattr(error, "orig", None)
    if isinstance(orig, BaseException):
        error = orig
    if isinstance(error, OSError):
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return _FULL
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return _READ_ONLY
        return None
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        text = str(error).lower()
        if code == sqlite3.SQLITE_FULL or "database or disk is full" in text:
            return _FULL
        if code == sqlite3.SQLITE_READONLY or "readonly database" in text:
            return _READ_ONLY
        if "disk i/o error" in text:
            return "The disk reported an error while writing"
    return None
