"""After a wrong number, Today keeps the contact with a step to find the right number:
opening it (Enter, or a reminder's click) brings the contact's form with the phones ready,
never a call screen that would dial the wrong number, and saving the right number
finishes it and plans the call on it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from followup_desktop.core import steps
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Outcome, Phone
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import Services, open_services
from followup_desktop.ui.contact_dialog import ContactDialog
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.today_actions import RescheduleDialog
from tests.ui.test_contact_merge import when_open

# Tuesday 24 Nov 2026, 09:50 in Paris (the rep), 02:50 in Chicago.
NOW = datetime(2026, 11, 24, 8, 50, tzinfo=UTC)
WRONG = "+13125550142"


@pytest.fixture
def services(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    monkeypatch.setenv("TZ", "Europe/Paris")
    opened = open_services(AppPaths(tmp_path / "data"), FixedClock(NOW - timedelta(days=1)))
    yield opened
    opened.close()


def wrong_number_yesterday(services: Services) -> int:
    jane = services.contacts.add(
        Contact(
            name="Jane Smith", company="Acme", phones=[Phone(WRONG)], time_zone="America/Chicago"
        )
    )
    services.followups.log(jane, Outcome.WRONG_NUMBER, services.clock.now())
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.set(NOW)
    return jane


def rows(window: MainWindow) -> list[list[str]]:
    tree = window.today.tree
    return [
        [tree.topLevelItem(r).text(c) for c in range(4)] for r in range(tree.topLevelItemCount())
    ]


def test_enter_on_the_step_opens_the_form_and_a_new_number_finishes_it(  # type: ignore[no-untyped-def]
    qtbot, services: Services, window: MainWindow
) -> None:
    jane = wrong_number_yesterday(services)
    qtbot.waitUntil(lambda: window.views.tabText(0) == "Today (1)")
    assert rows(window) == [
        ["Overdue (1)", "", "", ""],
        # Her own work: no "Their time" (it read 02:30, Chicago's night).
        ["09:30", "Jane Smith · Acme", "✎  Find the right number", ""],
    ]
    tree = window.today.tree
    tree.setCurrentItem(tree.topLevelItem(1))
    bar = [button.text() for button in window.today.actions_bar.buttons]
    assert bar[:3] == ["Change the number (Enter)", "Move… (M)", "Skip… (K)"]
    assert "Delivered (D)" not in bar  # not a promise

    # Move… reads the time typed on her clock alone, as the row does.
    readings: list[str] = []

    def read(dialog: QWidget) -> None:
        assert isinstance(dialog, RescheduleDialog)
        dialog.when.setText("tomorrow 10:00")
        readings.append(dialog.when.reading.text())
        dialog.reject()

    reading = when_open(RescheduleDialog, read)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: bool(readings), timeout=10_000)
    reading.stop()
    assert readings == ["= Wed 25 Nov 10:00 your time"]  # it added "(03:00 theirs)"

    seen: list[tuple[bool, str, bool]] = []

    def correct(dialog: QWidget) -> None:
        assert isinstance(dialog, ContactDialog)
        cursor = dialog.phones.textCursor()
        seen.append(
            (
                dialog.focusWidget() is dialog.phones,
                cursor.selectedText(),
                dialog.problem.isVisible(),
            )
        )
        qtbot.keyClicks(dialog.phones, "+1 312 555 0199")  # typed over the wrong one
        dialog.accept()

    correcting = when_open(ContactDialog, correct)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    correcting.stop()
    assert seen == [(True, "+1 312-555-0142", True)]
    assert window.call_window(jane) is None  # no call screen to dial the wrong number

    # The step is done and the call on the new number planned: Today shows it at once.
    their_morning = "16:00"  # Tuesday 09:00 in Chicago
    qtbot.waitUntil(
        lambda: (
            rows(window)
            == [
                ["Today (1)", "", "", ""],
                [their_morning, "Jane Smith · Acme", "☎  Call on the new number", "09:00"],
            ]
        ),
        timeout=10_000,
    )
    assert services.contacts.get(jane).phones == [Phone("+13125550199")]
    said = window.statusBar().currentMessage()
    assert said == (
        "Saved Jane Smith. New number saved: +1 312-555-0199. "
        "Call planned for Tue 24 Nov 09:00 their time."
    )
    history = [(e.what, e.state) for e in services.followups.history(jane)]
    assert ("Find the right number", "done") in history


def test_a_reminder_of_the_step_opens_the_form_not_a_call(  # type: ignore[no-untyped-def]
    qtbot, services: Services, window: MainWindow
) -> None:
    jane = wrong_number_yesterday(services)
    (search,) = services.followups.open_for(jane)
    assert search.step == steps.FIND_NUMBER and search.id is not None
    opened: list[bool] = []

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, ContactDialog)
        opened.append(dialog.focusWidget() is dialog.phones)
        dialog.reject()

    looking = when_open(ContactDialog, look)
    # What a click on its notification and the tray menu's line do.
    window.open_follow_up(jane, search.id)
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    looking.stop()
    assert opened == [True]
    assert window.call_window(jane) is None
    assert [f.step for f in services.followups.open_for(jane)] == [steps.FIND_NUMBER]


def test_a_step_not_kept_on_this_laptop_opens_nothing_and_says_why(  # type: ignore[no-untyped-def]
    qtbot, services: Services, tmp_path: Path
) -> None:
    """The team server away at a start: the day kept from before the wrong number. Before:
    the call screen was asked for ("Cannot open the call: this follow-up is not kept on
    this laptop as open."), a screen on the number she was told was wrong; now nothing
    opens and she reads why."""
    from followup_desktop.services.call_desk import KeptCallDesk
    from followup_desktop.store.outbox import Outbox
    from followup_desktop.ui.tasks import TaskRunner
    from followup_desktop.ui.work_windows import WorkWindows

    jane = services.contacts.add(
        Contact(name="Jane Smith", phones=[Phone(WRONG)], time_zone="America/Chicago")
    )
    services.followups.log(jane, Outcome.NO_ANSWER, services.clock.now() - timedelta(days=1))
    kept = services.calls.for_later([jane])  # read while the server answered
    services.followups.log(jane, Outcome.WRONG_NUMBER, services.clock.now())
    (search,) = services.followups.open_for(jane)
    assert search.step == steps.FIND_NUMBER and search.id is not None

    tasks, parent = TaskRunner(), QWidget()
    qtbot.addWidget(parent)
    desk = KeptCallDesk(kept, Outbox(tmp_path / "outbox.sqlite3"), services.clock)
    work = WorkWindows(desk, None, None, tasks, parent)
    said: list[str] = []
    work.said.connect(said.append)
    asked: list[int] = []
    work.number_asked.connect(asked.append)
    work.open_follow_up(jane, search.id)  # its reminder, or the tray's line
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    tasks.wait()
    assert said == [
        "Cannot open it: it is not among the steps kept on this laptop. "
        "Try again once the team server is back."
    ]
    assert work.call_window(jane) is None and asked == []


def test_a_call_screen_opened_while_the_number_is_looked_for_says_it_is_wrong(  # type: ignore[no-untyped-def]
    qtbot, services: Services, window: MainWindow
) -> None:
    """Before: a call screen from Contacts (Ctrl+Enter) showed the wrong number to ring
    and no word that it reached someone else."""
    jane = wrong_number_yesterday(services)
    window.open_call_screen(jane)  # what Contacts' Call does
    qtbot.waitUntil(lambda: window.call_window(jane) is not None, timeout=10_000)
    call = window.call_window(jane)
    assert call is not None
    warning = call.header.warning
    assert warning.isVisible()
    assert warning.text() == "⚠ Wrong number: correct the phone number before calling."
    call.close()


def test_the_call_on_the_number_added_beside_the_wrong_one_rings_the_new_number(  # type: ignore[no-untyped-def]
    qtbot, services: Services, window: MainWindow, tmp_path: Path
) -> None:
    """With two numbers on file the form waits after the last, so the rep adds the right
    one below. Before: the call planned on it rang the first on file, the wrong one, and
    no longer warned; now the number she added comes first and Ctrl+D rings it, the wrong
    one kept last."""
    from tests.ui.test_dialing import _fake_dialer, _use, _written
    from tests.ui.worker_thread import shown_call

    dialer, record = _fake_dialer(tmp_path)
    _use(services, dialer)
    jane = services.contacts.add(
        Contact(
            name="Jane Smith",
            phones=[Phone(WRONG), Phone("+13125550177", "mobile")],
            time_zone="America/Chicago",
        )
    )
    services.followups.log(jane, Outcome.WRONG_NUMBER, services.clock.now())
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.set(NOW)
    qtbot.waitUntil(lambda: window.views.tabText(0) == "Today (1)", timeout=10_000)

    def add_the_right_one(dialog: QWidget) -> None:
        assert isinstance(dialog, ContactDialog)
        qtbot.keyClick(dialog.phones, Qt.Key.Key_Return)
        qtbot.keyClicks(dialog.phones, "+1 312 555 0199")
        dialog.accept()

    adding = when_open(ContactDialog, add_the_right_one)
    tree = window.today.tree
    tree.setCurrentItem(tree.topLevelItem(1))
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: [row[2] for row in rows(window)[1:]] == ["☎  Call on the new number"],
        timeout=10_000,
    )
    adding.stop()
    assert [p.number for p in services.contacts.get(jane).phones] == [
        "+13125550199",
        "+13125550177",
        WRONG,
    ]

    call = shown_call(qtbot, window, jane)
    qtbot.keyClick(call, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _written(record) != [], timeout=10_000)
    assert _written(record) == ["--call", "+13125550199"]
    call.close()


def test_e_on_the_step_says_there_is_no_e_mail_to_write_in_plain_words(  # type: ignore[no-untyped-def]
    qtbot, services: Services, window: MainWindow
) -> None:
    """Before: E opened an e-mail preview saying "⚠ follow-up 2 is finding the right number
    for Jane Smith: …", the command line's words with an id she never sees."""
    wrong_number_yesterday(services)
    qtbot.waitUntil(lambda: window.views.tabText(0) == "Today (1)", timeout=10_000)
    tree = window.today.tree
    tree.setCurrentItem(tree.topLevelItem(1))
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_E)
    said = (
        "No e-mail to write for Jane Smith while the right number is looked for: save it "
        "on the contact (Enter) and the call on it is planned."
    )
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == said, timeout=10_000)
    window.tasks.wait()
    assert window.drafts == ()
