"""The one way the UI runs slow work: a service call on a worker thread, its result (or
error) delivered back on the UI thread.

Writes are serialised by the store; this runner adds one rule of its own: a task that
belongs to a widget (``owner``) still runs to its end, but its result is dropped silently
when that widget is gone by then (a call screen closed while its invite was being
written: the invite is written, nothing lands on the deleted screen).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import isValid

log = logging.getLogger(__name__)


class _Relay(QObject):
    # Queued across threads: the slots run on the thread that owns the relay (the UI's).
    finished = Signal(object)
    failed = Signal(object, str)
    progressed = Signal(int, int)


class _Job(QRunnable):
    def __init__(self, work: Callable[..., Any], relay: _Relay, with_progress: bool) -> None:
        super().__init__()
        self._work = work
        self._relay = relay
        self._with_progress = with_progress

    def run(self) -> None:
        try:
            if self._with_progress:
                result = self._work(self._relay.progressed.emit)
            else:
                result = self._work()
        except Exception as error:  # every failure reaches the UI as a value
            log.exception("background task failed")
            self._relay.failed.emit(error, traceback.format_exc())
        else:
            self._relay.finished.emit(result)


class TaskRunner(QObject):
    """Runs callables off the UI thread; keeps relays alive until their task ends."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relays: set[_Relay] = set()

    def run(
        self,
        work: Callable[..., Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception, str], None],
        on_progress: Callable[[int, int], None] | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """``work()`` runs on a worker; ``work(progress)`` when ``on_progress`` is given.
        With ``owner``, the callbacks run only while it still exists."""
        relay = _Relay()
        relay.moveToThread(self.thread())
        self._relays.add(relay)

        def gone() -> bool:
            return owner is not None and not isValid(owner)

        def done(result: Any) -> None:
            self._relays.discard(relay)
            if gone():
                log.info("a task ended after its window closed: its result is not shown")
                return
            on_done(result)

        def failed(error: Exception, details: str) -> None:
            self._relays.discard(relay)
            if gone():
                return  # logged by the job already
            on_error(error, details)

        relay.finished.connect(done)
        relay.failed.connect(failed)
        if on_progress is not None:
            progress = on_progress
            relay.progressed.connect(lambda done, total: None if gone() else progress(done, total))
        self._pool.start(_Job(work, relay, on_progress is not None))

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until all tasks end (quitting, tests)."""
        return self._pool.waitForDone(msecs)
