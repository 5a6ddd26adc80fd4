"""The window's menu commands: import, sample data, Settings, the calendar account and
its sync, time away, the scripts and the shortcuts. Each is asked from a menu, a toolbar,
the tray or the empty list's buttons; what it opens belongs to the window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from followup_desktop.core import settings as options
from followup_desktop.core.changes import EVERYTHING, Area, Change
from followup_desktop.core.model import ScriptCard

if TYPE_CHECKING:
    from followup_desktop.services.importing import ImportReport
    from followup_desktop.ui.main_window import MainWindow
    from followup_desktop.ui.shortcut_sheet import ShortcutSheet


class WindowCommands:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        # Starts the demo of a data folder (a separate process); tests may watch it.
        self.demo_opener: Callable[[Path], int | None] = _open_demo
        self.shortcut_sheet: ShortcutSheet | None = None

    # Import --------------------------------------------------------------------------------
    def import_contacts(self) -> None:
        from followup_desktop.ui.import_flow import choose_files

        files = choose_files(self.window)
        if files:
            self.import_paths(files)

    def import_paths(self, files: list) -> None:  # type: ignore[type-arg]
        from followup_desktop.ui.import_flow import run_import

        run_import(
            self.window, self.window.tasks, self.window.services.importing, files, self.imported
        )

    def export_contacts(self) -> None:
        """Every contact into a CSV file the rep picks (read and written off the UI
        thread); the status bar says where it went, or why not."""
        from PySide6.QtWidgets import QFileDialog

        from followup_desktop.services.contact_export import export_contacts
        from followup_desktop.services.disk_trouble import plain_error
        from followup_desktop.services.stats import csv_path
        from followup_desktop.ui.error_dialog import show_error

        chosen, _ = QFileDialog.getSaveFileName(
            self.window, "Export contacts", str(Path.home() / "contacts.csv"), "CSV (*.csv)"
        )
        if not chosen:
            return
        path = csv_path(Path(chosen))
        db, bar = self.window.services.db, self.window.statusBar()
        bar.showMessage("Exporting contacts…")

        def done(count: int) -> None:
            bar.showMessage(f"Exported {count:,} contact{'s' if count != 1 else ''} to {path}")

        def failed(error: Exception, details: str) -> None:
            if isinstance(error, OSError):
                bar.showMessage(f"⚠ Not exported: {plain_error(error, path.parent)}")
            else:
                bar.clearMessage()
                show_error(f"the contacts were not exported ({error})", details, self.window)

        self.window.tasks.run(lambda: export_contacts(db, path), done, failed, owner=self.window)

    def imported(self, report: ImportReport) -> None:
        self.window.show_change(EVERYTHING)
        from followup_desktop.services import import_words  # after an import: not at start

        self.window.statusBar().showMessage(import_words.headline(report), 10000)

    def load_sample_data(self) -> None:
        """Sample data never goes into the rep's own database: it opens the demo, a
        FollowUp of its own (``ui.demo_profile``); in the demo, it fills it."""
        if self.window.services.paths.demo:
            self.fill_with_sample_data()
            return
        if self.demo_opener(self.window.services.paths.data_dir) is None:
            self.window.statusBar().showMessage("The demo did not start: see the log.", 15000)
            return
        self.window.statusBar().showMessage(
            "Opening the demo with sample data in its own window; your data stays as it is.",
            15000,
        )

    def fill_with_sample_data(self) -> None:
        """The contacts first (a second), then months of history in the background."""
        from followup_desktop.ui.import_flow import load_sample_data

        def played() -> None:
            self.window.show_change(EVERYTHING)
            self.window.statusBar().showMessage(
                "Sample data ready: see Today, Pipeline and Stats.", 10000
            )

        def imported(report: ImportReport) -> None:
            self.imported(report)
            self.window.statusBar().showMessage("Adding four months of sample calls and deals…")

        load_sample_data(self.window.services, self.window.tasks, imported, played, self.window)

    # Settings and help ---------------------------------------------------------------------
    def open_settings(self) -> None:
        from followup_desktop.ui.settings_link import open_settings_at

        open_settings_at(
            self.window, self.window.settings_door, "", self.window.tasks, self.settings_stored
        )

    def open_calendar_account(self) -> None:
        """File › Calendar account…: connect the rep's CalDAV calendar, then sync."""
        from followup_desktop.ui.calendar_account import CalendarAccountDialog

        dialog = CalendarAccountDialog(
            self.window.services.calendar,
            self.window.services.settings.load(),
            self.window.tasks,
            self.window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.connected.connect(lambda _report: self.window.calendar_watch.sync())
        dialog.open()
        self.window.calendar_dialog = dialog

    def sync_now(self) -> None:
        """File › Sync now (F5): the calendar and the address book, at once; without an
        account, the account dialog."""
        if self.window.services.calendar.is_set_up():
            self.window.calendar_line.setText("Calendar: syncing…")
            self.window.calendar_watch.sync()
        else:
            self.open_calendar_account()

    def open_away(self) -> None:
        """Settings › Away: the days off, then what they move."""
        from followup_desktop.ui.settings_link import open_settings_at

        open_settings_at(
            self.window,
            self.window.settings_door,
            options.AWAY_FROM.key,
            self.window.tasks,
            self.settings_stored,
        )

    def settings_stored(self) -> None:
        self.window.settings_saved.emit()
        self.window.show_change(Change(Area.SETTINGS))  # Today's hours and lead time
        self.window.away.apply()  # a time away set or changed moves what falls inside it

    def open_scripts(self) -> None:
        from followup_desktop.ui.scripts_editor import ScriptsEditor

        calls = self.window.services.calls
        series = self.window.services.settings.load().get(options.VOICEMAIL_STEPS)

        def show(cards: tuple[ScriptCard, ...]) -> None:
            editor = ScriptsEditor(cards, calls, max(1, series), self.window.tasks, self.window)
            editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            editor.open()

        self.window.tasks.run(calls.cards, show, self.window.open_failed, owner=self.window)

    def show_shortcuts(self) -> None:
        """The sheet beside the window, left open while the rep tries the keys."""
        from followup_desktop.ui.shortcut_sheet import ShortcutSheet

        if self.shortcut_sheet is not None:
            self.shortcut_sheet.raise_()
            self.shortcut_sheet.activateWindow()
            return
        sheet = self.shortcut_sheet = ShortcutSheet(self.window)
        sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        sheet.destroyed.connect(self._sheet_closed)
        sheet.show()

    def _sheet_closed(self) -> None:
        self.shortcut_sheet = None


def _open_demo(data_dir: Path) -> int | None:
    """``demo_profile.open_demo``, its module loaded when the demo is asked for."""
    from followup_desktop.ui.demo_profile import open_demo

    return open_demo(data_dir)
