"""The keyboard-shortcut sheet (F1): every key, grouped by where it works, each group's
keys beside their words; the window's keys in one column, Today's and a call's in the
other, so it reads whole on a 1280×720 screen and scrolls on a smaller one."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

Keys = tuple[tuple[str, str], ...]

ANYWHERE: Keys = (
    ("Ctrl+1 … Ctrl+4", "Today, Contacts, Pipeline, Stats"),
    ("Ctrl+K or Ctrl+F", "Search anyone"),
    ("Esc", "Clear the search"),
    ("Enter or double-click", "Open the call screen for the selected contact"),
    ("Ctrl+N", "New contact"),
    ("F2", "Edit the selected contact"),
    ("Ctrl+H", "History of the selected contact: every touch, step and promise"),
    ("Delete", "Delete the selected contact"),
    ("Ctrl+Z", "Undo the last delete"),
    ("Ctrl+Shift+C", "Start calls: today's calls one after another (again: resume)"),
    ("Ctrl+O", "Import contacts"),
    ("Ctrl+,", "Settings"),
    ("Ctrl+Shift+S", "Scripts: edit the call cards"),
    ("F5", "Sync your calendar and address book now"),
    ("Ctrl+Q", "Quit"),
)
# The keys on Today's buttons ("Reschedule… (R)"), pressed on the selected row.
IN_TODAY: Keys = (
    ("Enter", "Call, or open the e-mail step's draft"),
    ("E", "Open the e-mail draft of the selected follow-up"),
    ("S", "Sent: the e-mail step is done"),
    ("D", "Delivered: the promise is kept"),
    ("R", "Reschedule the call or e-mail…"),
    ("M", "Move the promise, or the search for a number…"),
    ("K", "Skip it…"),
    ("V", "Visited: log a visit"),
    ("I", "They called: log their call"),
    ("Y", "They replied: log their answer"),
    ("U", "Take the last of these back (for a few seconds)"),
)
IN_A_CALL: Keys = (
    ("1 / 2 / 3", "Go to the You, Me or Next Step card"),
    ("Space · Ctrl+C", "Mark the line said · copy it"),
    ("C V N W L", "Connected, Voicemail, No answer, Wrong number, Not now"),
    ("Alt+C … Alt+L", "The same while typing"),
    ("Ctrl+D", "Call: dial with your dialer (Settings › Calls) and start the timer"),
    ("Ctrl+T", "Start timer: time a call you dial yourself"),
    ("Ctrl+E · Ctrl+I", "The e-mail draft · save the calendar invite"),
    ("Ctrl+Enter", "Save the outcome"),
    ("Esc", "Back, or close the call (notes are kept)"),
    ("Alt+P · Alt+K · Alt+T", "In Start calls: pause after this call · skip it · stop"),
)
GROUPS: tuple[tuple[str, Keys], ...] = (
    ("Anywhere", ANYWHERE),
    ("In Today, on the selected row", IN_TODAY),
    ("In a call", IN_A_CALL),
)


def _column(groups: tuple[tuple[str, Keys], ...]) -> QWidget:
    """``groups`` one under another in one grid, so their keys and words line up."""
    box = QWidget()
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setHorizontalSpacing(16)
    row = 0
    for title, keys in groups:
        if row:
            grid.setRowMinimumHeight(row, 12)  # a gap before the next group's title
            row += 1
        grid.addWidget(QLabel(f"<b>{title}</b>"), row, 0, 1, 2)
        for key, what in keys:
            row += 1
            key_label = QLabel(f"<b>{key}</b>")
            key_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            words = QLabel(what)
            words.setAccessibleName(key)  # read aloud: the key, then what it does
            grid.addWidget(key_label, row, 0)
            grid.addWidget(words, row, 1)
        row += 1
    grid.setColumnStretch(1, 1)
    grid.setRowStretch(row, 1)
    return box


class ShortcutSheet(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        columns = QWidget()
        row = QHBoxLayout(columns)
        row.setSpacing(32)
        row.addWidget(_column(GROUPS[:1]), 1)
        row.addWidget(_column(GROUPS[1:]), 1)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(columns)
        self.area = area
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(area, 1)
        layout.addWidget(buttons)
        self._columns, self._buttons = columns, buttons

    def showEvent(self, event: QShowEvent) -> None:
        """Sized once shown, when its labels have the window's fonts: whole where the
        screen has room, never beyond it (it scrolls instead)."""
        super().showEvent(event)
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        around = QSize(
            margins.left() + margins.right(),
            margins.top() + margins.bottom() + layout.spacing() + self._buttons.height(),
        )
        free = self.screen().availableGeometry().size() * 0.9
        self.resize((self._columns.sizeHint() + around).boundedTo(free))
