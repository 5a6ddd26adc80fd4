"""A team login the server refused (its password changed there), at start or while
FollowUp runs: a banner over the views says so, with a button to type the new password.
At start the window opens as when the server is away, on the day kept on this laptop
(``ui.application``); while it runs, the window goes on as while the server is away
(``SignInAgain``). A typed password is tried at once and kept in the keyring once the
server takes it.

The refused password is not tried again by itself: each try counts towards the server's
lock-out, and only a new password can change the answer (``store.team_login``)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QPushButton

if TYPE_CHECKING:
    from followup_desktop.services.session import Services
    from followup_desktop.ui.main_window import MainWindow
    from followup_desktop.ui.team_watch import TeamWatch

log = logging.getLogger(__name__)

SIGNING_IN = "Signing in to the team server with the password you typed…"
# While FollowUp runs, what follows the refusal: as the away banner says it.
KEPT_MEANWHILE = (
    "Calls you log are kept on this laptop and written to the server, in order, once you "
    "are signed in."
)


# The address FollowUp was started with has a password in it, which the keyring's never
# replaces: a typed one lasts until FollowUp quits.
IN_ADDRESS = (
    "The address FollowUp was started with (--database or FOLLOWUP_DATABASE) has the old "
    "password in it: one typed here works until you quit, so change that address too. "
)


def refused_text(host: str, user: str, again: bool, in_address: bool = False) -> str:
    """The first words of the banner; what the day kept allows follows them.
    ``in_address``: the address FollowUp was started with carries the password."""
    which = "the password you typed" if again else "your password"
    said = (
        f"The team server {host} refused {which} (login {user}): if it was changed on "
        "the server, type the new one. "
    )
    return said + IN_ADDRESS if in_address else said


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


class SignInAgain(QObject):
    """While FollowUp runs, the team server refused its password: the banner in place of
    the away one, the password she types tried at once (``TeamWatch.try_again``), and
    once the server takes it, the calls kept meanwhile are written (the watch's
    ``reached``, as when the server is back) and the password is kept in the keyring."""

    def __init__(
        self, window: MainWindow, services: Services, watch: TeamWatch, in_address: bool
    ) -> None:
        # The window's: a watch still running as the window goes (a quit) says nothing
        # to a banner that is gone.
        super().__init__(window)
        from followup_desktop.services.team import host_and_user

        self._window, self._services, self._watch = window, services, watch
        self._in_address = in_address  # the password is in the address it started with
        self._host, self._user = host_and_user(services.team)
        self._typed = ""  # tried, not yet taken by the server
        self.banner = PasswordBanner(self._host, self._user)
        self.banner.hide()
        window.add_banner(self.banner)
        self.banner.given.connect(self._given)
        watch.password_refused.connect(self._refused)
        watch.reachable.connect(self._reachable)
        watch.reached.connect(self._signed_in)

    def _refused(self, why: str) -> None:
        if self._watch.banner is not None:
            self._watch.banner.hide()
        said = refused_text(self._host, self._user, bool(self._typed), self._in_address)
        self.banner.refused(said + KEPT_MEANWHILE, why)

    def _reachable(self, _up: bool) -> None:  # back, or away: the away banner says which
        self.banner.hide()

    def _given(self, password: str) -> None:
        from followup_desktop.services.team import sign_in_with

        self._typed = password
        self.banner.trying()
        sign_in_with(self._services.db, password)  # no connection made here
        self._watch.try_again()

    def _signed_in(self) -> None:
        self.banner.hide()
        password, self._typed = self._typed, ""
        if not password:
            return
        window, where, in_address = self._window, self._services.team, self._in_address

        def said(kept: bool) -> None:
            window.statusBar().showMessage(signed_in_words(kept, in_address), 60_000)

        window.tasks.run(
            lambda: kept_in_keyring(where, password), said, window.background_failed, owner=self
        )


def kept_in_keyring(url: str, password: str) -> bool:
    """A typed password the server took, into the keyring; a keyring that fails in a way
    of its own must not undo a sign-in that worked (it is asked again at the next start)."""
    from followup_desktop.services.team import keep_password

    try:
        return keep_password(url, password)
    except Exception as error:
        log.warning("the keyring did not take the team password: %s", type(error).__name__)
        return False


def signed_in_words(kept: bool, in_address: bool = False) -> str:
    """Said once the team server took a password the rep typed (``kept``: the keyring
    took it; ``in_address``: the address FollowUp was started with has the old one)."""
    if in_address:  # the next start takes the address's, whatever the keyring holds
        return (
            "Signed in to the team server until you quit: the address FollowUp was started "
            "with (--database or FOLLOWUP_DATABASE) still has the old password in it. Put "
            "the new one in it, or take the password out of it"
            + (" (the new one is kept in the system keyring)." if kept else ".")
        )
    if kept:
        return "Signed in to the team server: the new password is kept in the system keyring."
    return (
        "Signed in to the team server, but the system keyring did not take the new "
        "password: it is asked again at the next start (unlock the keyring, or set it "
        "with followup settings set-password team)."
    )
