"""The contact list as a Qt model over paged queries: never all 100,000 rows at once.

Rows arrive a page at a time through ``canFetchMore``/``fetchMore`` as the view scrolls;
searching or sorting starts again from the first page. Every read runs on a worker and
lands when it is done (the newest request wins), so neither typing nor scrolling ever
waits for the database, even while an import holds it: the next page is read while the
rep looks at this one, and rows let go of far up the list are blank for the moment it
takes to read them again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from followup_desktop.core.changes import Area, Change
from followup_desktop.core.clock_words import moment_text
from followup_desktop.core.model import ContactSort, ContactSummary
from followup_desktop.core.money import money
from followup_desktop.ui.contact_rows import ContactRows, Refetch
from followup_desktop.ui.look import OVERDUE
from followup_desktop.ui.tasks import Submitter

PageFetcher = Callable[[str, ContactSort, bool, ContactSummary | None, int], list[ContactSummary]]


ModelIndex = QModelIndex | QPersistentModelIndex

COLUMNS: tuple[tuple[str, ContactSort], ...] = (
    ("Name", ContactSort.NAME),
    ("Company", ContactSort.COMPANY),
    ("Next follow-up", ContactSort.NEXT_FOLLOW_UP),
    ("Attempts", ContactSort.ATTEMPTS),
    ("Deal value", ContactSort.DEAL_VALUE),
    ("Rep", ContactSort.OWNER),  # shown on a team server's team list only
)
OWNER_COLUMN = 5

ContactIdRole = Qt.ItemDataRole.UserRole + 1

# Roles as plain ints: the view asks data() for ~8 roles per visible cell on every paint,
# and comparing an int with an int is several times cheaper than with an enum member.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOL_TIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_CONTACT_ID = int(ContactIdRole)
RIGHT_ALIGNED = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_RIGHT = int(RIGHT_ALIGNED)
NUMBER_COLUMNS = (3, 4)  # right-aligned
WHEN_COLUMN = 2
# Beside the red of a late next follow-up, a second cue that needs no colour (UX: nothing
# depends on colour alone).
LATE_MARK = "⚠ "
_COLUMN_COUNT = len(COLUMNS)
_BLANK = ("",) * _COLUMN_COUNT
# Formatted texts kept for at most this many rows (several screenfuls): enough that a
# paint never formats a row twice, bounded however far the list is scrolled.
SHOWN_ROWS = 500


MARK = "⚠"  # after a name: something about the contact needs the rep (see the tooltip)


def marks_explained(summary: ContactSummary) -> str:
    """Why a row carries MARK, in the rep's words."""
    why = []
    if summary.zone_unknown:
        why.append("Their time zone is not known: set it (F2) so their time is right.")
    if summary.phone_unchecked:
        why.append("A phone number is kept as written, not checked: correct it (F2).")
    return "\n".join(why)


def format_when(moment: datetime | None, rep_zone: tzinfo | None = None) -> str:
    """In the rep's zone (None: this computer's, until theirs is known)."""
    if moment is None:
        return ""
    local = moment.astimezone(rep_zone)
    return moment_text(local)


def when_explained(moment: datetime, now: datetime | None, rep_zone: tzinfo | None) -> str:
    """The next follow-up's tooltip: the whole date, and whether it is late."""
    local = moment.astimezone(rep_zone)
    day = moment_text(local, year=True)
    return f"Overdue since {day}" if now is not None and moment < now else day


class ContactTableModel(QAbstractTableModel):
    results_changed = Signal()  # the list was read anew (a search, a sort, a change)
    rows_added = Signal()  # the next page of the same list (scrolled to)

    def __init__(
        self,
        fetch: PageFetcher | None,
        submit: Submitter,
        page_size: int = 200,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._submit = submit
        self._generation = 0
        self._fetching_more = False
        self.page_size = page_size
        self._rows = ContactRows()
        self._refetch: Refetch | None = None
        # Display texts of the rows painted so far, by row number (reset with the rows).
        self._shown: dict[int, tuple[str, ...]] = {}
        self._exhausted = True
        self.query = ""
        self.sort_key = ContactSort.NAME
        self.descending = False
        # The search and order the rows on screen were read for (the ones above may be
        # newer, their rows on their way, or not read: the team server away).
        self.rows_for: tuple[str, ContactSort, bool] = ("", ContactSort.NAME, False)
        # The last read of the search above failed: asked for again, it is read again.
        self._unread = False
        # On a team server, the reps' names by login (the Rep column).
        self.owner_names: dict[str, str] = {}
        # The zone next follow-ups are shown in (``set_rep_zone``).
        self.rep_zone: tzinfo | None = None
        # The app's clock: a next follow-up before now is shown late (``set_clock``).
        self._now: Callable[[], datetime] | None = None

    # Qt's model interface -------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        return None

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        # Most calls are for roles this model leaves to the view: answer those first.
        if role == _DISPLAY:
            if not index.isValid():
                return None
            return self.cell_text(index.row(), index.column())
        if role == _ALIGNMENT:
            return _RIGHT if index.column() in NUMBER_COLUMNS else None
        if role == _CONTACT_ID:
            return self._rows.id_at(index.row()) if index.isValid() else None
        if role == _TOOL_TIP and index.isValid():
            return self._tool_tip(index.row(), index.column())
        if role == _FOREGROUND and index.column() == WHEN_COLUMN and index.isValid():
            return OVERDUE if self.late(index.row()) else None
        return None

    def _tool_tip(self, row: int, column: int) -> str | None:
        summary = self._rows[row]
        if column == 0:
            return marks_explained(summary) or None
        if column == WHEN_COLUMN and summary.next_follow_up_at:
            now = self._now() if self._now is not None else None
            return when_explained(summary.next_follow_up_at, now, self.rep_zone)
        return None

    def late(self, row: int) -> bool:
        """The row's next follow-up is before now (shown in red)."""
        moment = self._rows[row].next_follow_up_at
        return moment is not None and self._now is not None and moment < self._now()

    def index(
        self,
        row: int,
        column: int,
        parent: ModelIndex = QModelIndex(),  # noqa: B008
    ) -> QModelIndex:
        # Qt's own index() asks rowCount() and columnCount() first: two calls into Python
        # for every cell a paint visits. One call, checked here, does the same.
        if 0 <= row < len(self._rows) and 0 <= column < _COLUMN_COUNT and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    def multiData(self, index: ModelIndex, roleDataSpan: Any) -> None:
        """All the roles a cell's delegate asks for, in one call (Qt 6's item delegate
        asks through this): one Python call, one GIL hand-over per cell instead of one
        per role, which matters while a search runs on a worker thread. The roles are
        answered here directly (the same answers as ``data``), not role by role."""
        if not index.isValid():
            for number in range(len(roleDataSpan)):
                roleDataSpan[number].clearData()
            return
        row, column = index.row(), index.column()
        for number in range(len(roleDataSpan)):
            role_data = roleDataSpan[number]
            role = role_data.role()
            if role == _DISPLAY:
                role_data.setData(self.cell_text(row, column))
            elif role == _ALIGNMENT and column in NUMBER_COLUMNS:
                role_data.setData(_RIGHT)
            elif role == _CONTACT_ID:
                role_data.setData(self._rows.id_at(row))
            elif role == _TOOL_TIP and (tip := self._tool_tip(row, column)):
                role_data.setData(tip)
            elif role == _FOREGROUND and column == WHEN_COLUMN and self.late(row):
                role_data.setData(OVERDUE)
            else:
                role_data.clearData()

    def texts(self, row: int) -> tuple[str, ...]:
        """The row's texts, column by column, as formatted (without the late mark)."""
        return self._texts(row)

    def cell_text(self, row: int, column: int) -> str:
        """What a cell shows (DisplayRole): its text, a late next follow-up marked."""
        text = self._texts(row)[column]
        if column == WHEN_COLUMN and text and self.late(row):
            return LATE_MARK + text
        return text

    def _texts(self, row: int) -> tuple[str, ...]:
        """The row's displayed texts, formatted once: a paint asks for each cell again."""
        texts = self._shown.get(row)
        if texts is None:
            summary = self._rows[row]
            if self._rows.is_blank(row):
                return _BLANK  # on its way back: not kept as its texts
            deal = summary.open_deal_value_minor
            if len(self._shown) >= SHOWN_ROWS:
                self._shown.clear()
            marked = summary.zone_unknown or summary.phone_unchecked
            texts = (
                f"{summary.name}  {MARK}" if marked else summary.name,
                summary.company,
                format_when(summary.next_follow_up_at, self.rep_zone),
                str(summary.attempts) if summary.attempts else "",
                money(deal, summary.deal_currency) if deal else "",
                self.owner_names.get(summary.owner, summary.owner),
            )
            self._shown[row] = texts
        return texts

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        """The next page, read on a worker; the view asks again while it is on its way."""
        fetch = self._fetch
        if parent.isValid() or self._exhausted or fetch is None or self._fetching_more:
            return
        self._fetching_more = True
        # The next page of the rows on screen: of their search, after their last row (a
        # newer search may not be read yet, or its read failed).
        rows = self._rows
        query, sort_key, descending = self.rows_for
        last, size = rows.last(), self.page_size

        def done(page: list[ContactSummary]) -> None:
            if rows is not self._rows:
                return  # the list was read anew meanwhile: these rows are gone
            self._fetching_more = False
            self._exhausted = len(page) < size
            if page:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
                self._rows.extend(page)
                self.endInsertRows()
            self.rows_added.emit()

        def failed() -> None:  # the view asks again as it scrolls
            if rows is self._rows:
                self._fetching_more = False

        self._submit(lambda: fetch(query, sort_key, descending, last, size), done, failed)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_key = COLUMNS[column][1]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    # FollowUp's own interface ---------------------------------------------------------
    def set_query(self, typed: str) -> None:
        if typed == self.query and not self._unread:
            return
        self.query = typed
        self.reload()

    def set_fetcher(self, fetch: PageFetcher, refetch: Refetch | None = None) -> None:
        """Where pages come from, once the store is open (until then nothing loads);
        with ``refetch`` (rows by id), rows not looked at lately are let go and read again
        when scrolled back to, so a list scrolled through 100,000 contacts stays small."""
        self._fetch = fetch
        self._refetch = refetch

    def set_clock(self, now: Callable[[], datetime]) -> None:
        """The app's clock: next follow-ups before it read in red, as Today's overdue do."""
        self._now = now

    def set_rep_zone(self, rep_zone: tzinfo) -> None:
        """Next follow-ups shown in the rep's zone, as Today shows them: the computer's
        clock may be on another (Settings › You says New York, the laptop still Paris)."""
        if rep_zone == self.rep_zone:
            return
        self.rep_zone = rep_zone
        self._shown = {}
        if len(self._rows):
            self.dataChanged.emit(self.index(0, 2), self.index(len(self._rows) - 1, 2))

    def show_change(self, change: Change) -> None:
        """The list shows names, companies, next follow-ups, attempts and deal values."""
        if change.concerns(Area.CONTACTS | Area.AGENDA | Area.DEALS):
            self.reload(keep_rows=True)

    def reload(self, keep_rows: bool = False) -> None:
        """Start again from the first page (or keep as many rows as were loaded), on a
        worker: the rows on screen stay until the new ones are there."""
        fetch = self._fetch
        if fetch is None:
            return
        wanted = max(self.page_size, len(self._rows)) if keep_rows else self.page_size
        self._generation += 1
        self._unread = False
        generation = self._generation
        query, sort_key, descending = self.query, self.sort_key, self.descending

        def work() -> ContactRows:
            # Packed where the rows are read (a worker, for searches), not on the UI thread.
            return ContactRows(fetch(query, sort_key, descending, None, wanted))

        def done(rows: ContactRows) -> None:
            if generation != self._generation:
                return  # a newer search or sort superseded this one
            self.beginResetModel()
            self.rows_for = (query, sort_key, descending)
            self._fetching_more = False  # a page of the rows let go lands nowhere
            if self._refetch is not None:
                rows = rows.with_refetch(self._read_again)
            self._rows = rows
            self._shown = {}
            self._exhausted = len(rows) < wanted
            self.endResetModel()
            self.results_changed.emit()

        def failed() -> None:
            # The rows on screen stay, and the next page is theirs (``fetchMore``); the
            # search asked for is read by the next reload (a change, the team server
            # back) or when it is typed again.
            if generation == self._generation:
                self._unread = True

        self._submit(work, done, failed)

    def _read_again(self, first: int, ids: list[int]) -> None:
        """Rows let go of (from ``first`` on) are wanted again: read on a worker, shown
        when they arrive (blank until then)."""
        refetch, rows = self._refetch, self._rows
        if refetch is None:
            # Rows of the list before a switch to one that cannot read rows again by id
            # (a rep's view of the team): that list's own rows replace them.
            return

        def done(found: list[ContactSummary]) -> None:
            if rows is not self._rows:
                return  # the list was read again meanwhile
            rows.fill(first, ids, found)
            for row in range(first, first + len(ids)):
                self._shown.pop(row, None)
            last = first + len(ids) - 1
            self.dataChanged.emit(self.index(first, 0), self.index(last, _COLUMN_COUNT - 1))

        self._submit(lambda: refetch(ids), done, lambda: rows.not_filled(first))

    def summary(self, row: int) -> ContactSummary:
        return self._rows[row]

    def show_kept(self, contact_id: int, name: str, company: str) -> None:
        """A contact's save kept on the laptop (the team server away): its row shows the
        name and company saved until the list is read from the server again."""
        row = self._rows.row_of(contact_id)
        if row is None or self._rows.is_blank(row):
            return
        shown = replace(self._rows[row], name=name, company=company)
        if self._rows.replace(row, shown):
            self._shown.pop(row, None)
            self.dataChanged.emit(self.index(row, 0), self.index(row, _COLUMN_COUNT - 1))

    def row_of(self, contact_id: int) -> int | None:
        return self._rows.row_of(contact_id)
