"""The timer that only ticks: it asks ``ReminderService`` what is due and when to ask
again, shows what it is told, and stores that it did.

Two timers. The main one is armed for the next moment the rules name (never more than a
minute away). A heartbeat every few seconds compares the wall clock with the monotonic
ones: Qt's timers run on a clock that stops during suspend, so after the lid opens the
main timer could still be up to a minute away; the heartbeat notices the gap (or a clock
change) within seconds and looks at once.

The database is read and written on a worker (an import may hold the writer for
seconds); only the showing happens on the UI thread, between the two. One look at a
time: a look asked for meanwhile runs once the current one is stored.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from followup_desktop.core.reminders import Gap, detect_gap
from followup_desktop.services.disk_trouble import plain_error
from followup_desktop.services.reminders import Due, Reminding
from followup_desktop.ui.notifications import NotificationCenter
from followup_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

HEARTBEAT_MS = 5_000
LONGEST_SLEEP_MS = 60_000


def _boot_seconds() -> float | None:
    """A clock that keeps counting through suspend (Linux); None elsewhere."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    return None if boottime is None else time.clock_gettime(boottime)


@dataclass(frozen=True, slots=True)
class _Reading:
    wall: float
    awake: float
    boot: float | None


class ReminderTimer(QObject):
    checked = Signal(object)  # the Due of each look, after it is shown and stored
    failed = Signal(str)

    def __init__(
        self,
        service: Reminding,
        center: NotificationCenter,
        tasks: TaskRunner,
        parent: QObject | None = None,
        wall: Callable[[], float] = time.time,
        awake: Callable[[], float] = time.monotonic,
        boot: Callable[[], float | None] = _boot_seconds,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._center = center
        self._tasks = tasks
        self._looking = False
        self._look_again: Gap | None = None
        self._stopped = False
        self._wall, self._awake, self._boot = wall, awake, boot
        self._last: _Reading | None = None
        self.lateness: list[float] = []  # seconds between a reminder's moment and its showing
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.check)
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(HEARTBEAT_MS)
        self._heartbeat.timeout.connect(self._listen_for_gaps)

    def start(self) -> None:
        self._heartbeat.start()
        QTimer.singleShot(0, self.check)

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()
        self._heartbeat.stop()

    def reschedule(self) -> None:
        """Something changed (a call logged, an import, a setting): look now."""
        QTimer.singleShot(0, self.check)

    refresh = reschedule

    def _reading(self) -> _Reading:
        return _Reading(self._wall(), self._awake(), self._boot())

    def _gap(self, now: _Reading) -> Gap:
        if self._last is None:
            return Gap.START
        before = self._last
        boot = None if now.boot is None or before.boot is None else now.boot - before.boot
        return detect_gap(now.wall - before.wall, now.awake - before.awake, boot)

    def _listen_for_gaps(self) -> None:
        now = self._reading()
        gap = self._gap(now)
        if gap is not Gap.NONE:
            log.info("time gap detected (%s): looking for reminders now", gap.value)
            self.check(gap)
        else:
            self._last = now

    def check(self, gap: Gap | None = None) -> None:
        if self._stopped:
            return
        reading = self._reading()
        gap = self._gap(reading) if gap is None else gap
        self._last = reading
        if self._looking:
            # Keep the more telling reason for the words of what was missed.
            if self._look_again is None or self._look_again is Gap.NONE:
                self._look_again = gap
            return
        self._looking = True
        service = self._service
        on_screen = self._center.on_screen()
        self._tasks.run(
            lambda: service.due_now(gap, on_screen), self._show_then_store, self._failed
        )

    def _show_then_store(self, due: Due) -> None:
        try:
            self._show(due)
        except Exception as error:  # a broken notifier must not stop the timer
            self._failed(error, "")
            return
        self._tasks.write(
            lambda: self._service.mark_fired(due), lambda _none: self._stored(due), self._failed
        )

    def _stored(self, due: Due) -> None:
        self._looking = False
        if self._stopped:
            return
        self._arm(due)
        self.checked.emit(due)
        self._again_if_asked()

    def _failed(self, error: Exception, _details: str) -> None:
        # A locked or broken store must not stop the timer: look again within a minute.
        log.error("reminder check failed: %s", error)
        self._looking = False
        if self._stopped:
            return
        # For the status bar: the rep sees it, in plain words, not only the log.
        self.failed.emit(
            f"Reminders could not be checked ({plain_error(error)}); "
            "FollowUp tries again within a minute."
        )
        self._arm_ms(LONGEST_SLEEP_MS)
        self._again_if_asked()

    def _again_if_asked(self) -> None:
        if self._look_again is not None:
            gap, self._look_again = self._look_again, None
            self.check(gap)

    def _show(self, due: Due) -> None:
        self._center.withdraw(due.withdrawn)
        for notice in due.notices:
            sender = self._center.send(notice)
            log.info("reminder via %s: %s", sender, notice.title)
        shown_at = self._service.now()
        for reminder in due.decision.show:
            if reminder.subject.id in due.decision.snoozed_shown:
                continue  # its moment is the snooze's end, not this reminder's
            late = (shown_at - reminder.at).total_seconds()
            self.lateness.append(late)
            log.info(
                "reminder %s/%s planned %s shown %.3f s late",
                reminder.subject.id,
                reminder.moment.value,
                reminder.at.isoformat(),
                late,
            )

    def _arm(self, due: Due) -> None:
        wait = (due.next_wake - self._service.now()).total_seconds() * 1000
        self._arm_ms(wait)

    def _arm_ms(self, wait_ms: float) -> None:
        # Qt timers may fire a hair early; a few ms late keeps "now >= moment" true.
        self._timer.start(max(0, min(LONGEST_SLEEP_MS, int(wait_ms) + 5)))
