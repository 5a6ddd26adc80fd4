"""Edit › Not taken by the team server: the writes kept on this laptop while the server
was away that it refused once back (``services.set_aside``), the oldest first. The rep
reads each whole, copies it to write it elsewhere, and removes it, once sure, when done.

Like the deleted contacts, the dialog gets narrow callables (read the list, let one go),
run on workers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.services.set_aside import SetAsideWrite, when_text
from followup_desktop.ui.listing_tree import listing_summary, listing_tree, row_texts
from followup_desktop.ui.tasks import TaskRunner

COLUMNS = ("Kept", "What", "Why it was not taken")
TITLE = "Not taken by the team server"
_ROW_ROLE = Qt.ItemDataRole.UserRole


class SetAsideDialog(QDialog):
    removed = Signal()  # one was let go: the window's notice counts again

    def __init__(
        self,
        load: Callable[[], list[SetAsideWrite]],
        remove: Callable[[str], bool],
        rep_zone: tzinfo,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._load, self._remove, self._tasks = load, remove, tasks
        self.rep_zone = rep_zone
        self.setWindowTitle(TITLE)
        self.summary = listing_summary(
            "Reading what the team server did not take…", "Not taken summary"
        )
        self.tree = listing_tree(COLUMNS, TITLE, stretched=(1, 2))
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName("What it said, in full")
        self.copy_button = QPushButton("&Copy text")
        self.copy_button.setObjectName("primary")
        self.copy_button.setToolTip("All of it, notes included, to paste where you need it")
        self.copy_button.clicked.connect(self.copy_selected)
        self.remove_button = QPushButton("&Remove…")
        self.remove_button.setToolTip("Once you have done with it: it is gone from this laptop")
        self.remove_button.clicked.connect(self.ask_to_remove)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 2)
        layout.addWidget(self.detail, 1)
        layout.addWidget(buttons)
        self.resize(760, 520)
        self.writes: list[SetAsideWrite] | None = None
        self.confirm: QMessageBox | None = None  # open while the rep decides on a removal
        self._busy = False
        self._news = ""  # said above the list read again after a removal
        self._selection_changed()
        self._read()

    def _read(self) -> None:
        self._tasks.run(self._load, self.show_writes, self._read_failed, owner=self)

    def show_writes(self, writes: list[SetAsideWrite]) -> None:
        self.writes = writes
        self.tree.clear()
        news, self._news = self._news, ""
        if not writes:
            self.summary.setText(f"{news}Nothing here: the team server took all you kept.")
            self._selection_changed()
            return
        self.summary.setText(
            f"{news}Kept on this laptop while the team server was away, and not taken by "
            "it once back. Copy what you need (to log it again, or to tell a colleague), "
            "then remove it."
        )
        items = []
        for row, write in enumerate(writes):
            item = QTreeWidgetItem([when_text(write.kept_at, self.rep_zone), write.what, write.why])
            item.setData(0, _ROW_ROLE, row)
            item.setToolTip(2, write.why)
            items.append(item)
        self.tree.addTopLevelItems(items)
        self.tree.setCurrentItem(items[0])
        self.tree.setFocus()

    def current(self) -> SetAsideWrite | None:
        item = self.tree.currentItem()
        if item is None or self.writes is None:
            return None
        return self.writes[int(item.data(0, _ROW_ROLE))]

    def _selection_changed(self) -> None:
        write = self.current()
        self.detail.setPlainText("" if write is None else write.text(self.rep_zone))
        self.copy_button.setEnabled(write is not None)
        self.remove_button.setEnabled(write is not None and not self._busy)

    def copy_selected(self) -> None:
        write = self.current()
        if write is not None:
            QApplication.clipboard().setText(write.text(self.rep_zone))
            self.summary.setText(f"Copied: {write.what}.")

    def ask_to_remove(self) -> None:
        write = self.current()
        if write is None or self._busy:
            return
        self.confirm = QMessageBox(
            QMessageBox.Icon.Question,
            "Remove it?",
            f"Remove “{write.what}” from this laptop? It was never written to the team "
            "server: copy it first if you still need it.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        self.confirm.button(QMessageBox.StandardButton.Yes).setText("Remove")
        self.confirm.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.confirm.finished.connect(lambda answer: self._answered(write, answer))
        self.confirm.open()

    def _answered(self, write: SetAsideWrite, answer: int) -> None:
        self.confirm = None
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._busy = True
        self._selection_changed()
        remove = self._remove

        def gone(_done: bool) -> None:
            self._busy = False
            self._news = f"Removed: {write.what}. "
            self.removed.emit()
            self._read()

        def kept(error: Exception, _details: str) -> None:
            from followup_desktop.services.disk_trouble import plain_error

            self._busy = False
            self._selection_changed()
            self.summary.setText(f"⚠ Not removed: {plain_error(error)}")

        self._tasks.write(lambda: remove(write.id), gone, kept, owner=self)

    def _read_failed(self, error: Exception, _details: str) -> None:
        from followup_desktop.services.disk_trouble import plain_error

        self.summary.setText(f"⚠ The list could not be read: {plain_error(error)}")

    def row_texts(self) -> list[tuple[str, ...]]:
        """What each row shows, column by column (for the rep's eyes, and tests)."""
        return row_texts(self.tree)
