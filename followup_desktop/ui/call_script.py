"""The call screen's script: the situation it is for (a picker, to choose another), the
You / Me / Next Step cards (script_panel.py), and the lines marked said.

At the beep (Voicemail chosen) the cards are the voicemail's, with lines said of their
own: a line ticked in the call's cards does not show the same place in the message as
said, nor the other way. Only the call's are kept in the draft.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from followup_desktop.core.call_sheet import CallSheet
from followup_desktop.ui.call_header import label
from followup_desktop.ui.script_panel import ScriptCardView, ScriptPanel

# The script is what the rep reads aloud: forms below it never squeeze it to a line. It
# scrolls; eight or so lines of it leave the whole call screen room on a 1280×720 screen.
SCRIPT_AT_LEAST = 180


class CallScript(QWidget):
    situation_chosen = Signal(object)  # the situation the rep picked (its key)
    said_changed = Signal()  # a line marked said, or no longer
    setting_requested = Signal(str)  # a settings key, from a placeholder's link

    def __init__(
        self,
        situations: Iterable[tuple[str, str]],
        said: Iterable[str],
        parent: QWidget | None = None,
    ) -> None:
        """``situations``: (key, name) for the picker; ``said``: the call's lines said
        so far (a draft's)."""
        super().__init__(parent)
        self.said: set[str] = set(said)  # the call's: kept in the draft
        self._said_at_beep: set[str] = set()
        self._at_beep = False
        self.situation = QComboBox()
        self.situation.setAccessibleName("Script for this situation")
        for situation, name in situations:
            self.situation.addItem(name, situation)
        self.situation.activated.connect(
            lambda _index: self.situation_chosen.emit(self.situation.currentData())
        )
        row = QHBoxLayout()
        row.addWidget(QLabel("<b>Script</b>"))
        row.addWidget(self.situation)
        row.addStretch()
        keys = label("Keys: 1 2 3 cards · Space said · Ctrl+C copy", "hint")
        keys.setWordWrap(False)
        row.addWidget(keys)
        self.panel = ScriptPanel()
        self.panel.said_changed.connect(self._said_changed)
        self.panel.setting_requested.connect(self.setting_requested)
        self.panel.setMinimumHeight(SCRIPT_AT_LEAST)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)  # the screen's own: as when the row and cards were its rows
        layout.addLayout(row)
        layout.addWidget(self.panel, 1)

    @property
    def cards(self) -> list[ScriptCardView]:
        return self.panel.cards

    def show_sheet(self, sheet: CallSheet, at_beep: bool) -> None:
        """``sheet``'s situation and cards; ``at_beep``: they are the voicemail's."""
        self._at_beep = at_beep
        self.situation.setCurrentIndex(max(0, self.situation.findData(sheet.situation)))
        self.panel.show_cards(sheet.cards, self._shown_said())

    def focus_card(self, number: int) -> None:
        self.panel.focus_card(number)

    def set_one_column(self, one: bool) -> None:
        self.panel.set_one_column(one)

    def _shown_said(self) -> set[str]:
        return self._said_at_beep if self._at_beep else self.said

    def _said_changed(self, key: str, said: bool) -> None:
        shown = self._shown_said()
        (shown.add if said else shown.discard)(key)
        self.said_changed.emit()
