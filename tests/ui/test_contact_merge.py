"""A rep edits a contact while someone else saves it (a colleague on the team server, a
sync, another window): Save shows who changed it and what, lets the rep choose where
both changed the same field, and stores the merge. Nothing is overwritten unseen."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Phone
from followup_desktop.services.session import Services
from followup_desktop.ui.contact_dialog import ContactDialog
from followup_desktop.ui.contact_merge_dialog import ContactMergeDialog
from followup_desktop.ui.main_window import MainWindow


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))


def when_open(kind: type[QWidget], act: Callable[[QWidget], None]) -> QTimer:
    """Run ``act`` on the modal dialog of ``kind`` once it is open (dialogs run their own
    event loop, so the test acts from a timer inside it)."""
    timer = QTimer()
    timer.setInterval(20)

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            timer.stop()
            try:
                act(dialog)
            finally:  # a failed check must not leave the test waiting on a dialog
                if dialog.isVisible():
                    dialog.close()

    timer.timeout.connect(look)
    timer.start()
    return timer


def elsewhere(work: Callable[[], None]) -> None:
    """``work`` as another process or rep would do it: off this window's UI thread."""
    failed: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as error:  # re-raised on the test's thread
            failed.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failed:
        raise failed[0]


def texts(widget: QWidget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


def edit_while_they_save(qtbot, window: MainWindow, services: Services) -> tuple[int, list]:  # type: ignore[no-untyped-def]
    """Dana opened in the dialog; meanwhile someone saves a new company and notes; the
    rep types a title and other notes and presses Save."""
    contact_id = services.contacts.add(
        Contact(name="Dana Lee", company="Acme", phones=[Phone("+13125550142")])
    )
    seen: list = []

    def save_theirs() -> None:
        theirs = services.contacts.get(contact_id)
        theirs.company, theirs.personal_notes = "Acme Inc", "Moved to Denver"
        services.contacts.save(theirs)

    def edit(dialog: QWidget) -> None:
        assert isinstance(dialog, ContactDialog)
        elsewhere(save_theirs)
        dialog.title_edit.setText("Head of buying")
        dialog.personal_notes.setPlainText("Loves sailing")
        seen.append("edited")
        dialog.accept()

    keep = when_open(ContactDialog, edit)
    window.editing.edit(contact_id)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    keep.stop()
    return contact_id, seen


def test_the_rep_sees_their_change_chooses_and_saves_the_merge(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []

    def settle(dialog: QWidget) -> None:
        assert isinstance(dialog, ContactMergeDialog)
        shown.append(texts(dialog))
        dialog.take_theirs("personal_notes")
        dialog.save_button.click()

    keep = when_open(ContactMergeDialog, settle)
    contact_id, _ = edit_while_they_save(qtbot, window, services)
    qtbot.waitUntil(
        lambda: services.contacts.get(contact_id).title == "Head of buying", timeout=10_000
    )
    keep.stop()
    (seen,) = shown
    assert "changed Dana Lee" in seen and "opened it: company and personal notes." in seen
    assert "Acme Inc" in seen and "Loves sailing" in seen and "Moved to Denver" in seen
    stored = services.contacts.get(contact_id)
    # Their company, my title, their notes (chosen): nothing lost unseen.
    assert (stored.company, stored.title, stored.personal_notes) == (
        "Acme Inc",
        "Head of buying",
        "Moved to Denver",
    )
    qtbot.waitUntil(lambda: "Saved Dana Lee" in window.statusBar().currentMessage())


def test_discarding_keeps_what_they_saved(qtbot, window: MainWindow, services: Services) -> None:  # type: ignore[no-untyped-def]
    keep = when_open(ContactMergeDialog, lambda dialog: dialog.discard_button.click())  # type: ignore[attr-defined]
    contact_id, _ = edit_while_they_save(qtbot, window, services)
    qtbot.waitUntil(lambda: "discarded" in window.statusBar().currentMessage(), timeout=10_000)
    keep.stop()
    stored = services.contacts.get(contact_id)
    assert (stored.company, stored.title, stored.personal_notes) == (
        "Acme Inc",
        "",
        "Moved to Denver",
    )
