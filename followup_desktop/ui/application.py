"""The Qt application: look, the store (or its recovery), the main window, the event loop."""

from __future__ import annotations

import contextlib
import logging

from PySide6.QtWidgets import QApplication, QMessageBox

from followup_desktop import __version__, logs
from followup_desktop.paths import AppPaths
from followup_desktop.services import maintenance
from followup_desktop.services.session import Services, open_services
from followup_desktop.ui.error_dialog import install_excepthook
from followup_desktop.ui.look import apply_look
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.recovery import offer_recovery
from followup_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


def run(app_paths: AppPaths, qt_argv: list[str]) -> int:
    app = QApplication.instance() or QApplication(qt_argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("FollowUp")
    app.setApplicationDisplayName("FollowUp")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("com.followupapp.FollowUp")
    apply_look(app)
    services = _open_or_recover(app_paths)
    if services is None:
        return 1
    install_excepthook()
    tasks = TaskRunner(app)
    window = MainWindow(services, tasks)
    window.show()
    window.check_store_in_background()
    try:
        return app.exec()
    finally:
        tasks.wait()
        services.close()


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
