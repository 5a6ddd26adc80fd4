"""The top of the call screen: who, their local time, the call timer, the numbers to
dial, the attempt, the objective, and what was said last time."""

from __future__ import annotations

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from followup_desktop.core.call_sheet import CallSheet
from followup_desktop.core.came_back import bounced_lines
from followup_desktop.core.contact_rules import shown_phone, tel_uri
from followup_desktop.ui.two_clocks import both_times

NAME_AT_LEAST = 280  # beside the buttons: narrower, the name would read a word a line


def _keep_keys_on_the_script(widget: QWidget) -> None:
    """Clicked, ``widget`` leaves the keys where they were: Space ticks the line being
    read, not the button again (Start timer, greyed out once clicked, would hand them to
    the Script list, which Space opens). Tab still reaches it."""
    widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)


def label(text: str = "", name: str = "") -> QLabel:
    widget = QLabel(text)
    if name:
        widget.setObjectName(name)
    widget.setWordWrap(True)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return widget


class CallHeader(QWidget):
    start_requested = Signal()
    dial_requested = Signal(str)  # the stored number to dial
    copy_requested = Signal(str)
    zone_requested = Signal()  # "their time: unknown — set it"

    def __init__(self, mine: ZoneInfo, theirs: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._mine, self._theirs = mine, theirs
        self.zone_known = True
        self.name = label(name="callName")
        # Beside the buttons the name never needs its longest word's width: it moves to a
        # row of its own first (``_place_name``). Asking for it there kept the window from
        # being made 640 px wide in one step, as a desktop's tiling does.
        self.name.setMinimumWidth(1)
        self.their_time = label(name="theirTime")
        self.their_time.setWordWrap(False)
        self.their_time.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.their_time.linkActivated.connect(lambda _link: self.zone_requested.emit())
        self.timer = label("", "callTimer")
        # Beside "Call", which dials: this one only times a call the rep dials herself.
        self.start_button = QPushButton("Start timer")
        self.start_button.setToolTip("Ctrl+T: the timer only, when you dial yourself")
        self.start_button.clicked.connect(self.start_requested)
        self.call_button = QPushButton("Call")
        self.call_button.setObjectName("primary")
        self.call_button.setToolTip("Ctrl+D: hand the number to your dialer and start the timer")
        self.call_button.clicked.connect(lambda: self.dial_requested.emit(""))
        for button in (self.start_button, self.call_button):
            _keep_keys_on_the_script(button)
        self._top = top = QHBoxLayout()
        top.addWidget(self.name, 1)
        top.addWidget(self.their_time)
        top.addWidget(self.timer)
        top.addStretch()  # when the name has a row of its own: the buttons stay right
        top.addWidget(self.call_button)
        top.addWidget(self.start_button)
        self.phones = QHBoxLayout()
        self.attempt = label(name="attempt")
        self.attempt.setWordWrap(False)
        phone_row = QHBoxLayout()
        phone_row.addLayout(self.phones)
        phone_row.addStretch()
        phone_row.addWidget(self.attempt)
        self.objective = label(name="objective")
        self.warning = label(name="warningBanner")
        # Mail to their address came back: on the phone, the rep can ask for the right one.
        self.mail_back = label(name="warningBanner")
        self.mail_back.hide()
        self.personal = label(name="personalBanner")
        self.last_time = QGroupBox()
        self.last_said = label()
        self.confirm = label()
        last = QHBoxLayout(self.last_time)
        last.addWidget(self.last_said, 3)
        last.addWidget(self.confirm, 2)
        self._rows = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(phone_row)
        for widget in (self.objective, self.warning, self.mail_back, self.personal, self.last_time):
            layout.addWidget(widget)

    @property
    def name_on_own_row(self) -> bool:
        return self._rows.indexOf(self.name) >= 0

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit(event.size().width())

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:  # a text changed its length
            self._fit(self.width())
        return handled

    def _fit(self, width: int) -> None:
        """The name placed for ``width``, and the header as tall as its wrapped lines
        need there: the script scrolls, the name and the objective cannot."""
        self._place_name(width)
        self.setMinimumHeight(max(0, self._rows.heightForWidth(width)))

    def _place_name(self, width: int) -> None:
        """The name beside their time and the buttons while it fits in two lines there;
        a long name and company (or a narrow window) get the whole width."""
        beside = width - sum(
            widget.sizeHint().width() + self._top.spacing()
            for widget in (self.their_time, self.timer, self.call_button, self.start_button)
            if not widget.isHidden()
        )
        two_lines = 2 * self.name.fontMetrics().lineSpacing()
        own_row = beside < NAME_AT_LEAST or self.name.heightForWidth(beside) > two_lines
        if own_row == self.name_on_own_row:
            return
        if own_row:
            self._top.removeWidget(self.name)
            self._rows.insertWidget(0, self.name)
        else:
            self._rows.removeWidget(self.name)
            self._top.insertWidget(0, self.name, 1)
        # Their time takes the room the name left, rather than wrap in a narrow strip.
        self._top.setStretchFactor(self.their_time, 1 if own_row else 0)

    def show_sheet(self, sheet: CallSheet) -> None:
        contact = sheet.contact
        who = f"<b>{escape(contact.name)}</b>"
        role = ", ".join(escape(part) for part in (contact.title, contact.company) if part)
        self.name.setText(f"{who} · {role}" if role else who)
        self._show_phones(sheet)
        self.attempt.setText(sheet.attempt_label)
        objective = sheet.objective or "no objective set: say what this call is for"
        agreed = ""
        if sheet.agreed_at is not None:
            agreed = f" · agreed for {both_times(sheet.agreed_at, self._theirs, self._mine)}"
        self.objective.setText(f"<b>Objective:</b> {escape(objective)}{escape(agreed)}")
        self.warning.setText("\n".join(f"⚠ {warning}" for warning in sheet.warnings))
        self.warning.setVisible(bool(sheet.warnings))
        self.personal.setText(f"♥ Personal: {escape(contact.personal_notes)}")
        self.personal.setVisible(sheet.show_personal)
        bounced = bounced_lines(contact.emails, sheet.their_now, sheet.rep_zone)
        self.mail_back.setText(
            "<br>".join(f"✉ {escape(line)} — ask them for the right address" for line in bounced)
        )
        self.mail_back.setVisible(bool(bounced))
        self._show_last_time(sheet)

    def _show_phones(self, sheet: CallSheet) -> None:
        while self.phones.count():
            item = self.phones.takeAt(0)
            assert item is not None  # the layout holds one at 0: its count is not 0
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        for phone in sheet.contact.phones:
            shown = shown_phone(phone)
            mark = "" if phone.checked else " <i>(not checked)</i>"
            link = QLabel(f'<a href="{tel_uri(phone.number)}">{escape(shown)}</a>{mark}')
            link.setAccessibleName(f"Call {shown}" + ("" if phone.checked else ", not checked"))
            link.setToolTip("Call with your softphone (and start the call timer)")
            link.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            link.linkActivated.connect(lambda _url, n=phone.number: self.dial_requested.emit(n))
            copy = QPushButton("Copy")
            copy.setAccessibleName(f"Copy {phone.number}")
            copy.clicked.connect(lambda _=False, n=phone.number: self.copy_requested.emit(n))
            for widget in (link, copy):
                _keep_keys_on_the_script(widget)
            self.phones.addWidget(link)
            self.phones.addWidget(copy)
        self.call_button.setEnabled(bool(sheet.contact.phones))
        if not sheet.contact.phones:
            self.phones.addWidget(label("No phone number on file", "hint"))

    def _show_last_time(self, sheet: CallSheet) -> None:
        last = sheet.last_connected
        if last is None:
            self.last_time.setTitle("Last time")
            self.last_said.setText("No conversation yet: this is the first time you talk.")
            self.confirm.setText("")
            return
        when = last.at.astimezone(self._mine)
        self.last_time.setTitle(f"Last time ({when:%a} {when.day} {when:%b})")
        said = f"“{escape(last.notes)}”" if last.notes else "No notes were taken."
        if sheet.agreed_at is not None:
            said += f"<br>Next step agreed: {escape(sheet.objective)}"
        self.last_said.setText(said)
        facts = "".join(f"<br>☐ {escape(fact)}?" for fact in sheet.confirm)
        self.confirm.setText(f"<b>Confirm</b> (build yeses):{facts}" if facts else "")

    def set_their_zone(self, theirs: ZoneInfo, known: bool) -> None:
        """Their zone; not ``known``: nobody has said, and ``theirs`` is the rep's own."""
        self._theirs, self.zone_known = theirs, known

    def show_time(
        self, now: datetime, in_hours: bool, started: datetime | None, ended: datetime | None
    ) -> None:
        if self.zone_known:
            theirs = now.astimezone(self._theirs)
            hours = "in hours" if in_hours else "outside their hours"
            self.their_time.setText(f"their time {theirs:%H:%M} ({hours})")
        else:
            # Never the rep's own time passed off as theirs.
            self.their_time.setText('their time: unknown — <a href="zone">set it</a>')
        self.start_button.setEnabled(started is None)
        if started is None:
            self.timer.setText("")
            return
        seconds = max(0, int(((ended or now) - started).total_seconds()))
        clock = f"{seconds // 60:02d}:{seconds % 60:02d}"
        self.timer.setText(f"call took {clock}" if ended else f"on the call {clock}")
