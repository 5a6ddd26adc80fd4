"""File › Calendar account…: the rep's CalDAV server, user and password, checked on a
worker ("Connect"), then kept; what worked and what did not said in plain words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core import settings as options
from followup_desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from followup_desktop.services.calendar_sync import CalendarSync, SetupReport


class CalendarAccountDialog(QDialog):
    connected = Signal(object)  # SetupReport

    def __init__(
        self,
        calendar: CalendarSync,
        settings: options.Settings,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Calendar account")
        self.setMinimumWidth(480)
        self._calendar, self._tasks = calendar, tasks
        self.url = QLineEdit(settings.get(options.SYNC_URL))
        self.url.setPlaceholderText("https://dav.example.com or example.com")
        self.user = QLineEdit(settings.get(options.SYNC_USER))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("kept in the system keyring")
        self.calendar_name = QLineEdit()
        self.calendar_name.setPlaceholderText("FollowUp (made if missing)")
        for field, name in (
            (self.url, "Server"),
            (self.user, "User name"),
            (self.password, "Password"),
            (self.calendar_name, "Calendar"),
        ):
            field.setAccessibleName(name)
        form = QFormLayout()
        form.addRow("Server", self.url)
        form.addRow("User name", self.user)
        form.addRow("Password", self.password)
        form.addRow("Calendar", self.calendar_name)
        self.outcome = QLabel("Agreed calls and promises go onto this calendar, with an alarm.")
        self.outcome.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.addButton(
            "Connect", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.try_connect)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.outcome)
        layout.addWidget(self.buttons)

    def try_connect(self) -> None:
        url, user = self.url.text().strip(), self.user.text().strip()
        password, chosen = self.password.text(), self.calendar_name.text().strip()
        if not (url and user and password):
            self.outcome.setText("⚠ Fill in the server, the user name and the password.")
            return
        self.connect_button.setEnabled(False)
        self.outcome.setText(f"Connecting to {url}…")
        calendar = self._calendar
        # It writes (the account, once checked) after a network round trip: beside the
        # writer, so a slow server never holds a logged call back.
        self._tasks.write(
            lambda: calendar.setup(url, user, password, chosen),
            self._connected,
            self._failed,
            owner=self,
            beside=True,
        )

    def _connected(self, report: SetupReport) -> None:
        self.password.clear()
        made = " (made now)" if report.made else ""
        self.outcome.setText(
            f"✓ Connected. Calendars: {', '.join(report.calendars)}. "
            f"FollowUp writes to {report.chosen!r}{made}."
        )
        self.connected.emit(report)
        self.accept()

    def _failed(self, error: Exception, _details: str) -> None:
        self.connect_button.setEnabled(True)
        self.outcome.setText(f"⚠ Not connected: {error}")
