"""Importing from the GUI: pick files, a progress bar while a worker imports, then a report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.services import import_words
from followup_desktop.services.importing import ImportReport, ImportService
from followup_desktop.services.sample_data import play_sample_history, sample_contacts
from followup_desktop.services.session import Services
from followup_desktop.ui.error_dialog import show_error
from followup_desktop.ui.tasks import TaskRunner

FILE_FILTER = "Contacts (*.csv *.vcf *.vcard *.txt);;All files (*)"


class ImportReportDialog(QDialog):
    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import finished")
        self.setMinimumWidth(720)
        layout = QVBoxLayout(self)
        headline = QLabel(f"<b>{import_words.headline(report)}</b>")
        headline.setObjectName("summary")
        layout.addWidget(headline)
        sections = (
            ("rejected", "Not imported (line: why):", import_words.not_imported(report)),
            (
                "warnings",
                "Imported, with something odd in them (line: what became of it):",
                import_words.by_file(report.warnings),
            ),
            ("merged", "Merged into one contact:", import_words.by_file(report.merges)),
        )
        for name, heading, lines in sections:
            if lines:
                listing = self._add_listing(layout, name, heading, lines)
                if name == "rejected":
                    # The files not read are said by their names; where they are, on hovering.
                    listing.setToolTip("\n".join(u.source for u in report.unreadable))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def _add_listing(
        self, layout: QVBoxLayout, name: str, heading: str, lines: list[str]
    ) -> QPlainTextEdit:
        label = QLabel(heading)
        label.setWordWrap(True)
        layout.addWidget(label)
        listing = QPlainTextEdit("\n".join(lines))
        listing.setObjectName(name)
        listing.setReadOnly(True)
        listing.setAccessibleName(heading.split(" (")[0])
        # Room for a few wrapped lines; a longer listing scrolls.
        listing.setMaximumHeight(
            listing.fontMetrics().lineSpacing() * (min(len(lines) * 2, 12) + 1)
        )
        layout.addWidget(listing)
        return listing


def choose_files(parent: QWidget) -> list[Path]:
    names, _ = QFileDialog.getOpenFileNames(
        parent, "Import contacts", str(Path.home()), FILE_FILTER
    )
    return [Path(name) for name in names]


def run_import(
    parent: QWidget,
    tasks: TaskRunner,
    service: ImportService,
    files: list[Path],
    on_finished: Callable[[ImportReport], None],
) -> QProgressDialog:
    """Import ``files`` on a thread of its own; the window stays live (the rep can call,
    edit and log meanwhile: the import steps aside for each write) and shows progress."""
    progress = QProgressDialog("Importing contacts…", "", 0, 0, parent)
    progress.setWindowTitle("Importing")
    progress.setCancelButton(None)  # an import lands whole or not at all
    progress.setWindowModality(Qt.WindowModality.NonModal)
    progress.setMinimumDuration(300)
    progress.setValue(0)

    def finish() -> None:
        # reset() also stops the timer that would show the dialog after minimumDuration.
        progress.reset()
        progress.close()
        progress.deleteLater()

    def on_progress(done: int, total: int) -> None:
        progress.setMaximum(total)
        progress.setValue(min(done, total))

    def done(report: ImportReport) -> None:
        finish()
        on_finished(report)
        # open(), not exec(): window-modal without a nested event loop.
        dialog = ImportReportDialog(report, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def failed(error: Exception, details: str) -> None:
        finish()
        show_error(f"the import stopped and nothing was changed ({error})", details, parent)

    tasks.write(
        lambda report_progress: service.import_files(files, report_progress),
        done,
        failed,
        on_progress,
        owner=parent,
        beside=True,
    )
    return progress


def load_sample_data(
    services: Services,
    tasks: TaskRunner,
    imported: Callable[[ImportReport], None],
    played: Callable[[], None],
    parent: QWidget,
) -> None:
    """Sample contacts (a second), then their months of history, both off the UI thread."""

    def contacts() -> ImportReport:
        report = ImportReport()
        services.importing.import_items(sample_contacts(), report)
        return report

    def failed(error: Exception, details: str) -> None:
        show_error(str(error), details, parent)

    def then_history(report: ImportReport) -> None:
        imported(report)
        tasks.write(
            lambda: play_sample_history(services, services.clock.now()),
            lambda _: played(),
            failed,
        )

    tasks.write(contacts, then_history, failed)
