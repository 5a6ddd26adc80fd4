"""A file imported over a contact who likes a personal word: what the file's Notes column
and its leftovers bring is the rep's own notes, shown under them in the contact dialog,
never on the call screen's personal line or read from a script card."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Email, Phone, Style
from followup_desktop.services.session import Services
from followup_desktop.ui.contact_dialog import ContactDialog
from followup_desktop.ui.main_window import MainWindow
from tests.ui.test_call_screen import lines, open_call
from tests.ui.test_contact_merge import when_open

PERSONAL = "Two kids; sails at weekends"
IMPORTED = (
    "Met him at the Web Summit booth",
    "Website: https://brightline.example",
    "E-mail as imported: marcus@brightline",
)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 23, 15, 0, tzinfo=UTC))


def _imported_over_marcus(services: Services, tmp_path: Path) -> int:
    marcus = services.contacts.add(
        Contact(
            name="Marcus Webb",
            company="Brightline",
            emails=[Email("marcus@brightline.example")],
            phones=[Phone("+13125550142")],
            time_zone="America/Chicago",
            style=Style.PERSONAL,
            personal_notes=PERSONAL,
        )
    )
    sheet = tmp_path / "trade-show.csv"
    sheet.write_text(
        "Name,E-mail 1 - Value,E-mail 2 - Value,Website,Notes\n"
        "Marcus Webb,marcus@brightline.example,marcus@brightline,https://brightline.example,"
        "Met him at the Web Summit booth\n",
        encoding="utf-8",
    )
    report = services.importing.import_files([sheet])
    assert (report.imported, report.updated) == (0, 1)
    # What was odd is still said in the report, as before.
    assert any("'marcus@brightline'" in line for line in report.warnings.lines())
    return marcus


def test_imported_notes_stay_out_of_the_call_and_show_under_the_reps_own_notes(
    qtbot, window: MainWindow, services: Services, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    marcus = _imported_over_marcus(services, tmp_path)

    call = open_call(qtbot, window, marcus)
    assert call.header.personal.isVisible()
    assert call.header.personal.text() == f"♥ Personal: {PERSONAL}"
    # The booth was the file's note, not something he said: no "after the event" script.
    assert call.script.situation.currentData() != "after-event"
    index = call.script.situation.findData("after-event")
    call.script.situation.setCurrentIndex(index)
    call.script.situation.activated.emit(index)
    qtbot.waitUntil(lambda: "We met at the event" in lines(call, 1)[0])  # read on a worker
    said = "\n".join(
        line for card in range(1, len(call.script.cards) + 1) for line in lines(call, card)
    )
    assert f"You mentioned {PERSONAL}" in said
    for line in IMPORTED:
        assert line not in said
    call.close()
    qtbot.waitUntil(lambda: window.call_window(marcus) is None)

    shown: list[tuple[str, str]] = []
    fits: list[bool] = []

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, ContactDialog)
        shown.append((dialog.personal_notes.toPlainText(), dialog.notes.toPlainText()))
        fits.append(dialog.height() <= 720 * 0.9 and dialog.width() <= 1280 * 0.9)
        dialog.notes.appendPlainText("Asked for the fleet price list")
        dialog.accept()

    keep = when_open(ContactDialog, look)
    window.editing.edit(marcus)
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    keep.stop()
    assert shown == [(PERSONAL, "\n".join(IMPORTED))]
    assert fits == [True]  # both notes fields on a 1280×720 screen
    # What she adds under her own notes is kept there; the personal word stays as it was.
    qtbot.waitUntil(lambda: "Saved Marcus Webb" in window.statusBar().currentMessage())
    stored = services.contacts.get(marcus)
    assert stored.notes.splitlines() == [*IMPORTED, "Asked for the fleet price list"]
    assert stored.personal_notes == PERSONAL
