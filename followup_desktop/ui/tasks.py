"""The one way the UI runs slow work: a service call off the UI thread, its result (or
error) delivered back on the UI thread.

Three kinds of work: ``write`` runs on the app's one writer thread, in the order the
writes were asked for (a contact saved, then deleted, then undone lands in that order,
and the app's writes never wait on each other's locks); ``run`` is for reads (pages,
history, stats) on a small pool beside it, so a long read never holds up a logged call;
``write(..., beside=True)`` is for an import, on a thread of its own: it steps aside between its
chunks for the writer thread's writes (store/writer_turns.py) instead of queueing them
behind the whole file. A task
that belongs to a widget (``owner``) still runs to its end, but its result is dropped
silently when that widget is gone by then (a call screen closed while its invite was
being written: the invite is written, nothing lands on the deleted screen).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import isValid

from followup_desktop.services.writer import on_the_writer

log = logging.getLogger(__name__)

# How a view reads (the window's): ``work`` on a worker, ``done`` with its result on the
# UI thread; when it fails, ``failed`` (the view may read again; the window says why).
Submitter = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[], None]], None]


class _Relay(QObject):
    # Queued across threads: the slots run on the thread that owns the relay (the UI's).
    finished = Signal(object)
    failed = Signal(object, str)
    progressed = Signal(int, int)


class _Job(QRunnable):
    def __init__(
        self, work: Callable[..., Any], relay: _Relay, with_progress: bool, writes: bool
    ) -> None:
        super().__init__()
        self._work = work
        self._relay = relay
        self._with_progress = with_progress
        self._writes = writes

    def run(self) -> None:
        try:
            with on_the_writer() if self._writes else nullcontext():
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
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)  # one writer: writes in the order asked
        self._long_writer = QThreadPool(self)
        self._long_writer.setMaxThreadCount(1)  # imports, one after another
        self._relays: set[_Relay] = set()

    def write(
        self,
        work: Callable[..., Any],
        on_done: Callable[[Any], object],
        on_error: Callable[[Exception, str], None],
        on_progress: Callable[[int, int], None] | None = None,
        *,
        owner: QObject | None = None,
        beside: bool = False,
    ) -> None:
        """As ``run``, for work that writes: on the writer thread, after the writes
        asked for before it; ``beside``: an import, on its own thread beside it."""
        self._start(work, on_done, on_error, on_progress, owner, writes=True, long=beside)

    def run(
        self,
        work: Callable[..., Any],
        on_done: Callable[[Any], object],
        on_error: Callable[[Exception, str], None],
        on_progress: Callable[[int, int], None] | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """``work()`` (a read) runs on a worker; ``work(progress)`` when ``on_progress``
        is given. With ``owner``, the callbacks run only while it still exists."""
        self._start(work, on_done, on_error, on_progress, owner, writes=False)

    def _start(
        self,
        work: Callable[..., Any],
        on_done: Callable[[Any], object],
        on_error: Callable[[Exception, str], None],
        on_progress: Callable[[int, int], None] | None,
        owner: QObject | None,
        writes: bool,
        long: bool = False,
    ) -> None:
        relay = _Relay()
        relay.moveToThread(self.thread())
        self._relays.add(relay)

        def gone() -> bool:
            return owner is not None and not isValid(owner)

        def let_go() -> None:
            # The relay's connections hold these closures, and they hold the relay: only
            # deleting it frees them (left alone, every task kept ~1.5 KB for good).
            self._relays.discard(relay)
            relay.deleteLater()

        def done(result: Any) -> None:
            let_go()
            if gone():
                log.info("a task ended after its window closed: its result is not shown")
                return
            on_done(result)

        def failed(error: Exception, details: str) -> None:
            let_go()
            if gone():
                return  # logged by the job already
            on_error(error, details)

        relay.finished.connect(done)
        relay.failed.connect(failed)
        if on_progress is not None:
            progress = on_progress
            relay.progressed.connect(lambda done, total: None if gone() else progress(done, total))
        pool = self._long_writer if long else self._writer if writes else self._pool
        pool.start(_Job(work, relay, on_progress is not None, writes))

    def idle(self) -> bool:
        """No task is running or waiting to hand over its result (tests wait for this)."""
        return not self._relays

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until all tasks end (quitting, tests)."""
        long_done = self._long_writer.waitForDone(msecs)
        writes_done = self._writer.waitForDone(msecs)
        return self._pool.waitForDone(msecs) and writes_done and long_done
