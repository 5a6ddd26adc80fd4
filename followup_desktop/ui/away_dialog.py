"""After the rep set a time away: the agreed calls inside it, each to agree again with the
customer (FollowUp never moves those), with the e-mail that offers other times, and the
promises due inside it (kept where she put them); and the watch that applies the period
after every settings save."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.calendar import local, zone
from followup_desktop.core.clock_words import moment_text

if TYPE_CHECKING:
    from followup_desktop.services.away import AwayReport
    from followup_desktop.ui.main_window import MainWindow


class AgreedInsideDialog(QDialog):
    def __init__(
        self,
        report: AwayReport,
        rep_zone: str,
        write_to: Callable[[int], object],
        parent: QWidget | None = None,
    ) -> None:
        """``write_to(follow_up_id)``: opens the e-mail offering other times."""
        super().__init__(parent)
        self.setWindowTitle("Calls and promises while you are away")
        intro = QLabel(report.text())
        intro.setWordWrap(True)
        rows = QGridLayout()
        self.write_buttons: list[QPushButton] = []
        for row, agreed in enumerate(report.agreed_inside):
            when = local(agreed.follow_up.due_at, zone(rep_zone))
            rows.addWidget(QLabel(f"<b>{agreed.name}</b>"), row, 0)
            rows.addWidget(QLabel(f"agreed for {moment_text(when)} (your time)"), row, 1)
            button = QPushButton("E-mail other times…")
            follow_up_id = agreed.follow_up.id or 0
            button.clicked.connect(lambda _=False, f=follow_up_id: write_to(f))
            rows.addWidget(button, row, 2)
            self.write_buttons.append(button)
        self.promise_rows: list[str] = []
        for row, promise in enumerate(report.promises_inside, len(report.agreed_inside)):
            when = local(promise.follow_up.due_at, zone(rep_zone))
            what = f"promised for {moment_text(when)} (your time): {promise.follow_up.objective}"
            rows.addWidget(QLabel(f"<b>{promise.name}</b>"), row, 0)
            rows.addWidget(QLabel(what), row, 1, 1, 2)
            self.promise_rows.append(f"{promise.name}: {what}")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(rows)
        layout.addWidget(buttons)


class AwayWatch(QObject):
    """After every settings save: the time away applied again (what falls inside moves;
    nothing moves twice), and a new period said once, with its agreed calls and promises
    listed."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._told = window.services.away.current()  # the period already said
        self.dialog: AgreedInsideDialog | None = None

    def apply(self) -> None:
        window = self._window
        window.tasks.write(
            window.services.away.apply, self._applied, window.background_failed, owner=self
        )

    def _applied(self, report: AwayReport) -> None:
        from followup_desktop.core.changes import Area, Change
        from followup_desktop.core.email_wording import SUGGESTED_TIMES

        window = self._window
        if report.moved:
            window.show_change(Change(Area.AGENDA))
        told, self._told = self._told, report.period
        if report.period is None or report.period == told:
            return
        window.statusBar().showMessage(report.text(), 15000)
        if report.agreed_inside or report.promises_inside:
            self.dialog = AgreedInsideDialog(
                report,
                window.services.settings.rep_zone(),
                lambda follow_up_id: window.open_draft(follow_up_id, SUGGESTED_TIMES),
                window,
            )
            self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.dialog.open()
