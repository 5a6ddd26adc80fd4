"""The You / Me / Next Step cards of the call screen: large lines to read aloud; a click (or
Space) marks a line said, which ticks and fades it but never hides it."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QColor, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.scripts import FilledCard

KeyRole = Qt.ItemDataRole.UserRole + 1
SAID_MARK = "✓"
TODO_MARK = "▸"
WARNING = QColor("#b3261e")


class ScriptLines(QListWidget):
    """One card's lines. Space or a click toggles "said"; Ctrl+C copies the line."""

    said_changed = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scriptLines")
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSpacing(4)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.itemClicked.connect(self.toggle)
        copy = QAction("Copy line", self)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_current)
        self.addAction(copy)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def keyboardSearch(self, search: str) -> None:
        # Ignored: typed letters must reach the window's outcome shortcuts.
        return

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_Space and self.currentItem() is not None:
            self.toggle(self.currentItem())
            return
        super().keyPressEvent(event)

    def fill(self, card: FilledCard, said: set[str]) -> None:
        self.clear()
        for index, line in enumerate(card.lines):
            key = f"{card.part.value}:{index}"
            item = QListWidgetItem()
            item.setData(KeyRole, key)
            item.setData(Qt.ItemDataRole.UserRole, line.text)
            if line.unknown:
                item.setToolTip(
                    "Unknown placeholder "
                    + ", ".join("{" + name + "}" for name in line.unknown)
                    + ": fix the wording in Scripts."
                )
            elif line.missing:
                item.setToolTip(
                    "Nothing on file for "
                    + ", ".join("{" + name + "}" for name in line.missing)
                    + ": say it in your own words."
                )
            self.addItem(item)
            self._paint(item, key in said, bool(line.unknown or line.missing))
        if not card.lines:
            item = QListWidgetItem("No card for this situation: add one in Scripts.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(item)

    def toggle(self, item: QListWidgetItem) -> None:
        key = item.data(KeyRole)
        if not key:
            return
        said = not item.data(Qt.ItemDataRole.UserRole + 2)
        self._paint(item, said, bool(item.toolTip()))
        self.said_changed.emit(key, said)

    def _paint(self, item: QListWidgetItem, said: bool, problem: bool) -> None:
        text = item.data(Qt.ItemDataRole.UserRole)
        item.setData(Qt.ItemDataRole.UserRole + 2, said)
        mark = SAID_MARK if said else ("⚠" if problem else TODO_MARK)
        item.setText(f"{mark} {text}")
        font = item.font()
        font.setPointSizeF(13.5)
        item.setFont(font)
        palette = self.palette()
        if said:
            item.setForeground(palette.placeholderText())
        elif problem:
            item.setForeground(WARNING)
        else:
            item.setForeground(palette.text())
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{'said: ' if said else ''}{text}")

    def copy_current(self) -> None:
        item = self.currentItem()
        if item is not None and item.data(Qt.ItemDataRole.UserRole):
            QGuiApplication.clipboard().setText(item.data(Qt.ItemDataRole.UserRole))

    def is_said(self, row: int) -> bool:
        item = self.item(row)
        return bool(item and item.data(Qt.ItemDataRole.UserRole + 2))


class ScriptCardView(QFrame):
    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scriptCard")
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.number = number
        self.lines = ScriptLines()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.lines, 1)

    def show_card(self, card: FilledCard, said: set[str]) -> None:
        self.title.setText(f"{card.part.heading}  <span style='color:gray'>({self.number})</span>")
        self.lines.setAccessibleName(f"{card.part.heading} card")
        self.lines.fill(card, said)


class ScriptPanel(QWidget):
    """Three cards side by side; ``focus_card(n)`` is what keys 1/2/3 call."""

    said_changed = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards = [ScriptCardView(number) for number in (1, 2, 3)]
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        for view in self.cards:
            layout.addWidget(view, 1)
            view.lines.said_changed.connect(self.said_changed)

    def show_cards(self, cards: Iterable[FilledCard], said: set[str]) -> None:
        for view, card in zip(self.cards, cards, strict=True):
            view.show_card(card, said)

    def focus_card(self, number: int) -> None:
        lines = self.cards[number - 1].lines
        lines.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if lines.currentRow() < 0 and lines.count():
            lines.setCurrentRow(0)
