"""Today › Start calls: the day's calls one after another ("power hour"). The next call
screen opens only after the rep stored how the last one went (so they finish their notes
first); the rules in ``core.call_queue`` pass people over, and each call screen carries a
bar with the count, Pause, Skip (with a reason) and Stop.

The queue never stores an outcome: the call screen does, when the rep chooses one."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QInputDialog, QLabel, QPushButton, QWidget

from followup_desktop.core.call_queue import CallQueue, QueuedCall
from followup_desktop.core.model import Outcome
from followup_desktop.ui.tasks import TaskRunner
from followup_desktop.ui.work_windows import WorkWindows

if TYPE_CHECKING:  # the store's modules load after the first paint, not with the window
    from followup_desktop.core.call_queue import Turn
    from followup_desktop.services.call_queue import CallList
    from followup_desktop.ui.call_screen import CallWindow

log = logging.getLogger(__name__)

NO_REASON = "no reason given"


def _kept(_result: object) -> None:
    """A skip's reason is in the contact's history: nothing to show."""


class QueueBar(QFrame):
    """The strip on top of a call screen while the queue runs."""

    pause_requested = Signal()
    skip_requested = Signal()
    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queueBar")
        self.line = QLabel()
        self.line.setAccessibleName("Calls so far")
        self.passed = QLabel()
        self.passed.setObjectName("hint")
        # Alt+letter: the rep may be typing notes, and plain letters are outcome keys.
        self.pause_button = QPushButton("Pause after this (Alt+P)")
        self.pause_button.setCheckable(True)
        self.pause_button.setToolTip("No next call after this one until you resume")
        self.skip_button = QPushButton("Skip… (Alt+K)")
        self.skip_button.setToolTip("Pass this one over, with your reason")
        self.stop_button = QPushButton("Stop calls (Alt+T)")
        self.stop_button.setToolTip("End the queue; this call screen stays")
        self.pause_button.clicked.connect(self.pause_requested)
        self.skip_button.clicked.connect(self.skip_requested)
        self.stop_button.clicked.connect(self.stop_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(QLabel("<b>Calls</b>"))
        row.addWidget(self.line)
        row.addWidget(self.passed, 1)
        row.addWidget(self.pause_button)
        row.addWidget(self.skip_button)
        row.addWidget(self.stop_button)

    def bind_keys(self, window: QWidget) -> None:
        """The bar's keys, anywhere in ``window`` (a click at once, unlike a mnemonic's)."""
        for keys, button in (
            ("Alt+P", self.pause_button),
            ("Alt+K", self.skip_button),
            ("Alt+T", self.stop_button),
        ):
            QShortcut(QKeySequence(keys), window).activated.connect(
                lambda b=button: b.click() if b.isVisible() else None
            )


class CallQueueRunner(QObject):
    """One queue at a time, owned by the main window."""

    said = Signal(str)  # a line for the main window's status bar
    finished = Signal(str)  # the summary, once the list is done or stopped

    def __init__(
        self, service: CallList, work: WorkWindows, tasks: TaskRunner, parent: QObject
    ) -> None:
        super().__init__(parent)
        self._service, self._work, self._tasks = service, work, tasks
        self.queue: CallQueue | None = None
        self.paused = False
        self._window: CallWindow | None = None
        self._bar: QueueBar | None = None
        self._last_passed = ""
        self._starting = False
        self.last: CallQueue | None = None  # the queue that finished last (its report)
        work.call_shown.connect(self._shown)
        self._minute = QTimer(self, interval=30_000)  # the minutes on the line
        self._minute.timeout.connect(self._show_line)

    def store_opened(self, service: CallList) -> None:
        """The store is open (a team server answered at last, or the file's store opened
        at start): the turns still to come are judged from it, and reasons for passing
        over are written to it."""
        self._service = service

    @property
    def running(self) -> bool:
        return self.queue is not None

    @property
    def window(self) -> CallWindow | None:
        """The call screen the queue opened and waits on."""
        return self._window

    @property
    def bar(self) -> QueueBar | None:
        return self._bar

    def start(self) -> None:
        """Start the day's calls; resume them when paused; bring the current one forward."""
        if self.queue is not None:
            if self.paused:
                self.paused = False
                self.said.emit("Calls resumed.")
                if self.queue.current is None:
                    self._next()
            elif self._window is not None:
                self._work.open_call_screen(self._window.contact_id)
            return
        if self._starting:
            return
        self._starting = True
        self._tasks.run(self._service.start, self._started, self._failed, owner=self)

    def _started(self, queue: CallQueue) -> None:
        self._starting = False
        if queue.total == 0:
            self.said.emit("No calls are due today: nothing to start.")
            return
        self.queue, self.paused = queue, False
        self._minute.start()
        self._next()

    def _failed(self, error: Exception, _details: str) -> None:
        self._starting = False
        self.said.emit(f"The calls could not go on: {error}")

    # Turns -------------------------------------------------------------------------------
    def _next(self) -> None:
        queue = self.queue
        if queue is None or self.paused or queue.current is not None:
            return
        call = queue.take()
        if call is None:
            self._finish()
            return
        service = self._service
        self._tasks.run(lambda: service.turn(call), self._judged, self._failed, owner=self)

    def _judged(self, turn: Turn) -> None:
        queue = self.queue
        if queue is None or queue.current is None:
            return  # stopped meanwhile
        if turn.passed_over is not None:
            self._pass_over(turn.passed_over)
            self._next()
            return
        queue.current = turn.call
        call = turn.call
        self._work.open_call_screen(call.contact_id, call.follow_up.id)
        open_already = self._work.call_window(call.contact_id)
        if open_already is not None:
            self._shown(open_already)

    def _pass_over(self, why: str) -> None:
        assert self.queue is not None and self.queue.current is not None
        name = self.queue.current.name
        self.queue.pass_over(why)
        self._last_passed = f"passed over {name}: {why}"
        log.info("Call queue: %s", self._last_passed)
        self.said.emit(self._last_passed.capitalize())

    def _shown(self, window: CallWindow) -> None:
        current = self._current()
        if current is None or window.contact_id != current.contact_id or window is self._window:
            return
        self._window = window
        self._bar = QueueBar()
        window.add_banner(self._bar)
        self._bar.bind_keys(window)
        self._bar.pause_requested.connect(self.pause)
        self._bar.skip_requested.connect(self._ask_skip)
        self._bar.stop_requested.connect(self.stop)
        window.outcome_stored.connect(self._stored)
        window.destroyed.connect(self._closed)
        self._show_line()

    def _current(self) -> QueuedCall | None:
        return self.queue.current if self.queue is not None else None

    def _stored(self, _contact_id: int, outcome: Outcome) -> None:
        if self.queue is not None and self.queue.current is not None:
            self.queue.stored(outcome is Outcome.CONNECTED)
            self._show_line()

    def _closed(self) -> None:
        self._window = self._bar = None
        queue = self.queue
        if queue is None:
            return
        if queue.current is not None:
            # Closed without an outcome: nothing is stored for it, and the queue waits
            # there (resume opens this call again).
            queue.position -= 1
            queue.current = None
            self.paused = True
            self.said.emit(
                f"Calls paused at {queue.position + 1} of {queue.total}: "
                "Start calls (Ctrl+Shift+C) resumes."
            )
            return
        if self.paused:
            self.said.emit(
                f"Calls paused after {queue.position} of {queue.total}: "
                "Start calls (Ctrl+Shift+C) resumes."
            )
            return
        self._next()

    # The bar's buttons ---------------------------------------------------------------------
    def pause(self) -> None:
        """No next call after this one until the rep resumes (Start calls)."""
        self.paused = self._bar.pause_button.isChecked() if self._bar is not None else True
        self._show_line()

    def _ask_skip(self) -> None:
        if self._window is None:
            return
        dialog = QInputDialog(self._window)
        dialog.setWindowTitle("Skip this call")
        dialog.setLabelText("Why pass this one over? (kept with the day's calls)")
        dialog.setTextValue("")
        dialog.textValueSelected.connect(self.skip)
        dialog.open()

    def skip(self, reason: str) -> None:
        """The rep passes the current call over: its reason goes into the contact's
        history, the call stays planned, and notes typed stay as a draft."""
        call = self._current()
        if call is None:
            return
        why = " ".join(reason.split()) or NO_REASON
        service = self._service
        self._tasks.write(lambda: service.keep_skip(call, why), _kept, self._failed, owner=self)
        self._pass_over(f"skipped, {why}")
        if self._window is not None:
            self._window.close()  # the next opens once it is gone

    def stop(self) -> None:
        """The queue ends here; the open call screen stays for the rep to finish."""
        if self.queue is not None and self.queue.current is not None:
            self.queue.current = None  # not called by the queue: the screen is the rep's now
        if self._bar is not None:
            self._bar.hide()
        self._finish()

    def _finish(self) -> None:
        queue = self.queue
        if queue is None:
            return
        self.queue, self._window, self._bar = None, None, None
        self._minute.stop()
        summary = f"Calls done: {queue.summary()}"
        for passed in queue.passed_over:
            log.info("Call queue passed over %s: %s", passed.name, passed.why)
        self.last = queue
        self.said.emit(summary)
        self.finished.emit(summary)

    def _show_line(self) -> None:
        if self.queue is None or self._bar is None:
            return
        line = self.queue.line(self._service.now())
        if self.paused:
            line += " · pausing after this call"
        self._bar.line.setText(line)
        self._bar.passed.setText(f"· {self._last_passed}" if self._last_passed else "")
