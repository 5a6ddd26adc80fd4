"""The store's start-up check and daily backup, off the UI thread once the window is
complete; damage found leads to the recovery dialog and a restart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from followup_desktop.ui.main_window import MainWindow


def check_in_background(window: MainWindow) -> None:
    """quick_check and the daily backup (when due) on a worker."""
    from followup_desktop.services import backups, maintenance
    from followup_desktop.services.backups import SourceDamaged

    services = window.services
    if services.team:
        return  # the file's check and backup: a team server keeps its own
    paths, settings, clock = services.paths, services.settings.load(), services.clock

    def work() -> str | None:
        verdict = maintenance.check(paths.database, full=False)
        if verdict.damaged:
            return verdict.verdict
        if verdict.ok:  # unchecked (a full disk, an I/O error) is not damage: no recovery
            backups.backup_if_due(paths, settings, clock)
        return None

    def done(problem: str | None) -> None:
        if problem is not None:
            recover(window, problem)

    def failed(error: Exception, details: str) -> None:
        if isinstance(error, SourceDamaged):  # damage the quick check did not see
            recover(window, error.verdict)
            return
        window.statusBar().showMessage(f"The daily backup could not be taken: {error}", 15000)

    window.tasks.run(work, done, failed, owner=window)


def recover(window: MainWindow, problem: str) -> None:
    """The recovery dialog, on the store closed; once the backup is restored (or an empty
    file is in place) FollowUp starts again as after File › Restore a backup: once this
    one has let go of the data folder (``application.run``). Started before, the new one
    found the folder taken and handed its window to the one quitting."""
    from followup_desktop.ui.recovery import offer_recovery

    window.calendar_watch.stop()
    window.store_closing.emit()  # the reminders, the inbox watch, the tray's reads
    window.tasks.wait()
    window.services.close()
    if offer_recovery(window.services.paths, problem, window):
        window.restart_requested.emit()
        return
    QApplication.quit()
