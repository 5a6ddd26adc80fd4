"""The rep's calendar kept in step while the app runs: a sync on start, every five
minutes and shortly after follow-ups change (a few changes in a row make one sync), on
the long-writer worker (the server may be slow); the outcome on a status-bar line."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar

from followup_desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from followup_desktop.services.calendar_sync import CalendarSync, SyncReport

log = logging.getLogger(__name__)

EVERY_MS = 5 * 60_000
AFTER_CHANGE_MS = 3_000
BIG_SYNC = 50  # writes from which a sync shows its progress (a first sync of a book)


class CalendarWatch(QObject):
    def __init__(
        self,
        calendar: Callable[[], CalendarSync],
        tasks: TaskRunner,
        line: QLabel,
        heard: Callable[[str], None],
        moved: Callable[[], None],
        parent: QObject,
    ) -> None:
        """``calendar``: the sync, made when first asked (its modules load on the first
        look, seconds after the window is ready, not on the way to it).
        ``heard(text)``: a move made on the calendar or an edit on the phone, for
        Today; ``moved()``: follow-ups or contacts changed (the views read them again).
        ``bar`` goes into the status bar: shown while a big sync (a first one) writes."""
        super().__init__(parent)
        self._calendar, self._tasks, self.line = calendar, tasks, line
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(240)
        self.bar.setVisible(False)
        self.bar.setFormat("Syncing %v of %m")
        self.bar.setAccessibleName("Calendar and address book sync")
        self._heard, self._moved = heard, moved
        self._syncing = self._again = self._stopped = False
        self.timer = QTimer(self, interval=EVERY_MS)
        self.timer.timeout.connect(self.sync)
        self._soon = QTimer(self, singleShot=True, interval=AFTER_CHANGE_MS)
        self._soon.timeout.connect(self.sync)
        self.last: SyncReport | None = None

    def start(self) -> None:
        self.timer.start()
        self._soon.start()

    def stop(self) -> None:
        """No more syncs from here on (a sync under way still finishes)."""
        self._stopped = True
        self.timer.stop()
        self._soon.stop()

    def changed(self) -> None:
        """Follow-ups changed: a sync in a moment (one for a burst of changes)."""
        self._soon.start()

    def sync(self) -> None:
        if self._stopped:
            return
        if self._syncing:
            self._again = True
            return
        calendar = self._calendar()
        if not calendar.is_set_up():
            return
        self._syncing = True
        self._tasks.write(
            calendar.sync, self._synced, self._failed, self._progress, owner=self, beside=True
        )

    def _progress(self, done: int, total: int) -> None:
        if total < BIG_SYNC:
            return
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        self.bar.setVisible(done < total)

    def _synced(self, report: SyncReport) -> None:
        self._syncing, self.last = False, report
        self.bar.setVisible(False)
        self.line.setText(f"Calendar: {report.text()}")
        for text in report.news():
            self._heard(text)
        pulled = report.pulled
        if report.moved_there or pulled.new or pulled.updated or pulled.deleted:
            self._moved()
        self.line.setToolTip(
            "\n".join(
                f"{name}: changed on your calendar; left as it is" for name in report.changed_there
            )
        )
        self._after()

    def _failed(self, error: Exception, _details: str) -> None:
        self._syncing = False
        self.bar.setVisible(False)
        log.warning("the calendar sync failed: %s", type(error).__name__)
        self.line.setText(f"Calendar: not synced: {error}")
        self._after()

    def _after(self) -> None:
        if self._again:
            self._again = False
            self._soon.start()
