"""Asking which time zone someone is in: every IANA zone, found by typing any part of it
("oslo", "Kolkata")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QInputDialog, QWidget

from followup_desktop.core.contact_rules import time_zone_names


def zone_box(parent: QWidget | None = None) -> QComboBox:
    """An editable list of every zone, completed on any part of the name."""
    box = QComboBox(parent)
    box.setEditable(True)
    box.addItem("")
    box.addItems(list(time_zone_names()))
    completer = QCompleter(list(time_zone_names()), box)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    box.setCompleter(completer)
    box.setAccessibleName("Time zone")
    return box


def pick_zone(parent: QWidget, question: str, start: str) -> str:
    """The zone the rep chose ("" when they cancelled)."""
    names = list(time_zone_names())
    current = names.index(start) if start in names else 0
    chosen, ok = QInputDialog.getItem(
        parent, "Their time zone", question, names, current, editable=True
    )
    return chosen.strip() if ok and chosen.strip() in names else ""
