"""A contact's history from the keyboard: Ctrl+H on a Today row or a list row shows every
touch, step and promise, newest first, in the rep's time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from followup_desktop.core.cadence import CommitmentRequest
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.contact_timeline import EntryKind, TimelineEntry
from followup_desktop.core.model import Contact, Outcome
from followup_desktop.services.session import Services
from followup_desktop.ui.contact_history import COLUMNS, ContactHistoryDialog
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.tasks import TaskRunner
from followup_desktop.ui.today_page import IdsRole

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 in Paris


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY)


def _open_history(qtbot, window: MainWindow, on: QWidget) -> ContactHistoryDialog:  # type: ignore[no-untyped-def]
    window.activateWindow()  # a shortcut reaches only the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    on.setFocus()
    qtbot.keyClick(on, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ContactHistoryDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ContactHistoryDialog)
    qtbot.waitUntil(lambda: dialog.entries is not None)
    return dialog


def test_ctrl_h_shows_every_touch_step_and_promise_newest_first(
    qtbot, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    jane = services.contacts.add(Contact(name="Jane Smith", company="Acme"))
    services.followups.log(jane, Outcome.NO_ANSWER, MONDAY)
    clock.set(MONDAY + timedelta(days=1))
    services.followups.log(
        jane,
        Outcome.CONNECTED,
        MONDAY + timedelta(days=1),
        notes="Wants pricing for 40 seats",
        agreed_next=MONDAY + timedelta(days=8),
        objective="walk through the pricing",
        commitment=CommitmentRequest("the pricing sheet", MONDAY + timedelta(days=1, hours=1)),
    )
    window = MainWindow(services, TaskRunner())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_view(0)
    tree = window.today.tree
    qtbot.waitUntil(lambda: not window.today.loading and tree.topLevelItemCount() > 0)
    for index in range(tree.topLevelItemCount()):  # the promise due today is Jane's row
        if tree.topLevelItem(index).data(0, IdsRole):
            tree.setCurrentItem(tree.topLevelItem(index))
            break
    assert tree.current_ids() is not None

    dialog = _open_history(qtbot, window, window.today.tree)
    assert dialog.windowTitle() == "History — Jane Smith"
    rows = dialog.row_texts()
    assert [(what, state) for _, what, _, state in rows] == [
        ("Agreed call", "Planned"),
        ("Promise", "Open"),
        ("Call: connected", ""),
        ("Call again", "Done"),
        ("Call: no answer", ""),
    ]
    assert rows[0][0] == "Tue 1 Dec 2026 10:00"  # the rep's own time, with the year
    assert rows[1][0] == "Tue 24 Nov 2026 11:00"
    assert rows[0][2] == "walk through the pricing"
    assert rows[1][2] == "the pricing sheet"
    assert rows[2][2] == "Wants pricing for 40 seats"
    assert dialog.summary.text() == (
        "Newest first · 2 calls, e-mails and notes; 2 steps planned; 1 promise"
    )
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    window.tasks.wait()


def test_from_the_contact_list_a_contact_with_no_history_says_so(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    services.contacts.add(Contact(name="New Lead"))
    window = MainWindow(services, TaskRunner())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_view(1)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    window.page.table.selectRow(0)

    dialog = _open_history(qtbot, window, window.page.table)
    assert dialog.windowTitle() == "History — New Lead"
    assert dialog.row_texts() == []
    assert "Nothing yet" in dialog.summary.text()
    dialog.reject()
    window.tasks.wait()


def test_a_long_note_wraps_in_the_widest_column_and_reads_whole(qtbot) -> None:  # type: ignore[no-untyped-def]
    note = (
        "Needs sign-off from the finance director before the end of the quarter; "
        "wants the pricing for 40 seats and a call with our engineer about the import"
    )
    entries = [
        TimelineEntry(MONDAY, EntryKind.TOUCH, "Call: connected", note),
        TimelineEntry(
            MONDAY, EntryKind.STEP, "Retry call (they missed the agreed one)", "", "done"
        ),
    ]
    tasks = TaskRunner()
    dialog = ContactHistoryDialog("Jane Smith", lambda: entries, UTC, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.entries is not None)
    tree, header = dialog.tree, dialog.tree.header()
    widths = {name: header.sectionSize(i) for i, name in enumerate(COLUMNS)}
    assert widths["Details"] == max(widths.values())
    assert widths["State"] < widths["Details"] / 3  # "Done" needs no more than its word
    noted = tree.topLevelItem(0)
    lines_needed = (
        tree.fontMetrics()
        .boundingRect(0, 0, widths["Details"] - 12, 10_000, Qt.TextFlag.TextWordWrap, note)
        .height()
    )
    qtbot.waitUntil(lambda: tree.visualItemRect(noted).height() >= lines_needed)
    assert lines_needed > 1.5 * tree.fontMetrics().lineSpacing()  # it does take lines
    assert dialog.row_texts()[1][3] == "Done"
    tasks.wait()
