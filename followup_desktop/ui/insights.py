"""The week review (journey J8): the Pipeline and Stats views. One computation (off the UI
thread) feeds both; charts carry the number beside every bar; each view exports CSV."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.changes import Area, Change
from followup_desktop.core.model import DealStage
from followup_desktop.core.money import money
from followup_desktop.core.stats import (
    BUCKETS,
    Ratio,
    RepFigures,
    Spread,
    Stats,
    figure,
    percent,
)
from followup_desktop.services.disk_trouble import plain_error
from followup_desktop.services.stats import as_json, csv_path, export_csv, pipeline_csv
from followup_desktop.ui.bar_chart import Bar, BarChart, heading
from followup_desktop.ui.tasks import Submitter

WON = QColor("#1a7f37")
LOST = QColor("#8c959f")
RISK = QColor("#b3261e")


def share(ratio: Ratio) -> str:
    return (
        "no data yet"
        if ratio.share is None
        else f"{percent(ratio.share)} ({ratio.part} of {ratio.whole})"
    )


def spread(value: Spread, unit: str = "") -> str:
    if value.median is None or value.mean is None:
        return "no data yet"
    return (
        f"median {figure(value.median)}{unit}, mean {figure(value.mean)}{unit} (over {value.count})"
    )


def duration(hours: Spread) -> str:
    """Hours while short, days once it is more than two."""
    if hours.median is None or hours.mean is None:
        return "no data yet"
    if hours.median < 48:
        return spread(hours, " h")
    days = Spread(hours.count, hours.median / 24, hours.mean / 24)
    return spread(days, " days")


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


def _text() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class _Page(QScrollArea):
    """A scrolling column of sections with an export button at the top."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        body = QWidget()
        self.column = QVBoxLayout(body)
        self.column.setContentsMargins(16, 12, 16, 12)
        self.column.setSpacing(8)
        top = QHBoxLayout()
        self.title = _heading(title)
        top.addWidget(self.title)
        top.addStretch()
        self.export_button = QPushButton("Export CSV…")
        # Where the last export went, or why it did not.
        self.export_note = QLabel()
        self.export_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(self.export_note)
        top.addWidget(self.export_button)
        self.column.addLayout(top)
        self.setWidget(body)

    def finish(self) -> None:
        self.column.addStretch()


class PipelinePage(_Page):
    open_requested = Signal(int, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Pipeline", parent)
        self.summary = _text()
        self.chart = BarChart()
        self.chart.setAccessibleName("Deals by stage")
        self.waiting_title = _heading("Prospects with no next step")
        self.waiting = QListWidget()
        self.waiting.setAccessibleName("Prospects with no next step")
        self.waiting.setMinimumHeight(160)
        self.waiting.itemActivated.connect(
            lambda item: self.open_requested.emit(item.data(Qt.ItemDataRole.UserRole), None)
        )
        self.none_waiting = _text()
        self.none_waiting.setText("None: every prospect has a next step planned.")
        self.none_waiting.hide()
        for widget in (
            self.summary,
            self.chart,
            self.waiting_title,
            self.waiting,
            self.none_waiting,
        ):
            self.column.addWidget(widget)
        self.finish()

    def show_stats(self, figures: Stats) -> None:
        pipeline = figures.pipeline
        bars = []
        parts = []
        # The figures always hold the rep's own currency, for `followup stats`; one she
        # has no deal in is money she does not have, and an empty pipeline says so.
        stages = pipeline.with_deals()
        held = {total.currency for total in stages}
        for currency, open_value in pipeline.open_value_minor.items():
            if currency not in held:
                continue
            deals = sum(
                t.count
                for t in pipeline.stages
                if t.currency == currency and t.stage not in (DealStage.WON, DealStage.LOST)
            )
            risk = pipeline.at_risk(currency)
            parts.append(
                f"<b>Open pipeline: {money(open_value, currency)}</b> in {deals} "
                f"{'deal' if deals == 1 else 'deals'}. "
                + (
                    f"<span style='color:{RISK.name()}'>⚠ {percent(risk.share or 0)} of that value "
                    f"({money(risk.part, currency)}) has no agreed next call: at risk.</span>"
                    if risk.part
                    else "Every open deal has an agreed next call."
                )
            )
        # Each currency's stages are drawn against its own largest: 2,500,000 JPY is not
        # 250 times 10,000.00 EUR, and one scale for both made every euro bar a sliver.
        largest: dict[str, int] = {}
        for total in stages:
            largest[total.currency] = max(largest.get(total.currency, 0), total.value_minor)
        # With several currencies, each one's stages come under its name, in the
        # funnel's order: labelled "Lead (EUR)", "Proposal (EUR)", "Qualified (USD)", they
        # read as one funnel out of order.
        several = len(largest) > 1
        currency = ""
        for total in stages:
            if several and total.currency != currency:
                currency = total.currency
                bars.append(heading(f"Deals in {currency}"))
            colour = {DealStage.WON: WON, DealStage.LOST: LOST}.get(total.stage)
            bars.append(
                Bar(
                    total.stage.value.capitalize(),
                    total.value_minor / (largest[total.currency] or 1),
                    f"{money(total.value_minor, total.currency)} · {total.count}",
                    colour,
                )
            )
        self.summary.setText("<br>".join(parts) or "No deals yet: add one when you edit a contact.")
        self.chart.set_bars(bars, full=1)
        self.waiting_title.setText(f"Prospects with no next step ({pipeline.no_next_step_count})")
        self.waiting.clear()
        # An empty white box under "(0)" reads as a list that failed to load.
        self.waiting.setVisible(pipeline.no_next_step_count > 0)
        self.none_waiting.setVisible(pipeline.no_next_step_count == 0)
        for contact_id, name, company in pipeline.no_next_step:
            item = QListWidgetItem(f"{name} · {company}" if company else name)
            item.setData(Qt.ItemDataRole.UserRole, contact_id)
            self.waiting.addItem(item)
        if pipeline.no_next_step_count > len(pipeline.no_next_step):
            more = QListWidgetItem(
                f"… and {pipeline.no_next_step_count - len(pipeline.no_next_step)} more"
            )
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.waiting.addItem(more)


class NumbersPage(_Page):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Your numbers", parent)
        self.first_connection = _text()
        self.dropped = BarChart()
        self.dropped.setAccessibleName("Prospects dropped after so many attempts")
        self.wins = BarChart()
        self.wins.setAccessibleName("Wins by contacts needed")
        self.rates = BarChart()
        self.rates.setAccessibleName("Follow-up rates")
        self.speed = _text()
        self.note = note = _text()
        note.setObjectName("hint")
        note.setText(
            "Your own history, not folklore: how many tries it takes you, where you stop, "
            "and how fast you follow up."
        )
        self.column.addWidget(note)
        self.reps_title = _heading("By rep")
        self.reps = RepTable()
        self.reps_title.hide()
        self.reps.hide()
        self.column.addWidget(self.reps_title)
        self.column.addWidget(self.reps)
        self.column.addWidget(_heading("Persistence"))
        self.column.addWidget(self.first_connection)
        self.column.addWidget(
            QLabel(
                "Prospects let go (nothing planned, or the next step undone for two weeks), by attempts made"
            )
        )
        self.column.addWidget(self.dropped)
        self.column.addWidget(QLabel("Deals won, by how many contacts it took"))
        self.column.addWidget(self.wins)
        self.column.addWidget(_heading("Follow-up"))
        self.column.addWidget(self.speed)
        self.column.addWidget(self.rates)
        self.finish()

    def show_team(self) -> None:
        """A manager's view: the figures below are the team's, after a line per rep."""
        self.title.setText("The team's numbers")
        self.note.setText(
            "Each rep's book and week first, then the whole team's history: how many "
            "tries it takes, where prospects are let go, how fast they are followed up."
        )
        self.reps_title.show()
        self.reps.show()

    def show_stats(self, figures: Stats) -> None:
        persistence, speed = figures.persistence, figures.speed
        self.first_connection.setText(
            f"Attempts before the first conversation: {spread(persistence.before_first_connection)}.<br>"
            f"Contacts needed to win a deal: {spread(persistence.before_win)}."
        )
        self.dropped.set_bars(
            [
                Bar(
                    f"after {b}",
                    persistence.dropped_after[b],
                    str(persistence.dropped_after[b]),
                    RISK,
                )
                for b in BUCKETS
            ]
        )
        self.wins.set_bars(
            [
                Bar(
                    f"{b} contact" if b == "1" else f"{b} contacts",
                    persistence.wins_by_attempts[b],
                    str(persistence.wins_by_attempts[b]),
                    WON,
                )
                for b in BUCKETS
            ]
        )
        self.speed.setText(
            f"Time from a conversation or visit to the next touch: {duration(speed.to_next_touch)}."
        )
        rates = (
            ("Series carried through", persistence.series),
            ("Visits followed up same day", speed.visits_same_day),
            ("Agreed calls on the day", speed.agreed_on_day),
        )
        self.rates.set_bars(
            [Bar(label, (ratio.share or 0) * 100, share(ratio)) for label, ratio in rates],
            full=100,  # 80 % is four fifths of the bar, not all of it
        )


class RepTable(QTableWidget):
    """One line per rep: their book, their last seven days, what waits on them."""

    HEADERS = (
        "Rep",
        "Contacts",
        "Calls (7 days)",
        "Conversations (7 days)",
        "Overdue",
        "No next step",
        "Won (30 days)",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setAccessibleName("Numbers by rep")
        self.setHorizontalHeaderLabels(list(self.HEADERS))
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setShowGrid(False)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._fit_rows()

    def show_lines(self, lines: list[RepFigures]) -> None:
        self.setRowCount(len(lines))
        for row, line in enumerate(lines):
            values = (
                line.contacts,
                line.calls_this_week,
                line.conversations_this_week,
                line.overdue,
                line.no_next_step,
                line.won_this_month,
            )
            self.setItem(row, 0, QTableWidgetItem(line.name))
            for column, value in enumerate(values, start=1):
                item = QTableWidgetItem(f"{value:,}")
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(row, column, item)
        self._fit_rows()

    def _fit_rows(self) -> None:
        """As tall as its lines (the page scrolls, not the table): a team is a few reps."""
        rows = max(1, self.rowCount())
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        self.setFixedHeight(height + rows * self.verticalHeader().defaultSectionSize())

    def lines_shown(self) -> list[tuple[str, ...]]:
        """What the table shows, row by row (as the rep reads it)."""
        return [
            tuple(self._cell_text(row, column) for column in range(self.columnCount()))
            for row in range(self.rowCount())
        ]

    def _cell_text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        assert item is not None, "show_lines fills every cell of its rows"
        return item.text()


class Insights(QObject):
    """Computes the figures once (off the UI thread) for both pages; exports them."""

    loaded = Signal()

    def __init__(
        self,
        compute: Callable[[], Stats],
        submit: Submitter,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._compute, self._submit = compute, submit
        self._by_rep: Callable[[], list[RepFigures]] | None = None
        self.pipeline = PipelinePage()
        self.numbers = NumbersPage()
        self.figures: Stats | None = None
        self._busy = self._again = False
        self.pipeline.export_button.clicked.connect(self.export_pipeline)
        self.numbers.export_button.clicked.connect(self.export_numbers)

    def show_change(self, change: Change) -> None:
        """Pipeline and Stats count calls, deals and contacts; figures not on screen are
        worked out again when next shown (the window reloads a view it shows)."""
        shown = self.pipeline.isVisible() or self.numbers.isVisible()
        if shown and change.concerns(Area.AGENDA | Area.DEALS | Area.CONTACTS):
            self.reload()

    def reload(self) -> None:
        if self._busy:
            self._again = True
            return
        self._busy = True
        by_rep, compute = self._by_rep, self._compute
        self._submit(lambda: (compute(), by_rep() if by_rep else None), self._show, self._not_read)

    def _not_read(self) -> None:
        # The figures shown stay; the next reload (shown again, a change) reads them anew.
        self._busy = self._again = False

    def show_team(self, by_rep: Callable[[], list[RepFigures]]) -> None:
        """A manager at the desk: the numbers are the team's, with a line per rep."""
        self._by_rep = by_rep
        self.numbers.show_team()
        if self.pipeline.isVisible() or self.numbers.isVisible():
            self.reload()

    def _show(self, computed: tuple[Stats, list[RepFigures] | None]) -> None:
        figures, lines = computed
        self._busy = False
        self.figures = figures
        self.pipeline.show_stats(figures)
        self.numbers.show_stats(figures)
        if lines is not None:
            self.numbers.reps.show_lines(lines)
        self.loaded.emit()
        if self._again:
            self._again = False
            self.reload()

    def _export(self, page: _Page, name: str, write: Callable[[Stats, Path], None]) -> None:
        """Asks where, writes there, and says on the page where it went or why not."""
        figures = self.figures
        if figures is None:
            return
        chosen, _ = QFileDialog.getSaveFileName(
            page, "Export CSV", str(Path.home() / name), "CSV (*.csv)"
        )
        if not chosen:
            return
        path = csv_path(Path(chosen))
        try:
            write(figures, path)
        except OSError as error:
            page.export_note.setText(f"⚠ Not exported: {plain_error(error, path.parent)}")
            return
        page.export_note.setText(f"Exported to {path}")

    def export_pipeline(self) -> None:
        self._export(self.pipeline, "followup-pipeline.csv", pipeline_csv)

    def export_numbers(self) -> None:
        self._export(
            self.numbers, "followup-numbers.csv", lambda f, path: export_csv(as_json(f), path)
        )
