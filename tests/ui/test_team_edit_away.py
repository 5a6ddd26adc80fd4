"""A contact saved while the team server is away (a real PostgreSQL, stopped) is kept on
the laptop: the rep is told so, the dialog opens again with what they saved, and once the
server is back the save is written there; where a colleague changed the same field
meanwhile, the rep chooses in the merge dialog. Nothing typed is lost."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QWidget

from followup_desktop.core.model import Contact
from followup_desktop.services.session import Services
from followup_desktop.ui import team_watch
from followup_desktop.ui.contact_dialog import ContactDialog
from followup_desktop.ui.contact_merge_dialog import ContactMergeDialog
from followup_desktop.ui.tasks import TaskRunner
from tests.postgres_server import start_server, stop_server
from tests.ui.test_contact_merge import texts, when_open
from tests.ui.test_team_watch import watched_window


def test_an_edit_saved_while_away_is_kept_and_merged_with_a_colleague_s_once_back(
    qtbot, team: tuple[int, Services, Services], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(team_watch, "RETRY_S", 0.3)
    port, ana, maria = team
    dana = ana.contacts.add(Contact(name="Dana Lee", company="Acme"))
    tasks = TaskRunner()
    window, watch = watched_window(qtbot, ana, tasks)
    reopened: list[str] = []
    merging: list[str] = []

    def type_then_lose_the_server(dialog: QWidget) -> None:
        assert isinstance(dialog, ContactDialog)
        dialog.title_edit.setText("Head of buying")
        dialog.company.setText("Acme Ltd")
        stop_server(port)
        dialog.accept()

    def look_again(dialog: QWidget) -> None:
        assert isinstance(dialog, ContactDialog)
        reopened.append(f"{dialog.title_edit.text()} at {dialog.company.text()}")
        dialog.reject()

    def choose_mine(dialog: QWidget) -> None:
        assert isinstance(dialog, ContactMergeDialog)
        merging.append(texts(dialog))
        dialog.save_button.click()  # "Yours" is chosen where both changed a field

    def listed() -> str:
        row = window.model.row_of(dana)
        return "" if row is None else window.model.summary(row).company

    try:
        qtbot.waitUntil(lambda: listed() == "Acme", timeout=10_000)
        saving = when_open(ContactDialog, type_then_lose_the_server)
        window.editing.edit(dana)
        qtbot.waitUntil(
            lambda: "kept on this laptop" in window.statusBar().currentMessage(), timeout=20_000
        )
        saving.stop()
        assert listed() == "Acme Ltd"  # the list shows the save kept, not the server's

        # Still away: the contact opens with what the rep saved, read from the laptop.
        again = when_open(ContactDialog, look_again)
        window.editing.edit(dana)
        qtbot.waitUntil(lambda: bool(reopened), timeout=10_000)
        again.stop()
        assert reopened == ["Head of buying at Acme Ltd"]

        # Back: meanwhile Maria changed the company too. Ana chooses; both are written.
        start_server(port)
        maria.contacts.save(
            replace(
                maria.contacts.get(dana), company="Acme Holdings", personal_notes="Moved to Denver"
            )
        )
        settle = when_open(ContactMergeDialog, choose_mine)
        qtbot.waitUntil(lambda: bool(merging), timeout=20_000)
        settle.stop()
        assert "Acme Holdings" in merging[0] and "Acme Ltd" in merging[0]
        qtbot.waitUntil(lambda: ana.contacts.get(dana).company == "Acme Ltd", timeout=10_000)
        stored = ana.contacts.get(dana)
        assert (stored.title, stored.personal_notes) == ("Head of buying", "Moved to Denver")
        qtbot.waitUntil(lambda: ana.deals.kept_edit(dana) is None)
    finally:
        watch.stop()
        window.close()
        tasks.wait()
