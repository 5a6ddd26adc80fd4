"""Layout pieces that keep the call screen usable at any size: a row of buttons that
wraps instead of squeezing them (a squeezed button cuts its words), a stack of pages as
tall as the page shown, and a form's fields that scroll rather than push its buttons off
a short screen."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedLayout,
    QWidget,
)

SPACING = 8
# A form under the script shows at least this many lines of itself on a short screen
# (a 1280×720 laptop): what the rep types next, with the rest a scroll away.
FORM_LINES_AT_LEAST = 2


class ButtonRows(QWidget):
    """``main`` from the left, as many a row as fit; ``side`` at the right end of the last
    row, or on a row of their own when there is no room beside."""

    def __init__(
        self, main: list[QPushButton], side: list[QPushButton], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._main, self._side = main, side
        for button in (*main, *side):
            button.setParent(self)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._height = self._row_height()

    def _shown(self, buttons: list[QPushButton]) -> list[QPushButton]:
        return [button for button in buttons if not button.isHidden()]

    def _row_height(self) -> int:
        return max((b.sizeHint().height() for b in (*self._main, *self._side)), default=0)

    def _place(self, width: int) -> int:
        """Put every button in place for ``width``; the height that takes."""
        row = self._row_height()
        x = y = 0
        for button in self._shown(self._main):
            size = button.sizeHint()
            if x > 0 and x + size.width() > width:
                x, y = 0, y + row + SPACING
            button.setGeometry(x, y, size.width(), row)
            x += size.width() + SPACING
        side = self._shown(self._side)
        side_width = sum(b.sizeHint().width() for b in side) + SPACING * max(0, len(side) - 1)
        if side and x > 0 and x + side_width > width:
            y += row + SPACING
        x = max(0, width - side_width)
        for button in side:
            size = button.sizeHint()
            button.setGeometry(x, y, size.width(), row)
            x += size.width() + SPACING
        return y + row

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        height = self._place(event.size().width())
        if height != self._height:
            self._height = height
            self.updateGeometry()

    def sizeHint(self) -> QSize:
        buttons = self._shown([*self._main, *self._side])
        width = sum(b.sizeHint().width() for b in buttons) + SPACING * len(buttons)
        return QSize(width, self._height)

    def minimumSizeHint(self) -> QSize:
        widest = max((b.sizeHint().width() for b in (*self._main, *self._side)), default=0)
        return QSize(widest, self._height)


class CurrentPageLayout(QStackedLayout):
    """As tall as the page shown: a plain stack is as tall as its tallest page's wrapped
    text, which takes the script's room on a narrow window."""

    def hasHeightForWidth(self) -> bool:
        page = self.currentWidget()
        return page is not None and page.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        page = self.currentWidget()
        return page.heightForWidth(width) if page is not None else -1

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else QSize()

    def minimumSize(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else QSize()


class PageStack(QWidget):
    """The pages under the notes (outcomes, next step, plan), one shown at a time."""

    currentChanged = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self._pages = CurrentPageLayout(self)
        self._pages.setContentsMargins(0, 0, 0, 0)
        self._pages.currentChanged.connect(self._changed)

    def _changed(self, index: int) -> None:
        self._pages.invalidate()
        self.updateGeometry()
        self.currentChanged.emit(index)

    def addWidget(self, page: QWidget) -> int:
        return self._pages.addWidget(page)

    def replace(self, index: int, page: QWidget) -> None:
        """``page`` where page ``index`` was (the old one is deleted), shown if it was."""
        old = self.widget(index)
        shown = self.currentIndex() == index
        self._pages.insertWidget(index, page)
        self._pages.removeWidget(old)
        old.deleteLater()
        if shown:
            self.setCurrentIndex(index)

    def count(self) -> int:
        return self._pages.count()

    def widget(self, index: int) -> QWidget:
        page = self._pages.widget(index)
        if page is None:
            raise IndexError(f"no page {index}")
        return page

    def currentIndex(self) -> int:
        return self._pages.currentIndex()

    def setCurrentIndex(self, index: int) -> None:
        self._pages.setCurrentIndex(index)


class FormArea(QScrollArea):
    """A form's fields, as tall as they are where there is room, scrolling where there is
    not: the call screen fits a 720-px-high screen, the script keeps its room, and the
    form's buttons, kept outside, stay on screen."""

    def __init__(self, fields: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(fields)
        self._width = -1

    def _fields(self) -> QWidget:
        fields = self.widget()
        assert fields is not None  # set once, in __init__
        return fields

    def sizeHint(self) -> QSize:
        # All of the fields at the width they have: a wrapped line needs more height
        # than their one-line hint says, and it should not scroll while there is room.
        fields = self._fields()
        width = self.viewport().width() if self._width > 0 else fields.sizeHint().width()
        height = fields.heightForWidth(width) if fields.hasHeightForWidth() else -1
        return QSize(fields.sizeHint().width(), max(height, fields.sizeHint().height()))

    def minimumSizeHint(self) -> QSize:
        # As wide as the fields need (they never scroll sideways), as tall as a few lines.
        bar = self.verticalScrollBar().sizeHint().width()
        lines = FORM_LINES_AT_LEAST * self.fontMetrics().lineSpacing() + SPACING
        return QSize(self._fields().minimumSizeHint().width() + bar, lines)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != self._width:
            self._width = event.size().width()
            self.updateGeometry()  # the fields wrap anew: their height is asked again
        # Shown, or made shorter: the field the rep types in stays in sight (Tab scrolls
        # to the next one by itself).
        focused = self.focusWidget()
        if focused is not None and self._fields().isAncestorOf(focused):
            self.ensureWidgetVisible(focused)
