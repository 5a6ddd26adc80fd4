"""The call screen's keyboard map (UX.md), in a real X window: each key does what the
Help › Shortcuts sheet says wherever the screen stands, and after each one the focus is
where the rep's next key, with a headset on and no hand on the mouse, is meant to go."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Outcome
from followup_desktop.services.session import Services
from followup_desktop.store.schema import TouchRow
from followup_desktop.ui.call_screen import CallWindow
from followup_desktop.ui.main_window import MainWindow
from tests.ui.test_call_screen import NOW, add_jane, lines, open_call


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW - timedelta(days=3))


def closed(qtbot, window: MainWindow, call: CallWindow) -> None:  # type: ignore[no-untyped-def]
    """Esc until the screen is gone (back from a page, then closed; the notes are kept)."""
    contact_id = call.contact_id
    while window.call_window(contact_id) is not None and not call.pages.at_outcomes:
        qtbot.keyClick(call, Qt.Key.Key_Escape)
    qtbot.keyClick(call, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.call_window(contact_id) is None)


def test_the_call_screen_opens_on_the_first_line_to_say(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    call = open_call(qtbot, window, add_jane(services, clock))
    assert call.script.cards[0].lines.hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert lines(call, 1)[0] == "✓ Hi Jane, Sam Rivers here, as agreed for 11:00."
    closed(qtbot, window, call)


def test_after_a_click_on_start_call_or_copy_space_still_marks_the_line(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    """A click on "Start timer" (which then greys out) left the keys on the Script list,
    and Space opened it instead of ticking the line being said; a click on "Copy" kept
    them on the button. The keys stay on the line the rep is reading."""
    call = open_call(qtbot, window, add_jane(services, clock))
    qtbot.keyClick(call, Qt.Key.Key_2)
    qtbot.mouseClick(call.header.start_button, Qt.MouseButton.LeftButton)
    assert not call.header.start_button.isEnabled()  # the timer runs
    assert call.script.cards[1].lines.hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert lines(call, 2)[0].startswith("✓ ")
    (copy,) = [b for b in call.header.findChildren(QPushButton) if b.text() == "Copy"]
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == "+13125550142"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert lines(call, 2)[0].startswith("▸ ")  # the same line, said after all not
    closed(qtbot, window, call)


def test_a_change_of_mind_after_voicemail_shows_the_calls_script_again(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    call = open_call(qtbot, window, add_jane(services, clock))
    qtbot.keyClick(call, Qt.Key.Key_V)
    qtbot.waitUntil(call.plan.accept_button.isEnabled)  # the plan, read on a worker
    assert call.script.situation.currentData() == "voicemail-1"

    # N, straight from the voicemail's plan: no answer after all.
    qtbot.keyClick(call, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: "No answer" in call.plan.title.text())
    qtbot.waitUntil(call.plan.accept_button.isEnabled)
    assert call.pages.outcome is Outcome.NO_ANSWER
    assert call.script.situation.currentData() == "agreed-call"
    assert lines(call, 1)[0] == "▸ Hi Jane, Sam Rivers here, as agreed for 11:00."
    assert call.plan.accept_button.hasFocus()

    # Alt+V while typing a note: the beep's script again, the note as typed.
    call.notes.setFocus()
    qtbot.keyClicks(call.notes, "left a message")
    qtbot.keyClick(call.notes, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: "Voicemail" in call.plan.title.text())
    assert call.pages.outcome is Outcome.VOICEMAIL
    assert call.script.situation.currentData() == "voicemail-1"
    assert call.notes.toPlainText() == "left a message"
    closed(qtbot, window, call)


def test_at_the_beep_the_card_keys_read_the_message(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    call = open_call(qtbot, window, add_jane(services, clock))
    qtbot.keyClick(call, Qt.Key.Key_V)
    qtbot.waitUntil(call.plan.accept_button.isEnabled)
    qtbot.keyClick(call, Qt.Key.Key_1)
    assert call.script.cards[0].lines.hasFocus()
    qtbot.keyClick(call.script.cards[0].lines, Qt.Key.Key_Space)
    assert lines(call, 1)[0].startswith("✓ Hi Jane")
    closed(qtbot, window, call)


def test_ctrl_enter_saves_from_the_notes(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    contact_id = add_jane(services, clock)
    call = open_call(qtbot, window, contact_id)
    qtbot.keyClick(call, Qt.Key.Key_L)
    qtbot.waitUntil(call.plan.accept_button.isEnabled)
    # A last word typed after choosing how it went, then saved from where it was typed.
    call.notes.setFocus()
    qtbot.keyClicks(call.notes, "call after the board meeting")
    qtbot.keyClick(call.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.call_window(contact_id) is None)
    with services.db.reading() as session:
        (touch,) = session.query(TouchRow).filter(TouchRow.outcome == "not-now")
    assert touch.notes == "call after the board meeting"
    # Saved and closed: the next key (Enter on Today's next row) reaches the main window.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_the_keys_come_back_to_the_call_screen_once_its_draft_is_closed(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    call = open_call(qtbot, window, add_jane(services, clock))
    qtbot.keyClick(call, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(window.work.drafts) == 1)
    draft = window.work.drafts[0]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is draft)
    qtbot.keyClick(draft, Qt.Key.Key_Escape)
    # Ctrl+I, Space or an outcome key goes to the call again, without a click.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is call)
    assert window.work.drafts == ()
    closed(qtbot, window, call)
