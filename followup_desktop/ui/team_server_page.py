"""Settings › Team server: which PostgreSQL server this FollowUp opens instead of the
laptop's own book, with "Test connection" answered in plain words on a worker.

The choice takes effect at the next start (the window is built on one book); the
password goes into the system keyring, never into the choice's file.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.services.team_choice import (
    DEFAULT_PORT,
    TLS_MODES,
    TeamChoiceInvalid,
    TeamServer,
)
from followup_desktop.ui.tasks import TaskRunner

TITLE = "Team server"


class TeamServerPage(QWidget):
    """``try_server(server, password)`` connects (on a worker) and says what it found."""

    def __init__(
        self,
        current: TeamServer | None,
        data_folder: str,
        try_server: Callable[[TeamServer, str], str],
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._try_server, self._tasks = try_server, tasks
        self.initial = current  # what was chosen when the page opened
        shown = current or TeamServer("", "")
        self.use = QCheckBox("Open the team's book on a PostgreSQL server")
        self.use.setChecked(current is not None)
        self.host = QLineEdit(shown.host)
        self.host.setPlaceholderText("db.company.example")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(shown.port or DEFAULT_PORT)
        self.database = QLineEdit(shown.database)
        self.user = QLineEdit(shown.user)
        self.user.setPlaceholderText("your login on the server")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(
            "kept in the system keyring" if current is None else "unchanged (in the keyring)"
        )
        self.tls = QComboBox()
        for mode, words in TLS_MODES.items():
            self.tls.addItem(words, mode)
        self.tls.setCurrentIndex(max(0, self.tls.findData(shown.tls)))
        self.test_button = QPushButton("&Test connection")
        self.test_button.clicked.connect(self.test)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.hide()

        form = QFormLayout()
        self._fields: list[QWidget] = []
        for label, field in (
            ("Server", self.host),
            ("Port", self.port),
            ("Database", self.database),
            ("User", self.user),
            ("Password", self.password),
            ("Encryption", self.tls),
        ):
            field.setAccessibleName(f"Team server {label.lower()}")
            form.addRow(label, field)
            self._fields.append(field)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch()
        hint = QLabel(
            "Takes effect at the next start. This computer's own book stays in "
            f"<code>{escape(data_folder)}</code>; <code>followup db copy --to</code> "
            "moves it onto an empty server."
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.use)
        layout.addLayout(form)
        layout.addLayout(test_row)
        layout.addWidget(self.result)
        layout.addStretch()
        layout.addWidget(hint)
        self.use.toggled.connect(self._enable)
        self._enable(self.use.isChecked())

    def _enable(self, on: bool) -> None:
        for field in [*self._fields, self.test_button]:
            field.setEnabled(on)

    def server(self) -> TeamServer | None:
        """The server as typed (None: not used); TeamChoiceInvalid names a bad field."""
        if not self.use.isChecked():
            return None
        return TeamServer(
            self.host.text(),
            self.user.text(),
            self.database.text(),
            self.port.value(),
            str(self.tls.currentData()),
        ).checked()

    def test(self) -> None:
        try:
            server = self.server()
        except TeamChoiceInvalid as error:
            self._say(str(error), ok=False)
            return
        if server is None:
            return
        self.test_button.setEnabled(False)
        self._say(f"Connecting to {server.host}…", ok=True)
        password = self.password.text()
        self._tasks.run(
            lambda: self._try_server(server, password),
            lambda said: self._tested(said, ok=True),
            lambda error, _details: self._tested(str(error), ok=False),
            owner=self,
        )

    def _tested(self, said: str, ok: bool) -> None:
        self.test_button.setEnabled(self.use.isChecked())
        self._say(said, ok)

    def _say(self, text: str, ok: bool) -> None:
        self.result.setObjectName("hint" if ok else "problem")
        self.result.setText(("" if ok else "⚠ ") + text)
        self.result.style().unpolish(self.result)
        self.result.style().polish(self.result)
        self.result.show()
