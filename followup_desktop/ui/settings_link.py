"""Settings opened at one field, for screens that link straight to what is missing (a
script line's "{rep_name}" → "Your name")."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from followup_desktop.core.settings import OPTIONS_BY_KEY
from followup_desktop.services.session import Services
from followup_desktop.ui.settings_dialog import SettingsDialog


def open_settings_at(parent: QWidget, services: Services, focus_key: str) -> bool:
    """Settings with the field of ``focus_key`` shown and focused; True once saved."""
    paths = services.paths
    dialog = SettingsDialog(
        services.settings.load(),
        str(paths.data_dir),
        str(paths.backups),
        parent,
        secrets=services.exports.secrets,
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
    if not dialog.exec():
        return False
    services.settings.save(dialog.result_settings())
    return True
