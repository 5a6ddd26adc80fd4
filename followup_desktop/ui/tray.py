"""The tray icon (journey J2): the next call and today's count in the tooltip, a menu of
the next calls, and the window hidden rather than closed. What they show is read on a
worker after every look of the reminder timer (each minute, and after every change)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from followup_desktop.core import reminders as words
from followup_desktop.core.agenda import AgendaEntry
from followup_desktop.core.away import AwayPeriod
from followup_desktop.core.calendar import zone
from followup_desktop.core.clock_words import day_text
from followup_desktop.core.reminders import Notice, Reminder, Subject
from followup_desktop.services.reminders import ReminderService, TodayCalls
from followup_desktop.services.settings import SettingsService
from followup_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

HINT_KEY = "tray.told_still_running"
MENU_CALLS = 8


def tray_available() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable()


def entry_line(entry: AgendaEntry, today: TodayCalls) -> str:
    """ "10:00 Call Jane Smith (their 11:00) — review the proposal"."""
    subject = Subject(entry.item.follow_up, entry.contact_name, entry.company, entry.time_zone)
    follow_up = entry.item.follow_up
    line = words.one_line(
        Reminder(subject, words.Moment.DUE, follow_up.due_at), today.rep_zone, today.now
    )
    return line


def tooltip(today: TodayCalls, paused: bool) -> str:
    lines = ["FollowUp"]
    if today.upcoming:
        lines.append("Next: " + entry_line(today.upcoming[0], today))
    total = today.text(today.overdue, today.upcoming_count)
    calls = "1 follow-up" if today.count == 1 else f"{total} follow-ups"
    overdue = f", {today.text(today.overdue)} overdue" if today.overdue else ""
    lines.append(f"Today: {calls}{overdue}")
    if paused:
        lines.append("Reminders paused")
    return "\n".join(lines)


STILL_RUNNING = Notice(
    "FollowUp is still running",
    "It keeps reminding you of your calls from here. To stop it, choose Quit in this icon's menu.",
)


class Tray(QObject):
    """Owns the QSystemTrayIcon; reads today's calls after the reminder timer has looked,
    so it never shows stale calls for long and never waits on the disk."""

    snooze_all_requested = Signal(int)  # minutes
    pause_requested = Signal(int)  # minutes; 0 resumes

    def __init__(
        self,
        window: MainWindow,
        reminders: ReminderService,
        settings: SettingsService,
        icon: QIcon,
        tell: Callable[[Notice], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._reminders, self._settings = reminders, settings
        self._tell = tell
        self._quitting = False
        self._hinted = False
        self.today: TodayCalls | None = None  # the last look, until the next arrives
        self.icon = QSystemTrayIcon(icon, self)
        self.icon.setToolTip("FollowUp")
        self.menu = QMenu()
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        window.keep_running_on_close = self.keep_running_on_close
        self.rebuild_menu()  # a menu exists before the first click (SNI hosts ask early)

    def show(self) -> None:
        self.icon.show()
        self.refresh()

    # Closing and quitting -------------------------------------------------------------
    def keep_running_on_close(self) -> bool:
        if self._quitting or not self.icon.isVisible():
            return False
        self._hint_once()
        return True

    def _hint_once(self) -> None:
        """Once per profile; the note that it was shown is written on a worker."""
        if self._hinted:
            return
        self._hinted = True
        settings = self._settings

        def first_time() -> bool:
            if settings.ui_state(HINT_KEY):
                return False
            settings.set_ui_state(HINT_KEY, "1")
            return True

        self._window.tasks.write(
            first_time,
            lambda first: self._tell(STILL_RUNNING) if first else None,
            # The hint is a nicety: closing works without it.
            lambda error, _details: log.warning("the still-running hint failed: %s", error),
            owner=self,
        )

    def quit(self) -> None:
        """Quit for real: the window closes as on any quit (calls keep their drafts)."""
        self._quitting = True
        self._window.show()  # a hidden window would skip its close handling
        if self._window.close():
            self.icon.hide()
            QApplication.quit()
        else:
            self._quitting = False

    def show_window(self) -> None:
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            if self._window.isVisible() and not self._window.isMinimized():
                self._window.hide()
            else:
                self.show_window()

    # Tooltip and menu -------------------------------------------------------------------
    def refresh(self) -> None:
        """Read today's calls on a worker; the tooltip and the menu follow when they arrive."""
        reminders = self._reminders
        self._window.tasks.run(
            lambda: reminders.today(MENU_CALLS),
            self._show_today,
            # The tray is a glance: the window and the reminders work without it.
            lambda error, _details: log.warning("the tray could not read today: %s", error),
            owner=self,
        )

    def _show_today(self, today: TodayCalls) -> None:
        self.today = today
        self.icon.setToolTip(tooltip(today, today.paused_until is not None))
        if not self.menu.isVisible():  # an open menu is not changed under the pointer
            self.rebuild_menu()

    def rebuild_menu(self) -> None:
        menu = self.menu
        menu.clear()
        today = self.today
        if today is not None:
            if today.overdue:
                overdue = menu.addAction(f"{today.text(today.overdue)} overdue — see Today")
                overdue.triggered.connect(self._open_today)
            if not today.upcoming:
                menu.addAction("No more calls today").setEnabled(False)
            for entry in today.upcoming[:MENU_CALLS]:
                # "&" would be read as a keyboard mnemonic ("Smith & Co").
                action = menu.addAction(entry_line(entry, today).replace("&", "&&"))
                follow_up = entry.item.follow_up
                action.triggered.connect(
                    lambda _=False, c=follow_up.contact_id, f=follow_up.id: (
                        self._window.open_follow_up(c, f)
                    )
                )
            menu.addSeparator()
        menu.addAction("Open FollowUp").triggered.connect(self.show_window)
        menu.addAction("Snooze all 10 min").triggered.connect(
            lambda: self.snooze_all_requested.emit(10)
        )
        paused = today.paused_until if today is not None else None
        if today is not None and today.away_until is not None:
            last = AwayPeriod.last_day_to(today.away_until, today.rep_zone)
            menu.addAction(
                f"Away until and including {day_text(last)} — change…"
            ).triggered.connect(self._window.commands.open_away)
        elif paused is not None and today is not None:
            local = paused.astimezone(zone(today.rep_zone))
            menu.addAction(f"Resume reminders (paused until {local:%H:%M})").triggered.connect(
                lambda: self.pause_requested.emit(0)
            )
        else:
            menu.addAction("Pause reminders 1 h").triggered.connect(
                lambda: self.pause_requested.emit(60)
            )
            menu.addAction("Away for a holiday…").triggered.connect(self._window.commands.open_away)
        menu.addSeparator()
        menu.addAction("Quit").triggered.connect(self.quit)

    def _open_today(self) -> None:
        self.show_window()
        self._window.show_view(0)
