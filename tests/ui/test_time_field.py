"""The "when" field on the night the clocks go back: a call at the second 01:30 shown in
it, and left as it is, stays at the second 01:30."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from followup_desktop.ui.time_field import TimeField

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 10, 31, 16, 0, tzinfo=UTC)  # Saturday; 01:00-02:00 twice on Sunday
FIRST = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT
SECOND = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # 01:30 EST, an hour later


def field(qtbot) -> TimeField:  # type: ignore[no-untyped-def]
    made = TimeField(NEW_YORK, lambda: NOW, lambda at: at.isoformat(), "When")
    qtbot.addWidget(made)
    return made


def test_the_second_0130_shown_and_left_as_it_is_stays_the_second(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Before, a call moved from the second 01:30 read back as the first: an hour early."""
    when = field(qtbot)
    when.set_instant(SECOND)
    assert when.text() == "Sun 1 Nov 01:30"
    assert when.value() == SECOND
    assert "the second one" in when.reading.text()
    when.set_instant(FIRST)  # the same text: the first one now
    assert when.value() == FIRST
    assert "the first one" in when.reading.text()


def test_a_time_typed_in_the_fold_is_the_first(qtbot) -> None:  # type: ignore[no-untyped-def]
    when = field(qtbot)
    when.set_instant(SECOND)
    when.setText("Sun 01:30")  # typed: as read_time reads it, the first
    assert when.value() == FIRST
    when.setText("Sun 1 Nov 01:30")  # the text shown for the call, back: the call's time
    assert when.value() == SECOND
