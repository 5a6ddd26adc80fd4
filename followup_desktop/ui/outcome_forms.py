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

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
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
from followup_desktop.core.calendar import clash, taken_times, zone
from followup_desktop.core.model import FollowUp
from followup_desktop.ui.call_layout import FormArea
from followup_desktop.ui.time_field import TimeField
from followup_desktop.ui.two_clocks import both_times, your_time_first, zone_place


@dataclass(frozen=True, slots=True)
class NextStep:
    """What the rep agreed with the customer on a connected call."""

    at: datetime
    objective: str
    commitment: CommitmentRequest | None


def clash_note(
    at: datetime,
    busy: Sequence[tuple[datetime, datetime]],
    mine: ZoneInfo,
    calls: Sequence[datetime] = (),
) -> str:
    """ " · ⚠ clashes with your meeting 16:30–17:30" when a call then overlaps one, or
    " · ⚠ clashes with another call you planned at 16:45" (``calls``: when they are due)."""
    meeting = clash(at, busy)
    if meeting is not None:
        start, end = (t.astimezone(mine) for t in meeting)
        return f" · ⚠ clashes with your meeting {start:%H:%M}–{end:%H:%M}"
    call = clash(at, taken_times((), calls))
    if call is not None:
        return f" · ⚠ clashes with another call you planned at {call[0].astimezone(mine):%H:%M}"
    return ""


class NextStepForm(QWidget):
    """After Connected: when (their time), what for, and an optional promise (by when, in
    the rep's time: it is the rep who delivers)."""

    submitted = Signal(object)  # NextStep
    cancelled = Signal()

    def __init__(
        self,
        theirs: ZoneInfo,
        mine: ZoneInfo,
        slots: Sequence[datetime],
        now: Callable[[], datetime],
        their_zone_known: bool = True,
        parent: QWidget | None = None,
        busy: Sequence[tuple[datetime, datetime]] = (),
        calls: Sequence[datetime] = (),
        promise_by: datetime | None = None,
    ) -> None:
        """``busy``: the rep's meetings, ``calls``: when her other planned calls are due;
        a time on top of one is said under the field. ``promise_by``: a promise's time
        until she types one (the next working morning; else tomorrow 09:00)."""
        super().__init__(parent)
        self._theirs, self._mine = theirs, mine
        if their_zone_known:
            whose = f"their time, {zone_place(theirs)}"
        else:
            whose = "your time: their time zone is not set"
        title = QLabel(f"<b>Next step</b>: when did they choose? ({whose})")
        title.setWordWrap(True)
        self.when = TimeField(
            theirs,
            now,
            lambda at: both_times(at, theirs, mine, now()) + clash_note(at, busy, mine, calls),
            f"Next call, {whose}",
        )
        self.rep_time = self.when.reading
        # Empty until the rep gives the time the customer chose: a time filled in for
        # them would be logged, invited and confirmed by a Save pressed without a look.
        slot_row = QHBoxLayout()
        slot_row.addWidget(QLabel("Offer:"))
        self.slot_buttons: list[QPushButton] = []
        for slot in slots:
            their = slot.astimezone(theirs)
            button = QPushButton(f"{their:%a %H:%M}")
            button.setToolTip(both_times(slot, theirs, mine, now()))
            button.clicked.connect(lambda _=False, s=slot: self.when.set_instant(s))
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
        self.promise_due = TimeField(
            mine,
            now,
            lambda at: your_time_first(at, mine, theirs, now()),
            f"Promised by, your time, {zone_place(mine)}",
        )
        self.promise_due.set_instant(
            promise_by or (now().astimezone(mine) + timedelta(days=1)).replace(hour=9, minute=0)
        )
        self.asap = QCheckBox("as soon as possible")
        by = QLabel(f"by (your time, {zone_place(mine)})")
        by.setBuddy(self.promise_due)
        for widget in (self.promise_text, self.promise_due, self.asap, by):
            widget.setEnabled(False)
            self.promise.toggled.connect(widget.setEnabled)
        self.asap.toggled.connect(lambda asap: self.promise_due.setEnabled(not asap))
        # Ticked: what was promised is typed next, not another key press on the box.
        self.promise.toggled.connect(lambda on: on and self.promise_text.setFocus())
        promise_row = QHBoxLayout()
        promise_row.addWidget(self.promise_text, 1)
        due_row = QHBoxLayout()
        due_row.addWidget(by)
        due_row.addWidget(self.promise_due, 1)
        due_row.addWidget(self.asap)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
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
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow("When", self.when)
        form.addRow("", self.when.reading)
        form.addRow("", slot_row)
        form.addRow("Objective", self.objective)
        form.addRow(self.promise, promise_row)
        form.addRow("", due_row)
        form.addRow("", self.promise_due.reading)
        # A reading shows only for a time being given: none for an empty When (a blank
        # row between When and Offer), none for a promise not made.
        self.when.textChanged.connect(self._show_readings)
        self.promise.toggled.connect(self._show_readings)
        self._form = form
        self._show_readings()
        fields = QWidget()
        rows = QVBoxLayout(fields)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.addWidget(title)
        rows.addLayout(form)
        rows.addStretch()  # taller than the fields: the room is left below them
        self.fields = FormArea(fields)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.fields, 1)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)

    def _show_readings(self) -> None:
        self._form.setRowVisible(self.when.reading, bool(self.when.text().strip()))
        self._form.setRowVisible(self.promise_due.reading, self.promise.isChecked())

    def take_over(self, before: NextStepForm) -> None:
        """What the rep typed on ``before``, a form for the same call made again (the
        contact's zone became known): the time they chose, as the same moment, shown in
        this form's zone; the objective and the promise as typed."""
        chosen = before.when.reads_as()
        if chosen is not None:
            self.when.set_instant(chosen)
        else:
            self.when.setText(before.when.text())
        self.objective.setText(before.objective.text())
        self.promise.setChecked(before.promise.isChecked())
        self.promise_text.setText(before.promise_text.text())
        self.promise_due.setText(before.promise_due.text())  # the rep's own time, unchanged
        self.asap.setChecked(before.asap.isChecked())

    def next_step(self) -> NextStep:
        """The form's values; ValueError says what to fix."""
        if not self.when.text().strip():
            self.when.setFocus()
            raise ValueError(self._ask_for_time())
        at = _read(self.when, "When")
        commitment = None
        if self.promise.isChecked():
            what = self.promise_text.text().strip()
            if not what:
                raise ValueError("Say what you promised, or untick the promise.")
            due = None if self.asap.isChecked() else _read(self.promise_due, "Promised by")
            commitment = CommitmentRequest(what, due, self.asap.isChecked())
        return NextStep(at, self.objective.text().strip(), commitment)

    def _ask_for_time(self) -> str:
        if self.slot_buttons:
            return "Choose the time they agreed: click an offered time or type one."
        return "Type the time they agreed."

    def submit(self) -> None:
        try:
            step = self.next_step()
        except ValueError as error:
            self.problem.setText(f"⚠ {error}")
            self.problem.show()
            return
        self.problem.hide()
        self.submitted.emit(step)


def _read(field: TimeField, name: str) -> datetime:
    try:
        return field.value()
    except ValueError as error:
        field.setFocus()
        raise ValueError(f"{name}: {error}") from None


def describe_plan(
    plan: Plan, theirs: ZoneInfo, mine: ZoneInfo, now: datetime | None = None
) -> list[str]:
    """The engine's plan in the rep's words: "Call again Thu 26 Nov 10:00 …: try again"."""
    lines = []
    for follow_up in plan.create:
        # The rep's own work (finding the right number) is on her clock, as on Today.
        clock = zone(steps.clock_zone(follow_up, theirs.key, mine.key))
        when = both_times(follow_up.due_at, clock, mine, now)
        lines.append(f"{steps.describe(follow_up.step, follow_up.objective)} · {when}")
    if not plan.create:
        lines.append("Nothing new is planned.")
    lines.extend(f"⚠ {warning}" for warning in plan.warnings)
    return lines


class PlanPanel(QWidget):
    """After voicemail, no answer, wrong number or not now: the engine's next step, one
    key to log the call with it, or a new time for it."""

    accepted = Signal(object)  # the new due time of the step to move, or None to keep it
    cancelled = Signal()

    def __init__(
        self,
        theirs: ZoneInfo,
        mine: ZoneInfo,
        now: Callable[[], datetime],
        parent: QWidget | None = None,
        busy: Sequence[tuple[datetime, datetime]] = (),
        calls: Sequence[datetime] = (),
    ) -> None:
        """``busy`` and ``calls`` as for ``NextStepForm``: a new time on top of a meeting
        or another planned call is said under the field, as it is there."""
        super().__init__(parent)
        self._theirs, self._mine, self._now = theirs, mine, now
        self._to_move: FollowUp | None = None
        self.title = QLabel()
        self.steps = QLabel()
        self.steps.setWordWrap(True)
        self.steps.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.change = QCheckBox(f"Change the time (their time, {zone_place(theirs)}):")
        self.when = TimeField(
            theirs,
            now,
            lambda at: both_times(at, theirs, mine, now()) + clash_note(at, busy, mine, calls),
            "New time for the next step, their time",
        )
        self.when.setEnabled(False)
        # The plan's line says when; the field and its reading show once she changes it.
        for widget in (self.when, self.when.reading):
            self.change.toggled.connect(widget.setVisible)
        self.change.toggled.connect(self.when.setEnabled)
        self.change.toggled.connect(lambda on: on and self.when.setFocus())
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.accept_button = QPushButton("Log the call")  # show_waiting names the outcome
        self.accept_button.setObjectName("primary")
        self.accept_button.setToolTip("Ctrl+Enter")
        self.accept_button.clicked.connect(self.submit)
        back = QPushButton("Back")
        back.clicked.connect(self.cancelled)
        change_row = QHBoxLayout()
        change_row.addWidget(self.change)
        change_row.addWidget(self.when, 1)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(back)
        buttons.addWidget(self.accept_button)
        fields = QWidget()
        rows = QVBoxLayout(fields)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.addWidget(self.title)
        rows.addWidget(self.steps)
        rows.addLayout(change_row)
        rows.addWidget(self.when.reading)
        rows.addStretch()  # taller than the fields: the room is left below them
        self.fields = FormArea(fields)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.fields, 1)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)

    def show_waiting(self, outcome_name: str, action: str) -> None:
        """The outcome is chosen; its plan is being worked out (a read, on a worker).
        ``action``: the button's words, what it logs ("Log wrong number")."""
        self.accept_button.setText(action)
        self.title.setText(f"<b>{outcome_name}</b>: the next step")
        self.steps.setText("Working out the next step…")
        self._to_move = None
        self.problem.hide()
        for widget in (self.change, self.when, self.when.reading):
            widget.hide()
        self.accept_button.setEnabled(False)

    def show_unplanned(self, outcome_name: str) -> None:
        """The team server went away before the plan was read: the call can still be
        logged (it is kept on this laptop); the server plans its next step once it has it."""
        self.accept_button.setEnabled(True)
        self.title.setText(f"<b>{outcome_name}</b>: the next step")
        self.steps.setText(
            "The team server cannot be reached, so the next step is not shown here. "
            f"{self.accept_button.text()} keeps this call on this laptop; the next step "
            "is planned when the call reaches the server."
        )
        self._to_move = None
        self.problem.hide()
        for widget in (self.change, self.when, self.when.reading):
            widget.hide()

    def show_plan(self, outcome_name: str, plan: Plan) -> None:
        self.accept_button.setEnabled(True)
        self.title.setText(f"<b>{outcome_name}</b>: the next step")
        self.steps.setText("\n".join(describe_plan(plan, self._theirs, self._mine, self._now())))
        self._to_move = steps.step_to_move(plan.create)
        self.change.setChecked(False)
        self.problem.hide()
        self.change.setVisible(self._to_move is not None)
        for widget in (self.when, self.when.reading):
            widget.hide()  # until she ticks Change the time
        if self._to_move is not None:
            self.when.set_instant(self._to_move.due_at)

    @property
    def step_to_move(self) -> FollowUp | None:
        """The step a new time moves (the next call, else the next e-mail), as shown."""
        return self._to_move

    def submit(self) -> None:
        if not self.accept_button.isEnabled():
            return  # the plan is not there yet: nothing to accept
        moved = None
        if self._to_move is not None and self.change.isChecked():
            try:
                moved = _read(self.when, "New time")
            except ValueError as error:
                self.problem.setText(f"⚠ {error}")
                self.problem.show()
                return
        self.problem.hide()
        self.accepted.emit(moved)


def on_ctrl_enter(widget: QWidget, action: Callable[[], None]) -> None:
    """Ctrl+Enter (either Enter key) runs ``action`` while focus is inside ``widget``."""
    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        shortcut = QShortcut(QKeySequence(keys), widget)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(action)
