"""The main window: search, the contact list, and the actions on it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core import settings as options
from followup_desktop.core import steps
from followup_desktop.core.calendar import zone
from followup_desktop.core.changes import Area, Change
from followup_desktop.ui.contact_editing import ContactEditing
from followup_desktop.ui.contact_model import ContactTableModel, PageFetcher
from followup_desktop.ui.contact_rows import Refetch
from followup_desktop.ui.main_menus import build_actions
from followup_desktop.ui.result_count import ResultCount
from followup_desktop.ui.saved_file import open_folder_link, saved_file_html
from followup_desktop.ui.settings_door import SettingsDoor
from followup_desktop.ui.tasks import TaskRunner
from followup_desktop.ui.today_page import TodayPage
from followup_desktop.ui.window_commands import WindowCommands
from followup_desktop.ui.work_windows import WorkWindows

if TYPE_CHECKING:
    # What needs the store (SQLAlchemy) is imported once the store is open: the window
    # paints the rep's day first (``attach``). The call screen and the draft preview load
    # when first opened.

    from followup_desktop.core.stats import RepFigures
    from followup_desktop.services.call_desk import DeskBeforeStore
    from followup_desktop.services.call_queue import CallList
    from followup_desktop.services.first_look import FirstPaint
    from followup_desktop.services.session import Services
    from followup_desktop.ui.calendar_account import CalendarAccountDialog
    from followup_desktop.ui.call_queue import CallQueueRunner
    from followup_desktop.ui.call_screen import CallWindow
    from followup_desktop.ui.contacts_page import ContactsPage
    from followup_desktop.ui.draft_dialog import DraftDialog
    from followup_desktop.ui.insights import Insights

log = logging.getLogger(__name__)

GEOMETRY_KEY = "main_window.geometry"
CONTACTS_TAB, PIPELINE_TAB, STATS_TAB = 1, 2, 3


class MainWindow(QMainWindow):
    # A call was logged: follow-ups changed (the reminders re-read their plan).
    call_logged = Signal(int)
    # Follow-ups may have changed (a call logged, an import, sample data): reminders look again.
    follow_ups_changed = Signal()
    settings_saved = Signal()  # the Settings dialog's changes are stored
    # A restore closes the store (ui/restore_backup.py): what reads it on a timer stops.
    store_closing = Signal()
    # The store is closed for good: the app starts again on the data in place.
    restart_requested = Signal()

    # The actions, the Edit menu and the toolbar: made by ui/main_menus.py (build_actions).
    calls_action: QAction
    new_action: QAction
    edit_action: QAction
    history_action: QAction
    delete_action: QAction
    undo_action: QAction
    deleted_action: QAction
    import_action: QAction
    export_action: QAction
    sample_action: QAction
    settings_action: QAction
    calendar_action: QAction
    sync_action: QAction
    scripts_action: QAction
    quit_action: QAction
    search_action: QAction
    shortcuts_action: QAction
    today_action: QAction
    contacts_action: QAction
    pipeline_action: QAction
    stats_action: QAction
    backup_action: QAction
    restore_action: QAction
    edit_menu: QMenu
    toolbar: QToolBar
    search_slot: QAction  # the search field's place on the toolbar
    # The Calendar account dialog last opened (ui/window_commands.py).
    calendar_dialog: CalendarAccountDialog

    def __init__(
        self,
        services: Services | None,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        *,
        first_paint: FirstPaint | None = None,
    ) -> None:
        """The whole window with ``services``; without them (start-up, while the store
        opens) the frame of it, its Today view painted from ``first_paint`` when there
        is one, and ``attach`` completes it."""
        super().__init__(parent)
        self.tasks = tasks
        self._attached = False
        self._working = False  # the call screens can open (``work``)
        # Calls opened before the store is: on this desk (``work_before_store``), made on
        # first use by ``_make_early_desk`` at a start on a file.
        self._desk_before: DeskBeforeStore | None = None
        self._make_early_desk: Callable[[], DeskBeforeStore] | None = None
        self.editing = ContactEditing(self)
        # Set by the tray: asked on close; True means hide to the tray instead of quitting.
        self.keep_running_on_close: Callable[[], bool] | None = None
        self.setWindowTitle("FollowUp")
        self.setMinimumSize(720, 480)
        submit = self._read
        # Until the store is open: the list read straight from the file (the first look),
        # and what the rep opened meanwhile, opened once it is.
        self._early = first_paint is not None
        # The first look listed the whole day: the store's read would list the same rows
        # (``attach`` does not read it again; the minute's look and every change do).
        self._day_read_whole = first_paint is not None and first_paint.today.page.whole
        self._when_attached: dict[tuple[object, ...], Callable[[], object]] = {}
        self._count_contacts: Callable[[str], int] | None = None

        self.model = ContactTableModel(None, submit=submit)
        self.model.results_changed.connect(self._results_changed)
        self.model.rows_added.connect(
            lambda: self.result_count.more(
                self.model.query, self.model.rowCount(), complete=not self.model.canFetchMore()
            )
        )
        # The Contacts view is built once asked for (``page``): at start, after Today's
        # first paint.
        self._page: ContactsPage | None = None
        self.today = TodayPage(None, submit=submit)
        self.today.open_requested.connect(self.open_follow_up)
        self.today.draft_requested.connect(self._draft_from_today)
        self.today.said.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.today.count_changed.connect(self._today_count)
        # The list's next follow-ups in the rep's zone, the one Today was read in.
        self.today.zone_shown.connect(lambda name: self.model.set_rep_zone(zone(name)))
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        self.views.addTab(self.today, "Today")
        self.views.addTab(QWidget(), "Contacts")
        # The Pipeline and Stats views are built when first shown.
        self.views.addTab(QWidget(), "Pipeline")
        self.views.addTab(QWidget(), "Stats")
        self.views.currentChanged.connect(self._view_changed)
        self.insights: Insights | None = None
        # On a team server, the list shows the team's contacts (a manager's choice, made
        # in ui/team_desk.py): the count of results follows it.
        self.listing_team = False
        # Set by the team desk: why a listed contact cannot be opened here (a colleague's,
        # in a rep's view of the team), or None when it can.
        self.not_openable: Callable[[int], str | None] = lambda _contact_id: None
        self._team_numbers: Callable[[], list[RepFigures]] | None = None  # a manager's
        central = QWidget()
        self._strips = QVBoxLayout(central)  # banners over the views (add_banner)
        self._strips.setContentsMargins(0, 0, 0, 0)
        self._strips.setSpacing(0)
        self._strips.addWidget(self.views)
        self.setCentralWidget(central)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search anyone… (Ctrl+K)")
        self.search.setAccessibleName("Search contacts")
        self.search.setMaximumWidth(360)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self._focus_results)

        self.count_label = QLabel()
        self.result_count: ResultCount = ResultCount(
            self.count_label,
            lambda query: self._count_contacts(query) if self._count_contacts else 0,
            tasks.run,
        )
        self.undo_button = QPushButton("Undo")
        self.undo_button.hide()
        self.undo_button.clicked.connect(self.editing.undo)
        self.statusBar().addPermanentWidget(self.undo_button)
        # The last invite a logged call wrote: its name, and its folder a click away.
        self.invite_line = QLabel()
        self.invite_line.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.invite_line.linkActivated.connect(open_folder_link)
        self.invite_line.hide()
        self.statusBar().addPermanentWidget(self.invite_line)
        self.statusBar().addPermanentWidget(self.count_label)

        self.commands = WindowCommands(self)  # the menus' (import, Settings, sync…)
        build_actions(self)
        if services is not None:
            self.complete_frame()
            self.attach(services)
            return
        # Until the store is open the rep can look, move between views and type a search
        # (run once it opens); what changes the data waits.
        self._waiting = [
            self.calls_action,
            self.new_action,
            self.edit_action,
            self.history_action,
            self.delete_action,
            self.deleted_action,
            self.import_action,
            self.export_action,
            self.sample_action,
            self.settings_action,
            self.calendar_action,
            self.sync_action,
            self.scripts_action,
            self.backup_action,
            self.restore_action,
        ]
        for action in self._waiting:
            action.setEnabled(False)
        if first_paint is None:
            self.resize(1000, 640)
            self.today.show_opening()
            return
        self._restore_geometry(first_paint.ui_state.get(GEOMETRY_KEY))
        self.today.show_agenda(first_paint.today)
        early = first_paint.contacts
        self.list_from(early.page, early.summaries, early.count)

    def _hear_work(self, work: WorkWindows) -> None:
        self.work = work
        self._working = True
        work.logged.connect(self._call_logged)
        work.invite_saved.connect(self._invite_saved)
        work.changed.connect(self.show_change)
        work.sent_marked.connect(self._mark_sent)
        work.said.connect(lambda text: self.statusBar().showMessage(text, 8000))
        work.failed.connect(self.open_failed)  # its windows failing to open
        work.number_asked.connect(self.correct_number)

    def forget_first_look(self) -> None:
        """The store did not open on the file looked at (recovery may replace it): Today
        is read again once it opens, and no call opens on the file meanwhile."""
        self._day_read_whole = False
        self._make_early_desk = None

    def work_before_store(self, desk: DeskBeforeStore) -> None:
        """Until the store is open the calls open on ``desk`` (at a start while the team
        server is away, the calls kept on this laptop; at a start on a file, read from
        it), and go on through the store once it is open."""
        if not self._working:
            self._desk_before = desk
            self._hear_work(
                WorkWindows(desk, None, None, self.tasks, self, until_store=self._once_attached)
            )
            self._make_call_queue(desk.queue())
            self.calls_action.setEnabled(True)  # the day's calls, one after another

    def early_calls(self, make: Callable[[], DeskBeforeStore]) -> None:
        """At a start on a file: a call opened (or the day's calls started) before the
        store is open opens at once, on the desk ``make`` makes when first asked."""
        self._make_early_desk = make
        self.calls_action.setEnabled(True)

    def _on_desk_before_store(self) -> bool:
        """Whether calls open now on a desk before the store (made here on first use)."""
        if self._attached:
            return False
        if self._desk_before is None and self._make_early_desk is not None:
            make, self._make_early_desk = self._make_early_desk, None
            self.work_before_store(make())
        return self._desk_before is not None

    def _make_call_queue(self, calls: CallList) -> None:
        from followup_desktop.ui.call_queue import CallQueueRunner  # not on the first paint's path

        self.call_queue: CallQueueRunner = CallQueueRunner(calls, self.work, self.tasks, self)
        self.call_queue.said.connect(lambda text: self.statusBar().showMessage(text, 15000))

    def attach(self, services: Services) -> None:
        """The store is open: load the lists from it and enable everything."""
        self.services = services
        self.settings_door = SettingsDoor(
            services.settings, services.paths, lambda: services.exports.secrets
        )
        self._make_early_desk = None
        if self._desk_before is not None:  # the calls opened before the store go on
            self.work.store_opened(self._desk_before, services, self.settings_door)
        else:
            from followup_desktop.services.call_desk import StoreCallDesk

            self._hear_work(
                WorkWindows(StoreCallDesk(services), services, self.settings_door, self.tasks, self)
            )
        if self._desk_before is not None:  # the calls started before it go on
            self.call_queue.store_opened(services.queue)
        else:
            self._make_call_queue(services.queue)
        from followup_desktop.ui.away_dialog import AwayWatch
        from followup_desktop.ui.calendar_watch import CalendarWatch

        self.away = AwayWatch(self)
        self.calendar_line = QLabel("")
        self.calendar_line.setObjectName("hint")
        self.statusBar().insertPermanentWidget(0, self.calendar_line)
        self.calendar_watch = CalendarWatch(
            lambda: services.calendar,
            self.tasks,
            self.calendar_line,
            self.today.show_heard,
            lambda: self.show_change(Change(Area.AGENDA | Area.CONTACTS)),
            self,
        )
        self.statusBar().insertPermanentWidget(0, self.calendar_watch.bar)
        self.follow_ups_changed.connect(self.calendar_watch.changed)
        self.calendar_watch.start()
        for action in getattr(self, "_waiting", ()):
            action.setEnabled(True)
        self.undo_action.setEnabled(self.editing.can_undo)
        self.backup_action.setStatusTip(
            f"Take a checked copy of your data into {services.paths.backups}"
        )
        if services.team:  # the book is the team's: its server keeps the backups
            from followup_desktop.ui.team_desk import TeamDesk

            self.team_desk = TeamDesk(self, services)
            self.setWindowTitle(f"FollowUp — team server {services.team}")
            for action in (self.backup_action, self.restore_action):
                action.setEnabled(False)
                action.setStatusTip("The team server keeps its own backups")
        if not self.isVisible():
            self._restore_geometry(services.settings.ui_state(GEOMETRY_KEY))
        from followup_desktop.services.session import today_reader

        self.today.set_loader(today_reader(services))
        from followup_desktop.ui.day_finishing import DayFinishing

        self.finishing = DayFinishing(
            self.today,
            services.day,
            services.clock.now,
            services.followups.rep_zone,
            self.tasks,
            self.show_change,
        )
        self.list_from(services.contacts.page, services.contacts.summaries, services.contacts.count)
        self.model.set_clock(services.clock.now)
        self._attached = True
        if self._page is not None:
            self._page.empty.setEnabled(True)
        self.model.query = self.search.text().strip()  # what was typed while it opened
        self.model.reload()
        if not self._day_read_whole:  # more rows than the first look listed, or none yet
            self.today.reload()
        self._view_changed(self.views.currentIndex())
        if services.paths.demo:
            self._become_the_demo()
        if self._when_attached:
            # After the rest of the start (the desk, the tray) in the next turn, each on
            # its own: one that fails does not keep the others from opening.
            QTimer.singleShot(0, self._open_what_was_asked)

    def _open_what_was_asked(self) -> None:
        wanted, self._when_attached = self._when_attached, {}
        for then in wanted.values():
            try:
                then()
            except Exception as error:
                log.exception("opening what was asked for at start")
                self.open_failed(error, "")

    def list_from(
        self, page: PageFetcher, summaries: Refetch | None, count: Callable[[str], int]
    ) -> None:
        """Where the list reads its rows (``summaries``: rows let go, read again by id)
        and its count from; read again by the caller."""
        self.model.set_fetcher(page, summaries)
        self._count_contacts = count

    def _once_attached(
        self, key: tuple[object, ...], then: Callable[[], object], what: str
    ) -> None:
        """``then`` now, or once the store is open when it opens at start (not a team
        server that is away: that may be minutes); asked twice (``key``), done once."""
        if self._attached:
            then()
        elif self._early:
            self._when_attached[key] = then
            self.statusBar().showMessage(f"{what} as soon as your data is open…", 5000)
        else:  # a team server away at start, and this is not among the calls kept
            self.statusBar().showMessage("This opens once the team server answers.", 8000)

    def _read(
        self, work: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[], None]
    ) -> None:
        """A view's read on a worker; when it fails, the view hears of it (to read again
        later) and the window says why."""

        def not_read(error: Exception, details: str) -> None:
            failed()
            self._read_failed(error, details)

        self.tasks.run(work, done, not_read, owner=self)

    def _read_failed(self, error: Exception, details: str) -> None:
        from followup_desktop.services.disk_trouble import server_away
        from followup_desktop.services.first_look import early_read_failed

        if server_away(error):
            # The lists keep what they last read, and the team banner says the server is
            # away: a read has nothing to add (and must not cover what the rep was just
            # told, e.g. why the call she asked for did not open).
            log.info("a read waits for the team server: %s", error)
            return
        if self._attached and not early_read_failed(error):
            self.background_failed(error, details)
            return
        # A read from the first look (the file changing under it at start), also one
        # that ends after the store opened: the store reads the same.
        log.info("a first-look read failed: %s", error)

    def _become_the_demo(self) -> None:
        """Says it is the demo, and fills itself with sample data the first time."""
        from followup_desktop.ui.demo_profile import DEMO_REP_NAME, mark_as_demo

        mark_as_demo(self, self.close)
        self.sample_action.setVisible(False)
        settings, contacts = self.services.settings, self.services.contacts

        def fill_when_empty(count: int) -> None:
            if count:
                return
            named = settings.load().with_value(options.REP_NAME, DEMO_REP_NAME)
            self.tasks.write(
                lambda: settings.save(named),
                lambda _: self.commands.fill_with_sample_data(),
                self.background_failed,
                owner=self,
            )

        self.tasks.run(contacts.count, fill_when_empty, self.background_failed, owner=self)

    @property
    def attached(self) -> bool:
        """The store is open (before, the window shows the first look only)."""
        return self._attached

    # Geometry ---------------------------------------------------------------------------
    def _restore_geometry(self, saved: str | None) -> None:
        if not saved or not self.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii"))):
            self.resize(1000, 640)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.keep_running_on_close is not None and self.keep_running_on_close():
            # The tray keeps the app alive: closing only hides the window.
            event.ignore()
            self.hide()
            return
        waiting = False
        for call in self.work.call_windows() if self._working else []:
            # Quitting: each open call keeps its draft. One still writing its last notes
            # closes once they are stored, and the window closes again then; one that
            # cannot save them stays open.
            if not call.close():
                waiting = True
                call.destroyed.connect(lambda _=None: QTimer.singleShot(0, self.close))
        if waiting:
            event.ignore()
            return
        if self._attached:
            self._remember_geometry()
        super().closeEvent(event)

    def _remember_geometry(self) -> None:
        """Stored on a worker like every write; quitting waits for the workers."""
        state = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        settings = self.services.settings
        self.tasks.write(
            lambda: settings.set_ui_state(GEOMETRY_KEY, state),
            lambda _: None,
            lambda error, _details: log.warning("the window size was not kept: %s", error),
        )

    # History ---------------------------------------------------------------------------
    def current_contact_id(self) -> int | None:
        """The contact the rep is on: Today's row when Today shows, else the list's."""
        if self.views.currentWidget() is self.today:
            ids = self.today.tree.current_ids()
            return ids[0] if ids else None
        return self.page.current_contact_id()

    def shown_name(self, contact_id: int) -> str:
        """The contact's name as the view on screen shows it (no read on the UI thread)."""
        if self.views.currentWidget() is self.today:
            row = self.today.tree.current_row()
            return row.who if row is not None else ""
        row_number = self.model.row_of(contact_id)
        return self.model.summary(row_number).name if row_number is not None else ""

    def may_open(self, contact_id: int) -> bool:
        """False, said in the status bar, when this desk cannot open the contact."""
        said = self.not_openable(contact_id)
        if said:
            self.statusBar().showMessage(said, 10_000)
        return not said

    def show_history(self) -> None:
        from followup_desktop.ui.contact_history import ContactHistoryDialog

        contact_id = self.current_contact_id()
        if contact_id is None:
            self.statusBar().showMessage("Choose a contact first to see their history.", 5000)
            return
        if not self.may_open(contact_id):
            return
        name = self.shown_name(contact_id)
        followups = self.services.followups
        dialog = ContactHistoryDialog(
            name,
            lambda: followups.history(contact_id),
            zone(followups.rep_zone()),
            self.tasks,
            self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # Calls and drafts (ui/work_windows.py) -------------------------------------------------
    def open_call_screen(self, contact_id: int | None, follow_up_id: int | None = None) -> None:
        """The one way into the call screen: the list, the agenda and reminders use it.
        One window a contact: opening it again brings it forward."""
        if contact_id is None or not self.may_open(contact_id):
            return
        if self._on_desk_before_store():
            self.work.open_call_screen(contact_id, follow_up_id)
        else:
            self._once_attached(
                ("call", contact_id),
                lambda: self.work.open_call_screen(contact_id, follow_up_id),
                "Opening the call",
            )

    def start_calls(self) -> None:
        """Today › Start calls: the day's calls one after another (again: resume them)."""
        if self._on_desk_before_store():
            self.call_queue.start()
            return
        self._once_attached(("calls",), lambda: self.call_queue.start(), "Starting the calls")

    def open_follow_up(self, contact_id: int, follow_up_id: int | None = None) -> None:
        """A follow-up from Today or a reminder: an e-mail step or a promise opens its
        draft, the search for a right number the contact's form, anything else the call
        screen."""
        if self._on_desk_before_store():
            self.work.open_follow_up(contact_id, follow_up_id)
            return
        self._once_attached(
            ("call", contact_id),
            lambda: self.work.open_follow_up(contact_id, follow_up_id),
            "Opening it",
        )

    def correct_number(self, contact_id: int) -> None:
        """The contact's form with the phones ready to correct (after a wrong number)."""
        self._once_attached(
            ("number", contact_id),
            lambda: self.editing.edit(contact_id, number_wrong=True),
            "Opening the contact",
        )

    def open_draft(self, follow_up_id: int, template: str = "") -> DraftDialog:
        return self.work.open_draft(follow_up_id, template)

    def _draft_from_today(self, follow_up_id: int) -> None:
        # Today shows rows before the store is open (the first paint, or the day kept
        # while a team server is away): their drafts open once it is.
        self._once_attached(
            ("draft", follow_up_id), lambda: self.open_draft(follow_up_id), "Opening the draft"
        )

    @property
    def drafts(self) -> tuple[DraftDialog, ...]:
        return self.work.drafts if self._working else ()

    def call_window(self, contact_id: int) -> CallWindow | None:
        return self.work.call_window(contact_id) if self._working else None

    def _mark_sent(self, follow_up_id: int) -> None:
        """From a draft's "Mark as sent": finished as Today's S would, with its undo."""
        from followup_desktop.ui.today_actions import RowAction
        from followup_desktop.ui.today_page import Row

        followups, contacts = self.services.followups, self.services.contacts

        def read() -> Row | None:
            step = followups.find(follow_up_id)
            contact = None if step is None else contacts.find(step.contact_id)
            if step is None or contact is None:
                return None  # gone meanwhile (deleted elsewhere): nothing to finish
            what = steps.describe(step.step, step.objective)
            return Row(step.contact_id, follow_up_id, step.kind, step.due_at, what, contact.name)

        def finish(row: Row | None) -> None:
            if row is not None:
                self.finishing.act(RowAction.SENT, row)

        self.tasks.run(read, finish, self.background_failed, owner=self)

    def add_banner(self, banner: QWidget) -> None:
        """A strip over the views (the team server away: ui/team_watch.py)."""
        self._strips.insertWidget(0, banner)

    def show_change(self, change: Change) -> None:
        """A write's notice, handed to every view: each refreshes what it shows of it.
        The reminders and the tray follow the agenda and the settings."""
        self.model.show_change(change)
        self.today.show_change(change)
        if self.insights is not None:
            self.insights.show_change(change)
        if change.concerns(Area.AGENDA | Area.SETTINGS):
            self.follow_ups_changed.emit()

    def _today_count(self, count: int) -> None:
        self.views.setTabText(0, f"Today ({self.today.count_text})" if count else "Today")

    def _view_changed(self, index: int) -> None:
        if index == CONTACTS_TAB:
            self.views.setCurrentWidget(self.page)  # built now if not yet
        if self._attached and index in (PIPELINE_TAB, STATS_TAB):
            self._insights().reload()

    def complete_frame(self) -> None:
        """What the first paint can do without (the Contacts view, the search box's
        clear button: 15 ms here), built once it is on screen."""
        self.search.setClearButtonEnabled(True)
        # Built by asking; building it reads the list (its header sorts it), from the
        # first look until the store is open.
        self.page  # noqa: B018

    @property
    def page(self) -> ContactsPage:
        """The Contacts view, built the first time it is asked for."""
        if self._page is not None:
            return self._page
        from followup_desktop.ui.contacts_page import ContactsPage

        page = self._page = ContactsPage(self.model)
        page.empty.import_clicked.connect(self.commands.import_contacts)
        page.empty.sample_clicked.connect(self.commands.load_sample_data)
        page.empty.setEnabled(self._attached)  # it changes data: waits for the store
        page.table.open_requested.connect(self.open_call_screen)
        page.table.doubleClicked.connect(
            lambda index: self.open_call_screen(page.current_contact_id())
        )
        self._put_view(CONTACTS_TAB, page)
        page.update_state()
        return page

    def _put_view(self, index: int, widget: QWidget) -> None:
        """``widget`` in place of the placeholder at ``index`` (a view built late)."""
        with QSignalBlocker(self.views):  # the swap is no change of view
            current = self.views.currentIndex()
            placeholder = self.views.widget(index)
            assert placeholder is not None, "the four views' tabs are made with the window"
            title = self.views.tabText(index)
            self.views.removeTab(index)
            self.views.insertTab(index, widget, title)
            self.views.setCurrentIndex(current)
            placeholder.deleteLater()

    def _insights(self) -> Insights:
        """The Pipeline and Stats views, built the first time one is shown."""
        if self.insights is not None:
            return self.insights
        from followup_desktop.ui.insights import Insights

        self.insights = Insights(
            self.services.stats.compute,
            self._read,
            self,
        )
        self.insights.pipeline.open_requested.connect(self.open_call_screen)
        if self._team_numbers is not None:
            self.insights.show_team(self._team_numbers)
        self._put_view(PIPELINE_TAB, self.insights.pipeline)
        self._put_view(STATS_TAB, self.insights.numbers)
        return self.insights

    def team_numbers(self, by_rep: Callable[[], list[RepFigures]]) -> None:
        """A manager at the desk: the Stats view shows the team's numbers by rep."""
        self._team_numbers = by_rep
        if self.insights is not None:
            self.insights.show_team(by_rep)

    def show_view(self, index: int) -> None:
        self.views.setCurrentIndex(index)
        page = self.views.currentWidget()
        views: dict[QWidget, QWidget] = {self.today: self.today.tree}
        if self._page is not None:  # not built yet: it is not the one shown either
            views[self._page] = self._page.table
        focus = views.get(page, page)
        focus.setFocus()

    def _call_logged(self, contact_id: int, text: str) -> None:
        self.statusBar().showMessage(text, 10000)
        self.call_logged.emit(contact_id)

    def _invite_saved(self, path: Path) -> None:
        self.invite_line.setText(saved_file_html("Invite", path))
        self.invite_line.show()

    # List ----------------------------------------------------------------------------------
    def refresh(self, keep_rows: bool = False) -> None:
        """Read Today and the list again (on workers: what is shown stays until then)."""
        self.today.reload()
        self.model.reload(keep_rows=keep_rows)

    def _search_changed(self, text: str) -> None:
        if text.strip():
            self.views.setCurrentWidget(self.page)  # results show in Contacts
        # Before the store is open the first look answers (else ``attach`` searches for
        # what was typed meanwhile).
        if self._attached or self._early:
            self.model.set_query(text.strip())

    def _results_changed(self) -> None:
        self.page.update_state()
        self.result_count.listed(
            self.model.query, self.model.rowCount(), complete=not self.model.canFetchMore()
        )
        if not self.model.query:
            had = self.today.has_contacts
            self.today.has_contacts = self.model.rowCount() > 0
            if not self.today.has_contacts:
                # First launch (or everyone deleted): Contacts holds the way in.
                self.views.setCurrentWidget(self.page)
            if self.today.has_contacts != had:
                # Its empty state says where to start, which this decides (the list and
                # Today are read on workers: either may land first).
                self.today.reload()

    def background_failed(self, error: Exception, details: str) -> None:
        """Work that writes (a save, a hand-over, the time away) failed."""
        self._failed(
            error, details, "The team server cannot be reached just now; nothing was written."
        )

    def open_failed(self, error: Exception, details: str) -> None:
        """What the rep asked to open (a step from Today, the scripts) could not be read."""
        self._failed(error, details, "Cannot open it: the team server cannot be reached just now.")

    def _failed(self, error: Exception, details: str, server_away_words: str) -> None:
        from followup_desktop.services.disk_trouble import server_away
        from followup_desktop.ui.error_dialog import show_error

        if server_away(error):  # not FollowUp's fault, nor a report's: it passes
            self.statusBar().showMessage(f"{server_away_words} Try again once it is back.", 15_000)
            return
        show_error(str(error), details, self)

    def focus_search(self) -> None:
        self.views.setCurrentWidget(self.page)
        self.search.setFocus()
        self.search.selectAll()

    def clear_search(self) -> None:
        if self.search.text():
            self.search.clear()
        self.page.table.setFocus()

    def _focus_results(self) -> None:
        self.views.setCurrentWidget(self.page)
        if self.model.rowCount():
            self.page.table.setFocus()
            self.page.table.selectRow(0)

    # Start-up checks ------------------------------------------------------------------------
    def check_store_in_background(self) -> None:
        from followup_desktop.ui import store_checks  # after the first paint

        store_checks.check_in_background(self)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, lambda: self.show_view(self.views.currentIndex()))
