"""Edit › Deleted contacts: the contacts the rep deleted, the latest first, each one a
click from coming back with its history, follow-ups and deals.

A delete hides a contact and keeps everything of it; Undo (Ctrl+Z) brings back the last
ones while the window is open. This is the way back after that: the next day, after a
restart, or for a contact deleted on the phone ("restore the contact to put it back
there", its history says).

Like the history, the dialog gets two narrow callables (read the list, restore one), run
on workers, not the whole set of services.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.changes import Change
from followup_desktop.core.model import DeletedContact
from followup_desktop.ui.contact_history import when_text
from followup_desktop.ui.listing_tree import listing_summary, listing_tree, row_texts
from followup_desktop.ui.tasks import TaskRunner

COLUMNS = ("Name", "Company", "Deleted")
_ID_ROLE = Qt.ItemDataRole.UserRole


class DeletedContactsDialog(QDialog):
    restored = Signal(object, int, str)  # the Change, the contact's id, their name

    def __init__(
        self,
        load: Callable[[], list[DeletedContact]],
        restore: Callable[[int], Change],
        rep_zone: tzinfo,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._load, self._restore, self._tasks = load, restore, tasks
        self.rep_zone = rep_zone
        self.setWindowTitle("Deleted contacts")
        self.summary = listing_summary("Reading the deleted contacts…", "Deleted contacts summary")
        self.tree = listing_tree(COLUMNS, "Deleted contacts", stretched=(0, 1))
        self.restore_button = QPushButton("&Restore")
        self.restore_button.setObjectName("primary")
        self.restore_button.setToolTip("Back in the lists with their history, steps and deals")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore_selected)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.tree.itemActivated.connect(lambda *_: self.restore_selected())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(620, 420)
        self.contacts: list[DeletedContact] | None = None
        self._restoring = False
        self._news = ""  # said above the list read again after a restore
        self._read()

    def _read(self) -> None:
        self._tasks.run(self._load, self.show_contacts, self._read_failed, owner=self)

    def show_contacts(self, contacts: list[DeletedContact]) -> None:
        self.contacts = contacts
        self.tree.clear()
        news, self._news = self._news, ""
        if not contacts:
            self.summary.setText(f"{news}No deleted contacts: everyone you deleted is back.")
            self.restore_button.setEnabled(False)
            return
        count = f"{len(contacts)} contact{'s' if len(contacts) != 1 else ''}"
        self.summary.setText(
            f"{news}{count} deleted, the latest first. Restoring one brings back its "
            "history, its follow-ups and its deals."
        )
        items = []
        for contact in contacts:
            item = QTreeWidgetItem(
                [contact.name, contact.company, when_text(contact.deleted_at, self.rep_zone)]
            )
            item.setData(0, _ID_ROLE, contact.id)
            items.append(item)
        self.tree.addTopLevelItems(items)
        self.tree.setCurrentItem(items[0])
        self.tree.setFocus()

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(bool(self.tree.selectedItems()) and not self._restoring)

    def restore_selected(self) -> None:
        item = self.tree.currentItem()
        if item is None or self._restoring:
            return
        contact_id, name = int(item.data(0, _ID_ROLE)), item.text(0)
        self._restoring = True
        self.restore_button.setEnabled(False)
        restore = self._restore

        def back(change: Change) -> None:
            self._restoring = False
            self.restored.emit(change, contact_id, name)
            self._news = f"{name} is back. "
            self._read()

        def not_back(error: Exception, _details: str) -> None:
            from followup_desktop.services.disk_trouble import plain_error

            self._restoring = False
            self._selection_changed()
            self.summary.setText(f"⚠ {name} is not back: {plain_error(error)}")

        self._tasks.write(lambda: restore(contact_id), back, not_back, owner=self)

    def _read_failed(self, error: Exception, _details: str) -> None:
        from followup_desktop.services.disk_trouble import plain_error

        self.summary.setText(f"⚠ The deleted contacts could not be read: {plain_error(error)}")

    def row_texts(self) -> list[tuple[str, ...]]:
        """What each row shows, column by column (for the rep's eyes, and tests)."""
        return row_texts(self.tree)
