"""The Qt application: look, one instance per data folder, the window painted first,
then the store (or its recovery) opened beside it, the tray and the reminder timer.

Start-up order is what the rep sees: the window with today's calls comes up at about the
cost of a bare Qt window (``services.first_look`` reads them through sqlite3 alone), while
a worker imports SQLAlchemy and opens the store (with any migration and its backup); the
window is then completed (``MainWindow.attach``) and the reminders start.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication, QWidget

from followup_desktop import __version__
from followup_desktop.core.calendar import zone
from followup_desktop.core.changes import Area, Change
from followup_desktop.core.clock import SystemClock
from followup_desktop.paths import AppPaths
from followup_desktop.services.first_look import first_paint
from followup_desktop.ui import memory
from followup_desktop.ui.look import apply_look
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.quit_signals import QuitOnSignals
from followup_desktop.ui.single_instance import SingleInstance
from followup_desktop.ui.tasks import TaskRunner
from followup_desktop.ui.uncaught import install_excepthook

if TYPE_CHECKING:
    from followup_desktop.core.reminders import Notice
    from followup_desktop.core.settings import Settings
    from followup_desktop.services.call_desk import KeptCallDesk
    from followup_desktop.services.early_desk import EarlyCallDesk
    from followup_desktop.services.kept_day import KeptDay
    from followup_desktop.services.kept_reminders import KeptReminders
    from followup_desktop.services.session import Services
    from followup_desktop.ui.desk import Desk
    from followup_desktop.ui.notifications import NotificationCenter
    from followup_desktop.ui.reminder_timer import ReminderTimer
    from followup_desktop.ui.team_password import PasswordBanner

log = logging.getLogger(__name__)

SERVER_RETRY_S = 10  # a team server away at start is tried again this often
QUIT_WAIT_S = 30  # a quit waits this long at most for the store's opening to end


def waiting_text(read_at: datetime | None, rep_zone: str, calls_kept: bool = False) -> str:
    """The banner while FollowUp waits for the team server at start; the time the day
    was read is in ``rep_zone``, as Today's own times below it."""
    return (
        f"The team server cannot be reached: FollowUp tries again every {SERVER_RETRY_S} s. "
        f"{kept_day_text(read_at, rep_zone, calls_kept)}"
    )


def kept_day_text(
    read_at: datetime | None, rep_zone: str, calls_kept: bool, until: str = "it answers"
) -> str:
    """What the window offers until the team's book opens (``until``): the day as last
    read from the server, and its calls when they were kept."""
    day = (
        f"Today below is your day as read from it at {read_at.astimezone(zone(rep_zone)):%a %H:%M}"
        if read_at is not None
        else f"Your day shows once {until}"
    )
    then = (
        ". Its calls open: what you log is kept on this laptop and written to the server "
        f"once {until}; nothing else can be changed until then."
        if calls_kept
        else f"; nothing can be changed until {until}."
    )
    return f"{day}{then}"


def run(
    app_paths: AppPaths,
    qt_argv: list[str],
    minimized: bool = False,
    open_contact: int | None = None,
    database: str = "",
) -> int:
    """``database``: a team server's URL instead of the data folder's file."""
    app = QApplication.instance() or QApplication(qt_argv)
    assert isinstance(app, QApplication)
    signals = QuitOnSignals(app)  # from here on SIGTERM, SIGINT and SIGHUP quit cleanly
    app.setApplicationName("FollowUp")
    app.setApplicationDisplayName("FollowUp")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("com.followupapp.FollowUp")
    instance = SingleInstance(app_paths.data_dir)
    if not instance.claim():
        return _hand_over(instance, open_contact)
    apply_look(app)
    install_excepthook()
    start = Start(app, app_paths, signals, instance, minimized, open_contact, database)
    start.begin()
    try:
        return app.exec()
    finally:
        signals.close()
        start.close()
        instance.release()
        if start.restart_asked:  # once the lock is free: the new one must not hand over to this
            from followup_desktop.ui.relaunch import start_again

            start_again()


class Start:
    """Start-up in two steps: the window now, the store (opened on a worker) next."""

    def __init__(
        self,
        app: QApplication,
        app_paths: AppPaths,
        signals: QuitOnSignals,
        instance: SingleInstance,
        minimized: bool = False,
        open_contact: int | None = None,
        database: str = "",
    ) -> None:
        memory.hold_collection()  # while the store's modules import
        self._collection_held = True
        self.database = database
        self.app, self.paths, self.signals, self.instance = app, app_paths, signals, instance
        self.minimized, self.open_contact = minimized, open_contact
        self.tasks = TaskRunner(app)
        self.window: MainWindow | None = None
        self.services: Services | None = None
        self.desk: Desk | None = None
        # A second launch asking for this one before the store is open is answered then.
        self._launches: list[dict[str, Any]] = []
        self._waiting_banner: QWidget | None = None  # while the team server is away
        # The day kept on this laptop, shown while the team's book cannot open: when it
        # was read, in which zone, and whether its calls open (``_kept_look``).
        self._kept_shown: tuple[datetime | None, str, bool] | None = None
        # While the server refuses the password, and the one the rep typed (tried in
        # place of the keyring's, and kept there once the server takes it).
        self._password_banner: PasswordBanner | None = None
        self._typed_password = ""
        self._password_kept: bool | None = None  # whether the keyring took it
        self._closed = False  # a try again at the team server due after it: not made
        # Meanwhile the kept day's reminders (``_remind_from``).
        self._kept_reminders: KeptReminders | None = None
        self._kept_timer: ReminderTimer | None = None
        self._kept_center: NotificationCenter | None = None
        self._server_shown = ""
        self._early: EarlyCallDesk | None = None  # made when a call opens before the store
        self._opening: threading.Event | None = None  # set once the store's opening ends
        self.restart_asked = False  # a restore closed the store: ``run`` starts the app again
        instance.message_received.connect(self._launched)

    def begin(self) -> None:
        # The first look reads the file; a team server's book comes with the store.
        painted = None if self.database else first_paint(self.paths.database, SystemClock())
        self.window = MainWindow(None, self.tasks, first_paint=painted)
        self.window.store_closing.connect(self._store_closing)
        self.window.restart_requested.connect(self._restart)
        if painted is not None:
            settings = painted.settings
            self.window.early_calls(lambda: self._early_desk(settings))
        if self.minimized:  # the tray decides once it is there
            self._after_first_paint()
            return
        self.window.show()
        AfterFirstPaint(self.window, self._after_first_paint)

    def _early_desk(self, settings: Settings) -> EarlyCallDesk:
        """The desk of the calls opened before the store is (``services.early_desk``)."""
        from followup_desktop.services.early_desk import EarlyCallDesk

        self._early = EarlyCallDesk(self.paths.database, settings, SystemClock())
        return self._early

    def _after_first_paint(self) -> None:
        """What the rep's first look at the window need not wait for."""
        memory.limit_arenas()  # before the workers start (the store's first)
        _start_logs(self.paths)
        self.instance.listen()  # a second launch before this waits for it (``send``)
        window = self.window
        assert window is not None
        window.complete_frame()
        self._open_store()

    def _open_store(self) -> None:
        if not self._closed:
            opening = self._opening = threading.Event()

            def open_it() -> Services:
                try:
                    return self._open()
                finally:
                    opening.set()

            self.tasks.run(open_it, self._opened, self._open_failed)

    def _open(self) -> Services:
        from followup_desktop.services.session import open_services

        self.paths.ensure()
        database, typed = "", self._typed_password
        if self.database:
            from followup_desktop.services import team

            database = (
                team.with_typed_password(self.database, typed)
                if typed
                else team.with_password(self.database)
            )
            from followup_desktop.services.session import shown_server

            self._server_shown = shown_server(database)  # the day kept is this one's
        # Kept here as well as handed back: quitting before it arrives must still close it.
        self.services = open_services(self.paths, database=database)
        if typed:  # the server took it: the next start (and the command line) too
            from followup_desktop.ui.team_password import kept_in_keyring

            self._password_kept = kept_in_keyring(database, typed)
        return self.services

    def _collect_again(self) -> None:
        """The store has answered (its modules are in), or start-up ends: the collector
        runs again; what start-up made is in its collections once the window settles."""
        if self._collection_held:
            self._collection_held = False
            memory.resume_collection()
            QTimer.singleShot(3000, memory.give_back)

    def _open_failed(self, error: Exception, _details: str) -> None:
        self._collect_again()
        log.error("the store did not open: %s", error)
        if self._closed:
            return
        from followup_desktop.services.session import PasswordRefused, ServerAway

        if isinstance(error, ServerAway):
            self._wait_for_server(str(error))
            return
        if isinstance(error, PasswordRefused) and self.database:
            self._ask_for_password(str(error))
            return
        if self.database:  # a refused login or another schema: said, no file recovery
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(self.window, "FollowUp", f"FollowUp could not start: {error}")
            self.app.exit(1)
            return
        # Recovery may put another file in place: what was read from this one (the day
        # shown, the calls opened) is not taken for it, and their writes are refused.
        assert self.window is not None
        self.window.forget_first_look()
        if self._early is not None:
            self._early.store_gone()
        services = _open_or_recover(self.paths)  # tries again, then offers recovery
        if services is None:
            self.app.exit(1)
            return
        self.services = services
        self._opened(services)

    def _wait_for_server(self, why: str) -> None:
        """The team server does not answer: the window shows the day as last read from it
        (kept beside the profile, when from this server and login), says so, and tries
        again every ``SERVER_RETRY_S``."""
        window = self.window
        assert window is not None
        if self._password_banner is not None:  # a password typed, and the server gone
            self._password_banner.hide()
        if self._waiting_banner is None:
            from followup_desktop.ui.team_watch import away_banner

            self._waiting_banner = away_banner(waiting_text(*self._kept_look()))
            window.add_banner(self._waiting_banner)
        self._waiting_banner.show()
        self._waiting_banner.setToolTip(why)
        QTimer.singleShot(int(SERVER_RETRY_S * 1000), self._open_store)

    def _kept_look(self) -> tuple[datetime | None, str, bool]:
        """The day as last read from the team server (kept beside the profile, when from
        this server and login), its reminders and its calls, shown once until the book
        opens: when it was read, in which zone, and whether its calls open."""
        if self._kept_shown is None:
            from followup_desktop.services import kept_day

            window = self.window
            assert window is not None
            kept = kept_day.last(self.paths, self._server_shown)
            desk = None
            if kept is not None:
                from followup_desktop.services.call_desk import kept_desk

                window.today.show_agenda(kept.day)
                desk = kept_desk(self.paths, self._server_shown, SystemClock())
                self._remind_from(kept, desk)
                if desk is not None:
                    window.work_before_store(desk)
            self._kept_shown = (
                kept.day.now if kept else None,
                kept.day.rep_zone if kept else "",
                desk is not None,
            )
            window.show()  # also a start into the tray: there is no tray until it opens
        return self._kept_shown

    def _ask_for_password(self, why: str) -> None:
        """The team server refused the password: the window works on the day kept, as
        while the server is away, and asks for the new password. Not tried again by
        itself: only another password changes the answer (``ui.team_password``)."""
        from followup_desktop.services.team import host_and_user
        from followup_desktop.ui.team_password import PasswordBanner, refused_text

        window = self.window
        assert window is not None
        if self._waiting_banner is not None:  # it answers, with a refusal
            self._waiting_banner.hide()
        host, user = host_and_user(self.database)
        read_at, rep_zone, calls_kept = self._kept_look()
        banner = self._password_banner
        if banner is None:
            banner = self._password_banner = PasswordBanner(host, user)
            banner.given.connect(self._password_given)
            window.add_banner(banner)
        said = refused_text(host, user, bool(self._typed_password), self._password_in_address())
        until = "you are signed in"
        banner.refused(said + kept_day_text(read_at, rep_zone, calls_kept, until), why)

    def _password_in_address(self) -> bool:
        """The address FollowUp was started with carries the team server's password
        (--database or FOLLOWUP_DATABASE): one typed in the window lasts until it quits."""
        if not self.database:
            return False
        from followup_desktop.services.team import password_in_address

        return password_in_address(self.database)

    def _password_given(self, password: str) -> None:
        self._typed_password = password
        if self._password_banner is not None:
            self._password_banner.trying()
        self._open_store()

    def _remind_from(self, kept: KeptDay, desk: KeptCallDesk | None) -> None:
        """The kept day's calls remind the rep while the server is away (the same timer
        and notifications as the desk's, on ``KeptReminders``); a call logged on ``desk``
        meanwhile takes its notice off and is reminded no more, as at the desk, and a
        call agreed on it (or the next step she gave her own time) reminds as the one the
        server will plan."""
        from functools import partial

        from followup_desktop.services import kept_calls
        from followup_desktop.services.kept_reminders import KeptReminders
        from followup_desktop.ui.notifications import make_center
        from followup_desktop.ui.reminder_timer import ReminderTimer

        window = self.window
        assert window is not None
        if desk is None:
            self._kept_reminders = KeptReminders(kept, SystemClock())
        else:
            called = partial(kept_calls.follow_ups_called, desk.outbox)
            planned = partial(kept_calls.planned_here, desk.outbox)
            self._kept_reminders = KeptReminders(kept, SystemClock(), called, planned)
        center = self._kept_center = make_center(window, None, self.app, self.tasks.run)
        center.open_requested.connect(lambda notice: self._open_kept(notice))
        self._kept_timer = ReminderTimer(self._kept_reminders, center, self.tasks, center)
        window.call_logged.connect(self._kept_call_logged)
        self._kept_timer.start()

    def _kept_call_logged(self, _contact_id: int) -> None:
        if self._kept_timer is not None:  # the desk's own timer looks once it is open
            self._kept_timer.reschedule()

    def _open_kept(self, notice: Notice) -> None:
        """A kept day's reminder clicked: the window, and the call when it is kept."""
        window = self.window
        assert window is not None
        window.showNormal()
        if notice.contact_id is None:
            return
        follow_up = notice.follow_up_id
        kept = self._kept_reminders
        if follow_up is not None and kept is not None and kept.agreed_here(follow_up):
            follow_up = None  # not on the server yet: the contact's call
        window.open_follow_up(notice.contact_id, follow_up)

    def _stop_kept_reminders(self) -> None:
        if self._kept_timer is not None:
            self._kept_timer.stop()
            self._kept_timer = None
        if self._kept_center is not None:
            # Closed, not deleted: its D-Bus reader thread may still hand over a signal.
            self._kept_center.close()
            self._kept_center = None

    def _opened(self, services: Services) -> None:
        self._collect_again()
        if self._closed:  # quit while it opened: closed with the rest (``close``)
            return
        window = self.window
        assert window is not None
        for banner in (self._waiting_banner, self._password_banner):
            if banner is not None:  # the server answered at last, or took the password
                banner.deleteLater()
        self._waiting_banner = self._password_banner = None
        kept = self._kept_reminders
        if kept is None:
            self._complete(services)
            return
        # What the kept day's reminders showed is stored as shown before the desk's own
        # reminders first look: none shows twice.
        self._stop_kept_reminders()
        self._kept_reminders = None
        shown, agreed = kept.shown(), kept.agreed_shown()

        def not_stored(error: Exception, _details: str) -> None:
            log.warning("the reminders shown while away were not stored: %s", error)
            self._complete(services)

        self.tasks.write(
            lambda: services.reminders.shown_while_away(shown, agreed),
            lambda _none: self._complete(services),
            not_stored,
        )

    def _complete(self, services: Services) -> None:
        from followup_desktop.services.session import taken_back_message

        window = self.window
        assert window is not None
        window.attach(services)
        told = taken_back_message(services)
        if not told and self._password_kept is not None:  # a password typed at start
            from followup_desktop.ui.team_password import signed_in_words

            told = signed_in_words(self._password_kept, self._password_in_address())
        if told:
            window.statusBar().showMessage(told, 60_000)
        self.signals.quit_gently = window.quit_action.trigger
        if self.paths.demo:
            # The demo sends no reminders and has no tray icon: a fake call must never
            # reach the rep's desktop. Closing its window leaves it.
            window.show()
            return
        # The rep's day first: the desk's first reads (reminders, the inbox, the file's
        # check, the first-run page's lists) queue behind Today's on the workers.
        if window.today.loading:
            FirstOf(window.today.loaded, lambda: self._start_desk(services), 1000, window)
        else:  # Today shows the whole day as the first look read it: the next turn
            QTimer.singleShot(0, window, lambda: self._start_desk(services))

    def _start_desk(self, services: Services) -> None:
        from followup_desktop.ui.desk import Desk

        window = self.window
        assert window is not None
        self.desk = desk = Desk(self.app, window, services, self.tasks, self._password_in_address())
        if self.minimized and desk.tray is not None:
            log.info("started in the tray")
        else:
            window.show()
        window.check_store_in_background()
        if self.open_contact is not None:
            contact = self.open_contact
            QTimer.singleShot(0, lambda: window.open_call_screen(contact))
        desk.start()
        if not self.minimized:
            from followup_desktop.ui.first_run import offer_first_run

            offer_first_run(
                window,
                services.settings,
                self.tasks,
                lambda: window.show_change(Change(Area.SETTINGS)),
            )
        for message in self._launches:
            desk.handle_launch(message)
        self._launches.clear()

    def _launched(self, message: dict[str, Any]) -> None:
        if self.desk is not None:
            self.desk.handle_launch(message)
            return
        self._launches.append(message)
        if self.window is not None:  # at least come forward
            self.window.showNormal()
            self.window.raise_()
            self.window.activateWindow()

    def _hand_over_at_quit(self, early: EarlyCallDesk) -> None:
        """What a call opened before the store wrote waits for the store on the writer.
        Quitting, the store's opening (when under way) ends first, as the quit waits for
        it anyway; the writes then go through the store if it opened, or are given up.
        (``_opened``, which hands the store over otherwise, runs no more once quitting.)"""
        if self._opening is not None:
            self._opening.wait(QUIT_WAIT_S)
        if self.services is not None:
            early.store_opened(self.services)
        else:
            early.store_gone()

    def _store_closing(self) -> None:
        """A restore closes the store: the desk's timers and notifications stop first."""
        desk, self.desk = self.desk, None
        if desk is not None:
            desk.stop()

    def _restart(self) -> None:
        self.restart_asked = True
        # Not ``quit``: its close events would write to the store, which is closed.
        self.app.exit(0)

    def close(self) -> None:
        self._closed = True
        self._collect_again()  # a quit before the store answered
        self._stop_kept_reminders()
        if self._early is not None:
            self._hand_over_at_quit(self._early)
        if self.desk is not None:
            self.desk.stop()
        self.tasks.wait()
        if self.services is not None:
            self.services.close()


class AfterFirstPaint(QObject):
    """Calls ``then`` once ``window`` has painted, or after ``wait_ms`` at the latest (an
    unmapped window never paints). The store's imports on a worker hold Python's lock in
    turns of 5 ms, and every Python step of the first paint would wait for its turn."""

    def __init__(self, window: QWidget, then: Callable[[], None], wait_ms: int = 400) -> None:
        super().__init__(window)
        self._window: QWidget | None = window
        self._then: Callable[[], None] | None = then
        window.installEventFilter(self)
        QTimer.singleShot(wait_ms, self._go)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self._go)  # after the rest of this paint
        return False

    def _go(self) -> None:
        then, self._then = self._then, None
        if then is None:
            return
        if self._window is not None:
            self._window.removeEventFilter(self)
            self._window = None
        then()


class FirstOf(QObject):
    """Calls ``then`` once, in the event loop's next turn (after the paint the signal
    asked for): at ``signal``'s first emission, or after ``wait_ms`` if it does not come
    (a read that failed must not hold back what waits for it)."""

    def __init__(
        self, signal: SignalInstance, then: Callable[[], None], wait_ms: int, owner: QObject
    ) -> None:
        # Gone with ``owner`` (the window whose signal it waits for), and its timers with
        # it: a window closed before then (a quit in the first second) is left alone.
        super().__init__(owner)
        self._signal: SignalInstance | None = signal
        self._then: Callable[[], None] | None = then
        signal.connect(self._soon)
        QTimer.singleShot(wait_ms, self, self._go)

    def _soon(self, *_: object) -> None:
        QTimer.singleShot(0, self, self._go)

    def _go(self) -> None:
        then, self._then = self._then, None
        if then is None:
            return
        if self._signal is not None:
            self._signal.disconnect(self._soon)
            self._signal = None
        self.deleteLater()
        then()


def _start_logs(app_paths: AppPaths) -> None:
    from followup_desktop import logs  # after the first paint: its handlers load sockets

    with contextlib.suppress(OSError):  # an unwritable log folder must not stop the app
        app_paths.ensure()
        logs.configure(app_paths.logs, "followup")
        for fixed in app_paths.make_private():
            log.warning("made private: %s", fixed)


def cannot_start(problem: str, qt_argv: list[str]) -> int:
    """Before anything is opened or created: said on the terminal and in a window (a
    launcher shows no terminal)."""
    from PySide6.QtWidgets import QMessageBox

    print(f"followup-desktop: {problem}", file=sys.stderr, flush=True)
    app = QApplication.instance() or QApplication(qt_argv)
    assert isinstance(app, QApplication)
    app.setApplicationDisplayName("FollowUp")
    QMessageBox.critical(None, "FollowUp cannot start", f"{problem}.\n\nNothing was changed.")
    return 2


def _hand_over(instance: SingleInstance, open_contact: int | None) -> int:
    message: dict[str, Any] = {"show": True}
    if open_contact is not None:
        message["open_contact"] = open_contact
    if instance.send(message):
        return 0
    print(
        "FollowUp is already running for this data folder but does not answer. "
        "Close it (or end its process) and start again.",
        file=sys.stderr,
    )
    return 1


def _open_or_recover(app_paths: AppPaths) -> Services | None:
    """Open the store; a damaged file leads to the recovery dialog, never a crash."""
    from PySide6.QtWidgets import QMessageBox

    from followup_desktop.services import maintenance
    from followup_desktop.services.disk_trouble import disk_trouble, full_disk
    from followup_desktop.services.session import NewerStore, open_services
    from followup_desktop.ui.recovery import offer_recovery

    _start_logs(app_paths)
    for _attempt in range(2):
        try:
            app_paths.ensure()
            return open_services(app_paths)
        except Exception as error:
            log.exception("start-up failed")
            check = maintenance.check(app_paths.database)
            if app_paths.database.exists() and check.damaged:
                if offer_recovery(app_paths, check.verdict):
                    continue
                return None
            # Data from a newer FollowUp: its message says what to do; the folder is fine.
            advice = (
                ""
                if isinstance(error, NewerStore)
                else " Check that the folder exists and is writable, then start again."
            )
            QMessageBox.critical(
                None,
                "FollowUp cannot start",
                f"FollowUp could not open its data in {app_paths.data_dir}.\n\n"
                f"{full_disk(app_paths.data_dir) or disk_trouble(error) or error}\n\n"
                f"Nothing was changed.{advice}",
            )
            return None
    return None
