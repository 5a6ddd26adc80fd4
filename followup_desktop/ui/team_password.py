"""A start whose team login the server refused (its password changed there): the window
opens as when the server is away, on the day kept on this laptop, and says so over the
views with a button to type the new password (``ui.application`` tries it at once, and
keeps it in the keyring once the server takes it).

The refused password is not tried again by itself: each try counts towards the server's
lock-out, and only a new password can change the answer."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QPushButton

SIGNING_IN = "Signing in to the team server with the password you typed…"


def refused_text(host: str, user: str, again: bool) -> str:
    """The first words of the banner; what the day kept allows follows them."""
    which = "the password you typed" if again else "your password"
    return (
        f"The team server {host} refused {which} (login {user}): if it was changed on "
        "the server, type the new one. "
    )


class PasswordBanner(QFrame):
    """Over the views while the server refuses the password: why, and the way out."""

    given = Signal(str)  # a password the rep typed (never empty)

    def __init__(self, host: str, user: str) -> None:
        super().__init__()
        self._host, self._user = host, user
        self.setAccessibleName("Team server refused the password")
        self.label = QLabel()
        self.label.setObjectName("warningBanner")
        self.label.setWordWrap(True)
        self.button = QPushButton("&Type the new password…")
        self.button.setAccessibleName("Type the new password of the team server")
        self.button.clicked.connect(self.ask)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.prompt: QInputDialog | None = None  # made at the first ask, then reused

    def refused(self, text: str, why: str) -> None:
        """Said (again): ``why`` is the server's own answer, for whoever the rep asks."""
        self.label.setText(f"⚠ {text}")
        self.setToolTip(why)
        self.button.setEnabled(True)
        self.show()

    def trying(self) -> None:
        self.label.setText(SIGNING_IN)
        self.button.setEnabled(False)
        if self.prompt is not None:
            self.prompt.close()

    def ask(self) -> None:
        """Asked without blocking the window: the calls kept go on meanwhile."""
        if self.prompt is None:
            prompt = self.prompt = QInputDialog(self.window())
            prompt.setWindowTitle("Team server password")
            prompt.setLabelText(f"New password of {self._user} on {self._host}:")
            prompt.setTextEchoMode(QLineEdit.EchoMode.Password)
            prompt.textValueSelected.connect(self._typed)
        self.prompt.setTextValue("")
        self.prompt.open()

    def _typed(self, password: str) -> None:
        if password:
            self.given.emit(password)
