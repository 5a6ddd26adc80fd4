"""When the database is damaged: say so plainly, keep the damaged file, offer the backup."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from followup_desktop.core.clock import SystemClock
from followup_desktop.paths import AppPaths
from followup_desktop.services import backups
from followup_desktop.services.backups import BackupFailed
from followup_desktop.services.disk_trouble import disk_trouble

log = logging.getLogger(__name__)


def offer_recovery(paths: AppPaths, problem: str, parent: QWidget | None = None) -> bool:
    """Ask, then restore the newest good backup (or start empty). True when the app may
    try to open the store again; False to quit with everything left as it is."""
    newest = backups.newest_good_backup(paths.backups)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("FollowUp's data file is damaged")
    box.setText(
        "FollowUp cannot read its data file. It may have been damaged by a disk or sync problem."
    )
    details = f"What went wrong: {problem}\n\nThe damaged file will be kept beside it, renamed, and never deleted."
    if newest is not None:
        box.setInformativeText(
            f"The newest good backup is from {newest.describe(backups.rep_zone_of(newest.path))}.\n\n"
            "Restore it? What was saved after that backup is not in it. The damaged file "
            "is kept beside the restored one, renamed, and never deleted."
        )
        restore = box.addButton("Restore backup", QMessageBox.ButtonRole.AcceptRole)
    else:
        box.setInformativeText(
            "There is no backup to restore. Start with an empty data file? The damaged "
            "file is kept beside it, renamed, and never deleted."
        )
        restore = box.addButton("Start empty", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDetailedText(details)
    box.setDefaultButton(restore)
    box.exec()
    if box.clickedButton() is not restore:
        return False
    try:
        if newest is not None:
            backups.restore(paths, newest.path, label="damaged")
        else:
            backups.move_aside(paths.database, "damaged", SystemClock().now())
    except (BackupFailed, OSError) as error:
        log.exception("recovery failed")
        QMessageBox.critical(
            parent,
            "The backup could not be restored",
            f"{disk_trouble(error) or error}\n\nThe damaged file is still where it was.",
        )
        return False
    return True
