"""Settings, built from the options declared once in ``core.settings``: one tab a section."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core import settings as options
from followup_desktop.core.setting_values import parse_setting
from followup_desktop.core.settings import ALL_OPTIONS, Option, Settings

if TYPE_CHECKING:
    from followup_desktop.services.secrets import Secrets  # keyring loads when first used


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        data_folder: str,
        backup_folder: str = "",
        parent: QWidget | None = None,
        secrets: Secrets | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(560)
        self._settings = settings
        self._editors: dict[str, tuple[Option[Any], QWidget]] = {}
        tabs = QTabWidget()
        forms: dict[str, QFormLayout] = {}
        for option in ALL_OPTIONS:
            if option.section not in forms:
                page = QWidget()
                forms[option.section] = QFormLayout(page)
                tabs.addTab(page, option.section)
            editor = self._editor(option, settings.get(option))
            editor.setAccessibleName(option.label)
            forms[option.section].addRow(option.label, editor)
            self._editors[option.key] = (option, editor)
        self.forget_password: QPushButton | None = None
        if secrets is not None:
            self._add_password_row(forms[options.IMAP_HOST.section], settings, secrets)
        where = f"Your data is kept in <code>{escape(data_folder)}</code>"
        if backup_folder:
            where += f"<br>Backups: <code>{escape(backup_folder)}</code>"
        folder = QLabel(where)
        folder.setWordWrap(True)
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(
            "color: white; background: #b3261e; padding: 6px; border-radius: 4px;"
        )
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(folder)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def _add_password_row(self, form: QFormLayout, settings: Settings, secrets: Secrets) -> None:
        """The password itself is never shown or edited here: it is asked when a draft
        first goes to the server, and kept in the system keyring. Forgetting it makes
        FollowUp ask again (after a change on the server, say)."""
        host = settings.get(options.IMAP_HOST).strip()
        user = settings.get(options.IMAP_USER).strip()
        button = QPushButton("Forget the IMAP password")
        button.setToolTip("Asked again the next time a draft goes to your Drafts folder")
        button.setEnabled(bool(host and user))
        hint = QLabel("Asked when first needed; kept in the system keyring, never in a file.")
        hint.setObjectName("hint")
        hint.setWordWrap(True)

        def forget() -> None:
            secrets.forget_imap_password(host, user)
            hint.setText(f"Forgotten: FollowUp asks for the password of {user} next time.")
            button.setEnabled(False)

        button.clicked.connect(forget)
        form.addRow("IMAP password", button)
        form.addRow("", hint)
        self.forget_password = button

    @staticmethod
    def _editor(option: Option[Any], value: Any) -> QWidget:
        # bool before int: a bool is an int to Python.
        if isinstance(option.default, bool):
            check = QCheckBox()
            check.setChecked(bool(value))
            return check
        if option is options.IMAP_SECURITY:
            combo = QComboBox()
            combo.addItems(["tls", "starttls"])
            combo.setCurrentText(str(value))
            return combo
        if isinstance(option.default, int):
            spin = QSpinBox()
            spin.setRange(0, 100_000)
            spin.setValue(int(value))
            return spin
        line = QLineEdit(str(value))
        return line

    def accept(self) -> None:
        try:
            self.result_settings()
        except ValueError as error:
            self.problem.setText(f"⚠ {error}")
            self.problem.show()
            return
        super().accept()

    def result_settings(self) -> Settings:
        """The edited settings; ValueError names the first field that cannot be kept."""
        settings = self._settings
        for option, editor in self._editors.values():
            if isinstance(editor, QCheckBox):
                settings = settings.with_value(option, editor.isChecked())
            elif isinstance(editor, QComboBox):
                settings = settings.with_value(option, editor.currentText())
            elif isinstance(editor, QSpinBox):
                settings = settings.with_value(option, editor.value())
            elif isinstance(editor, QLineEdit):
                settings = settings.with_value(option, parse_setting(option, editor.text()))
        return settings
