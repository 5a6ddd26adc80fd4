"""Unexpected errors: a dialog with a copyable report, never a silent exit or a traceback."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from followup_desktop import __version__
from followup_desktop.services.disk_trouble import plain_error

log = logging.getLogger(__name__)


def report_text(summary: str, details: str) -> str:
    import platform  # only when something went wrong: not on the start-up path

    return (
        f"FollowUp {__version__} on {platform.platform()}, Python {platform.python_version()}\n"
        f"{summary}\n\n{details}"
    )


class ErrorDialog(QDialog):
    def __init__(self, summary: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("FollowUp ran into a problem")
        self.setMinimumWidth(520)
        heading = QLabel(
            f"<b>Something went wrong:</b> {summary}<br>Your data is safe: everything you saved "
            "is in the database. If this keeps happening, copy the report below and send it to support."
        )
        heading.setWordWrap(True)
        self.report = QPlainTextEdit(report_text(summary, details))
        self.report.setReadOnly(True)
        self.report.setAccessibleName("Error report")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("Copy report", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QApplication.clipboard().setText(self.report.toPlainText()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.report)
        layout.addWidget(buttons)


def show_error(summary: str, details: str, parent: QWidget | None = None) -> None:
    ErrorDialog(summary, details, parent).exec()


def report_uncaught(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> None:
    """An uncaught exception (from a Qt slot): to the log and the error dialog."""
    details = "".join(traceback.format_exception(kind, error, tb))
    log.error("unexpected error\n%s", details)
    if QApplication.instance() is None or isinstance(error, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    # A full disk or a read-only folder is the rep's to fix: say so in plain words.
    # One line, never the SQL or its values (plain_error).
    summary = plain_error(error)
    show_error(summary, details, QApplication.activeWindow())
