"""Today's row actions, run: each one use case of ``services.day_actions`` on a worker, its
result a line with Undo under the list, its failure a line in plain words. What needs the
rep first (a reason to skip, a new time) is asked here, on the UI thread, before."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog

from followup_desktop.core.calendar import zone
from followup_desktop.core.changes import Area, Change
from followup_desktop.core.clock_words import moment_text
from followup_desktop.core.model import Outcome
from followup_desktop.ui.today_actions import RescheduleDialog, RowAction
from followup_desktop.ui.today_page import Row, TodayPage

if TYPE_CHECKING:
    from followup_desktop.services.day_actions import DayActions, Undo
    from followup_desktop.ui.tasks import TaskRunner

_LOGGED = {
    RowAction.VISIT: (Outcome.VISIT, "Visit logged"),
    RowAction.INBOUND: (Outcome.INBOUND, "Their call logged"),
    RowAction.REPLY: (Outcome.REPLIED, "Their reply logged"),
}


class DayFinishing(QObject):
    def __init__(
        self,
        page: TodayPage,
        day: DayActions,
        now: Callable[[], datetime],
        rep_zone: Callable[[], str],
        tasks: TaskRunner,
        changed: Callable[[Change], None],
    ) -> None:
        super().__init__(page)
        self._page, self._day, self._now, self._rep_zone = page, day, now, rep_zone
        self._tasks, self._changed = tasks, changed
        self._last: Undo | None = None
        page.action_requested.connect(self.act)
        page.undo_requested.connect(self.undo)

    def act(self, action: RowAction, row: Row) -> None:
        day = self._day
        if action is RowAction.SENT:
            self._run(lambda: day.email_sent(row.follow_up_id), f"Sent: {row.what} to {row.who}")
        elif action is RowAction.DELIVERED:
            # What was promised, as the history words it: the row's "Promise due: …"
            # label would read "Delivered: Promise due: …".
            self._run(
                lambda: day.delivered(row.follow_up_id),
                lambda undo: f"{undo.history} for {row.who}",
            )
        elif action is RowAction.SKIP:
            reason, given = QInputDialog.getText(
                self._page,
                "Skip",
                f"Why skip {row.what} for {row.who}? (kept in their history)",
            )
            if given:
                self._run(
                    lambda: day.skip(row.follow_up_id, reason), f"Skipped: {row.what} for {row.who}"
                )
        elif action is RowAction.RESCHEDULE:
            self._reschedule(row)
        elif action in _LOGGED:
            outcome, said = _LOGGED[action]
            self._run(
                lambda: day.log_touch(row.contact_id, outcome, row.follow_up_id),
                f"{said} for {row.who}",
            )

    def _reschedule(self, row: Row) -> None:
        mine = zone(self._rep_zone())
        theirs = zone(row.their_zone, mine.key) if row.their_zone else None
        dialog = RescheduleDialog(
            f"{row.what} ({row.who})", row.due_at, mine, self._now, self._page, theirs
        )
        if not dialog.exec() or dialog.chosen is None:
            return
        when = dialog.chosen
        self._run(
            lambda: self._day.reschedule(row.follow_up_id, when),
            f"Moved: {row.what} for {row.who} to {moment_text(when.astimezone(mine))}",
        )

    def undo(self) -> None:
        last, self._last = self._last, None
        if last is None:
            return
        day = self._day

        def undone(_: object) -> None:
            self._page.undo_bar.say("Undone.")
            self._changed(last.change)

        self._tasks.write(
            lambda: day.undo(last), undone, self._failed("Not undone"), owner=self._page
        )

    def _run(self, work: Callable[[], Undo], said: str | Callable[[Undo], str]) -> None:
        """``said``: the line to show, or how to word it from what was done."""

        def done(undo: Undo) -> None:
            self._last = undo
            line = said if isinstance(said, str) else said(undo)
            self._page.undo_bar.offer(" · ".join((line, *undo.advice)))
            self._changed(undo.change)

        self._tasks.write(work, done, self._failed("Not done"), owner=self._page)

    def _failed(self, what: str) -> Callable[[Exception, str], None]:
        def tell(error: Exception, _details: str) -> None:
            from followup_desktop.services.day_actions import CannotUndo
            from followup_desktop.services.disk_trouble import plain_error

            # The use cases' own refusals are sentences already.
            reason = (
                str(error)
                if isinstance(error, (CannotUndo, LookupError, ValueError))
                else plain_error(error)
            )
            self._page.undo_bar.say(f"⚠ {what}: {reason}.")
            self._changed(Change(Area.AGENDA))  # Today shows how things stand

        return tell
