"""The call screen (PRODUCT.md J4–J6): its own window, so it can sit beside a softphone.

Who and when at the top, last time and what to confirm, the You / Me / Next Step cards,
notes saved as they are typed, and the outcome bar. Everything works from the keyboard:
1/2/3 focus a card, Space marks a line said, C/V/N/W/L log an outcome (Alt+key while
typing notes), Ctrl+Enter saves, Ctrl+D dials (core/dialing.py), Ctrl+E opens the e-mail
draft, Ctrl+I saves the invite, Esc closes (the draft stays).

After *Connected*, one action logs the call, writes the invite for the agreed call and
asks for the confirmation e-mail's preview (the main window opens it, since this window
closes once the call is logged).

The window keeps the call itself: the sheet (read again on a worker, and the beep's while
Voicemail is chosen), the timer, the notes and their draft, the log's write and closing.
Its parts: the header (call_header.py), the strips on top (call_banners.py), the script
(call_script.py), the outcome pages up to the log's request (call_outcomes.py), and what
it asks of others besides the log, the dialer or the invite (call_commands.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QMessageBox, QPlainTextEdit, QVBoxLayout, QWidget

from followup_desktop.core import steps
from followup_desktop.core.calendar import zone
from followup_desktop.core.call_sheet import CallSheet
from followup_desktop.core.email_wording import CONFIRMATION
from followup_desktop.core.model import CallDraft, CallTimer, Outcome
from followup_desktop.services.call_desk import CallDesk
from followup_desktop.services.call_requests import CallLogged, CallOpening, LogCall
from followup_desktop.services.disk_trouble import plain_error
from followup_desktop.ui.call_banners import QualifyBanner, early_banner, kept_banner, show_early
from followup_desktop.ui.call_commands import CallCommands
from followup_desktop.ui.call_header import CallHeader, label
from followup_desktop.ui.call_outcomes import OUTCOMES, OutcomePages, open_follow_up_id
from followup_desktop.ui.call_script import CallScript
from followup_desktop.ui.draft_keeper import DraftKeeper
from followup_desktop.ui.look import app_icon
from followup_desktop.ui.outcome_forms import NextStepForm, PlanPanel, on_ctrl_enter
from followup_desktop.ui.saved_file import open_folder_link
from followup_desktop.ui.settings_door import SettingsDoor
from followup_desktop.ui.settings_link import setting_of_link
from followup_desktop.ui.tasks import TaskRunner
from followup_desktop.ui.two_clocks import both_times

# Narrower than this (a softphone beside it), the screen is one column.
ONE_COLUMN_BELOW = 780


class CallWindow(QWidget):
    logged = Signal(int, str)  # contact id, what was stored (for the status bar)
    outcome_stored = Signal(int, object)  # contact id, the Outcome the rep chose
    changed = Signal(object)  # a core.changes.Change: what this screen's writes changed
    draft_requested = Signal(int, str)  # follow-up id, template ("": the step's own)
    invite_saved = Signal(object)  # the Path of the invite written with the log

    def __init__(
        self,
        desk: CallDesk,
        settings_door: SettingsDoor | None,
        tasks: TaskRunner,
        opening: CallOpening,
        parent: QWidget | None = None,
    ) -> None:
        """``opening``: read on a worker (``CallDesk.opening``) before the window is built.
        ``desk``: the store's, or the calls kept while a team server is away (then the
        settings, the invite and the e-mail wait for it: no ``settings_door``)."""
        super().__init__(parent, Qt.WindowType.Window)
        self.sheet: CallSheet = opening.sheet
        self.desk, self.settings_door, self.tasks = desk, settings_door, tasks
        contact_id = self.sheet.contact.id
        assert contact_id is not None, "a call screen opens on a stored contact"
        self.contact_id: int = contact_id
        # The rep's zone and the contact's: every time on the screen is shown in both.
        self.mine = zone(desk.rep_zone())
        self.theirs = zone(self.sheet.contact_zone)
        draft = opening.draft
        self._started: datetime | None = draft.started_at if draft else None
        self._ended: datetime | None = None  # the timer stopped when an outcome was chosen
        self._closing = False
        self._logging = False  # a log_call is on its way: further presses do nothing
        self._before_voicemail: CallSheet | None = None  # the sheet while V shows the beep's
        self._one_column = False
        self.setWindowTitle(f"Call — {self.sheet.contact.name}")
        self.setWindowIcon(app_icon())
        # Never taller than the screen (a 1280×720 laptop): the Save row stays on it.
        self.resize(QSize(1080, 780).boundedTo(self.screen().availableGeometry().size()))
        self.commands = CallCommands(self)  # the dialer, the zone, the invite, the e-mail…
        self._build(draft.said if draft else ())
        if draft is not None:
            self.notes.setPlainText(draft.notes)
        self._show_sheet()
        self._tick()
        if desk.kept:
            self.add_banner(kept_banner())
            self.notes.setPlaceholderText("Notes (kept on this laptop as you type)…")
        self.keeper = DraftKeeper(self.draft, desk.save_draft, tasks, self)
        self.keeper.state_changed.connect(self.saved_state.setText)
        self.notes.textChanged.connect(self.keeper.changed)
        self.script.said_changed.connect(self.keeper.changed)
        self._ticker = QTimer(self, interval=1000)
        self._ticker.timeout.connect(self._tick)
        self._ticker.start()
        # The rep's first key is Space on the opening line, or an outcome: not a label's.
        self.script.focus_card(1)

    # Building ---------------------------------------------------------------------------
    def _build(self, said: tuple[str, ...]) -> None:
        self.header = CallHeader(self.mine, self.theirs)
        self.header.set_their_zone(self.theirs, bool(self.sheet.contact.time_zone))
        self.header.zone_requested.connect(self.commands.ask_their_zone)
        self.header.start_requested.connect(self.start_call)
        self.header.dial_requested.connect(self.commands.dial)
        self.header.copy_requested.connect(self.commands.copy)
        self.qualify = QualifyBanner()
        self.qualify.answered.connect(self.commands.mark)
        self.early = early_banner()

        self.script = CallScript(self.sheet.situations, said)
        self.script.situation_chosen.connect(self._situation_chosen)
        self.script.setting_requested.connect(self.commands.fix_setting)

        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Notes (saved as you type)…")
        self.notes.setAccessibleName("Call notes")
        self.notes.setFixedHeight(84)
        self.saved_state = label("", "hint")
        # Its links by mouse only: the keys stay on the script and the outcomes.
        self.saved_state.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.saved_state.linkActivated.connect(self._status_link)

        self.pages = OutcomePages(
            self.desk, self.tasks, self.sheet, self.contact_id, self.mine, self.theirs
        )
        self.pages.outcome_pressed.connect(self.choose_outcome)
        self.pages.log_requested.connect(self._log)
        self.pages.back_requested.connect(self.back)
        self.pages.plan_failed.connect(self._not_planned)
        self.pages.email_pressed.connect(self.commands.request_draft)
        self.pages.invite_pressed.connect(self.commands.save_invite)
        self.pages.currentChanged.connect(self._page_shown)
        self.problem = label("", "problem")
        self.problem.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.early)
        layout.addWidget(self.header)
        layout.addWidget(self.qualify)
        layout.addWidget(self.script, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.saved_state)
        layout.addWidget(self.problem)
        layout.addWidget(self.pages)
        self._shortcuts()

    def _status_link(self, link: str) -> None:
        """The status line's link: a saved invite's folder, or a setting to fill."""
        if not open_folder_link(link):
            self.commands.fix_setting(setting_of_link(link))

    def add_banner(self, banner: QWidget) -> None:
        """A strip on top of the screen (the day's calls, Today › Start calls)."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, banner)
        banner.show()  # now, not at the layout's queued show: its keys work at once

    def _shortcuts(self) -> None:
        def bind(keys: str, slot: object) -> None:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)

        for outcome, _text, key in OUTCOMES:
            for keys in (key, f"Alt+{key}"):
                bind(keys, lambda o=outcome: self._outcome_key(o))
        for number in (1, 2, 3):
            bind(str(number), lambda n=number: self._card_key(n))
        bind("Ctrl+T", self.start_call)
        bind("Ctrl+D", self.commands.dial)
        bind("Ctrl+E", self.commands.request_draft)
        bind("Ctrl+I", self.commands.save_invite)
        bind("Esc", self._on_escape)
        # Saves from wherever the focus is (a last word in the notes, a card being read).
        on_ctrl_enter(self, self._save_key)

    @property
    def next_step(self) -> NextStepForm:
        """The form after Connected (the outcome pages make it again when the zone is set)."""
        return self.pages.next_step

    @property
    def plan(self) -> PlanPanel:
        """The plan after any other outcome."""
        return self.pages.plan

    # Showing ----------------------------------------------------------------------------
    def follow_their_zone(self, name: str) -> None:
        """The contact's zone, just stored (``name``): the header's clock shows it, and
        the sheet, the forms and a plan on screen are read again in it."""
        self.theirs = zone(name)
        self.header.set_their_zone(self.theirs, True)
        self._tick()
        self.reload_sheet(then=self._forms_in_their_zone)

    def _forms_in_their_zone(self) -> None:
        """The forms made again to take and show times in the zone just set, keeping what
        the rep typed; a plan on screen is worked out again, its times in that zone."""
        self.pages.set_their_zone(self.theirs)
        if self.pages.plan_shown:
            self.choose_outcome(self.pages.outcome)

    def _show_sheet(self) -> None:
        self.header.show_sheet(self.sheet)
        self.qualify.setVisible(self.sheet.ask_serious_or_curious)
        self._show_script()
        self.pages.show_sheet(self.sheet)
        # Kept on this laptop: the mark and the zone are the server's to keep.
        self.qualify.setEnabled(not self.desk.kept)

    def _show_script(self) -> None:
        """The cards of the sheet's situation, and where the call stands in the series."""
        self.header.attempt.setText(self.sheet.attempt_label)
        self.script.show_sheet(self.sheet, at_beep=self._before_voicemail is not None)

    def _tick(self) -> None:
        now = self.desk.now()
        self.header.show_time(now, self.sheet.in_hours(now), self._started, self._ended)
        show_early(self.early, self.sheet.early_for_agreed(now))

    # Keys -----------------------------------------------------------------------------
    def _outcome_key(self, outcome: Outcome) -> None:
        """From the bar, or another outcome's page (the rep changed their mind)."""
        if not self._logging:
            self.choose_outcome(outcome)

    def _card_key(self, number: int) -> None:
        # Under a form too: at the beep the cards are the message to leave.
        self.script.focus_card(number)

    def _save_key(self) -> None:
        if not self._logging:
            self.pages.submit()

    def _on_escape(self) -> None:
        if not self.pages.at_outcomes:
            self.back()
        else:
            self.close()

    def back(self) -> None:
        if self._before_voicemail is not None:
            self.sheet, self._before_voicemail = self._before_voicemail, None
            self._show_script()
        self._ended = None  # back to the call: its timer runs on
        self._tick()
        self.pages.show_outcomes()

    def _page_shown(self, _index: int) -> None:
        # Under a form the cards are what the rep reads (at the beep, the message to
        # leave), and last time's words were for the opening: the room goes to the cards.
        self.header.last_time.setVisible(self.pages.at_outcomes)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        one_column = event.size().width() < ONE_COLUMN_BELOW
        if one_column != self._one_column:
            self._one_column = one_column
            self.script.set_one_column(one_column)
            # Their time wraps under itself rather than push the buttons out.
            self.header.their_time.setWordWrap(one_column)

    # Actions -----------------------------------------------------------------------------
    def start_call(self) -> None:
        if self._started is None:
            self._started = self.desk.now()
            self.keeper.changed()
        self._tick()

    def reload_sheet(self, then: Callable[[], None] | None = None) -> None:
        """The sheet read again for the step on screen (at the beep, shown as the beep's),
        then ``then``: after a setting or the contact's zone is stored."""
        base = self._before_voicemail or self.sheet

        def read(sheet: CallSheet) -> None:
            if self._before_voicemail is not None:
                self._before_voicemail, sheet = sheet, sheet.for_voicemail()
            self.sheet = sheet
            self._show_sheet()
            if then is not None:
                then()

        self._read_sheet(base.situation, read)

    def _situation_chosen(self, chosen: str | None) -> None:
        def read(sheet: CallSheet) -> None:
            self._before_voicemail = None  # the rep's own pick stays, whatever the outcome
            self.sheet = sheet
            self._show_sheet()

        self._read_sheet(chosen, read)

    def _read_sheet(
        self, situation: str | None, done: Callable[[CallSheet], None], *, this_step: bool = True
    ) -> None:
        """The sheet read again on a worker: for the step on screen, or (``this_step``
        False) for the contact's next open call."""
        follow_up_id = self._follow_up_id() if this_step else None
        desk, contact_id = self.desk, self.contact_id
        self.tasks.run(
            lambda: desk.sheet(contact_id, follow_up_id, situation),
            done,
            self._read_failed,
            owner=self,
        )

    def _read_failed(self, error: Exception, _details: str) -> None:
        self.problem.setText(plain_error(error))
        self.problem.show()

    def choose_outcome(self, outcome: Outcome) -> None:
        """The call is over (its timer stops), and the page for ``outcome`` shows; at the
        beep, the voicemail's script for this step of the series."""
        self.problem.hide()
        if self._started is not None and self._ended is None:
            self._ended = self.desk.now()  # how it went: the call is over
            self._tick()
        if outcome is Outcome.VOICEMAIL and self._before_voicemail is None:
            # At the beep: the message for this step of the series, before anything is saved.
            self._before_voicemail = self.sheet
            self.sheet = self.sheet.for_voicemail()
            self._show_script()
        elif outcome is not Outcome.VOICEMAIL and self._before_voicemail is not None:
            # Not a voicemail after all: the call's own script again.
            self.sheet, self._before_voicemail = self._before_voicemail, None
            self._show_script()
        self.pages.choose(outcome)

    def _not_planned(self, error: Exception, details: str) -> None:
        if not self._step_done_meanwhile(error):
            self._read_failed(error, details)

    def _step_done_meanwhile(self, error: Exception) -> bool:
        """True when ``error`` says the step this screen was opened for is no longer open:
        it was finished elsewhere meanwhile (Today's "They replied", the inbox's look).
        The screen then shows the contact as they are now (their next open call, if
        any), back at the outcomes with the notes as typed, and says so."""
        from followup_desktop.services.outcome_plans import NotFound  # no store modules

        if not isinstance(error, NotFound) or self._follow_up_id() is None:
            return False
        self.back()

        def read(sheet: CallSheet) -> None:
            self._before_voicemail = None
            self.sheet = sheet
            self._show_sheet()
            self.problem.setText(
                "The step this call was for was finished meanwhile, elsewhere. Nothing is "
                "logged yet: the screen now shows them as they are; choose how the call "
                "went again (your notes are kept)."
            )
            self.problem.show()

        self._read_sheet(None, read, this_step=False)
        return True

    def _follow_up_id(self) -> int | None:
        return open_follow_up_id(self.sheet)

    def _log(self, request: LogCall) -> None:
        """One press, one use case: ``CallService.log_call`` stores it all or nothing.
        ``request``: the outcome pages', to which the call's notes and timer are added."""
        if self._logging:
            return  # a second press while the first is being stored logs nothing more
        self._logging = True
        request = replace(request, notes=self.notes.toPlainText().strip())
        if self._started is not None:
            request = replace(request, timed=CallTimer(self._started, self._ended))
        self.keeper.stop()
        self.pages.setEnabled(False)
        desk = self.desk
        self.tasks.write(lambda: desk.log_call(request), self._logged, self._log_failed, owner=self)

    def _logged(self, saved: CallLogged) -> None:
        self.keeper.forget()  # the draft was cleared in the logging transaction
        first = saved.next_step
        text = f"Logged: {self.sheet.contact.name}"
        if saved.kept:
            text = (
                f"Kept on this laptop: {self.sheet.contact.name}'s call (the team server is "
                "away; it is written there, in order, once it is back)"
            )
        if first is not None:
            # In the plan's words, on the clock the step keeps (hers for her own work).
            clock = zone(steps.clock_zone(first, self.theirs.key, self.mine.key))
            what = steps.describe(first.step, first.objective)
            when = both_times(first.due_at, clock, self.mine, self.desk.now())
            text += f" · next: {what}, {when}"
        if saved.invite is not None:
            text += f" · invite saved: {saved.invite.name}"  # its folder: invite_saved
        for problem in saved.problems:
            text += f" · {problem}"
        self.changed.emit(saved.change)
        self.outcome_stored.emit(self.contact_id, self.pages.outcome)
        self.logged.emit(self.contact_id, text)
        if saved.invite is not None:
            self.invite_saved.emit(saved.invite)
        if saved.invite is not None and saved.agreed_id is not None:
            self.draft_requested.emit(saved.agreed_id, CONFIRMATION)
        self._closing = True
        self.close()

    def _log_failed(self, error: Exception, details: str) -> None:
        # log_call stores the call whole or not at all, so a failure here means nothing is.
        self._logging = False
        self.pages.setEnabled(True)
        if self.keeper.dirty:
            self.keeper.changed()  # saving was paused for the log: the notes are written now
        if self._step_done_meanwhile(error):
            return
        self.problem.setText(f"⚠ Nothing was logged: {error}. Your notes are kept; try again.")
        self.problem.show()

    # The draft ---------------------------------------------------------------------------
    def draft(self) -> CallDraft:
        return CallDraft(
            self.contact_id,
            self._follow_up_id(),
            self.notes.toPlainText(),
            tuple(sorted(self.script.said)),
            self._started,
        )

    @property
    def draft_pending(self) -> bool:
        return self.keeper.pending

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing and self.keeper.dirty:
            # Closing mid-call keeps the draft: the last keystrokes are written first (off
            # the UI thread), and the window closes once they are; if they cannot be, it
            # stays open with the notes in it.
            event.ignore()
            self.setEnabled(False)
            self.keeper.save_then(self._close_after_save, self._not_closed)
            return
        self._ticker.stop()
        super().closeEvent(event)

    def _close_after_save(self) -> None:
        self._closing = True
        self.close()

    def _not_closed(self, error: Exception) -> None:
        self.setEnabled(True)
        QMessageBox.warning(self, "Notes not saved", f"{error}\n\nThe window stays open.")
