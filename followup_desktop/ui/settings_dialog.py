"""Settings, built from the options declared once in ``core.settings``: one tab a section."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.settings import ALL_OPTIONS, Option, Settings


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, data_folder: str, parent: QWidget | None = None) -> None:
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
        folder = QLabel(f"Your data is kept in <code>{data_folder}</code>")
        folder.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(folder)
        layout.addWidget(buttons)

    @staticmethod
    def _editor(option: Option[Any], value: Any) -> QWidget:
        if isinstance(option.default, int):
            spin = QSpinBox()
            spin.setRange(0, 100_000)
            spin.setValue(int(value))
            return spin
        line = QLineEdit(str(value))
        return line

    def result_settings(self) -> Settings:
        settings = self._settings
        for option, editor in self._editors.values():
            if isinstance(editor, QSpinBox):
                settings = settings.with_value(option, editor.value())
            elif isinstance(editor, QLineEdit):
                settings = settings.with_value(option, editor.text().strip())
        return settings
