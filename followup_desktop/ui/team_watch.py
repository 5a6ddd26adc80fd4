"""On a team server, the views follow what colleagues change without a restart: a thread
waits on the server's change feed (``services.team.change_feed``) and hands each notice
to the window, which refreshes what it shows of it, as after the rep's own writes.

When the server goes away the thread tries again every RETRY_S seconds; once back, every
view is refreshed, since notices sent meanwhile were not heard. When it refuses the
password instead (changed there), it is not tried again: the rep is asked for the new one
(``ui.team_password``), and the thread tries once she has typed it. What the call screen
needs for the day's calls is kept beside the profile every ``REFRESH_EVERY_S``
(``kept_sheets``)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

from followup_desktop.core.changes import EVERYTHING, Area, Change, about
from followup_desktop.services.kept_sheets import REFRESH_EVERY_S

if TYPE_CHECKING:
    from followup_desktop.services.kept_writes import KeptReport
    from followup_desktop.services.session import Services
    from followup_desktop.services.team import ChangeFeed
    from followup_desktop.ui.main_window import MainWindow
    from followup_desktop.ui.set_aside_notice import SetAsideNotice
    from followup_desktop.ui.team_password import SignInAgain

log = logging.getLogger(__name__)

RETRY_S = 10.0
AWAY_TEXT = (
    "The team server cannot be reached. Calls you log are kept on this laptop and "
    "written to it, in order, once it is back."
)
# Notices within this long come as one refresh: a colleague's burst of writes (an import,
# a call logged with its follow-up) reloads each view once.
BATCH_S = 0.5


class TeamWatch(QObject):
    changed = Signal(object)  # a Change, on the UI thread
    reachable = Signal(bool)  # the server went away (False) or came back (True)
    # The server reached: at start (what a closed or killed session kept is sent then),
    # and each time it is back.
    reached = Signal()
    # The server refused the password (its own words): nothing tries it until ``try_again``.
    password_refused = Signal(str)

    def __init__(
        self,
        open_feed: Callable[[], ChangeFeed | None],
        show: Callable[[Change], None],
        parent: QObject | None = None,
        refusal: Callable[[], str] = lambda: "",
    ) -> None:
        super().__init__(parent)
        self._open_feed = open_feed
        self._refusal = refusal  # the server's refusal of the password, "" when none
        self._stopping = threading.Event()
        self._woken = threading.Event()  # a password typed, or the watch stops
        self._thread: threading.Thread | None = None
        self.banner: QLabel | None = None  # shown by watch_team while the server is away
        # What the server refused of the writes kept meanwhile (watch_team).
        self.set_aside: SetAsideNotice | None = None
        # The banner and the way out while the server refuses the password (watch_team).
        self.sign_in: SignInAgain | None = None
        self.changed.connect(show)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._watch, name="team-changes", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._woken.set()
        if self._thread is not None:
            self._thread.join(BATCH_S * 4)

    def try_again(self) -> None:
        """At once: the rep typed a password (``TeamLogin.typed``)."""
        self._woken.set()

    def _watch(self) -> None:
        feed: ChangeFeed | None = None
        missed = False
        said = ""  # what the banners say: "" (nothing), "away" or "refused"
        while not self._stopping.is_set():
            try:
                if feed is None:
                    feed = self._open_feed()
                    if feed is None:
                        return  # a rep's own file: nobody else writes it
                    self.reached.emit()
                    if missed:
                        self.reachable.emit(True)
                        self.changed.emit(EVERYTHING)
                        missed, said = False, ""
                change = feed.wait(BATCH_S)
                if self._refusal():
                    # Another connection was refused: the server ended no session when
                    # the password changed, so the feed's own may stay open for hours.
                    raise PasswordRefusedElsewhere
            except Exception:  # the server went away, or never answered: try again later
                log.debug("change feed", exc_info=True)
                if feed is not None:
                    feed.close()
                feed, missed = None, True
                if refused := self._refusal():  # only another password changes that
                    log.warning("team server: the password was refused; asking for another")
                    self.password_refused.emit(refused)
                    said = "refused"
                    self._woken.wait()
                    self._woken.clear()
                    continue
                log.warning("team server: change feed lost; again in %.0f s", RETRY_S)
                if said != "away":
                    self.reachable.emit(False)
                    said = "away"
                self._woken.wait(RETRY_S)
                self._woken.clear()
                continue
            if change is not None and not self._stopping.is_set():
                self.changed.emit(change)
        if feed is not None:
            feed.close()


class PasswordRefusedElsewhere(Exception):
    """A connection other than the change feed's was refused its password."""


def away_banner(text: str = AWAY_TEXT) -> QLabel:
    """Said while the team server is away (by default: what the rep logs is kept)."""
    banner = QLabel(text)
    banner.setObjectName("warningBanner")
    banner.setWordWrap(True)
    banner.setAccessibleName("Team server away")
    return banner


def watch_team(
    window: MainWindow, services: Services, parent: QObject, in_address: bool = False
) -> TeamWatch:
    """The watch for the window on a team server: colleagues' changes shown, the banner
    while the server is away, the calls kept meanwhile sent once it is back, and what it
    refused of them said until the rep has done with it. ``in_address``: the address
    FollowUp was started with carries the password (a typed one lasts until it quits)."""
    from followup_desktop.ui.set_aside_notice import SetAsideNotice
    from followup_desktop.ui.team_password import SignInAgain

    def open_feed() -> ChangeFeed | None:
        from followup_desktop.services.team import change_feed

        return change_feed(services.db)

    def sent(report: KeptReport) -> None:
        said = report.text()
        if said:
            window.statusBar().showMessage(said + ".", 15_000)
        if report.sent or report.saves_sent:
            window.show_change(about(Area.AGENDA | Area.CONTACTS, report.contact_ids))
        for clashes in report.to_merge:
            window.editing.settle_kept(clashes)
        if report.set_aside and watch.set_aside is not None:
            watch.set_aside.refresh()

    def send_kept() -> None:  # on the writer, as every write the window makes
        from followup_desktop.services.session import send_kept as send_each

        # The window may close (the app quits) before the server answers: nothing to show.
        window.tasks.write(
            lambda: send_each(services), sent, window.background_failed, owner=window
        )

    def refusal() -> str:  # the server's refusal of the password, on the watch's thread
        from followup_desktop.services.team import login_refused

        return login_refused(services.db)

    watch = TeamWatch(open_feed, window.show_change, parent, refusal)
    watch.banner = away_banner()
    watch.banner.hide()
    window.add_banner(watch.banner)
    watch.reachable.connect(watch.banner.setHidden)
    # The password changed on the server: asked for, as at start (ui/team_password.py).
    watch.sign_in = SignInAgain(window, services, watch, in_address)
    # Said from the start: what was refused before this session is still there.
    watch.set_aside = SetAsideNotice(window, services, watch)
    watch.set_aside.refresh()
    watch.reached.connect(send_kept)

    def keep_for_later() -> None:  # the day's calls, for a start while the server is away
        from followup_desktop.services.session import keep_calls_for_later

        window.tasks.run(
            lambda: keep_calls_for_later(services),
            lambda kept: log.info("%s contacts' calls kept for later", kept),
            lambda error, _details: log.warning("the day's calls were not kept: %s", error),
            owner=watch,
        )

    keeping = QTimer(watch, interval=REFRESH_EVERY_S * 1000)
    keeping.timeout.connect(keep_for_later)
    keeping.start()
    watch.reached.connect(keep_for_later)
    return watch
