"""Stop on reply, in the app: the INBOX looked at every few minutes (on a worker beside
the writer, since a slow server may take seconds), each reply from a contact said in a
notification and the status bar, an automatic answer or mail that came back said on
Today, and the views told the agenda changed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from followup_desktop.core import settings as options
from followup_desktop.core.changes import Area, Change
from followup_desktop.core.reminders import Notice
from followup_desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from followup_desktop.services.inbox import InboxReport
    from followup_desktop.services.session import Services
    from followup_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

EVERY_MS = 2 * 60_000
FIRST_AFTER_MS = 20_000  # after start-up has settled


class InboxWatch(QObject):
    def __init__(
        self,
        services: Services,
        window: MainWindow,
        tasks: TaskRunner,
        tell: Callable[[Notice], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._services, self._window, self._tasks, self._tell = services, window, tasks, tell
        self._looking = False
        self._last_problem = ""
        self.timer = QTimer(self, interval=EVERY_MS)
        self.timer.timeout.connect(self.look)

    def start(self) -> None:
        self.timer.start()
        QTimer.singleShot(FIRST_AFTER_MS, self.look)

    def look(self) -> None:
        """One look, when an IMAP account is set and no look is under way."""
        if self._looking or not self._services.settings.load().get(options.IMAP_HOST).strip():
            return
        self._looking = True
        services = self._services
        self._tasks.write(
            lambda: services.inbox.check(), self._read, self._failed, owner=self, beside=True
        )

    def _read(self, report: InboxReport) -> None:
        self._looking = False
        self._last_problem = ""
        # They may be away, or an address is wrong: worth a line, not a notification.
        lines = [answer.text() for answer in report.automatic]
        lines += [bounce.text() for bounce in report.bounces]
        for line in lines:
            self._window.today.show_heard(line)
        for reply in report.replies:
            self._tell(
                Notice(
                    f"{reply.name} replied",
                    "Their series is stopped: answer with a few times.",
                    reply.contact_id,
                )
            )
            self._window.today.show_heard(reply.text())
        if report.replies:
            lines = [reply.text() for reply in report.replies]
        if lines:
            self._window.statusBar().showMessage(" · ".join(lines), 60_000)
        # A reply changed the agenda; mail that came back is in the contact's history.
        changed = [reply.contact_id for reply in report.replies]
        changed += [bounce.contact_id for bounce in report.bounces]
        if changed:
            self._window.show_change(Change(Area.AGENDA, frozenset(changed)))

    def _failed(self, error: Exception, _details: str) -> None:
        self._looking = False
        text = f"Replies are not being read: {error}"
        log.warning("the INBOX was not read: %s", type(error).__name__)
        if text != self._last_problem:  # said once, not every two minutes
            self._last_problem = text
            self._window.statusBar().showMessage(text, 30_000)
