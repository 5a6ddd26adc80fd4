"""Writing files so that a crash, a full disk or a read-only folder never leaves half a file.

Every file FollowUp writes (exports, templates, backups) goes through here: the bytes go to
a temporary file in the same folder, are synced, and the temporary file is then renamed
(replacing) or hard-linked (never replacing) into place, and the folder is synced so the
new name survives a power cut too. On any failure the temporary file is removed and the
target is left exactly as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path


def fsync_directory(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where directories cannot be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _temporary_with(folder: Path, name: str, data: bytes) -> Path:
    descriptor, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def replace_file(path: Path, data: bytes) -> None:
    """``data`` at ``path``, replacing what was there: the old file or the new, never half."""
    temporary = _temporary_with(path.parent, path.name, data)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)


def create_file(path: Path, data: bytes) -> None:
    """``data`` at ``path``, which must not exist (``FileExistsError`` otherwise).

    Written whole under a temporary name first, then hard-linked into place: the link is
    the atomic "create only if absent", so two writers cannot take the same name and a
    crash never leaves a truncated file under it."""
    temporary = _temporary_with(path.parent, path.name, data)
    try:
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise
        except OSError as error:
            # Filesystems without hard links (FAT, some network shares): a rename that
            # checks first. The window between check and rename is a few microseconds.
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                raise
            if path.exists():
                raise FileExistsError(errno.EEXIST, "File exists", str(path)) from None
            os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    fsync_directory(path.parent)
