"""One contact's history in a window: every touch, step and promise, newest first.

The dialog gets one narrow callable that loads the history (run on a worker), not the
whole set of services: it reads one thing and shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.clock_words import moment_text
from followup_desktop.core.contact_timeline import EntryKind, TimelineEntry, count_text
from followup_desktop.ui.listing_tree import listing_summary, listing_tree, row_texts, wrap_column
from followup_desktop.ui.tasks import TaskRunner

COLUMNS = ("When", "What", "Details", "State")
DETAILS = COLUMNS.index("Details")
_KIND_ROLE = Qt.ItemDataRole.UserRole


def when_text(moment: datetime, rep_zone: tzinfo) -> str:
    """In the rep's own zone, with the year: a history spans years."""
    return moment_text(moment.astimezone(rep_zone), year=True)


class ContactHistoryDialog(QDialog):
    def __init__(
        self,
        name: str,
        load: Callable[[], list[TimelineEntry]],
        rep_zone: tzinfo,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.rep_zone = rep_zone
        self.setWindowTitle(f"History — {name}")
        self.summary = listing_summary("Loading the history…", "History summary")
        # The notes are why she opens it: the details take the width left and wrap.
        self.tree = listing_tree(COLUMNS, f"History of {name}", stretched=(DETAILS,))
        wrap_column(self.tree, DETAILS)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(900, 520)
        self.entries: list[TimelineEntry] | None = None
        tasks.run(load, self.show_entries, self._failed, owner=self)

    def show_entries(self, entries: list[TimelineEntry]) -> None:
        self.entries = entries
        self.tree.clear()
        if not entries:
            self.summary.setText(
                "Nothing yet: no call, e-mail, note, step or promise for this contact."
            )
            return
        self.summary.setText(f"Newest first · {count_text(entries)}")
        items = []
        for entry in entries:
            item = QTreeWidgetItem(
                [
                    when_text(entry.at, self.rep_zone),
                    entry.what,
                    entry.detail.replace("\n", " "),
                    entry.state.capitalize(),  # "Done", "Planned": words, not codes
                ]
            )
            item.setData(0, _KIND_ROLE, entry.kind.value)
            if entry.detail:
                item.setToolTip(DETAILS, entry.detail)
            if entry.kind is not EntryKind.TOUCH and entry.state in ("planned", "open"):
                font = item.font(1)
                font.setBold(True)  # what is still ahead stands out
                item.setFont(1, font)
            items.append(item)
        self.tree.addTopLevelItems(items)
        self.tree.setCurrentItem(items[0])
        self.tree.setFocus()

    def _failed(self, error: Exception, _details: str) -> None:
        self.summary.setText(f"The history could not be read: {error}")

    def row_texts(self) -> list[tuple[str, ...]]:
        """What each row shows, column by column (for the rep's eyes, and tests)."""
        return row_texts(self.tree)
