"""File › Restore a backup…: the backups listed (when, in the rep's zone; what each
holds), one chosen and restored through ``services.restoring`` (``followup db restore``'s
code, undoable: the current data is backed up first).

The store is closed for the restore, and FollowUp then starts again on the data in
place: every view, the reminders, the tray and the call screens read the store, and a
fresh start is the one way they all read the restored file and none the one it replaced.
A backup refused by its check leaves the window as it was; a failure after the store
closed leaves the data as it was, and FollowUp starts again on it.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
)

from followup_desktop.ui.listing_tree import listing_summary, listing_tree, row_texts

if TYPE_CHECKING:
    from followup_desktop.services.restoring import Backups, Done
    from followup_desktop.ui.main_window import MainWindow

COLUMNS = ("Taken", "Holds", "Kind")
_PATH_ROLE = Qt.ItemDataRole.UserRole
# What reads or writes the store gets this long to end before it is closed (as a quit).
IDLE_WAIT_S = 30.0
RESTORING = "FollowUp is restoring a backup; it starts again in a moment."
INTRO = (
    "Before restoring, FollowUp backs up your data as it is now, so restoring that backup "
    "undoes this. What you saved after the backup you choose is not in it. FollowUp then "
    "starts again to show the restored data."
)


class RestoreBackupDialog(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._busy = False
        self._closed_store = False  # from then on, closing the dialog starts FollowUp again
        self.setWindowTitle("Restore a backup")
        self.summary = listing_summary("Reading the backups…", "Backups summary")
        self.tree = listing_tree(COLUMNS, "Backups", stretched=(1,))
        self.intro = QLabel(INTRO)
        self.intro.setWordWrap(True)
        self.intro.setObjectName("hint")
        self.said = QLabel("")
        self.said.setWordWrap(True)
        self.said.setAccessibleName("Restore result")
        self.said.hide()
        self.restore_button = QPushButton("&Restore")
        self.restore_button.setObjectName("primary")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore_selected)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.intro)
        layout.addWidget(self.said)
        layout.addWidget(self.buttons)
        self.resize(680, 440)
        self.rep_zone = ""
        self.finished.connect(self._after)
        self._read()

    # The list ---------------------------------------------------------------------------
    def _read(self) -> None:
        from followup_desktop.services import restoring

        services = self._window.services
        self._window.tasks.run(
            lambda: restoring.listed(services), self.show_backups, self._read_failed, owner=self
        )

    def show_backups(self, found: Backups) -> None:
        self.rep_zone = found.rep_zone
        self.tree.clear()
        if not found.listed:
            self.summary.setText(
                "No backups yet. FollowUp takes one each day, and File › Back up now takes "
                "one whenever you like."
            )
            return
        count = f"{len(found.listed)} backup{'s' if len(found.listed) != 1 else ''}"
        self.summary.setText(
            f"{count}, the newest first; times are in your time zone ({found.rep_zone})."
        )
        items = []
        for backup in found.listed:
            item = QTreeWidgetItem([backup.taken, backup.holds or "cannot be read", backup.kind])
            item.setData(0, _PATH_ROLE, str(backup.path))
            items.append(item)
        self.tree.addTopLevelItems(items)
        self.tree.setCurrentItem(items[0])
        self.tree.setFocus()

    def _read_failed(self, error: Exception, _details: str) -> None:
        from followup_desktop.services.disk_trouble import plain_error

        self.summary.setText(f"⚠ The backups could not be read: {plain_error(error)}")

    def rows(self) -> list[tuple[str, ...]]:
        return row_texts(self.tree)

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(bool(self.tree.selectedItems()) and not self._busy)

    # The restore ------------------------------------------------------------------------
    def restore_selected(self) -> None:
        item = self.tree.currentItem()
        if item is None or self._busy:
            return
        calls = open_calls(self._window)
        if calls:
            # Their notes would be written to the data being replaced, or be lost.
            self._say(f"Finish or close the call with {calls} first, then restore.")
            return
        backup, taken = Path(item.data(0, _PATH_ROLE)), item.text(0)
        self._set_busy(True, "Checking the backup…")
        from followup_desktop.services import restoring

        services = self._window.services

        def checked(problem: str | None) -> None:
            if problem is not None:
                self._refused(problem)
                return
            self._close_store_then(backup, taken)

        self._window.tasks.run(
            lambda: restoring.problem(services, backup),
            checked,
            lambda error, _details: self._refused(_plain(error)),
            owner=self,
        )

    def _refused(self, reason: str) -> None:
        self._set_busy(False)
        self._say(f"Nothing was restored and your data is as it was: {reason}.")

    def _close_store_then(self, backup: Path, taken: str) -> None:
        window = self._window
        calls = open_calls(window)
        if calls:  # opened while the backup was checked
            self._set_busy(False)
            self._say(f"Finish or close the call with {calls} first, then restore.")
            return
        self._closed_store = True
        self._say("Backing up your current data, then restoring the backup…")
        window.not_openable = lambda _contact_id: RESTORING
        window.calendar_watch.stop()
        window.store_closing.emit()  # the reminders, the inbox watch, the tray's reads
        deadline = time.monotonic() + IDLE_WAIT_S

        def when_idle() -> None:
            if not window.tasks.idle() and time.monotonic() < deadline:
                QTimer.singleShot(50, self, when_idle)
                return
            self._restore(backup, taken)

        when_idle()

    def _restore(self, backup: Path, taken: str) -> None:
        from followup_desktop.services import restoring

        services, rep_zone = self._window.services, self.rep_zone

        def done(result: Done) -> None:
            before = (
                f" Your data as it was just before is kept as the backup of "
                f"{result.before_taken} (your data before a restore): restoring that one "
                "undoes this."
                if result.before_taken
                else ""
            )
            self._finish(f"Restored the backup of {taken}.{before}")

        def failed(error: Exception, _details: str) -> None:
            self._finish(f"Nothing was restored and your data is as it was: {_plain(error)}.")

        self._window.tasks.write(
            lambda: restoring.restore(services, backup, rep_zone), done, failed, owner=self
        )

    def _finish(self, text: str) -> None:
        self._busy = False
        self._say(f"{text}\n\nFollowUp starts again now to show your data.")
        self.restore_button.hide()
        self.buttons.clear()
        again = self.buttons.addButton(
            "Start FollowUp &again", QDialogButtonBox.ButtonRole.AcceptRole
        )
        again.setObjectName("primary")
        again.clicked.connect(self.accept)
        again.setFocus()

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.tree.setEnabled(not busy)
        for button in self.buttons.buttons():
            button.setEnabled(not busy)
        self._selection_changed()
        if text:
            self._say(text)

    def _say(self, text: str) -> None:
        self.said.setText(text)
        self.said.show()

    def reject(self) -> None:
        if self._busy:  # the backup or the restore under way: it ends first
            return
        super().reject()

    def _after(self, _result: int) -> None:
        if self._closed_store:  # the store is closed: the app starts again on the data in place
            self._window.restart_requested.emit()


def _plain(error: Exception) -> str:
    from followup_desktop.services.disk_trouble import plain_error

    return plain_error(error)


def open_calls(window: MainWindow) -> str:
    """The contacts whose call screens are open, as said to the rep ("" for none)."""
    return " and ".join(call.sheet.contact.name for call in window.work.call_windows())
