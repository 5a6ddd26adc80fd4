"""A check the test suite turns on: the screen's own code writes only on the app's one
writer thread.

The window must never wait on the disk (a commit is an fsync), so every write from
``ui/`` is a background operation; and the app's writes go one after another, in the
order the rep made them, on one thread (``ui.tasks.TaskRunner.write``), so they never
wait on each other's locks. With ``FOLLOWUP_FORBID_UI_THREAD_WRITES`` set to a path
fragment (the tests set ``followup_desktop/ui/``), a write whose call stack passes
through a file under it raises ``UiThreadWrite`` naming the caller: on the UI thread, or
on a reader thread (a write sent with ``run`` instead of ``write``). Off by default: in
the app it costs nothing. Opening the store (migrations, seeds) is exempt: it happens
before the window has anything to show, or behind the modal recovery dialog.

Reads get the same check on the UI thread with ``FOLLOWUP_FORBID_UI_THREAD_READS``: a
page of the list, a call sheet, the tray's menu are read on a worker (``tasks.run``) and
shown when they arrive, so the window never waits on the disk, even while an import
holds the store. (Start-up's first look reads through sqlite3 before the store opens,
not through here.)
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

ENV = "FOLLOWUP_FORBID_UI_THREAD_WRITES"
READS_ENV = "FOLLOWUP_FORBID_UI_THREAD_READS"


class UiThreadWrite(AssertionError):
    """A write from the screen's code off the writer thread (tests only)."""


class UiThreadRead(AssertionError):
    """A read from the screen's code on the UI thread (tests only)."""


_exempt = threading.local()
_writer = threading.local()


@contextmanager
def on_the_writer() -> Iterator[None]:
    """Marks the running thread as the app's writer while inside."""
    _writer.on = True
    try:
        yield
    finally:
        _writer.on = False


@contextmanager
def opening_the_store() -> Iterator[None]:
    """Writes inside are part of opening the store, allowed on any thread."""
    depth = getattr(_exempt, "depth", 0)
    _exempt.depth = depth + 1
    try:
        yield
    finally:
        _exempt.depth = depth


def check() -> None:
    """Called by ``Database.writing``."""
    fragment = os.environ.get(ENV)
    if not fragment or getattr(_writer, "on", False) or getattr(_exempt, "depth", 0):
        return
    on_ui = threading.current_thread() is threading.main_thread()
    caller = _screen_caller(fragment)
    if caller is not None:
        thread = "the UI thread" if on_ui else "a reader thread"
        raise UiThreadWrite(
            f"a write on {thread} from {caller}: run it on the writer (ui.tasks: tasks.write)"
        )


def check_read() -> None:
    """Called by ``Database.reading``."""
    fragment = os.environ.get(READS_ENV)
    exempt: int = getattr(_exempt, "depth", 0)
    if not fragment or exempt or threading.current_thread() is not threading.main_thread():
        return
    caller = _screen_caller(fragment)
    if caller is not None:
        raise UiThreadRead(
            f"a read on the UI thread from {caller}: run it on a worker (ui.tasks: tasks.run)"
        )


def _screen_caller(fragment: str) -> str | None:
    """The innermost frame of the screen's code (a file under ``fragment``) in the stack
    of the store call: "path:line (function)"."""
    frame: FrameType | None = sys._getframe(3)  # the caller of Database.writing/reading
    while frame is not None:
        where = frame.f_code.co_filename.replace("\\", "/")
        if fragment in where:
            return f"{where}:{frame.f_lineno} ({frame.f_code.co_name})"
        frame = frame.f_back
    return None
