"""The rep's answer to the "Their time zone" picker (a modal QInputDialog), given as the
picker opens: call before what opens it."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog


def answer_zone_picker(zone: str, after_ms: int = 0) -> None:
    def choose() -> None:
        picker = QApplication.activeModalWidget()
        assert isinstance(picker, QInputDialog)
        picker.setTextValue(zone)
        picker.accept()

    QTimer.singleShot(after_ms, choose)
