"""A call kept on the laptop while the team server was away, refused once it is back (its
contact was handed to another rep meanwhile), stays in front of the rep: a notice over
the views that does not fade, the list under Edit, its whole text copied, and removed
only once she confirms."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from followup_desktop.core.model import Contact, Outcome
from followup_desktop.services.call_requests import LogCall
from followup_desktop.services.session import Services
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.tasks import TaskRunner
from followup_desktop.ui.team_watch import watch_team
from tests.postgres_server import start_server, stop_server

NOTICE = "⚠ 1 call kept on this laptop was not taken by the team server."


def test_a_refused_call_is_said_until_the_rep_copies_it_and_removes_it(
    qtbot, team: tuple[int, Services, Services]
) -> None:  # type: ignore[no-untyped-def]
    port, ana, maria = team
    priya = ana.contacts.add(Contact(name="Priya Patel"))
    stop_server(port)
    try:
        call = LogCall(
            priya, Outcome.CONNECTED, notes="Wants the pilot in March", contact_name="Priya Patel"
        )
        assert ana.calls.log_call(call).kept
    finally:
        start_server(port)
    maria.team_book.hand_over(priya, "bo")  # meanwhile, her manager hands Priya to Bo

    tasks = TaskRunner()
    window = MainWindow(ana, tasks)
    qtbot.addWidget(window)
    window.show()
    watch = watch_team(window, ana, window)
    notice = watch.set_aside
    assert notice is not None
    watch.start()
    try:
        qtbot.waitUntil(notice.banner.isVisible, timeout=10_000)
        assert notice.label.text() == NOTICE
        assert "NotFound" not in window.statusBar().currentMessage()
        assert notice.action in window.edit_menu.actions()

        notice.show_button.click()
        dialog = notice.dialog
        assert dialog is not None
        qtbot.waitUntil(lambda: dialog.writes is not None)
        rows = dialog.row_texts()
        assert [(what, why) for _kept, what, why in rows] == [
            (
                "Call with Priya Patel: connected",
                "its contact is no longer yours on the team server: deleted, or handed "
                "to another rep, meanwhile",
            )
        ]
        assert "Notes: Wants the pilot in March" in dialog.detail.toPlainText()
        dialog.copy_button.click()
        copied = QApplication.clipboard().text()
        assert copied.startswith("Call with Priya Patel: connected\nKept on this laptop: ")
        assert "Notes: Wants the pilot in March" in copied

        dialog.remove_button.click()  # asked first: cancelling keeps it
        assert dialog.confirm is not None
        dialog.confirm.button(QMessageBox.StandardButton.Cancel).click()
        qtbot.waitUntil(tasks.idle)
        assert len(dialog.row_texts()) == 1 and notice.banner.isVisible()

        dialog.remove_button.click()
        assert dialog.confirm is not None
        dialog.confirm.button(QMessageBox.StandardButton.Yes).click()
        qtbot.waitUntil(lambda: dialog.row_texts() == [], timeout=10_000)
        assert dialog.summary.text().startswith("Removed: Call with Priya Patel: connected.")
        qtbot.waitUntil(lambda: not notice.banner.isVisible(), timeout=10_000)
        assert ana.set_aside.entries() == []
    finally:
        watch.stop()
        tasks.wait()
