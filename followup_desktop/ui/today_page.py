"""Today (journey J2): what is overdue, then the rest of the day in time order, with the
rep's time and the contact's. Every row can be finished from here: Enter on a call opens
the call screen (on the search for a right number, the contact's form), and the row's
keys and the bar under the list do the rest (``ui.today_actions``).

Colour always comes with a second cue: the group heading says "Overdue", a row due within
the reminder lead says "in 12 min", an agreed call has its ◆.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QContextMenuEvent, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core import steps
from followup_desktop.core.agenda import TODAY_PAGE, AgendaEntry, TodayAgenda
from followup_desktop.core.calendar import zone
from followup_desktop.core.changes import Area, Change
from followup_desktop.core.clock_words import both_clocks
from followup_desktop.core.model import FollowUpKind
from followup_desktop.ui.look import OVERDUE
from followup_desktop.ui.tasks import Submitter
from followup_desktop.ui.today_actions import (
    RowAction,
    RowActionsBar,
    UndoBar,
    action_for_key,
    actions_for,
)

SOON = QColor("#8a5a00")
AGREED = QColor("#1a7f37")
IdsRole = Qt.ItemDataRole.UserRole + 1
# Set on a "show more" row.
MoreRole = Qt.ItemDataRole.UserRole + 2
RowRole = Qt.ItemDataRole.UserRole + 3  # the row's Row


@dataclass(frozen=True, slots=True)
class Row:
    """What an action on a Today row needs to know about it."""

    contact_id: int
    follow_up_id: int
    kind: FollowUpKind
    due_at: datetime
    what: str  # "Nudge e-mail: the pilot"
    who: str  # "Jane Smith"
    their_zone: str = ""  # the contact's zone; "": not known
    step: str = ""  # what the follow-up is (``core.steps``)

    @property
    def is_promise(self) -> bool:
        return self.kind is FollowUpKind.TASK and self.step != steps.FIND_NUMBER


COLUMNS = ("Time", "Who", "What", "Their time")
# "Their time" of a contact whose time zone is not known, and why.
ZONE_UNKNOWN = "?"
ZONE_UNKNOWN_WHY = "Their time zone is not known: set it on the contact so their time is right."


def _mark(entry: AgendaEntry) -> str:
    follow_up = entry.item.follow_up
    if follow_up.agreed:
        return "◆"
    if follow_up.kind is FollowUpKind.EMAIL:
        return "✉"
    if steps.is_number_search(follow_up):
        return "✎"
    if follow_up.kind is FollowUpKind.TASK:
        return "☐"
    return "☎"


class AgendaTree(QTreeWidget):
    open_requested = Signal(int, int)  # contact id, follow-up id
    draft_requested = Signal(int)  # follow-up id: E on a row
    said = Signal(str)  # a line for the status bar
    more_requested = Signal()
    action_requested = Signal(object, object)  # RowAction, Row
    undo_requested = Signal()  # U

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(len(COLUMNS))
        self.setHeaderLabels(list(COLUMNS))
        self.setAccessibleName("Today's follow-ups")
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        # What the row is for takes the room left; a stretched last column would share it
        # with "Their time" (five characters) and cut the objective and "(in 10 min)".
        header.setStretchLastSection(False)
        header.resizeSection(1, 280)
        self.itemActivated.connect(self._activated)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        current = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and current is not None:
            self._activated(current)
            return
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if plain and event.key() == Qt.Key.Key_U:
            self.undo_requested.emit()
            return
        row = self.current_row()
        if plain and row is not None:
            if event.key() == Qt.Key.Key_E and row.step == steps.FIND_NUMBER:
                # Any e-mail made from it would offer times to call the wrong number.
                self.said.emit(
                    f"No e-mail to write for {row.who} while the right number is looked "
                    "for: save it on the contact (Enter) and the call on it is planned."
                )
                return
            if event.key() == Qt.Key.Key_E:
                self.draft_requested.emit(row.follow_up_id)
                return
            action = action_for_key(row.kind, event.key(), row.step)
            if action is not None:
                self.action_requested.emit(action, row)
                return
        super().keyPressEvent(event)

    def _activated(self, item: QTreeWidgetItem) -> None:
        row = item.data(0, RowRole)
        if isinstance(row, Row) and row.is_promise:
            # A promise is not a call: Enter offers what can be done with it.
            self._menu_for(item).exec(
                self.viewport().mapToGlobal(self.visualItemRect(item).center())
            )
            return
        ids = item.data(0, IdsRole)
        if ids:
            self.open_requested.emit(*ids)
        elif item.data(0, MoreRole) is not None:
            self.more_requested.emit()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        item = self.itemAt(event.pos()) or self.currentItem()
        if item is not None and isinstance(item.data(0, RowRole), Row):
            self.setCurrentItem(item)
            self._menu_for(item).exec(event.globalPos())

    def _menu_for(self, item: QTreeWidgetItem) -> QMenu:
        row: Row = item.data(0, RowRole)
        menu = QMenu(self)
        for spec in actions_for(row.kind, row.step):
            menu.addAction(spec.label, self._asks(spec.action, row))
        return menu

    def _asks(self, action: RowAction, row: Row) -> Callable[[], None]:
        """A menu entry's slot: asks for ``action`` on ``row``."""
        return lambda: self.action_requested.emit(action, row)

    def current_row(self) -> Row | None:
        item = self.currentItem()
        row = item.data(0, RowRole) if item else None
        return row if isinstance(row, Row) else None

    def current_ids(self) -> tuple[int, int] | None:
        item = self.currentItem()
        return item.data(0, IdsRole) if item else None


class TodayPage(QWidget):
    """Loads itself off the UI thread through ``submit``; again every minute (so "in 5
    min" and overdue stay true) and whenever ``reload`` is called. Without ``load`` yet
    (start-up, before the store opens) it shows what it is given and reloads once
    ``set_loader`` gives one."""

    open_requested = Signal(int, int)
    draft_requested = Signal(int)
    said = Signal(str)  # a line for the status bar
    count_changed = Signal(int)
    action_requested = Signal(object, object)  # RowAction, Row (OPEN goes as open_requested)
    undo_requested = Signal()
    loaded = Signal()  # read from the store and shown
    zone_shown = Signal(str)  # the rep's zone the day was read in (Settings, else the computer's)

    def __init__(
        self,
        load: Callable[[int], TodayAgenda] | None,
        submit: Submitter,
        parent: QWidget | None = None,
        page_size: int = TODAY_PAGE,
    ) -> None:
        super().__init__(parent)
        self._load, self._submit = load, submit
        # Rows listed per group; "show more" raises it until the next start.
        self.page_size = self.limit = page_size
        self._loading = self._again = False
        self.has_contacts = True
        self._minute = QTimer(self, interval=60_000)
        self._minute.timeout.connect(self.reload)
        self._minute.start()
        self.tree = AgendaTree()
        self.tree.open_requested.connect(self.open_requested)
        self.tree.draft_requested.connect(self.draft_requested)
        self.tree.said.connect(self.said)
        self.tree.more_requested.connect(self.show_more)
        self.tree.action_requested.connect(self._action)
        self.tree.undo_requested.connect(self.undo_requested)
        self.tree.currentItemChanged.connect(lambda *_: self._show_actions())
        self.actions_bar = RowActionsBar()
        self.actions_bar.triggered.connect(
            lambda action: self._action(action, self.tree.current_row())
        )
        self.actions_bar.hide()
        self.undo_bar = UndoBar()
        self.undo_bar.undo_requested.connect(self.undo_requested)
        self.empty = QLabel()
        self.empty.setObjectName("emptyText")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.empty)
        # What was heard while the rep worked (a reply that stopped a series): kept on top
        # of the day until the rep has seen the agenda it changed.
        self.news = QLabel()
        self.news.setObjectName("newsBanner")
        self.news.setWordWrap(True)
        self.news.hide()
        self._heard: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.news)
        layout.addWidget(self.stack)
        layout.addWidget(self.actions_bar)
        layout.addWidget(self.undo_bar)
        self.count = 0
        self.count_text = "0"  # the count as shown ("500+" past the counting limit)

    def _action(self, action: RowAction, row: Row | None) -> None:
        if row is None:
            return
        if action is RowAction.OPEN:
            self.open_requested.emit(row.contact_id, row.follow_up_id)
        else:
            self.action_requested.emit(action, row)

    def _show_actions(self) -> None:
        row = self.tree.current_row()
        showing = self.stack.currentWidget() is self.tree
        if row is not None and showing:
            self.actions_bar.show_for(row.kind, row.step)
        else:
            self.actions_bar.show_for(None)

    def show_heard(self, line: str) -> None:
        """A line on top of Today ("Priya Patel replied 10:42 — series stopped…"); the
        latest first, the last five kept."""
        self._heard = [line, *self._heard][:5]
        self.news.setText("\n".join(self._heard))
        self.news.show()

    def set_loader(self, load: Callable[[int], TodayAgenda]) -> None:
        self._load = load

    def show_opening(self) -> None:
        """Before the store is open and with nothing to show from it yet."""
        self.empty.setText("Opening your follow-ups…")
        self.stack.setCurrentWidget(self.empty)

    def show_change(self, change: Change) -> None:
        """Today shows what is due and who it is with (their names, their time)."""
        if change.concerns(Area.AGENDA | Area.CONTACTS | Area.SETTINGS):
            self.reload()

    def reload(self) -> None:
        """One load at a time; a reload asked for meanwhile runs once it is back."""
        load = self._load
        if load is None:
            return
        if self._loading:
            self._again = True
            return
        self._loading = True
        limit = self.limit
        self._submit(lambda: load(limit), self._loaded, self._not_loaded)

    def show_more(self) -> None:
        self.limit += self.page_size
        self.reload()

    def _not_loaded(self) -> None:
        """The day could not be read (the team server away): what is shown stays, and the
        next reload (the minute's, a change's) reads it again; one a change asked for
        meanwhile runs now, as after a read that landed."""
        self._loading = False
        if self._again:
            self._again = False
            self.reload()

    def _loaded(self, agenda: TodayAgenda) -> None:
        self._loading = False
        self.show_agenda(agenda)
        self.loaded.emit()
        if self._again:
            self._again = False
            self.reload()

    @property
    def loading(self) -> bool:
        return self._loading

    def show_agenda(self, agenda: TodayAgenda) -> None:
        """Fill the list (each group's first rows, headed by its full count); keeps the
        selected row when it is still there."""
        page, now, lead = agenda.page, agenda.now, agenda.lead
        selected = self.tree.current_ids()
        # Where she was: when her row goes (a call logged, a step moved) the one that
        # took its place is current, not the top of the list.
        listed = self._listed_ids()
        place = listed.index(selected) if selected in listed else 0
        after = listed[place + 1 :] if selected in listed else []
        mine = zone(agenda.rep_zone)
        self.zone_shown.emit(mine.key)
        today = now.astimezone(mine)
        self.tree.clear()
        overdue = [e for e in page.entries if e.item.overdue]
        upcoming = [e for e in page.entries if not e.item.overdue]
        self.count = page.count
        self.count_text = page.text(page.overdue, page.upcoming)
        restore: QTreeWidgetItem | None = None
        for title, group, total, colour in (
            (f"Overdue ({page.text(page.overdue)})", overdue, page.overdue, OVERDUE),
            (f"Today ({page.text(page.upcoming)})", upcoming, page.upcoming, None),
        ):
            if not group:
                continue
            heading = QTreeWidgetItem([title])
            heading.setFirstColumnSpanned(True)
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = QFont(heading.font(0))
            font.setBold(True)
            heading.setFont(0, font)
            if colour is not None:
                heading.setForeground(0, QBrush(colour))
            self.tree.addTopLevelItem(heading)
            heading.setFirstColumnSpanned(True)
            for entry in group:
                item = self._row(entry, now, mine, today, lead)
                self.tree.addTopLevelItem(item)
                if item.data(0, IdsRole) == selected:
                    restore = item
            if total > len(group):
                hidden = total - len(group)
                more = f"{hidden:,}+" if total >= page.counted_to else f"{hidden:,}"
                self.tree.addTopLevelItem(self._more_row(more, min(hidden, self.page_size)))
        if self.count:
            self.stack.setCurrentWidget(self.tree)
            first = restore or self._in_place_of(after, place)
            if first is not None:
                self.tree.setCurrentItem(first)
        else:
            self.empty.setText(
                "No calls today. Open a contact from Contacts to call, or log what happened."
                if self.has_contacts
                else "No calls today. Import contacts or try sample data (File menu)."
            )
            self.stack.setCurrentWidget(self.empty)
        self._show_actions()
        self.count_changed.emit(self.count)

    def _listed_ids(self) -> list[tuple[int, int]]:
        """The ids of the rows shown, top to bottom (headings and "more" rows have none)."""
        tree = self.tree
        items = (tree.topLevelItem(r) for r in range(tree.topLevelItemCount()))
        return [ids for item in items if item is not None and (ids := item.data(0, IdsRole))]

    def _in_place_of(self, after: list[tuple[int, int]], place: int) -> QTreeWidgetItem | None:
        """The first row still shown of those that were ``after`` hers; else the row now
        at her ``place``, or the last row when the list got shorter than that."""
        tree = self.tree
        rows = [
            item
            for r in range(tree.topLevelItemCount())
            if (item := tree.topLevelItem(r)) is not None and item.data(0, IdsRole)
        ]
        if not rows:
            return None
        shown = {item.data(0, IdsRole): item for item in rows}
        following = next((shown[ids] for ids in after if ids in shown), None)
        return following or rows[min(place, len(rows) - 1)]

    @staticmethod
    def _more_row(hidden: str, more: int) -> QTreeWidgetItem:
        item = QTreeWidgetItem([f"{hidden} more not listed: press Enter to show {more:,} more"])
        item.setFirstColumnSpanned(True)
        item.setData(0, MoreRole, True)
        return item

    @staticmethod
    def _row(
        entry: AgendaEntry, now: datetime, mine: ZoneInfo, today: datetime, lead: timedelta
    ) -> QTreeWidgetItem:
        follow_up = entry.item.follow_up
        # The rep's own work (finding a number, a promise) keeps her clock: no time of theirs.
        their_zone = steps.clock_zone(follow_up, entry.time_zone, "")
        theirs = zone(their_zone, mine.key)
        who = f"{entry.contact_name} · {entry.company}" if entry.company else entry.contact_name
        what = f"{_mark(entry)}  {steps.describe(follow_up.step, follow_up.objective)}"
        until = follow_up.due_at - now
        if not entry.item.overdue and until <= lead:
            minutes = int(until.total_seconds() // 60)
            what += f"  (in {minutes} min)" if minutes > 0 else "  (now)"
        mine_text, their_time = both_clocks(follow_up.due_at, mine, theirs, today)
        # Blank says their clock reads as hers; a zone nobody knows must not read the same.
        zone_unknown = not entry.time_zone and not steps.is_own_work(follow_up)
        if zone_unknown:
            their_time = ZONE_UNKNOWN
        item = QTreeWidgetItem([mine_text, who, what, their_time])
        if zone_unknown:
            item.setToolTip(3, ZONE_UNKNOWN_WHY)
        item.setData(0, IdsRole, (follow_up.contact_id, follow_up.id))
        if follow_up.id is not None:
            described = steps.describe(follow_up.step, follow_up.objective)
            row = Row(
                follow_up.contact_id,
                follow_up.id,
                follow_up.kind,
                follow_up.due_at,
                described,
                entry.contact_name,
                their_zone,
                follow_up.step,
            )
            item.setData(0, RowRole, row)
        item.setData(2, Qt.ItemDataRole.AccessibleTextRole, what)
        colour = None
        if entry.item.overdue:
            colour = OVERDUE
        elif until <= lead:
            colour = SOON
        elif follow_up.agreed:
            colour = AGREED
        if colour is not None:
            for column in range(len(COLUMNS)):
                item.setForeground(column, QBrush(colour))
        return item
