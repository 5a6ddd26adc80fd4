"""SIGTERM, SIGINT and SIGHUP quit FollowUp, so a logout, a service manager or ``kill`` ends
it cleanly: the first one quits as File → Quit does (open calls keep their drafts, the
window remembers its size), then the store is closed (its WAL folded back into the
database file), the single-instance lock released, and the exit code is 0. Should a window
refuse to close (a call whose draft cannot be saved stays open), a second signal ends the
event loop regardless.

Installed as soon as the application exists: a signal that arrives while FollowUp is
still starting (migrating, opening its window) is acted on as soon as the event loop runs.

Python runs its signal handlers only between bytecodes, and Qt's event loop sits in C: the
C-level handler writes to a socket (``signal.set_wakeup_fd``), a ``QSocketNotifier`` wakes
the loop, and the slot acts on what the Python handler recorded.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QSocketNotifier

log = logging.getLogger(__name__)

SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name)
)


class QuitOnSignals:
    """From construction until ``close()`` the signals quit ``app``: through
    ``quit_gently`` once it is set (the main window's Quit), else ``app.quit()``."""

    def __init__(self, app: QCoreApplication) -> None:
        self.app = app
        self.quit_gently: Callable[[], object] | None = None
        self._received: list[int] = []
        self._asked = 0
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._act)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous = {number: signal.getsignal(number) for number in SIGNALS}
        for number in SIGNALS:
            signal.signal(number, self._record)

    def _record(self, number: int, _frame: object) -> None:
        self._received.append(number)

    def _act(self) -> None:
        with contextlib.suppress(OSError):
            self._reader.recv(512)
        if not self._received:
            return
        log.info("quitting on signal %s", signal.Signals(self._received[-1]).name)
        self._received.clear()
        self._asked += 1
        if self._asked == 1 and self.quit_gently is not None:
            self.quit_gently()
        elif self._asked == 1:
            self.app.quit()
        else:
            self.app.exit(0)

    def close(self) -> None:
        """The previous handlers come back."""
        for number, handler in self._previous.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()
