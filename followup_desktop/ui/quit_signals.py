"""SIGTERM, SIGINT and SIGHUP quit FollowUp, so a logout, a service manager or ``kill`` ends
it cleanly: the first one quits as File → Quit does (open calls keep their drafts, the
window remembers its size), then the store is closed (its WAL folded back into the
database file), the single-instance lock released, and the exit code is 0. Should a window
refuse to close (a call whose draft cannot be saved stays open), a second signal ends the
event loop regardless.

Python runs its signal handlers only between bytecodes, and Qt's event loop sits in C: the
C-level handler writes to a socket (``signal.set_wakeup_fd``), a ``QSocketNotifier`` wakes
the loop, and the slot acts on what the Python handler recorded.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
from collections.abc import Callable, Iterator

from PySide6.QtCore import QCoreApplication, QSocketNotifier

log = logging.getLogger(__name__)

SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def quit_on_signals(app: QCoreApplication, quit_gently: Callable[[], object]) -> Iterator[None]:
    """While inside, the signals quit ``app``; the previous handlers come back afterwards."""
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    received: list[int] = []
    asked = 0

    def record(number: int, _frame: object) -> None:
        received.append(number)

    def act() -> None:
        nonlocal asked
        with contextlib.suppress(OSError):
            reader.recv(512)
        if not received:
            return
        log.info("quitting on signal %s", signal.Signals(received[-1]).name)
        received.clear()
        asked += 1
        if asked == 1:
            quit_gently()
        else:
            app.exit(0)

    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(act)
    previous_fd = signal.set_wakeup_fd(writer.fileno())
    previous = {number: signal.getsignal(number) for number in SIGNALS}
    for number in SIGNALS:
        signal.signal(number, record)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(previous_fd)
        notifier.setEnabled(False)
        reader.close()
        writer.close()
