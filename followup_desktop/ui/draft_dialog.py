"""The e-mail draft preview (PRODUCT.md J4–J6, J9): nothing leaves FollowUp before the rep
has read it. The rep picks the template, edits subject and text, then chooses where the
draft goes: an .eml file (with the invite attached when there is one), the mail client
through a ``mailto:`` link, or the Drafts folder of their IMAP account.

Reading the draft, writing the file and talking to the IMAP server all run off the UI
thread: the dialog shows at once and fills in when its draft is read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.email_wording import template_words
from followup_desktop.services.exports import (
    DraftOpening,
    EmailDraft,
    ExportProblem,
    ExportService,
    Invite,
    PasswordNeeded,
)
from followup_desktop.ui.settings_door import SettingsDoor
from followup_desktop.ui.settings_link import (
    open_settings_at,
    setting_of_link,
    show_with_setting_link,
)
from followup_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

TOO_LONG_FOR_A_LINK = "Too long for a mail link: save it as an e-mail file and open that."
LINK_WITHOUT_INVITE = (
    "The mail client gets the text only: attach the invite from the saved e-mail file."
)


def _attachment_words(invite: Invite | None) -> str:
    """What is attached, as the rep would say it: whether it cancels the call or replaces
    an invite she sent, not the calendar's revision number behind that."""
    if invite is None:
        return ""
    if invite.method == "CANCEL":
        return "Attached: invite.ics, cancelling the call on their calendar"
    if invite.sequence > 0:
        return "Attached: invite.ics, the calendar invite, in place of the one sent before"
    return "Attached: invite.ics, the calendar invite"


class DraftDialog(QDialog):
    """One follow-up's draft: preview, edit, then save, open or put into IMAP Drafts; an
    e-mail step's draft, once sent from the mail program, is marked sent here too."""

    sent_marked = Signal(int)  # the e-mail step's follow-up id
    changed = Signal(object)  # a core.changes.Change: what this dialog's writes changed

    def __init__(
        self,
        exports: ExportService,
        settings_door: SettingsDoor,
        tasks: TaskRunner,
        follow_up_id: int,
        template: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.exports, self.settings_door = exports, settings_door
        self.tasks, self.follow_up_id = tasks, follow_up_id
        self.draft: EmailDraft | None = None
        # The draft last put into IMAP Drafts from the rep's edits: saved again with the
        # same edits, it is the same message (its Message-ID), which the server already
        # holding it (its answer lost) finds instead of taking a second copy.
        self._sent_edit: EmailDraft | None = None
        self.saved_file: Path | None = None
        self._busy = False
        self.setWindowTitle("E-mail draft")
        self.setMinimumSize(640, 520)
        self.template = QComboBox()
        self.template.setAccessibleName("Template")
        # Listed in her words, each item holding the template's file name.
        for name in exports.template_names():
            self.template.addItem(template_words(name), name)
        if template:
            self._choose_template(template)
        self._reads = 0  # the newest read of the draft wins
        self.reading = False  # the draft is being read (tests wait for it)
        self.template.currentIndexChanged.connect(lambda _: self._load(self.template_name()))
        self.to = QLabel()
        self.to.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subject = QLineEdit()
        self.subject.setAccessibleName("Subject")
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("Text of the e-mail")
        self.attachment = QLabel()
        self.attachment.setObjectName("hint")
        self.warnings = QLabel()
        self.warnings.setObjectName("warningBanner")
        self.warnings.setWordWrap(True)
        self.warnings.hide()
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.linkActivated.connect(self._fix_setting)
        self.problem.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.save_button = QPushButton("Save as e-mail file")
        self.save_button.setObjectName("primary")
        self.save_button.setToolTip(
            "Ctrl+S: an .eml file in your exports folder, which your mail program opens as a"
            " draft to send"
        )
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.save_eml)
        self.open_file_button = QPushButton("Open the saved file")
        self.open_file_button.clicked.connect(self.open_saved_file)
        self.open_file_button.hide()
        self.mail_button = QPushButton("Open in mail client")
        self.mail_button.clicked.connect(self.open_in_mail_client)
        self.imap_button = QPushButton("Save to Drafts")
        self.imap_button.clicked.connect(lambda: self.save_to_imap())
        self.password_prompt: QInputDialog | None = None
        self.sent_button = QPushButton("Mark as sent")
        self.sent_button.setToolTip(
            "Sent it from your mail program? Today stops listing this step (undo there)"
        )
        self.sent_button.clicked.connect(self._mark_sent)
        self.sent_button.hide()  # shown for an e-mail step, once the draft is read
        close = QPushButton("Close")
        close.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow("Template", self.template)
        form.addRow("To", self.to)
        form.addRow("Subject", self.subject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_file_button)
        buttons.addStretch()
        buttons.addWidget(self.imap_button)
        buttons.addWidget(self.mail_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.sent_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.attachment)
        layout.addWidget(self.warnings)
        layout.addWidget(self.problem)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._load(template)

    def template_name(self) -> str | None:
        """The chosen template's file name ("confirmation"), None before there is one."""
        name = self.template.currentData()
        return str(name) if name else None

    def _choose_template(self, name: str) -> None:
        index = self.template.findData(name)
        if index < 0:  # gone from the folder since the list was read: named as it is
            self.template.addItem(template_words(name), name)
            index = self.template.count() - 1
        self.template.setCurrentIndex(index)

    def _mark_sent(self) -> None:
        self.sent_marked.emit(self.follow_up_id)
        self.accept()

    # Reading ----------------------------------------------------------------------------
    def _load(self, template: str | None) -> None:
        """Fill the preview from ``template`` (None: the step's own; the rep's edits start
        again), read on a worker; the outputs wait for it."""
        self.problem.hide()
        self.draft = None
        self._sent_edit = None
        self._enable_outputs()
        self._reads += 1
        read, exports, follow_up_id = self._reads, self.exports, self.follow_up_id
        chosen = template

        def loaded(opening: DraftOpening) -> None:
            if read == self._reads:  # else the rep picked another template meanwhile
                self.reading = False
                self._show_opening(opening)

        def failed(error: Exception, _details: str) -> None:
            if read == self._reads:
                self.reading = False
                self._show_problem(f"No draft yet: {error}.")

        self.reading = True
        self.tasks.run(
            lambda: exports.draft_opening(follow_up_id, chosen), loaded, failed, owner=self
        )

    def _show_opening(self, opening: DraftOpening) -> None:
        with QSignalBlocker(self.template):
            if opening.template:
                self._choose_template(opening.template)
        # Only an e-mail step is finished by sending: a confirmation of an agreed call
        # leaves the call to be made.
        self.sent_button.setVisible(opening.email_step)
        self.draft = opening.draft
        if opening.problem is not None:
            problem = opening.problem
            self._show_problem(f"No draft yet: {problem}.", problem.setting)
            self._enable_outputs()
            return
        draft = opening.draft
        assert draft is not None
        self.to.setText(f"{draft.to_name} <{draft.to_email}>")
        self.subject.setText(draft.subject)
        self.text.setPlainText(draft.text)
        self.attachment.setText(_attachment_words(draft.invite))
        notes = [draft.came_back] if draft.came_back else []  # before she sends
        notes += [
            f"{{{name}}} is not a placeholder: check the template" for name in draft.unknown
        ] + [f"nothing to fill in for {{{name}}}: edit the text" for name in draft.missing]
        self.warnings.setText("⚠ " + "\n⚠ ".join(notes) if notes else "")
        self.warnings.setVisible(bool(notes))
        self._enable_outputs()

    def _enable_outputs(self) -> None:
        ready = self.draft is not None and not self._busy
        for button in (self.save_button, self.mail_button, self.imap_button):
            button.setEnabled(ready)
        try:
            host = self.exports.imap_account().host
        except ExportProblem:
            host = ""
        self.imap_button.setVisible(bool(host))
        self.imap_button.setText(f"Save to Drafts on {host}" if host else "Save to Drafts")
        if self.draft is not None:
            if self.draft.mailto is None:
                self.mail_button.setEnabled(False)
                self.mail_button.setToolTip(TOO_LONG_FOR_A_LINK)
            elif self.draft.invite is not None:
                self.mail_button.setToolTip(LINK_WITHOUT_INVITE)
            else:
                self.mail_button.setToolTip("A new message in your mail client, to send there")

    def _as_edited(self) -> Callable[[], EmailDraft] | None:
        """What makes the draft as the rep sees it now, their edits of subject and text
        included (an edited text drops the template's HTML version, which would
        contradict it): run on a worker, since an edit fills the template again."""
        draft = self.draft
        if draft is None:
            return None
        subject, text = self.subject.text(), self.text.toPlainText()
        exports, follow_up_id, sent = self.exports, self.follow_up_id, self._sent_edit

        def edited() -> EmailDraft:
            if subject == draft.subject and text == draft.text:
                return draft
            if sent is not None and (sent.subject, sent.text) == (subject, text):
                return sent
            return exports.draft_for(follow_up_id, draft.template, subject=subject, text=text)

        return edited

    # Outputs ----------------------------------------------------------------------------
    def _show_problem(self, text: str, setting: str = "") -> None:
        show_with_setting_link(self.problem, f"⚠ {text}", setting)
        self.problem.show()

    def _fix_setting(self, link: str) -> None:
        """The missing setting (the rep's e-mail), then the draft again."""
        key = setting_of_link(link)
        if key:
            open_settings_at(
                self,
                self.settings_door,
                key,
                self.tasks,
                lambda: self._load(self.template_name()),
            )

    def _in_background(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self._busy = True
        self._enable_outputs()

        def finished(result: Any) -> None:
            self._busy = False
            self._enable_outputs()
            done(result)

        def failed(error: Exception, _details: str) -> None:
            self._busy = False
            self._enable_outputs()
            if isinstance(error, PasswordNeeded):
                self._ask_password(str(error))
            elif isinstance(error, ExportProblem):
                self._show_problem(f"{error}.", error.setting)
            else:
                self._show_problem(f"{error}. Nothing was lost: try again.")

        self.problem.hide()
        self.tasks.write(work, finished, failed, owner=self)

    def save_eml(self) -> None:
        edited = self._as_edited()
        if edited is None:
            return
        exports = self.exports

        def saved(path: Path) -> None:
            self.saved_file = path
            self.status.setText(f"✓ Saved as {path}")
            self.open_file_button.show()

        self._in_background(lambda: exports.save_draft(edited()), saved)

    def open_saved_file(self) -> None:
        if self.saved_file is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved_file)))

    def open_in_mail_client(self) -> None:
        edited = self._as_edited()
        if edited is not None:
            self._in_background(edited, self._open_link)

    def _open_link(self, draft: EmailDraft) -> None:
        if draft.mailto is None:
            self._show_problem(TOO_LONG_FOR_A_LINK)
            return
        if not QDesktopServices.openUrl(QUrl.fromEncoded(draft.mailto.encode("ascii"))):
            self._show_problem("No mail client answered: save it as an e-mail file instead.")
            return
        exports = self.exports
        self._in_background(
            lambda: exports.record_draft(draft, "opened in the mail client"),
            lambda _none: self.status.setText("✓ Opened in your mail client: send it from there."),
        )

    def save_to_imap(self, password: str | None = None) -> None:
        edited = self._as_edited()
        if edited is None:
            return
        exports = self.exports

        def appended(result: Any) -> None:
            self.status.setText(f"✓ Saved in {result.folder} on {exports.imap_account().host}")

        def made(draft: EmailDraft) -> None:
            self._sent_edit = draft if draft is not self.draft else None
            self._in_background(lambda: exports.append_to_imap(draft, password), appended)

        self._in_background(edited, made)

    def _ask_password(self, why: str) -> None:
        """Ask without blocking: the answer retries the save; Cancel says nothing was saved."""
        account = self.exports.imap_account()
        ask = QInputDialog(self)
        ask.setWindowTitle("IMAP password")
        ask.setLabelText(
            f"{why[0].upper()}{why[1:]}.\n\nPassword of {account.user} on {account.host}:"
        )
        ask.setTextEchoMode(QLineEdit.EchoMode.Password)
        ask.textValueSelected.connect(self._password_given)
        ask.rejected.connect(lambda: self._show_problem("Not saved to Drafts: no password given."))
        self.password_prompt = ask
        ask.open()

    def _password_given(self, password: str) -> None:
        if password:
            self.save_to_imap(password)
        else:
            self._show_problem("Not saved to Drafts: no password given.")
