"""On a team server, what it refused of the writes kept while it was away is said over the
views until the rep has done with it ("2 calls kept on this laptop were not taken by the
team server — Show"), and Edit › Not taken by the team server lists it at any time. The
words are the service's (``services.set_aside``); this only shows them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from followup_desktop.ui.set_aside_dialog import TITLE, SetAsideDialog

if TYPE_CHECKING:
    from followup_desktop.services.session import Services
    from followup_desktop.ui.main_window import MainWindow


class SetAsideNotice(QObject):
    def __init__(self, window: MainWindow, services: Services, parent: QObject) -> None:
        super().__init__(parent)
        self._window, self._services = window, services
        self.banner = QFrame()
        self.banner.setAccessibleName("Not taken by the team server")
        self.label = QLabel()
        self.label.setObjectName("warningBanner")
        self.label.setWordWrap(True)
        self.show_button = QPushButton("&Show")
        self.show_button.setAccessibleName("Show what the team server did not take")
        self.show_button.clicked.connect(self.show_list)
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.show_button)
        self.banner.hide()
        window.add_banner(self.banner)
        self.action = QAction(f"{TITLE}…", window)
        self.action.setStatusTip("Calls, notes and saves kept here that the team server refused")
        self.action.triggered.connect(self.show_list)
        window.edit_menu.addAction(self.action)
        self.dialog: SetAsideDialog | None = None

    def refresh(self) -> None:
        """Counted again (after the kept writes were sent, or one was removed)."""
        self._window.tasks.run(
            self._services.set_aside.notice, self.show_notice, lambda *_: None, owner=self
        )

    def show_notice(self, text: str) -> None:
        self.label.setText(f"⚠ {text}." if text else "")
        self.banner.setVisible(bool(text))

    def show_list(self) -> None:
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        writes = self._services.set_aside
        self.dialog = SetAsideDialog(
            writes.entries, writes.remove, writes.rep_zone(), self._window.tasks, self._window
        )
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.removed.connect(self.refresh)
        self.dialog.destroyed.connect(self._closed)
        self.dialog.show()

    def _closed(self) -> None:
        self.dialog = None
