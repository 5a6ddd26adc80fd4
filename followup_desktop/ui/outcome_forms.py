"""What follows an outcome in the call screen: after *Connected*, the next step the
customer chose; after any other outcome, the step the engine planned, to accept or move.

Times the customer picks are typed in *their* zone (they said "Thursday at 10"), with the
rep's own time shown beside it; the engine's steps are shown in both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core import steps
from followup_desktop.core.cadence import CommitmentRequest, Plan
from followup_desktop.core.calendar import at_local
from followup_desktop.core.model import FollowUp, FollowUpKind

# Edits hold wall-clock times as "UTC" so Qt never converts them through this computer's
# zone (whose DST gaps would shift a time typed for a contact elsewhere).
_AS_TYPED = QTimeZone(QTimeZone.Initialization.UTC)


def wall_clock_edit(display: str, accessible_name: str) -> QDateTimeEdit:
    edit = QDateTimeEdit()
    edit.setTimeZone(_AS_TYPED)
    edit.setDisplayFormat(display)
    edit.setCalendarPopup(True)
    edit.setAccessibleName(accessible_name)
    return edit


def to_qt(wall: datetime) -> QDateTime:
    """A wall-clock time (its zone ignored) for a wall-clock edit."""
    return QDateTime(
        QDate(wall.year, wall.month, wall.day), QTime(wall.hour, wall.minute), _AS_TYPED
    )


def from_qt(value: QDateTime, zone: ZoneInfo) -> datetime:
    """The instant a wall-clock time in ``zone`` means (DST gaps move forward)."""
    day, clock = value.date(), value.time()
    wall = datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute())
    return at_local(wall.date(), wall.time(), zone)


def both_times(instant: datetime, theirs: ZoneInfo, mine: ZoneInfo) -> str:
    """ "Thu 26 Nov 10:00 their time (17:00 yours)" """
    their = instant.astimezone(theirs)
    rep = instant.astimezone(mine)
    text = f"{their:%a} {their.day} {their:%b %H:%M} their time"
    if their.utcoffset() == rep.utcoffset():
        return text.replace(" their time", "")
    same_day = their.date() == rep.date()
    return f"{text} ({rep:%H:%M} yours)" if same_day else f"{text} ({rep:%a %H:%M} yours)"


@dataclass(frozen=True, slots=True)
class NextStep:
    """What the rep agreed with the customer on a connected call."""

    at: datetime
    objective: str
    commitment: CommitmentRequest | None


class NextStepForm(QWidget):
    """After Connected: when (their time), what for, and an optional promise."""

    submitted = Signal(object)  # NextStep
    cancelled = Signal()

    def __init__(
        self,
        theirs: ZoneInfo,
        mine: ZoneInfo,
        slots: Sequence[datetime],
        now: datetime,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._theirs, self._mine = theirs, mine
        title = QLabel("<b>Next step</b>: when did they choose? (their time)")
        self.when = wall_clock_edit("ddd d MMM yyyy  HH:mm", "Next call, their time")
        self.rep_time = QLabel()
        self.rep_time.setObjectName("hint")
        self.when.dateTimeChanged.connect(self._show_rep_time)
        first = slots[0] if slots else now + timedelta(days=1)
        self.when.setDateTime(to_qt(first.astimezone(theirs)))
        slot_row = QHBoxLayout()
        slot_row.addWidget(QLabel("Offer:"))
        self.slot_buttons: list[QPushButton] = []
        for slot in slots:
            their = slot.astimezone(theirs)
            button = QPushButton(f"{their:%a %H:%M}")
            button.setToolTip(both_times(slot, theirs, mine))
            button.clicked.connect(lambda _=False, s=their: self.when.setDateTime(to_qt(s)))
            slot_row.addWidget(button)
            self.slot_buttons.append(button)
        slot_row.addStretch()
        self.objective = QLineEdit()
        self.objective.setPlaceholderText("What is the next call for? e.g. agree the pilot start")
        self.objective.setAccessibleName("Objective of the next call")
        self.promise = QCheckBox("I promised something")
        self.promise_text = QLineEdit()
        self.promise_text.setPlaceholderText("e.g. the proposal")
        self.promise_text.setAccessibleName("What I promised")
        self.promise_due = wall_clock_edit("ddd d MMM HH:mm", "Promised by (your time)")
        tomorrow = (now.astimezone(mine) + timedelta(days=1)).replace(hour=9, minute=0)
        self.promise_due.setDateTime(to_qt(tomorrow))
        self.asap = QCheckBox("as soon as possible")
        for widget in (self.promise_text, self.promise_due, self.asap):
            widget.setEnabled(False)
            self.promise.toggled.connect(widget.setEnabled)
        promise_row = QHBoxLayout()
        promise_row.addWidget(self.promise_text, 2)
        promise_row.addWidget(QLabel("by"))
        promise_row.addWidget(self.promise_due, 1)
        promise_row.addWidget(self.asap)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.hide()
        # One action after a conversation: log it, write the invite, open the confirmation.
        self.save_button = QPushButton("Save · invite · confirm")
        self.save_button.setObjectName("primary")
        self.save_button.setToolTip("Ctrl+Enter")
        self.save_button.clicked.connect(self.submit)
        back = QPushButton("Back")
        back.clicked.connect(self.cancelled)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(back)
        buttons.addWidget(self.save_button)
        form = QFormLayout()
        when_row = QHBoxLayout()
        when_row.addWidget(self.when)
        when_row.addWidget(self.rep_time, 1)
        form.addRow("When", when_row)
        form.addRow("", slot_row)
        form.addRow("Objective", self.objective)
        form.addRow(self.promise, promise_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)

    def _show_rep_time(self) -> None:
        instant = from_qt(self.when.dateTime(), self._theirs)
        self.rep_time.setText(f"= {both_times(instant, self._theirs, self._mine)}")

    def next_step(self) -> NextStep:
        """The form's values; ValueError says what to fix."""
        commitment = None
        if self.promise.isChecked():
            what = self.promise_text.text().strip()
            if not what:
                raise ValueError("Say what you promised, or untick the promise.")
            due = (
                None if self.asap.isChecked() else from_qt(self.promise_due.dateTime(), self._mine)
            )
            commitment = CommitmentRequest(what, due, self.asap.isChecked())
        return NextStep(
            from_qt(self.when.dateTime(), self._theirs), self.objective.text().strip(), commitment
        )

    def submit(self) -> None:
        try:
            step = self.next_step()
        except ValueError as error:
            self.problem.setText(f"⚠ {error}")
            self.problem.show()
            return
        self.problem.hide()
        self.submitted.emit(step)


def describe_plan(plan: Plan, theirs: ZoneInfo, mine: ZoneInfo) -> list[str]:
    """The engine's plan in the rep's words: "Call again Thu 26 Nov 10:00 …: try again"."""
    lines = []
    for follow_up in plan.create:
        when = both_times(follow_up.due_at, theirs, mine)
        lines.append(f"{steps.describe(follow_up.step, follow_up.objective)} · {when}")
    if not plan.create:
        lines.append("Nothing new is planned.")
    lines.extend(f"⚠ {warning}" for warning in plan.warnings)
    return lines


class PlanPanel(QWidget):
    """After voicemail, no answer, wrong number or not now: the engine's next step, one
    key to accept, or a new time for it."""

    accepted = Signal(object)  # the new due time of the first step, or None to keep it
    cancelled = Signal()

    def __init__(self, theirs: ZoneInfo, mine: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theirs, self._mine = theirs, mine
        self._first: FollowUp | None = None
        self.title = QLabel()
        self.steps = QLabel()
        self.steps.setWordWrap(True)
        self.steps.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.change = QCheckBox("Change the time (their time):")
        self.when = wall_clock_edit(
            "ddd d MMM yyyy  HH:mm", "New time for the next step, their time"
        )
        self.when.setEnabled(False)
        self.change.toggled.connect(self.when.setEnabled)
        self.accept_button = QPushButton("Accept")
        self.accept_button.setObjectName("primary")
        self.accept_button.setToolTip("Ctrl+Enter")
        self.accept_button.clicked.connect(self.submit)
        back = QPushButton("Back")
        back.clicked.connect(self.cancelled)
        change_row = QHBoxLayout()
        change_row.addWidget(self.change)
        change_row.addWidget(self.when)
        change_row.addStretch()
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(back)
        buttons.addWidget(self.accept_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.steps)
        layout.addLayout(change_row)
        layout.addLayout(buttons)

    def show_plan(self, outcome_name: str, plan: Plan) -> None:
        self.title.setText(f"<b>{outcome_name}</b>: the next step")
        self.steps.setText("\n".join(describe_plan(plan, self._theirs, self._mine)))
        self._first = next((f for f in plan.create if f.kind is not FollowUpKind.TASK), None)
        self.change.setChecked(False)
        self.change.setVisible(self._first is not None)
        self.when.setVisible(self._first is not None)
        if self._first is not None:
            self.when.setDateTime(to_qt(self._first.due_at.astimezone(self._theirs)))

    def submit(self) -> None:
        moved = None
        if self._first is not None and self.change.isChecked():
            moved = from_qt(self.when.dateTime(), self._theirs)
        self.accepted.emit(moved)


def on_ctrl_enter(widget: QWidget, action: Callable[[], None]) -> None:
    """Ctrl+Enter (either Enter key) runs ``action`` while focus is inside ``widget``."""
    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        shortcut = QShortcut(QKeySequence(keys), widget)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(action)
