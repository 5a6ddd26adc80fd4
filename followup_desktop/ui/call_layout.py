"""Layout pieces that keep the call screen usable at any width: a row of buttons that
wraps instead of squeezing them (a squeezed button cuts its words), and a stack of pages
as tall as the page shown."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QPushButton, QSizePolicy, QStackedLayout, QWidget

SPACING = 8


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
