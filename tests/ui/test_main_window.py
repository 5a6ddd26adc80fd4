"""A walk through the main window as a rep would do it, in a real X window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from followup_desktop.paths import AppPaths
from followup_desktop.services.session import Services, open_services
from followup_desktop.ui.contact_dialog import ContactDialog
from followup_desktop.ui.import_flow import ImportReportDialog
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.tasks import TaskRunner
from tests.ui.worker_thread import refreshed, settled

CSV = (
    "First Name,Last Name,E-mail Address,Mobile Phone,Company\n"
    'Jane,Smith,jane@acme.example,+1 312 555 0142,"Acme, Inc."\n'
    "Dana,Cruz,dana@cruz.example,,Cruz Logistics\n"
    "Marcus,O'Neil,marcus@brightline.example,,Brightline\n"
    ",,,,Nobody Inc\n"
)


@pytest.fixture
def services(tmp_path: Path) -> Services:
    opened = open_services(AppPaths(tmp_path / "data"))
    yield opened
    opened.close()


@pytest.fixture
def window(qtbot, services: Services) -> MainWindow:  # type: ignore[no-untyped-def]
    tasks = TaskRunner()
    main = MainWindow(services, tasks)
    qtbot.addWidget(main)
    main.show()
    main.activateWindow()  # Xvfb has no window manager to do it; shortcuts need an active window
    qtbot.waitActive(main)
    yield main
    tasks.wait()


def reactivate(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """A window manager hands activation back when a dialog closes; bare Xvfb has none."""
    window.raise_()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def visible_names(window: MainWindow) -> list[str]:
    model = window.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def when_dialog_opens(qtbot, act) -> None:  # type: ignore[no-untyped-def]
    """Run ``act(dialog)`` once a modal dialog is up (exec() blocks the test otherwise)."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, poll)
            return
        try:
            act(dialog)
        except BaseException:
            dialog.reject()  # never leave a modal dialog blocking the test run
            raise

    QTimer.singleShot(0, poll)


def test_first_launch_shows_the_empty_state(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    settled(qtbot, window)
    assert window.windowTitle() == "FollowUp"
    assert window.page.currentWidget() is window.page.empty
    assert window.page.empty.import_button.isVisible()
    assert window.page.empty.sample_button.text() == "Try sample data"


def test_import_search_edit_delete_undo(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "outlook.csv"
    source.write_text(CSV, encoding="utf-8")
    changed: list[bool] = []
    window.follow_ups_changed.connect(lambda: changed.append(True))
    window.commands.import_paths([source])
    qtbot.waitUntil(lambda: window.findChild(ImportReportDialog) is not None, timeout=10_000)
    assert changed, "the reminders are told at once that an import may have changed follow-ups"
    report = window.findChild(ImportReportDialog)
    headline = "3 contacts added, 1 not imported."
    assert headline in report.findChild(type(report.children()[1]), "summary").text()
    assert window.statusBar().currentMessage() == headline
    rejected = report.findChild(QPlainTextEdit, "rejected").toPlainText()
    assert rejected == "outlook.csv\n    line 5 (Nobody Inc): no name, e-mail or phone"
    report.accept()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    reactivate(qtbot, window)

    assert window.page.currentWidget() is window.page.table
    assert visible_names(window) == ["Dana Cruz", "Jane Smith", "Marcus O'Neil"]
    qtbot.waitUntil(lambda: window.count_label.text() == "3 contacts")

    # Search as you type, from the keyboard.
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, "acme")
    qtbot.waitUntil(lambda: visible_names(window) == ["Jane Smith"])
    qtbot.keyClicks(window.search, "zzz")
    qtbot.waitUntil(lambda: window.page.currentWidget() is window.page.no_matches)
    assert "acmezzz" in window.page.no_matches.text()
    window.search.clear()
    qtbot.keyClicks(window.search, "0142")
    qtbot.waitUntil(lambda: visible_names(window) == ["Jane Smith"])
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.page.table.hasFocus()

    # Edit with F2 (Enter opens the call screen); a bad phone is explained and the dialog stays open.
    def edit(dialog: ContactDialog) -> None:
        dialog.title_edit.setText("VP Sales")
        dialog.phones.setPlainText("not a number")
        dialog.accept()
        assert dialog.isVisible()
        assert "phone number 'not a number'" in dialog.problem.text().lower()
        dialog.phones.setPlainText("+1 312 555 0142\n+44 20 7946 0958")
        dialog.accept()

    when_dialog_opens(qtbot, edit)
    qtbot.keyClick(window.page.table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: "Saved Jane Smith" in window.statusBar().currentMessage())
    jane = window.services.contacts.get(window.page.current_contact_id())
    assert jane.title == "VP Sales"
    assert [p.number for p in jane.phones] == ["+13125550142", "+442079460958"]

    # Delete, then undo.
    window.search.clear()
    qtbot.waitUntil(lambda: len(visible_names(window)) == 3)
    window.page.select_contact(jane.id)
    # The edit dialog was the active window: shortcuts reach the main one once it is back.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "Jane Smith" not in visible_names(window))
    assert "Deleted Jane Smith" in window.statusBar().currentMessage()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Jane Smith" in visible_names(window))


def test_new_contact_from_the_keyboard(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: ContactDialog) -> None:
        qtbot.keyClicks(dialog.name, "Priya Raman")
        dialog.time_zone.setCurrentText("Asia/Kolkata")
        dialog.emails.setPlainText("priya@example.com")
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, fill)
    # A shortcut reaches only the active window; on a busy machine it activates late.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: visible_names(window) == ["Priya Raman"])
    contact = window.services.contacts.get(window.page.current_contact_id())
    assert contact.time_zone == "Asia/Kolkata"


def test_paging_loads_more_rows_as_the_view_scrolls(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from followup_desktop.services.importing import ImportReport
    from followup_desktop.services.sample_data import sample_contacts

    window.services.importing.import_items(sample_contacts(650), ImportReport())
    refreshed(qtbot, window)
    assert window.model.rowCount() == 200
    window.page.table.scrollToBottom()
    qtbot.waitUntil(lambda: window.model.rowCount() > 200)
    while window.model.canFetchMore():
        window.page.table.scrollToBottom()
        qtbot.wait(10)
    assert window.model.rowCount() == 650


def test_window_geometry_is_remembered(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    tasks = TaskRunner()
    first = MainWindow(services, tasks)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(900, 555)
    qtbot.waitUntil(lambda: first.height() == 555)
    first.close()
    tasks.wait()  # the size is stored off the UI thread
    second = MainWindow(services, tasks)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (900, 555)
    tasks.wait()


def test_a_contact_deleted_before_a_restart_comes_back_from_deleted_contacts(  # type: ignore[no-untyped-def]
    qtbot, services: Services
) -> None:
    """Undo lasts while the window is open; Edit › Deleted contacts brings back a contact
    deleted before the restart, with its history."""
    from followup_desktop.core.model import Contact, Outcome
    from followup_desktop.ui.deleted_contacts import DeletedContactsDialog

    jane = services.contacts.add(Contact(name="Jane Smith", company="Acme, Inc."))
    ravi = services.contacts.add(Contact(name="Ravi Kumar", company="Brightline"))
    services.followups.log(jane, Outcome.NO_ANSWER)
    services.contacts.delete(jane)
    services.contacts.delete(ravi)

    tasks = TaskRunner()
    window = MainWindow(services, tasks)  # a new window: the Undo of those deletes is gone
    qtbot.addWidget(window)
    window.show()
    qtbot.waitActive(window)
    settled(qtbot, window)
    assert not window.undo_action.isEnabled()
    assert window.deleted_action in window.edit_menu.actions()

    window.deleted_action.trigger()
    dialog = window.findChild(DeletedContactsDialog)
    qtbot.waitUntil(lambda: dialog.row_texts() != [])
    rows = dialog.row_texts()
    assert [row[:2] for row in rows] == [("Ravi Kumar", "Brightline"), ("Jane Smith", "Acme, Inc.")]
    assert "2 contacts deleted" in dialog.summary.text()

    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(1))
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [r[0] for r in dialog.row_texts()] == ["Ravi Kumar"])
    assert dialog.summary.text().startswith("Jane Smith is back.")
    qtbot.waitUntil(lambda: visible_names(window) == ["Jane Smith"])
    assert window.page.current_contact_id() == jane
    assert "Call: no answer" in [e.what for e in services.followups.history(jane)]
    dialog.reject()
    tasks.wait()


def test_file_export_contacts_writes_the_list_and_says_where_or_why_not(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rep moving to another program had no way to take her contacts with her."""
    from PySide6.QtWidgets import QFileDialog

    from followup_desktop.core.model import Contact, Email

    services.contacts.add(Contact(name="Ngozi Eze", emails=[Email("ngozi@eze.example")]))
    services.contacts.add(Contact(name="Kari Nordmann", company="Fjord AS"))
    chosen = tmp_path / "my contacts"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), "CSV"))
    window.export_action.trigger()
    written = tmp_path / "my contacts.csv"
    qtbot.waitUntil(lambda: "Exported" in window.statusBar().currentMessage())
    assert window.statusBar().currentMessage() == f"Exported 2 contacts to {written}"
    text = written.read_text(encoding="utf-8-sig")
    assert "Ngozi Eze" in text and "ngozi@eze.example" in text and "Fjord AS" in text

    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    target = str(blocked / "contacts.csv")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (target, "CSV"))
    window.export_action.trigger()
    qtbot.waitUntil(lambda: "Not exported" in window.statusBar().currentMessage())
    assert window.statusBar().currentMessage().startswith("⚠ Not exported: ")


def test_the_shortcut_sheet_lists_todays_keys_and_reads_on_a_small_laptop(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow
) -> None:
    """The sheet was a message box whose words wrapped in a narrow column, and it left out
    the keys Today's buttons show ("Reschedule… (R)", "Skip… (K)", "Visited (V)" …); every
    one of them is on it now, its words on one line, the whole sheet on a 1280×720 screen."""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QLabel

    from followup_desktop.ui.today_actions import ACTIONS, NUMBER_ACTIONS

    window.shortcuts_action.trigger()
    sheet = window.commands.shortcut_sheet
    assert sheet is not None
    qtbot.waitExposed(sheet)
    words = {label.accessibleName(): label for label in sheet.findChildren(QLabel)}
    for spec in (*ACTIONS, *NUMBER_ACTIONS):
        key = "Enter" if spec.key == Qt.Key.Key_Return else QKeySequence(spec.key).toString()
        assert key in words, spec.label
    assert {"R", "K", "V", "I", "Y", "M", "E", "U"} <= set(words)
    assert sheet.width() <= 1280 and sheet.height() <= 720
    bars = (sheet.area.verticalScrollBar(), sheet.area.horizontalScrollBar())
    qtbot.waitUntil(lambda: not any(bar.isVisible() for bar in bars), timeout=1000)  # whole
    for label in words.values():
        if label.accessibleName():
            assert not label.wordWrap() and label.width() >= label.sizeHint().width()
    window.shortcuts_action.trigger()  # again: the same sheet, not a second one
    assert window.commands.shortcut_sheet is sheet
    sheet.close()
    qtbot.waitUntil(lambda: window.commands.shortcut_sheet is None)
