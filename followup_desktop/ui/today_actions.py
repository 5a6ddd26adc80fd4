"""What can be done with a Today row, and the bars that offer it.

Each row kind has its own way to be finished (``ACTIONS``): a call opens the call screen,
an e-mail step is sent, skipped or rescheduled, a promise delivered or moved, the search
for a right number opens the contact's form (``NUMBER_ACTIONS``: no call screen to dial
the wrong one), and any contact can have a visit, an inbound call or a reply logged. Every action has a key
(pressed on the row) and a button (in the bar under the list, for the current row); the
undo bar under it takes the last one back for a few seconds (U).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core import steps
from followup_desktop.core.model import FollowUpKind
from followup_desktop.ui.time_field import TimeField
from followup_desktop.ui.two_clocks import your_time_first

UNDO_SECONDS = 8


class RowAction(enum.Enum):
    OPEN = "open"  # the call screen, or an e-mail step's draft
    SENT = "sent"
    DELIVERED = "delivered"
    RESCHEDULE = "reschedule"
    SKIP = "skip"
    VISIT = "visit"
    INBOUND = "inbound"
    REPLY = "reply"


@dataclass(frozen=True, slots=True)
class ActionSpec:
    action: RowAction
    key: Qt.Key
    label: str  # the button's words, with the key shown
    kinds: frozenset[FollowUpKind]


_ALL = frozenset(FollowUpKind)
_CALL, _EMAIL, _TASK = (
    frozenset({FollowUpKind.CALL}),
    frozenset({FollowUpKind.EMAIL}),
    frozenset({FollowUpKind.TASK}),
)

# In the order the bar shows them: the row's own finish first, then the contact's.
ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(RowAction.OPEN, Qt.Key.Key_Return, "Call (Enter)", _CALL),
    ActionSpec(RowAction.OPEN, Qt.Key.Key_Return, "Draft (Enter)", _EMAIL),
    ActionSpec(RowAction.SENT, Qt.Key.Key_S, "Sent (S)", _EMAIL),
    ActionSpec(RowAction.DELIVERED, Qt.Key.Key_D, "Delivered (D)", _TASK),
    ActionSpec(RowAction.RESCHEDULE, Qt.Key.Key_R, "Reschedule… (R)", _CALL | _EMAIL),
    ActionSpec(RowAction.RESCHEDULE, Qt.Key.Key_M, "Move… (M)", _TASK),
    ActionSpec(RowAction.SKIP, Qt.Key.Key_K, "Skip… (K)", _CALL | _EMAIL),
    ActionSpec(RowAction.VISIT, Qt.Key.Key_V, "Visited (V)", _ALL),
    ActionSpec(RowAction.INBOUND, Qt.Key.Key_I, "They called (I)", _ALL),
    ActionSpec(RowAction.REPLY, Qt.Key.Key_Y, "They replied (Y)", _ALL),
)


# A task, but no promise: finished by saving the right number, moved, or given up.
NUMBER_ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(RowAction.OPEN, Qt.Key.Key_Return, "Change the number (Enter)", _TASK),
    ActionSpec(RowAction.RESCHEDULE, Qt.Key.Key_M, "Move… (M)", _TASK),
    ActionSpec(RowAction.SKIP, Qt.Key.Key_K, "Skip… (K)", _TASK),
)


def actions_for(kind: FollowUpKind, step: str = "") -> tuple[ActionSpec, ...]:
    if step == steps.FIND_NUMBER:
        return (*NUMBER_ACTIONS, *(spec for spec in ACTIONS if spec.kinds == _ALL))
    return tuple(spec for spec in ACTIONS if kind in spec.kinds)


def action_for_key(kind: FollowUpKind, key: int, step: str = "") -> RowAction | None:
    for spec in actions_for(kind, step):
        if spec.key == key:
            return spec.action
    return None


class RowActionsBar(QWidget):
    """The current row's actions as buttons with their keys."""

    triggered = Signal(object)  # RowAction

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Actions for the selected follow-up")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(8, 4, 8, 4)
        self.buttons: list[QPushButton] = []

    def show_for(self, kind: FollowUpKind | None, step: str = "") -> None:
        for button in self.buttons:
            self._layout.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        while self._layout.count():
            self._layout.takeAt(0)
        if kind is None:
            self.hide()
            return
        for spec in actions_for(kind, step):
            button = QPushButton(spec.label)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys work on the row
            button.clicked.connect(lambda _=False, a=spec.action: self.triggered.emit(a))
            self._layout.addWidget(button)
            self.buttons.append(button)
        self._layout.addStretch()
        self.show()


class UndoBar(QWidget):
    """ "Sent: nudge e-mail to Jane Smith  [Undo (U)]", for a few seconds."""

    undo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.button = QPushButton("Undo (U)")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.undo_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self._timer = QTimer(self, singleShot=True, interval=UNDO_SECONDS * 1000)
        self._timer.timeout.connect(self.clear)
        self.hide()

    @property
    def offered(self) -> bool:
        parent = self.parentWidget()
        shown = self.isVisible() if parent is None else self.isVisibleTo(parent)
        return shown and self.button.isVisibleTo(self)

    def offer(self, text: str) -> None:
        self.text.setText(text)
        self.button.show()
        self.show()
        self._timer.start()

    def say(self, text: str) -> None:
        """A line with no undo (an undo done, an action refused)."""
        self.text.setText(text)
        self.button.hide()
        self.show()
        self._timer.start()

    def clear(self) -> None:
        self._timer.stop()
        self.hide()


class RescheduleDialog(QDialog):
    """A new time for one follow-up, typed as people type times, in the rep's zone; the
    contact's clock then is said beside it (``their_zone``), as a time agreed with them
    was agreed in theirs."""

    def __init__(
        self,
        what: str,
        due_at: datetime,
        rep_zone: ZoneInfo,
        now: Callable[[], datetime],
        parent: QWidget | None = None,
        their_zone: ZoneInfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reschedule")
        theirs = their_zone or rep_zone
        self.when = TimeField(
            rep_zone,
            now,
            lambda instant: your_time_first(instant, rep_zone, theirs, now()),
            "New time",
        )
        self.when.set_instant(due_at)
        self.when.selectAll()
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Move")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"When should <b>{_html(what)}</b> be due? (your time)"))
        layout.addWidget(self.when)
        layout.addWidget(self.when.reading)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.chosen: datetime | None = None

    def accept(self) -> None:
        try:
            self.chosen = self.when.value()
        except ValueError as error:
            self.problem.setText(f"⚠ {error}")
            self.problem.show()
            return
        super().accept()


def _html(text: str) -> str:
    from html import escape

    return escape(text)
