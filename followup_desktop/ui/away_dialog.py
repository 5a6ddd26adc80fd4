"""After the rep set a time away: the agreed calls inside it, each to agree again with the
customer (FollowUp never moves those), with the e-mail that offers other times."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from followup_desktop.services.away import AwayReport


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
        self.setWindowTitle("Agreed calls while you are away")
        intro = QLabel(report.text())
        intro.setWordWrap(True)
        rows = QGridLayout()
        self.write_buttons: list[QPushButton] = []
        for row, agreed in enumerate(report.agreed_inside):
            when = local(agreed.follow_up.due_at, zone(rep_zone))
            rows.addWidget(QLabel(f"<b>{agreed.name}</b>"), row, 0)
            rows.addWidget(QLabel(f"agreed for {when:%a %d %b %H:%M} (your time)"), row, 1)
            button = QPushButton("E-mail other times…")
            follow_up_id = agreed.follow_up.id or 0
            button.clicked.connect(lambda _=False, f=follow_up_id: write_to(f))
            rows.addWidget(button, row, 2)
            self.write_buttons.append(button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(rows)
        layout.addWidget(buttons)
