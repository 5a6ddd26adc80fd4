"""The You / Me / Next Step cards of the call screen: large lines to read aloud, wrapped
to the card's width (never cut); a click (or Space) marks a line said, which ticks and
fades it but never hides it.

A placeholder with nothing to fill it stays visible, in red with ⚠, so the rep never reads
out "{rep_name}" or half a sentence; one the rep fills in Settings (their own name) is a
link there: a click on it, or Enter on the line, asks for that setting.

Side by side on a wide window; one column, scrolled as a whole, on a narrow one (beside a
softphone).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QGuiApplication,
    QKeySequence,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QFrame,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.placeholders import FilledText, PartKind, setting_for, unfilled
from followup_desktop.core.scripts import FilledCard

KeyRole = Qt.ItemDataRole.UserRole + 1
SaidRole = Qt.ItemDataRole.UserRole + 2
HtmlRole = Qt.ItemDataRole.UserRole + 3  # what is drawn: the mark and the line
SettingRole = Qt.ItemDataRole.UserRole + 4  # the setting that fills this line's gap, if any
LineHtmlRole = Qt.ItemDataRole.UserRole + 5
GapsRole = Qt.ItemDataRole.UserRole + 6  # the gaps in words, for screen readers
SAID_MARK = "✓"
TODO_MARK = "▸"
PROBLEM_MARK = "⚠"
WARNING = QColor("#b3261e")
LINE_POINT_SIZE = 13.5
PADDING = 4  # around a line's text, inside its row
SETTING_LINK = "setting:"


def line_html(line: FilledText) -> str:
    """The line as rich text: unfilled placeholders red with ⚠, the rep's own a link."""
    pieces = []
    for part in line.parts:
        if part.kind in (PartKind.TEXT, PartKind.VALUE):
            pieces.append(escape(part.text))
            continue
        shown = f"{PROBLEM_MARK}\u2009{escape(part.text)}"
        setting = setting_for(part.name)
        if setting:
            pieces.append(
                f'<a href="{SETTING_LINK}{setting}" style="color:{WARNING.name()}">{shown}</a>'
            )
        else:
            pieces.append(f'<span style="color:{WARNING.name()}">{shown}</span>')
    return "".join(pieces)


def _gap_words(line: FilledText) -> str:
    """What a screen reader says after the line about its gaps."""
    notes = []
    for part in unfilled(line):
        setting = setting_for(part.name)
        if setting:
            notes.append(f"{{{part.name}}} is not set: press Enter to set it in Settings")
        elif part.kind is PartKind.UNKNOWN:
            notes.append(f"{{{part.name}}} is not a placeholder: fix the wording in Scripts")
        else:
            notes.append(f"nothing on file for {{{part.name}}}: say it in your own words")
    return "; ".join(dict.fromkeys(notes))


class LineDelegate(QStyledItemDelegate):
    """Draws a line as wrapped rich text at the view's width, and sizes it to fit."""

    def __init__(self, view: ScriptLines) -> None:
        super().__init__(view)
        self._view = view

    def document(self, index: QModelIndex | QPersistentModelIndex, width: int) -> QTextDocument:
        doc = QTextDocument()
        font = self._view.font()
        font.setPointSizeF(LINE_POINT_SIZE)
        doc.setDefaultFont(font)
        doc.setDocumentMargin(PADDING)
        doc.setHtml(index.data(HtmlRole) or escape(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        doc.setTextWidth(max(40, width))
        return doc

    def text_width(self) -> int:
        return self._view.viewport().width() - 2 * self._view.spacing()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        width = self.text_width()
        doc = self.document(index, width)
        return QSize(width, int(doc.size().height()) + 1)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        style_option = QStyleOptionViewItem(option)
        self.initStyleOption(style_option, index)
        style_option.text = ""
        style = self._view.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, style_option, painter, self._view)
        rect: QRect = option.rect
        doc = self.document(index, rect.width())
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = self._view.palette()
        brush = index.data(Qt.ItemDataRole.ForegroundRole) or palette.text()
        colour = palette.highlightedText().color() if selected else brush.color()
        painter.save()
        painter.translate(rect.topLeft())
        context = doc.documentLayout().PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, colour)
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def link_at(self, index: QModelIndex | QPersistentModelIndex, point: QPoint) -> str:
        """The link under ``point`` (view coordinates) in the line at ``index``, or ""."""
        rect = self._view.visualRect(index)
        doc = self.document(index, rect.width())
        return str(doc.documentLayout().anchorAt(point - rect.topLeft()))


class ScriptLines(QListWidget):
    """One card's lines. Space or a click toggles "said"; Ctrl+C copies the line; a click
    on a red placeholder the rep fills in Settings (or Enter on its line) asks for it."""

    said_changed = Signal(str, bool)
    setting_requested = Signal(str)  # a settings key

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
        self.delegate = LineDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setMouseTracking(True)
        self._fit_content = False
        self._pressed_link = ""
        self.itemClicked.connect(self._clicked)
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
        item = self.currentItem()
        if event.key() == Qt.Key.Key_Space and item is not None:
            self.toggle(item)
            return
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and item is not None and item.data(SettingRole):
            self.setting_requested.emit(item.data(SettingRole))
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._pressed_link = self._link_at(event.position().toPoint())
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        on_link = bool(self._link_at(event.position().toPoint()))
        shape = Qt.CursorShape.PointingHandCursor if on_link else Qt.CursorShape.ArrowCursor
        self.viewport().setCursor(shape)
        super().mouseMoveEvent(event)

    def _link_at(self, point: QPoint) -> str:
        index = self.indexAt(point)
        return self.delegate.link_at(index, point) if index.isValid() else ""

    def _clicked(self, item: QListWidgetItem) -> None:
        link, self._pressed_link = self._pressed_link, ""
        if link.startswith(SETTING_LINK):
            self.setting_requested.emit(link.removeprefix(SETTING_LINK))
            return
        self.toggle(item)

    def fill(self, card: FilledCard, said: set[str]) -> None:
        self.clear()
        for index, line in enumerate(card.lines):
            key = f"{card.part.value}:{index}"
            item = QListWidgetItem()
            item.setData(KeyRole, key)
            item.setData(Qt.ItemDataRole.UserRole, line.text)
            item.setData(LineHtmlRole, line_html(line))
            item.setData(GapsRole, _gap_words(line))
            setting = next(filter(None, (setting_for(p.name) for p in unfilled(line))), None)
            item.setData(SettingRole, setting)
            if setting:
                item.setToolTip(
                    "Not set yet: click the red placeholder (or press Enter) to set it in "
                    "Settings, so the customer hears it filled in."
                )
            elif line.unknown:
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
        self._fit()

    def toggle(self, item: QListWidgetItem) -> None:
        key = item.data(KeyRole)
        if not key:
            return
        said = not item.data(SaidRole)
        self._paint(item, said, bool(item.toolTip()))
        self.said_changed.emit(key, said)

    def _paint(self, item: QListWidgetItem, said: bool, problem: bool) -> None:
        text = item.data(Qt.ItemDataRole.UserRole)
        item.setData(SaidRole, said)
        mark = SAID_MARK if said else (PROBLEM_MARK if problem else TODO_MARK)
        item.setText(f"{mark} {text}")
        shown = (
            f'<span style="color:{WARNING.name()}">{mark}</span>' if mark == PROBLEM_MARK else mark
        )
        item.setData(HtmlRole, f"{shown} {item.data(LineHtmlRole) or escape(text)}")
        font = item.font()
        font.setPointSizeF(LINE_POINT_SIZE)
        item.setFont(font)
        palette = self.palette()
        item.setForeground(palette.placeholderText() if said else palette.text())
        spoken = f"{'said: ' if said else ''}{text}"
        gaps = item.data(GapsRole)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{spoken} ({gaps})" if gaps else spoken)

    def copy_current(self) -> None:
        item = self.currentItem()
        if item is not None and item.data(Qt.ItemDataRole.UserRole):
            QGuiApplication.clipboard().setText(item.data(Qt.ItemDataRole.UserRole))

    def is_said(self, row: int) -> bool:
        item = self.item(row)
        return bool(item and item.data(SaidRole))

    # One column: the card is as tall as its lines, and the panel scrolls as a whole.
    def set_fit_content(self, fit: bool) -> None:
        self._fit_content = fit
        self.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff if fit else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        if not fit:
            self.setMinimumHeight(0)
            self.setMaximumHeight(16_777_215)
        self._fit()

    def content_height(self) -> int:
        rows = sum(self.sizeHintForRow(row) + 2 * self.spacing() for row in range(self.count()))
        return rows + 2 * self.frameWidth() + 2

    def _fit(self) -> None:
        if self._fit_content:
            self.setFixedHeight(self.content_height())

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        if self._fit_content and event.size().width() != event.oldSize().width():
            self.doItemsLayout()
            self._fit()


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
    """Three cards side by side, or one above the other when narrow; ``focus_card(n)`` is
    what keys 1/2/3 call."""

    said_changed = Signal(str, bool)
    setting_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards = [ScriptCardView(number) for number in (1, 2, 3)]
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight, inner)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(8)
        for view in self.cards:
            self.row.addWidget(view, 1)
            view.lines.said_changed.connect(self.said_changed)
            view.lines.setting_requested.connect(self.setting_requested)
        self.row.addStretch(0)  # one column: room left over goes below the last card
        self.area.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.area)
        self.one_column = False
        self.set_one_column(False)

    def set_one_column(self, one: bool) -> None:
        self.one_column = one
        self.row.setDirection(
            QBoxLayout.Direction.TopToBottom if one else QBoxLayout.Direction.LeftToRight
        )
        self.area.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded if one else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        for index, view in enumerate(self.cards):
            view.lines.set_fit_content(one)
            self.row.setStretch(index, 0 if one else 1)
        self.row.setStretch(len(self.cards), 1 if one else 0)

    def show_cards(self, cards: Iterable[FilledCard], said: set[str]) -> None:
        for view, card in zip(self.cards, cards, strict=True):
            view.show_card(card, said)

    def focus_card(self, number: int) -> None:
        view = self.cards[number - 1]
        lines = view.lines
        lines.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if lines.currentRow() < 0 and lines.count():
            lines.setCurrentRow(0)
        if self.one_column:
            self.area.ensureWidgetVisible(view, 0, 0)
