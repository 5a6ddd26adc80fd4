"""The main window's actions, menus and toolbar: what is where (every key is listed in
``shortcut_sheet``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar, QWidget

from followup_desktop.ui.backup_now import backup_action, restore_action

if TYPE_CHECKING:
    from followup_desktop.ui.main_window import MainWindow


def _action(
    window: MainWindow,
    text: str,
    slot: object,
    *keys: QKeySequence | QKeySequence.StandardKey | str,
) -> QAction:
    action = QAction(text, window)
    if keys:
        action.setShortcuts([QKeySequence(key) for key in keys])
    action.triggered.connect(slot)
    window.addAction(action)
    return action


def build_actions(window: MainWindow) -> None:
    """Every action of the window, each with its keys, then the menus and toolbar."""
    window.calls_action = _action(window, "Start &calls", window.start_calls, "Ctrl+Shift+C")
    window.calls_action.setStatusTip("Today's calls one after another, the next once one is saved")
    window.new_action = _action(
        window, "&New contact…", lambda: window.editing.new(), QKeySequence.StandardKey.New
    )
    window.edit_action = _action(
        window,
        "&Edit contact…",
        lambda: window.editing.edit(window.page.current_contact_id()),
        "F2",
    )
    window.history_action = _action(window, "&History…", window.show_history, "Ctrl+H")
    window.history_action.setStatusTip("Every touch, step and promise of the contact")
    window.delete_action = _action(
        window, "&Delete contact", window.editing.delete, QKeySequence.StandardKey.Delete
    )
    window.undo_action = _action(
        window, "&Undo delete", window.editing.undo, QKeySequence.StandardKey.Undo
    )
    window.undo_action.setEnabled(False)
    window.deleted_action = _action(window, "Deleted &contacts…", window.editing.show_deleted)
    window.deleted_action.setStatusTip("Bring back a contact deleted, however long ago")
    window.import_action = _action(
        window, "&Import contacts…", window.commands.import_contacts, QKeySequence.StandardKey.Open
    )
    window.export_action = _action(
        window, "&Export contacts to CSV…", window.commands.export_contacts
    )
    window.export_action.setStatusTip(
        "Every contact with its e-mails, numbers, notes and deals, for a spreadsheet or "
        "another program"
    )
    window.sample_action = _action(
        window, "Try &sample data (opens a separate demo)…", window.commands.load_sample_data
    )
    window.sample_action.setStatusTip(
        "A FollowUp of its own with sample contacts; nothing goes into your data"
    )
    window.settings_action = _action(window, "&Settings…", window.commands.open_settings, "Ctrl+,")
    window.calendar_action = _action(
        window, "&Calendar account…", window.commands.open_calendar_account
    )
    window.calendar_action.setStatusTip(
        "Agreed calls and promises onto your own calendar, contacts with your phone"
    )
    window.sync_action = _action(window, "S&ync now", window.commands.sync_now, "F5")
    window.sync_action.setStatusTip("Your calendar and address book, both ways, now")
    window.scripts_action = _action(
        window, "Sc&ripts…", window.commands.open_scripts, "Ctrl+Shift+S"
    )
    window.quit_action = _action(window, "&Quit", window.close, QKeySequence.StandardKey.Quit)
    window.search_action = _action(
        window, "&Search", window.focus_search, "Ctrl+K", QKeySequence.StandardKey.Find
    )
    window.shortcuts_action = _action(
        window,
        "&Keyboard shortcuts",
        window.commands.show_shortcuts,
        QKeySequence.StandardKey.HelpContents,
    )
    _action(window, "Clear search", window.clear_search, "Esc")
    window.today_action = _action(window, "&Today", lambda: window.show_view(0), "Ctrl+1")
    window.contacts_action = _action(window, "&Contacts", lambda: window.show_view(1), "Ctrl+2")
    window.pipeline_action = _action(window, "&Pipeline", lambda: window.show_view(2), "Ctrl+3")
    window.stats_action = _action(window, "S&tats", lambda: window.show_view(3), "Ctrl+4")

    add_menus_and_toolbar(window)


def add_menus_and_toolbar(window: MainWindow) -> None:
    menus = window.menuBar()
    file_menu = menus.addMenu("&File")
    for action in (
        window.import_action,
        window.export_action,
        window.sample_action,
        window.scripts_action,
        window.calendar_action,
        window.sync_action,
        window.settings_action,
    ):
        file_menu.addAction(action)
    file_menu.addSeparator()
    window.backup_action = backup_action(window)
    file_menu.addAction(window.backup_action)
    window.restore_action = restore_action(window)
    file_menu.addAction(window.restore_action)
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)
    edit_menu = window.edit_menu = menus.addMenu("&Edit")
    for action in (
        window.calls_action,
        window.new_action,
        window.edit_action,
        window.history_action,
        window.delete_action,
        window.undo_action,
        window.deleted_action,
        window.search_action,
    ):
        edit_menu.addAction(action)
    view_menu = menus.addMenu("&View")
    view_menu.addAction(window.today_action)
    view_menu.addAction(window.contacts_action)
    view_menu.addAction(window.pipeline_action)
    view_menu.addAction(window.stats_action)
    menus.addMenu("&Help").addAction(window.shortcuts_action)

    toolbar = QToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.addAction(window.calls_action)
    toolbar.addAction(window.new_action)
    toolbar.addAction(window.import_action)
    spacer = QWidget()
    spacer.setSizePolicy(
        spacer.sizePolicy().horizontalPolicy().Expanding, spacer.sizePolicy().verticalPolicy()
    )
    toolbar.addWidget(spacer)
    window.search_slot = toolbar.addWidget(window.search)
    window.toolbar = toolbar
    window.addToolBar(toolbar)
