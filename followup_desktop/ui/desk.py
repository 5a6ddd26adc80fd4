"""What keeps FollowUp working with its window closed: the tray, the reminder timer and
its notifications, start at login."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication

from followup_desktop.core import settings as options
from followup_desktop.core.changes import Area, Change
from followup_desktop.core.model import FollowUp, FollowUpState
from followup_desktop.core.reminders import Notice
from followup_desktop.core.settings import Settings
from followup_desktop.services import autostart
from followup_desktop.services.session import Services
from followup_desktop.ui.inbox_watch import InboxWatch
from followup_desktop.ui.look import app_icon
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.notifications import NotificationCenter, make_center
from followup_desktop.ui.reminder_timer import ReminderTimer
from followup_desktop.ui.tasks import TaskRunner
from followup_desktop.ui.tray import Tray, tray_available

if TYPE_CHECKING:
    from followup_desktop.ui.team_watch import TeamWatch

log = logging.getLogger(__name__)


class Desk:
    """What keeps FollowUp working with its window closed: tray, reminders, autostart."""

    def __init__(
        self,
        app: QApplication,
        window: MainWindow,
        services: Services,
        tasks: TaskRunner,
        password_in_address: bool = False,  # the team server's, in the address started with
    ) -> None:
        self.window = window
        self.services = services
        self.tasks = tasks
        self.tray: Tray | None = None
        if tray_available():
            # The tray keeps the app alive: closing the window only hides it.
            app.setQuitOnLastWindowClosed(False)
            self.tray = Tray(
                window, services.reminders, services.settings, app_icon(), self._tell, app
            )
            self.tray.snooze_all_requested.connect(self.snooze_all)
            self.tray.pause_requested.connect(self.pause)
            # File → Quit means quit, not "hide to the tray".
            window.quit_action.triggered.disconnect()
            window.quit_action.triggered.connect(self.tray.quit)
        self.center: NotificationCenter = make_center(
            window, self.tray.icon if self.tray else None, app, tasks.run
        )
        self.center.open_requested.connect(self.open_notice)
        self.center.snooze_requested.connect(self.snooze)
        self.timer = ReminderTimer(services.reminders, self.center, tasks, app)
        self.timer.checked.connect(self._after_check)
        self.timer.failed.connect(lambda text: window.statusBar().showMessage(text, 60_000))
        # New or moved follow-ups are picked up at once: after a logged call, an import or
        # sample data, and after the settings (lead times) change; what another process
        # (the command line) changes is picked up by the timer's minute poll.
        window.follow_ups_changed.connect(self.timer.reschedule)
        # A call kept on this laptop (the team server away) changes nothing the window
        # reads, but its reminder's notice goes all the same.
        window.call_logged.connect(lambda _contact_id: self.timer.reschedule())
        window.settings_saved.connect(self._settings_saved)
        self.inbox = InboxWatch(services, window, tasks, self._tell, app)
        self.team_watch: TeamWatch | None = None
        if services.team:  # colleagues write the same book: their changes shown as made
            from followup_desktop.ui.team_watch import watch_team

            self.team_watch = watch_team(window, services, app, password_in_address)

    def start(self) -> None:
        if self.tray is not None:
            self.tray.show()
        self._apply_autostart()
        self.timer.start()
        self.inbox.start()
        if self.team_watch is not None:
            self.team_watch.start()

    def stop(self) -> None:
        self.timer.stop()
        self.inbox.timer.stop()
        if self.team_watch is not None:
            self.team_watch.stop()
        self.center.close()

    def _tell(self, notice: Notice) -> object:
        return self.center.send(notice)

    def _after_check(self, _due: object) -> None:
        if self.tray is not None:
            self.tray.refresh()
        self._read_settings_again()

    def _read_settings_again(self) -> None:
        """The settings as stored now, on a worker: another process (``followup settings
        set``) may have changed them; the window then follows, as after its own save."""
        settings = self.services.settings
        before = settings.load().changed()

        def read(now: Settings) -> None:
            if now.changed() != before:
                log.info("the settings were changed outside this window")
                self.window.show_change(Change(Area.SETTINGS))

        self.tasks.run(
            settings.reload,
            read,
            lambda error, _details: log.warning("the settings could not be read: %s", error),
            owner=self.window,
        )

    def _settings_saved(self) -> None:
        # The reminder timer looks again through the settings' change notice
        # (follow_ups_changed), not a second time here.
        self._apply_autostart()

    def _apply_autostart(self) -> None:
        try:
            enabled = self.services.settings.load().get(options.START_AT_LOGIN)
            autostart.apply(enabled)
        except OSError as error:
            self.window.statusBar().showMessage(
                f"Start at login could not be set up: {error}", 15000
            )

    def show_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def open_notice(self, notice: Notice) -> None:
        log.info("notification clicked: %s", notice.title)
        contact_id, follow_up_id = notice.contact_id, notice.follow_up_id
        if contact_id is None:
            self._show_today()
            return
        if follow_up_id is None or self.services.reminders.agreed_here(follow_up_id):
            # A call agreed on a call kept on this laptop has no id on the server: the
            # contact's call it is.
            self.window.open_follow_up(contact_id)
            return
        # A notice can outlive its call (logged elsewhere, before the next look took the
        # notice away): Today, and why, rather than the screen of a call already made.
        followups = self.services.followups
        self.tasks.run(
            lambda: followups.find(follow_up_id),
            lambda found: self._open_if_open(notice, contact_id, found),
            lambda error, _details: self.window.open_follow_up(contact_id, follow_up_id),
            owner=self.window,
        )

    def _open_if_open(self, notice: Notice, contact_id: int, found: FollowUp | None) -> None:
        if found is not None and found.state is FollowUpState.OPEN:
            self.window.open_follow_up(contact_id, found.id)
            return
        self._show_today()
        gone = found is None or found.state is FollowUpState.CANCELLED
        done = "no longer planned" if gone else "already logged"
        self.window.statusBar().showMessage(f"{notice.title}: {done}.", 15_000)

    def _show_today(self) -> None:
        self.show_window()
        self.window.show_view(0)

    def snooze(self, notice: Notice, minutes: int) -> None:
        follow_up = notice.follow_up_id
        if follow_up is not None:
            reminders = self.services.reminders
            self._reminder_write(lambda: reminders.snooze(follow_up, minutes), "snoozed")

    def snooze_all(self, minutes: int) -> None:
        reminders = self.services.reminders
        self._reminder_write(lambda: reminders.snooze_all(minutes), "snoozed")

    def pause(self, minutes: int) -> None:
        reminders = self.services.reminders
        if minutes:
            self._reminder_write(lambda: reminders.pause(minutes), "paused")
        else:
            self._reminder_write(reminders.resume, "resumed")

    def _reminder_write(self, work: Callable[[], object], done: str) -> None:
        """On a worker like every write; the timer looks again once it is stored."""
        self.tasks.write(
            work,
            lambda _: self.timer.reschedule(),
            lambda error, _details: self.window.statusBar().showMessage(
                f"Reminders were not {done}: {error}", 15000
            ),
            owner=self.window,
        )

    def handle_launch(self, message: dict[str, Any]) -> None:
        """A second ``followup-desktop``: bring this one forward, open what it asked."""
        self.show_window()
        contact = message.get("open_contact")
        if isinstance(contact, int):
            self.window.open_call_screen(contact)
