"""A "when" field that takes times as people type them ("13:15", "1:15pm", "tomorrow 9",
"Mon 14:00"), in one zone, and says right beside it what it read; the reading itself is
``core.typed_times``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QMouseEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from followup_desktop.core.typed_times import TypedTime, as_typed, read_time

HINT = "e.g. 13:15, 1:15pm, tomorrow 9, Mon 14:00"


class TimeField(QLineEdit):
    """The text is a wall-clock time in ``zone``; ``reading`` shows what it means (through
    ``describe``) or, in one sentence, why it means nothing yet."""

    read = Signal()  # the text changed and was read again

    def __init__(
        self,
        zone: ZoneInfo,
        now: Callable[[], datetime],
        describe: Callable[[datetime], str],
        accessible_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._zone, self._now, self._describe = zone, now, describe
        self._arrived_by_click = False
        self._typed: TypedTime | None = None
        # The instant last set, with its text: a time the clocks show twice (the night
        # they go back) reads back as the first, so an untouched text keeps the one set.
        self._given: tuple[str, datetime] | None = None
        self.setPlaceholderText(HINT)
        self.setAccessibleName(accessible_name)
        self.setToolTip(f"Type a time as you would say it, {HINT}")
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("Wed 25 Nov 2027 14:00") + 16)
        self.reading = QLabel()
        self.reading.setObjectName("hint")
        self.reading.setWordWrap(True)
        self.reading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.textChanged.connect(self._read)

    def set_instant(self, instant: datetime) -> None:
        text = as_typed(instant, self._zone, self._now())
        self._given = (text, instant)
        self.setText(text)
        self._read()  # the same text again still means the instant given now

    def reads_as(self) -> datetime | None:
        """The instant the text means (passed or not); None while it means nothing."""
        return self._typed.instant if self._typed is not None else None

    def value(self) -> datetime:
        """The instant typed, as shown when it was typed ("13:15" typed at 13:10 stays
        today's, even if saved at 13:16); ValueError says what to type instead."""
        typed = self._typed
        if typed is None:
            typed = read_time(self.text(), self._now(), self._zone)
        if typed.instant <= self._now():
            raise ValueError(
                f"{as_typed(typed.instant, self._zone, self._now())} has passed already: "
                "type a later time."
            )
        return typed.instant

    def _read(self) -> None:
        self._typed = None
        try:
            typed = read_time(self.text(), self._now(), self._zone)
        except ValueError as error:
            self.reading.setText(f"⚠ {error}")
        else:
            given = self._given
            if given is not None and given[0] == self.text() and given[1] != typed.instant:
                typed = replace(typed, instant=given[1])
            self._typed = typed
            note = typed.note(self._zone)
            self.reading.setText(
                f"= {self._describe(typed.instant)}" + (f" · ⚠ {note}" if note else "")
            )
        self.reading.setAccessibleName(self.reading.text())
        self.read.emit()

    # Arriving in the field selects what is there, so typing "13:15" replaces it. A click
    # gives focus before its press reaches the field, and the press would deselect again.
    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._arrived_by_click = event.reason() is Qt.FocusReason.MouseFocusReason
        self.selectAll()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        if self._arrived_by_click:
            self._arrived_by_click = False
            self.selectAll()
