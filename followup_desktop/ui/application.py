"""The Qt application: look, one instance per data folder, the store (or its recovery),
the main window, the tray and the reminder timer, the event loop."""

from __future__ import annotations

import contextlib
import logging
import sys
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from followup_desktop import __version__, logs
from followup_desktop.core import settings as options
from followup_desktop.core.reminders import Notice
from followup_desktop.paths import AppPaths
from followup_desktop.services import autostart, maintenance
from followup_desktop.services.session import Services, open_services
from followup_desktop.ui.error_dialog import install_excepthook
from followup_desktop.ui.look import app_icon, apply_look
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.notifications import NotificationCenter, make_center
from followup_desktop.ui.quit_signals import QuitOnSignals
from followup_desktop.ui.recovery import offer_recovery
from followup_desktop.ui.reminder_timer import ReminderTimer
from followup_desktop.ui.single_instance import SingleInstance
from followup_desktop.ui.tasks import TaskRunner
from followup_desktop.ui.tray import Tray, tray_available

log = logging.getLogger(__name__)


def run(
    app_paths: AppPaths,
    qt_argv: list[str],
    minimized: bool = False,
    open_contact: int | None = None,
) -> int:
    app = QApplication.instance() or QApplication(qt_argv)
    assert isinstance(app, QApplication)
    signals = QuitOnSignals(app)  # from here on SIGTERM, SIGINT and SIGHUP quit cleanly
    app.setApplicationName("FollowUp")
    app.setApplicationDisplayName("FollowUp")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("com.followupapp.FollowUp")
    instance = SingleInstance(app_paths.data_dir)
    if not instance.claim():
        return _hand_over(instance, open_contact)
    apply_look(app)
    services = _open_or_recover(app_paths)
    if services is None:
        return 1
    install_excepthook()
    tasks = TaskRunner(app)
    window = MainWindow(services, tasks)
    desk = Desk(app, window, services, tasks)
    signals.quit_gently = window.quit_action.trigger
    instance.message_received.connect(desk.handle_launch)
    if minimized and desk.tray is not None:
        log.info("started in the tray")
    else:
        window.show()
    window.check_store_in_background()
    if open_contact is not None:
        QTimer.singleShot(0, lambda: window.open_call_screen(open_contact))
    desk.start()
    try:
        return app.exec()
    finally:
        signals.close()
        desk.stop()
        tasks.wait()
        services.close()
        instance.release()


class Desk:
    """What keeps FollowUp working with its window closed: tray, reminders, autostart."""

    def __init__(
        self, app: QApplication, window: MainWindow, services: Services, tasks: TaskRunner
    ) -> None:
        self.window = window
        self.services = services
        self.tray: Tray | None = None
        if tray_available():
            # The tray keeps the app alive: closing the window only hides it.
            app.setQuitOnLastWindowClosed(False)
            self.tray = Tray(window, services, app_icon(), self._tell, app)
            self.tray.snooze_all_requested.connect(self.snooze_all)
            self.tray.pause_requested.connect(self.pause)
            # File → Quit means quit, not "hide to the tray".
            window.quit_action.triggered.disconnect()
            window.quit_action.triggered.connect(self.tray.quit)
        self.center: NotificationCenter = make_center(
            window, self.tray.icon if self.tray else None, app
        )
        self.center.open_requested.connect(self.open_notice)
        self.center.snooze_requested.connect(self.snooze)
        self.timer = ReminderTimer(services.reminders, self.center, tasks, app)
        self.timer.checked.connect(self._after_check)
        # New or moved follow-ups are picked up at once: after a logged call, an import or
        # sample data, and after the settings (lead times) change; what another process
        # (the command line) changes is picked up by the timer's minute poll.
        window.follow_ups_changed.connect(self.timer.reschedule)
        window.settings_action.triggered.connect(self._settings_closed)

    def start(self) -> None:
        if self.tray is not None:
            self.tray.show()
        self._apply_autostart()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.center.close()

    def _tell(self, notice: Notice) -> object:
        return self.center.send(notice)

    def _after_check(self, _due: object) -> None:
        if self.tray is not None:
            self.tray.refresh()

    def _settings_closed(self) -> None:
        # Runs after MainWindow.open_settings (connected earlier), once the dialog closed.
        self._apply_autostart()
        self.timer.reschedule()

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
        if notice.contact_id is None:
            self.show_window()
            self.window.show_view(0)
        else:
            self.window.open_follow_up(notice.contact_id, notice.follow_up_id)

    def snooze(self, notice: Notice, minutes: int) -> None:
        if notice.follow_up_id is not None:
            self.services.reminders.snooze(notice.follow_up_id, minutes)
            self.timer.reschedule()

    def snooze_all(self, minutes: int) -> None:
        self.services.reminders.snooze_all(minutes)
        self.timer.reschedule()

    def pause(self, minutes: int) -> None:
        if minutes:
            self.services.reminders.pause(minutes)
        else:
            self.services.reminders.resume()
        self.timer.reschedule()

    def handle_launch(self, message: dict[str, Any]) -> None:
        """A second ``followup-desktop``: bring this one forward, open what it asked."""
        self.show_window()
        contact = message.get("open_contact")
        if isinstance(contact, int):
            self.window.open_call_screen(contact)


def _hand_over(instance: SingleInstance, open_contact: int | None) -> int:
    message: dict[str, Any] = {"show": True}
    if open_contact is not None:
        message["open_contact"] = open_contact
    if instance.send(message):
        return 0
    print(
        "FollowUp is already running for this data folder but does not answer. "
        "Close it (or end its process) and start again.",
        file=sys.stderr,
    )
    return 1


def _open_or_recover(app_paths: AppPaths) -> Services | None:
    """Open the store; a damaged file leads to the recovery dialog, never a crash."""
    with contextlib.suppress(OSError):  # an unwritable log folder must not stop the app
        app_paths.ensure()
        logs.configure(app_paths.logs, "followup")
    for _attempt in range(2):
        try:
            app_paths.ensure()
            return open_services(app_paths)
        except Exception as error:
            log.exception("start-up failed")
            check = maintenance.check(app_paths.database)
            if app_paths.database.exists() and not check.ok:
                if offer_recovery(app_paths, check.verdict):
                    continue
                return None
            QMessageBox.critical(
                None,
                "FollowUp cannot start",
                f"FollowUp could not open its data in {app_paths.data_dir}.\n\n{error}\n\n"
                "Nothing was changed. Check that the folder exists and is writable, then start again.",
            )
            return None
    return None
