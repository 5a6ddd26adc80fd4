"""File › Calendar account…: the rep's CalDAV server, user and password; "Find calendars"
lists the account's calendars and address books to choose from (or FollowUp's own, made
when missing); "Connect" checks and keeps it all. The network work runs on a worker;
what worked and what did not is said in plain words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core import settings as options
from followup_desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from followup_desktop.services.calendar_sync import CalendarSync, Collections, SetupReport

OWN_CALENDAR = "FollowUp (its own, made if missing)"
OWN_BOOK = "FollowUp (its own, made if missing)"


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
        self.calendar_choice = _choice(OWN_CALENDAR, settings.get(options.SYNC_CALENDAR))
        self.book_choice = _choice(OWN_BOOK, settings.get(options.SYNC_ADDRESS_BOOK))
        self.find_button = QPushButton("&Find calendars")
        self.find_button.setToolTip("List the calendars and address books of this account")
        self.find_button.clicked.connect(self.find_calendars)
        for field, name in (
            (self.url, "Server"),
            (self.user, "User name"),
            (self.password, "Password"),
            (self.calendar_choice, "Calendar"),
            (self.book_choice, "Address book"),
        ):
            field.setAccessibleName(name)
        calendar_row = QHBoxLayout()
        calendar_row.addWidget(self.calendar_choice, 1)
        calendar_row.addWidget(self.find_button)
        form = QFormLayout()
        form.addRow("Server", self.url)
        form.addRow("User name", self.user)
        form.addRow("Password", self.password)
        form.addRow("Calendar", calendar_row)
        form.addRow("Address book", self.book_choice)
        self.outcome = QLabel(
            "Agreed calls and promises go onto the calendar, with an alarm; your contacts "
            "go into the address book, and what you change on your phone comes back."
        )
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

    def _login(self) -> tuple[str, str, str] | None:
        url, user, password = (
            self.url.text().strip(),
            self.user.text().strip(),
            self.password.text(),
        )
        if not (url and user and password):
            self.outcome.setText("⚠ Fill in the server, the user name and the password.")
            return None
        return url, user, password

    def find_calendars(self) -> None:
        login = self._login()
        if login is None:
            return
        self.find_button.setEnabled(False)
        self.outcome.setText(f"Looking at {login[0]}…")
        calendar = self._calendar
        self._tasks.run(lambda: calendar.look(*login), self._found, self._not_found, owner=self)

    def _found(self, found: Collections) -> None:
        self.find_button.setEnabled(True)
        for choice, own, listed in (
            (self.calendar_choice, OWN_CALENDAR, found.calendars),
            (self.book_choice, OWN_BOOK, found.address_books),
        ):
            was = choice.currentData()
            choice.clear()
            choice.addItem(own, "")
            for info in listed:
                choice.addItem(info.name, info.url)
            choice.setCurrentIndex(max(0, choice.findData(was)))
        books = len(found.address_books)
        self.outcome.setText(
            f"✓ {len(found.calendars)} calendar(s) and {books} address book(s) found: "
            "choose where FollowUp writes, then Connect."
            if found.address_books or found.calendars
            else "✓ Logged in. The account has no calendars yet: FollowUp makes its own."
        )

    def _not_found(self, error: Exception, _details: str) -> None:
        self.find_button.setEnabled(True)
        self.outcome.setText(f"⚠ Not connected: {error}")

    def try_connect(self) -> None:
        login = self._login()
        if login is None:
            return
        url, user, password = login
        calendar_url = self.calendar_choice.currentData() or ""
        book_url = self.book_choice.currentData() or ""
        self.connect_button.setEnabled(False)
        self.outcome.setText(f"Connecting to {url}…")
        calendar = self._calendar
        # It writes (the account, once checked) after a network round trip: beside the
        # writer, so a slow server never holds a logged call back.
        self._tasks.write(
            lambda: calendar.setup(url, user, password, calendar_url, book_url),
            self._connected,
            self._failed,
            owner=self,
            beside=True,
        )

    def _connected(self, report: SetupReport) -> None:
        self.password.clear()
        made = " (made now)" if report.made else ""
        book = f" Contacts go to {report.address_book!r}." if report.address_book else ""
        self.outcome.setText(
            f"✓ Connected. Calendars: {', '.join(report.calendars)}. "
            f"FollowUp writes to {report.chosen!r}{made}.{book}"
        )
        self.connected.emit(report)
        self.accept()

    def _failed(self, error: Exception, _details: str) -> None:
        self.connect_button.setEnabled(True)
        self.outcome.setText(f"⚠ Not connected: {error}")


def _choice(own: str, kept: str) -> QComboBox:
    """FollowUp's own collection, and the one kept at set-up (chosen) when there is one;
    each item's data is the collection's address ("": FollowUp's own)."""
    choice = QComboBox()
    choice.addItem(own, "")
    if kept:
        choice.addItem(_last_part(kept), kept)
        choice.setCurrentIndex(1)
    return choice


def _last_part(url: str) -> str:
    """A kept collection shown before the list is fetched: the last part of its address."""
    return url.rstrip("/").rsplit("/", 1)[-1] or url
