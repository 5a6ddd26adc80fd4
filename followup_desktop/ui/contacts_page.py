"""The contact list page: the table, or an inviting empty state when there is nobody yet."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.ui.contact_model import (
    LATE_MARK,
    NUMBER_COLUMNS,
    OWNER_COLUMN,
    RIGHT_ALIGNED,
    WHEN_COLUMN,
    ContactIdRole,
    ContactTableModel,
)
from followup_desktop.ui.look import OVERDUE


class ContactDelegate(QStyledItemDelegate):
    """Fills a cell's style option straight from the model's texts.

    Qt's own ``initStyleOption`` asks the model for seven roles of every painted cell
    through the Python binding (about a third of a paint of the list, most of it wrapping
    and unwrapping values); the list shows only text, right-aligned for numbers, and a
    late next follow-up in red and marked ⚠. What it would set for the other roles (font, check state,
    icon) is left as the view set it, as their answers are empty here."""

    def __init__(self, model: ContactTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # type: ignore[override]
        option.index = index
        row, column = index.row(), index.column()
        if 0 <= row < self._model.rowCount():
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
            option.text = self._model.texts(row)[column]
            if column in NUMBER_COLUMNS:
                option.displayAlignment = RIGHT_ALIGNED
            elif column == WHEN_COLUMN and option.text and self._model.late(row):
                option.text = LATE_MARK + option.text
                option.palette.setColor(QPalette.ColorRole.Text, OVERDUE)
        option.styleObject = None  # type: ignore[assignment]  # as Qt's: no animations in views


class ContactTable(QTableView):
    """The table; Enter opens the selected contact like a double-click does."""

    open_requested = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex().data(ContactIdRole))
            return
        super().keyPressEvent(event)


class EmptyState(QWidget):
    import_clicked = Signal()
    sample_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("Welcome to FollowUp")
        title.setObjectName("emptyTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            "Bring in the people you follow up with: a CSV from Google, Outlook or LinkedIn, "
            "or vCards from your phone. Or look around a demo with sample data first: "
            "it opens apart from your own."
        )
        text.setObjectName("emptyText")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setFixedWidth(520)
        self.import_button = QPushButton("Import contacts…")
        self.import_button.setDefault(True)
        self.import_button.setObjectName("primary")
        self.sample_button = QPushButton("Try sample data")
        self.import_button.clicked.connect(self.import_clicked)
        self.sample_button.clicked.connect(self.sample_clicked)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch()
        # An aligned widget gets its one-line size hint; a centred row keeps the wrapped height.
        text_row = QHBoxLayout()
        text_row.addStretch()
        text_row.addWidget(text)
        text_row.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addSpacing(8)
        layout.addLayout(text_row)
        layout.addSpacing(16)
        layout.addLayout(buttons)
        layout.addStretch(2)


class NoMatches(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)  # what was typed is never markup
        self.query = ""

    def show_for(self, query: str) -> None:
        self.query = query
        self.setText(
            f"Nobody matches “{query}”. Check the spelling, or search by e-mail, phone or company."
        )

    def show_colleagues(self, query: str, found: list[str]) -> None:
        """On a team server: whose the contacts matching ``query`` are, when not the rep's."""
        if query != self.query or not found:
            return  # another search meanwhile, or nobody else has it either
        self.setText(
            f"Nobody in your contacts matches “{query}”. In your colleagues': "
            + "; ".join(found)
            + "."
        )


class ContactsPage(QStackedWidget):
    def __init__(self, model: ContactTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.empty = EmptyState()
        self.table = ContactTable()
        self.table.setModel(model)
        self.table.setItemDelegate(ContactDelegate(model, self.table))
        self.table.setAccessibleName("Contacts")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # The list's order (by name) on the header before sorting is switched on, which
        # sorts (reads the list) by the header's indicator: once, in that order.
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        # A paint of the list lays out the text of every visible cell (about 100) again; with
        # each typed letter the new results are painted while the next search runs. One
        # line a cell (elided, never wrapped: the rows are one line high) and no shaping
        # where the script needs none (Latin, Cyrillic…; complex scripts are still shaped)
        # make that paint cheaper.
        self.table.setWordWrap(False)
        font = self.table.font()
        font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
        self.table.setFont(font)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        # Wide enough for a six-figure deal with its currency ("250,000.00 EUR").
        deal_width = self.table.fontMetrics().horizontalAdvance("250,000.00 EUR") + 24
        for column, width in ((2, 150), (3, 80), (4, max(110, deal_width))):
            self.table.setColumnWidth(column, width)
        self.table.setColumnHidden(OWNER_COLUMN, True)  # the team's list shows it
        self.no_matches = NoMatches()
        self.addWidget(self.empty)
        self.addWidget(self.table)
        self.addWidget(self.no_matches)
        # The list is read again on a worker after every change, and a reset loses Qt's
        # current row: the same contact is current again when the new rows land (or the
        # row where a deleted one was). A new search or sort starts at the top instead.
        # A contact asked for before it was listed, and the one current when it was asked
        # for: a row the rep picks meanwhile wins over it.
        self._wanted: tuple[int, int | None] | None = None
        self._current: tuple[int | None, int, tuple[object, ...]] = (None, -1, ())
        model.modelAboutToBeReset.connect(self._remember_current)
        model.modelReset.connect(self._select_again)

    def update_state(self) -> None:
        """Table, empty state or "nobody matches", from what the model holds."""
        if self.model.rowCount() > 0:
            self.setCurrentWidget(self.table)
        elif self.model.query:
            self.no_matches.show_for(self.model.query)
            self.setCurrentWidget(self.no_matches)
        else:
            self.setCurrentWidget(self.empty)

    def current_contact_id(self) -> int | None:
        index = self.table.currentIndex()
        return index.data(ContactIdRole) if index.isValid() else None

    def select_contact(self, contact_id: int) -> None:
        """Make ``contact_id`` current; one not listed yet (just added, the list being read
        again) becomes current when it is, unless the rep picks another row meanwhile."""
        row = self.model.row_of(contact_id)
        self._wanted = (contact_id, self.current_contact_id()) if row is None else None
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def select_written(self, contact_id: int, current_then: int | None) -> None:
        """After a write the rep asked for (a save, an undo): ``contact_id`` current, unless
        she has picked another row while it was written (``current_then`` was current
        when she asked). Taking the row back then would make F2 or Delete act on a
        contact she has moved away from."""
        if self.current_contact_id() == current_then:
            self.select_contact(contact_id)

    def _remember_current(self) -> None:
        row = self.table.currentIndex().row()
        self._current = (self.current_contact_id(), row, self.model.rows_for)

    def _select_again(self) -> None:
        (contact_id, row, listing), wanted = self._current, self._wanted
        self._wanted = None
        if wanted is not None and wanted[1] != contact_id:
            wanted = None  # she picked another row while it was on its way
        if listing != self.model.rows_for:
            contact_id, row = None, -1  # another search or order: from the top
        for chosen in (wanted[0] if wanted is not None else None, contact_id):
            if chosen is not None and self.model.row_of(chosen) is not None:
                self.select_contact(chosen)
                return
        if row >= 0 and self.model.rowCount():
            self.table.selectRow(min(row, self.model.rowCount() - 1))
