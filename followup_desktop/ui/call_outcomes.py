"""The pages under the call screen's notes: the outcome bar, then what follows the outcome
chosen (after *Connected*, the next step the customer chose; after any other, the step
the rules plan, read on a worker), up to the ``LogCall`` request the rep's press makes.

The call screen (call_screen.py) keeps what belongs to the call itself: the sheet, the
timer, the script at the beep, the notes. It chooses the outcome here, and adds the notes
and the timer to the request before it writes it.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from followup_desktop.core.cadence import Plan
from followup_desktop.core.call_sheet import CallSheet
from followup_desktop.core.model import FollowUpKind, FollowUpState, Outcome
from followup_desktop.services.call_desk import CallDesk
from followup_desktop.services.call_requests import LogCall
from followup_desktop.ui.call_layout import ButtonRows, PageStack
from followup_desktop.ui.outcome_forms import NextStep, NextStepForm, PlanPanel
from followup_desktop.ui.tasks import TaskRunner

# Outcome, button text, key. The key alone works unless a text field has focus; Alt+key
# always does (the call screen binds them: they work wherever focus is in its window).
OUTCOMES = (
    (Outcome.CONNECTED, "Connected", "C"),
    (Outcome.VOICEMAIL, "Voicemail left", "V"),
    (Outcome.NO_ANSWER, "No answer", "N"),
    (Outcome.WRONG_NUMBER, "Wrong number", "W"),
    (Outcome.NOT_NOW, "Not now", "L"),
)
PAGE_OUTCOMES, PAGE_NEXT_STEP, PAGE_PLAN = range(3)
# The plan's button, by outcome: what pressing it logs, in the outcome bar's words.
LOG_WORDS = {
    Outcome.VOICEMAIL: "Log voicemail",
    Outcome.NO_ANSWER: "Log no answer",
    Outcome.WRONG_NUMBER: "Log wrong number",
    Outcome.NOT_NOW: "Log not now",
}


def open_follow_up_id(sheet: CallSheet) -> int | None:
    """The step the call answers, while it is still open (else the log finds the nearest)."""
    follow_up = sheet.follow_up
    if follow_up is None or follow_up.state is not FollowUpState.OPEN:
        return None
    return follow_up.id


class OutcomePages(PageStack):
    """The outcome bar, the next-step form and the plan, one shown at a time."""

    outcome_pressed = Signal(object)  # an Outcome's button: the window chooses it
    log_requested = Signal(object)  # a LogCall, without the notes and the timer
    back_requested = Signal()  # a form's Back: the window goes back to the call
    plan_failed = Signal(object, str)  # the plan could not be read: error, details
    email_pressed = Signal()
    invite_pressed = Signal()

    def __init__(
        self,
        desk: CallDesk,
        tasks: TaskRunner,
        sheet: CallSheet,
        contact_id: int,
        mine: ZoneInfo,
        theirs: ZoneInfo,
    ) -> None:
        """``contact_id``: the stored id of ``sheet``'s contact."""
        super().__init__()
        self._desk, self._tasks = desk, tasks
        self._contact_id = contact_id
        # The sheet as the window last showed it. At the beep the window shows the
        # voicemail's script instead, but the step, the slots and the busy times these
        # pages read are the same in both.
        self._sheet = sheet
        self._mine, self._theirs = mine, theirs
        # The last chosen: what the plan's button logs, and where Back puts the focus.
        self.outcome = Outcome.CONNECTED
        self.currentChanged.connect(self._fit_page)
        self.addWidget(self._outcome_bar())
        self.addWidget(QWidget())  # PAGE_NEXT_STEP and PAGE_PLAN: _make_forms
        self.addWidget(QWidget())
        self._make_forms()
        self._fit_page(PAGE_OUTCOMES)

    def _outcome_bar(self) -> QWidget:
        self.outcome_buttons: dict[Outcome, QPushButton] = {}
        for outcome, text, key in OUTCOMES:
            button = QPushButton(f"[{key}] {text}")
            button.setAccessibleName(text)
            button.setToolTip(f"{key}, or Alt+{key} while typing")
            button.clicked.connect(lambda _=False, o=outcome: self.outcome_pressed.emit(o))
            self.outcome_buttons[outcome] = button
        self.outcome_buttons[Outcome.CONNECTED].setObjectName("primary")
        self.draft_button = QPushButton("E-mail…")
        self.draft_button.setToolTip("Ctrl+E: the e-mail draft for this follow-up")
        self.draft_button.clicked.connect(self.email_pressed)
        self.invite_button = QPushButton("Invite")
        self.invite_button.setToolTip("Ctrl+I: save the calendar invite for this call")
        self.invite_button.clicked.connect(self.invite_pressed)
        self.outcome_bar = ButtonRows(
            [*self.outcome_buttons.values()], [self.draft_button, self.invite_button]
        )
        return self.outcome_bar

    def _make_forms(self, typed: NextStepForm | None = None) -> None:
        """The next-step and plan pages, in the contact's zone as now known; with what
        the rep ``typed`` on the next-step form they replace."""
        theirs, mine, now, sheet = self._theirs, self._mine, self._desk.now, self._sheet
        self.next_step = NextStepForm(
            theirs,
            mine,
            sheet.offered_slots,
            now,
            bool(sheet.contact.time_zone),
            busy=sheet.busy,
            calls=sheet.planned_calls,
            promise_by=sheet.promise_by(now()),
        )
        if typed is not None:
            self.next_step.take_over(typed)
        self.next_step.submitted.connect(self._save_connected)
        self.next_step.cancelled.connect(self.back_requested)
        self.replace(PAGE_NEXT_STEP, self.next_step)
        self.plan = PlanPanel(theirs, mine, now, busy=sheet.busy, calls=sheet.planned_calls)
        self.plan.accepted.connect(self._save_planned)
        self.plan.cancelled.connect(self.back_requested)
        self.replace(PAGE_PLAN, self.plan)

    def _fit_page(self, index: int) -> None:
        # A stack is as tall as its tallest page; only the shown page should count, so
        # the script keeps the room while the outcome bar is one line.
        for number in range(self.count()):
            policy = QSizePolicy.Policy.Preferred if number == index else QSizePolicy.Policy.Ignored
            self.widget(number).setSizePolicy(policy, policy)
        self.adjustSize()

    # What the window tells them ----------------------------------------------------------
    def show_sheet(self, sheet: CallSheet) -> None:
        """The sheet the window now shows: the step a log answers, and what the bar's
        E-mail… and Invite can be made from."""
        self._sheet = sheet
        follow_up = sheet.follow_up if open_follow_up_id(sheet) is not None else None
        # Kept on this laptop: the invite and the e-mail are made from what the server
        # stores.
        server = not self._desk.kept
        self.draft_button.setEnabled(server and follow_up is not None)
        self.invite_button.setEnabled(
            server and follow_up is not None and follow_up.kind is FollowUpKind.CALL
        )

    def set_their_zone(self, theirs: ZoneInfo) -> None:
        """The forms made again to take and show times in ``theirs``, keeping what the
        rep typed on the next step."""
        self._theirs = theirs
        self._make_forms(typed=self.next_step)

    @property
    def at_outcomes(self) -> bool:
        """The outcome bar is shown (the keys that choose an outcome or a card work)."""
        return self.currentIndex() == PAGE_OUTCOMES

    @property
    def plan_shown(self) -> bool:
        return self.currentIndex() == PAGE_PLAN

    def choose(self, outcome: Outcome) -> None:
        """The page that follows ``outcome``: the next-step form after Connected, else
        the plan, asked of the rules on a worker (what logging it now would plan)."""
        self.outcome = outcome
        if outcome is Outcome.CONNECTED:
            self.setCurrentIndex(PAGE_NEXT_STEP)
            # The time they choose is asked first (nothing is logged without it): the
            # cursor in When keeps the form shown from its top, When in sight.
            self.next_step.when.setFocus()
            return
        desk, contact_id = self._desk, self._contact_id
        follow_up_id = open_follow_up_id(self._sheet)
        text = next(t for o, t, _k in OUTCOMES if o is outcome)
        self.plan.show_waiting(text, LOG_WORDS[outcome])
        self.setCurrentIndex(PAGE_PLAN)
        self.plan.accept_button.setFocus()

        def planned(plan: Plan) -> None:
            if self.outcome is not outcome or self.currentIndex() != PAGE_PLAN:
                return  # the rep chose another outcome, or went back, meanwhile
            self.plan.show_plan(text, plan)
            self.plan.accept_button.setFocus()

        def not_planned(error: Exception, details: str) -> None:
            from followup_desktop.services.disk_trouble import server_away

            if not server_away(error):
                self.plan_failed.emit(error, details)
            elif self.outcome is outcome and self.currentIndex() == PAGE_PLAN:
                # Logged, the call is kept on this laptop: it need not wait for a plan.
                self.plan.show_unplanned(text)
                self.plan.accept_button.setFocus()

        # What logging it now would plan ("retry at 10:15"), read on a worker.
        self._tasks.run(
            lambda: desk.preview(contact_id, outcome, follow_up_id),
            planned,
            not_planned,
            owner=self,
        )

    def submit(self) -> None:
        """Ctrl+Enter: the page shown saved (the next step, or the plan accepted)."""
        if self.currentIndex() == PAGE_NEXT_STEP:
            self.next_step.submit()
        elif self.currentIndex() == PAGE_PLAN:
            self.plan.submit()

    def show_outcomes(self) -> None:
        """Back at the bar, the outcome last chosen in focus."""
        self.setCurrentIndex(PAGE_OUTCOMES)
        self.outcome_buttons[self.outcome].setFocus()

    # The request -------------------------------------------------------------------------
    def _save_connected(self, step: NextStep) -> None:
        self.log_requested.emit(
            LogCall(
                self._contact_id,
                Outcome.CONNECTED,
                follow_up_id=open_follow_up_id(self._sheet),
                agreed_next=step.at,
                objective=step.objective,
                commitment=step.commitment,
                invite=step.at is not None,
                contact_name=self._sheet.contact.name,
            )
        )

    def _save_planned(self, moved: datetime | None) -> None:
        # What the new time is for: kept with a call kept on this laptop, it reminds of
        # the step until the server plans it.
        step = self.plan.step_to_move if moved is not None else None
        self.log_requested.emit(
            LogCall(
                self._contact_id,
                self.outcome,
                follow_up_id=open_follow_up_id(self._sheet),
                next_at=moved,
                contact_name=self._sheet.contact.name,
                next_kind=step.kind if step else None,
                next_step=step.step if step else "",
            )
        )
