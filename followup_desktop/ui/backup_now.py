"""File > Back up now: a checked backup on a worker thread, the result in the status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from followup_desktop.services import backups
    from followup_desktop.ui.main_window import MainWindow


def back_up_now(window: MainWindow) -> None:
    from followup_desktop.services import backups
    from followup_desktop.services.disk_trouble import disk_trouble

    services = window.services
    settings = services.settings.load()
    bar = window.statusBar()
    bar.showMessage("Backing up…")

    def done(info: backups.BackupInfo) -> None:
        bar.showMessage(f"Backed up to {info.path}", 15000)

    def failed(error: Exception, _details: str) -> None:
        reason = disk_trouble(error) or str(error)
        bar.showMessage(f"The backup could not be taken. {reason}", 30000)

    window.tasks.run(
        lambda: backups.back_up_now(services.paths, settings, services.clock),
        done,
        failed,
        owner=window,
    )


def backup_action(window: MainWindow) -> QAction:
    action = QAction("&Back up now", window)
    action.setObjectName("backUpNow")
    # Its status tip names the folder once the store is open (``MainWindow.attach``).
    action.triggered.connect(lambda: back_up_now(window))
    return action


def restore_action(window: MainWindow) -> QAction:
    """File › Restore a backup…; its dialog (``ui.restore_backup``) loads when asked for,
    off the first paint's path."""
    action = QAction("&Restore a backup…", window)
    action.setObjectName("restoreBackup")
    action.setStatusTip("Bring back your data as a backup kept it (yours now is backed up first)")

    def show() -> None:
        from PySide6.QtCore import Qt

        from followup_desktop.ui.restore_backup import RestoreBackupDialog

        dialog = RestoreBackupDialog(window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    action.triggered.connect(show)
    return action
