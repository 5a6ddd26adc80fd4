"""Writers take turns: a long import steps aside for a write that is waiting.

SQLite lets one writer in at a time, and a writer that finds the store busy sleeps and
tries again (its busy handler). A large import commits in segments (``contact_import``);
between two segments the lock is free for a moment only, and a sleeping writer would
rarely wake up in it, so on its own it waits for the whole import.

The turnstile is a lock file beside the database: every writer holds it while its
``BEGIN IMMEDIATE`` waits for the store (and lets go once it is in), and an import looks
at it between chunks of rows. When someone holds it, someone is waiting: the import
commits what it has, and takes the turnstile itself before it begins again, so it comes
back only after that writer is in. ``flock`` locks belong to an open file, so this works
between processes (the app, a ``followup`` command, an import) and threads alike; it is
released by the system when a process dies. Where there is no ``flock`` (Windows),
imports keep the store for their whole file, as they did before.

One import at a time runs its segments (``one_import``): two files imported at once
would otherwise each miss the contacts the other has not shown yet.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

POLL_S = 0.001


def available() -> bool:
    return fcntl is not None


class Turnstile:
    """The turnstile of one database file (``available()`` only)."""

    def __init__(self, database: Path) -> None:
        self._path = database.with_name(database.name + "-turnstile")

    def _open(self) -> int | None:
        try:
            return os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            # A full disk or a read-only folder: writers go on without taking turns
            # (the write that follows says what is wrong, in the rep's words).
            return None

    @contextmanager
    def holding(self, timeout_s: float) -> Iterator[None]:
        """Held while a writer waits for the store: at most ``timeout_s`` to get it (then
        the writer goes on to wait as it would have, and its busy timeout speaks)."""
        assert fcntl is not None
        fd = self._open()
        if fd is None:
            yield
            return
        try:
            deadline = time.monotonic() + timeout_s
            held = False
            while not held:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    held = True
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        break
                    time.sleep(POLL_S)
            try:
                yield
            finally:
                if held:
                    fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def someone_waiting(self) -> bool:
        """Another writer holds the turnstile: it is waiting for the store."""
        assert fcntl is not None
        fd = self._open()
        if fd is None:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return False
        finally:
            os.close(fd)


@contextmanager
def one_import(database: Path, wait: bool = True) -> Iterator[bool]:
    """Held for a whole segmented import: a second one waits for the first to end.
    Without ``wait``: yields False at once when an import runs (and holds nothing)."""
    assert fcntl is not None
    fd = os.open(database.with_name(database.name + "-import"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
