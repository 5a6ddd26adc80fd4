"""A check the test suite turns on: no write from the screen's own code on the UI thread.

The window must never wait on the disk (a commit is an fsync), so every write from
``ui/`` goes through a background operation (``ui.tasks``). With
``FOLLOWUP_FORBID_UI_THREAD_WRITES`` set to a path fragment (the tests set
``followup_desktop/ui/``), a write on the main thread whose call stack passes through a
file under it raises ``UiThreadWrite`` naming the caller. Off by default: in the app it
costs nothing. Opening the store (migrations, seeds) is exempt: it happens before the
window has anything to show, or behind the modal recovery dialog.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

ENV = "FOLLOWUP_FORBID_UI_THREAD_WRITES"


class UiThreadWrite(AssertionError):
    """A write from the screen's code on the UI thread (tests only)."""


_exempt = threading.local()


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
    fragment = os.environ.get(ENV)
    if not fragment or threading.current_thread() is not threading.main_thread():
        return
    if getattr(_exempt, "depth", 0):
        return
    frame: FrameType | None = sys._getframe(2)  # the caller of Database.writing
    while frame is not None:
        where = frame.f_code.co_filename.replace("\\", "/")
        if fragment in where:
            raise UiThreadWrite(
                f"a write on the UI thread from {where}:{frame.f_lineno} "
                f"({frame.f_code.co_name}): run it as a background task (ui.tasks)"
            )
        frame = frame.f_back
