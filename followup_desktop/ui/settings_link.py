"""Settings opened at one field, for screens that link straight to what is missing (a
script line's "{rep_name}" → "Your name")."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from followup_desktop.core.settings import OPTIONS_BY_KEY, Settings
from followup_desktop.ui.script_panel import SETTING_LINK
from followup_desktop.ui.settings_door import SettingsDoor
from followup_desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:  # the dialog and the store's settings load once Settings opens
    from followup_desktop.services.settings import SettingsService
    from followup_desktop.ui.settings_dialog import SettingsDialog
    from followup_desktop.ui.team_server_page import TeamServerPage


def show_with_setting_link(label: QLabel, text: str, setting: str = "") -> None:
    """``text`` on ``label``; with ``setting``, followed by a "set it" link whose
    target :func:`setting_of_link` reads back (the label's owner opens Settings there)."""
    label.setTextFormat(Qt.TextFormat.RichText)
    html = escape(text)
    if setting:
        label.ensurePolished()  # its style sheet's colour: white on a red banner
        colour = label.palette().color(label.foregroundRole()).name()
        html += (
            f' <a href="{SETTING_LINK}{escape(setting)}" '
            f'style="color:{colour}; font-weight:600">Set it now</a>'
        )
    label.setText(html)


def setting_of_link(link: str) -> str:
    return link.removeprefix(SETTING_LINK) if link.startswith(SETTING_LINK) else ""


def open_settings_at(
    parent: QWidget,
    door: SettingsDoor,
    focus_key: str,
    tasks: TaskRunner,
    saved: Callable[[], None],
) -> None:
    """Settings with the field of ``focus_key`` shown and focused; once the rep saves,
    the settings are stored off the UI thread and ``saved()`` runs."""
    from followup_desktop.ui.settings_dialog import SettingsDialog

    paths = door.paths
    dialog = SettingsDialog(
        door.settings.load(),
        str(paths.data_dir),
        str(paths.backups),
        parent,
        secrets=door.secrets(),
    )
    option = OPTIONS_BY_KEY.get(focus_key)
    editors = [
        w for w in dialog.findChildren(QWidget) if option and w.accessibleName() == option.label
    ]
    if editors:
        field = editors[0]
        tabs = dialog.findChild(QTabWidget)
        if tabs is not None:
            for index in range(tabs.count()):
                page = tabs.widget(index)
                if page is not None and page.isAncestorOf(field):
                    tabs.setCurrentIndex(index)
        field.setFocus()
    team = _add_team_page(dialog, door, tasks)
    if not dialog.exec():
        return
    store_settings(parent, door.settings, dialog.result_settings(), tasks, saved)
    _keep_team_server(parent, door, team, tasks)


def _add_team_page(dialog: SettingsDialog, door: SettingsDoor, tasks: TaskRunner) -> TeamServerPage:
    from followup_desktop.services.team import try_server
    from followup_desktop.services.team_choice import chosen
    from followup_desktop.ui.team_server_page import TITLE as TEAM_TITLE
    from followup_desktop.ui.team_server_page import TeamServerPage

    page = TeamServerPage(chosen(door.paths), str(door.paths.data_dir), try_server, tasks)
    dialog.add_page(page, TEAM_TITLE, page.server)
    return page


def _keep_team_server(
    parent: QWidget, door: SettingsDoor, page: TeamServerPage, tasks: TaskRunner
) -> None:
    """A changed choice (or a new password) kept off the UI thread, and said: it takes
    effect at the next start."""
    server, password = page.server(), page.password.text()
    if server == page.initial and not password:
        return
    from followup_desktop.services.team import keep_server

    def failed(error: Exception, details: str) -> None:
        from followup_desktop.ui.error_dialog import show_error

        show_error(f"The team server was not kept: {error}", details, parent)

    tasks.run(
        lambda: keep_server(door.paths, server, password, door.secrets()),
        lambda said: _tell(parent, said),
        failed,
        owner=parent,
    )


def _tell(parent: QWidget, said: str) -> None:
    """In the window's status bar; over a screen that has none, in a message beside it."""
    window = parent.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(said, 30_000)
        return
    from followup_desktop.ui.team_server_page import TITLE as TEAM_TITLE

    box = QMessageBox(QMessageBox.Icon.Information, TEAM_TITLE, said, parent=parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def store_settings(
    parent: QWidget,
    stored: SettingsService,
    settings: Settings,
    tasks: TaskRunner,
    saved: Callable[[], None],
) -> None:
    """The settings written on a worker; ``saved()`` once they are, a plain message if not."""

    def failed(error: Exception, details: str) -> None:
        from followup_desktop.services.disk_trouble import plain_error
        from followup_desktop.ui.error_dialog import show_error

        show_error(f"Your settings were not saved: {plain_error(error)}", details, parent)

    tasks.write(lambda: stored.save(settings), lambda _: saved(), failed, owner=parent)
