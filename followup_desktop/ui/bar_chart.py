"""A small horizontal bar chart drawn with QPainter: a label, a bar and the number beside
it, so the figure is read, not guessed. (QtCharts would add PySide6-Addons, ~200 MB, for
what a few rectangles do.)"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from followup_desktop.ui.look import ACCENT

ROW = 26
LABEL_WIDTH = 120  # at least; wider when a label needs it
TEXT_WIDTH = 170


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    text: str  # the number as the rep reads it ("12,500.00 EUR · 3 deals")
    colour: QColor | None = None
    # A line over the bars that follow, naming what they have in common ("Deals in
    # EUR"): no bar, no number.
    heading: bool = False


def heading(label: str) -> Bar:
    return Bar(label, 0, "", heading=True)


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: list[Bar] = []
        self._full: float | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: Sequence[Bar], full: float | None = None) -> None:
        """``full``: the value a whole bar stands for (100 for percentages); by default
        the largest bar's, so counts compare with each other."""
        self._bars = list(bars)
        self._full = full
        self.setAccessibleDescription(
            "; ".join(b.label if b.heading else f"{b.label}: {b.text}" for b in self._bars)
        )
        self.updateGeometry()
        self.update()

    def bars(self) -> list[Bar]:
        return list(self._bars)

    def sizeHint(self) -> QSize:
        return QSize(420, max(1, len(self._bars)) * ROW + 4)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        track = palette.color(QPalette.ColorRole.Midlight)
        top = self._full or max((bar.value for bar in self._bars), default=0) or 1
        metrics = painter.fontMetrics()
        label_width = max(
            [
                LABEL_WIDTH,
                *(metrics.horizontalAdvance(b.label) + 12 for b in self._bars if not b.heading),
            ]
        )
        span = max(40, self.width() - label_width - TEXT_WIDTH - 16)
        plain = painter.font()
        bold = QFont(plain)
        bold.setBold(True)
        for index, bar in enumerate(self._bars):
            y = index * ROW + 2
            painter.setPen(text_colour)
            if bar.heading:
                painter.setFont(bold)
                painter.drawText(
                    QRectF(0, y, self.width(), ROW - 4),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                    bar.label,
                )
                painter.setFont(plain)
                continue
            painter.drawText(
                QRectF(0, y, label_width - 8, ROW - 4),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                bar.label,
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(track)
            painter.drawRoundedRect(QRectF(label_width, y + 5, span, ROW - 14), 3, 3)
            painter.setBrush(bar.colour or ACCENT)
            width = span * max(0.0, bar.value) / top
            if width:
                painter.drawRoundedRect(QRectF(label_width, y + 5, max(width, 3), ROW - 14), 3, 3)
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(label_width + span + 8, y, TEXT_WIDTH, ROW - 4),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                bar.text,
            )
        painter.end()
