"""The window on a real PostgreSQL team server, as a manager and as a rep use it: the
list shows one's own contacts, a manager may show the team's with each one's rep, a rep
the team's by name, company and rep, a contact is handed to another rep from the Edit
menu, and a manager's Stats view has a line per rep."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Outcome
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import Services, open_services
from followup_desktop.ui.contact_model import OWNER_COLUMN
from followup_desktop.ui.main_window import STATS_TAB, MainWindow
from followup_desktop.ui.tasks import TaskRunner
from followup_desktop.ui.team_desk import MINE, NOT_FOR_COLLEAGUES, TEAM, HandOverDialog
from tests.team_logins import NOW, as_rep, team_server


@pytest.fixture
def team(tmp_path: Path) -> Iterator[tuple[Services, Services]]:
    """Ana's app and Maria's (her manager), with a contact each."""
    with team_server() as (_url, port):
        opened = [
            open_services(AppPaths(tmp_path / login), FixedClock(NOW), database=as_rep(port, login))
            for login in ("ana", "maria")
        ]
        ana, maria = opened
        priya = ana.contacts.add(Contact(name="Priya Patel", company="Acme"))
        ana.followups.log(priya, Outcome.CONNECTED, at=NOW - timedelta(days=1), notes="pilot")
        maria.contacts.add(Contact(name="Marcus Smith", company="Globex"))
        yield ana, maria
        for services in opened:
            services.close()


def _window(qtbot, services: Services, tasks: TaskRunner) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(services, tasks)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.team_desk.me is not None)
    qtbot.waitUntil(tasks.idle)
    return window


def _shown(window: MainWindow) -> list[tuple[str, ...]]:
    model = window.model
    return [
        (model.texts(row)[0], model.texts(row)[OWNER_COLUMN]) for row in range(model.rowCount())
    ]


def _hand_to(qtbot, window: MainWindow, rep: str) -> None:  # type: ignore[no-untyped-def]
    window.team_desk.hand_action.trigger()
    dialog = window.findChild(HandOverDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reps.setCurrentIndex(dialog.reps.findText(rep))
    dialog.hand_button.click()


def test_a_manager_lists_the_team_with_each_rep_and_their_numbers(qtbot, team) -> None:  # type: ignore[no-untyped-def]
    _ana, maria = team
    tasks = TaskRunner()
    window = _window(qtbot, maria, tasks)
    try:
        whose = window.team_desk.whose
        qtbot.waitUntil(whose.isVisible)  # a toolbar shows a widget in the next turn
        assert _shown(window) == [("Marcus Smith", "Maria Ruiz")]
        assert window.page.table.isColumnHidden(OWNER_COLUMN)

        whose.setCurrentIndex(TEAM)
        qtbot.waitUntil(lambda: window.model.rowCount() == 2)
        assert _shown(window) == [("Marcus Smith", "Maria Ruiz"), ("Priya Patel", "Ana Lima")]
        assert not window.page.table.isColumnHidden(OWNER_COLUMN)

        window.show_view(STATS_TAB)
        numbers = window.insights.numbers  # type: ignore[union-attr]
        qtbot.waitUntil(lambda: numbers.reps.rowCount() == 2)
        assert numbers.title.text() == "The team's numbers"
        assert numbers.reps.lines_shown() == [
            ("Ana Lima", "1", "1", "1", "0", "1", "0"),
            ("Maria Ruiz", "1", "0", "0", "0", "1", "0"),
        ]
    finally:
        window.close()  # while the server is there: it keeps the window's size
        tasks.wait()


def test_a_rep_hands_a_contact_to_a_colleague_from_the_edit_menu(qtbot, team, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ana, maria = team
    tasks = TaskRunner()
    window = _window(qtbot, ana, tasks)
    try:
        assert window.team_desk.whose.currentIndex() == MINE  # her own, unless she asks
        assert window.team_desk.hand_action in window.edit_menu.actions()
        window.show_view(1)
        window.page.select_contact(window.model.summary(0).id)
        _hand_to(qtbot, window, "Bo Berg")
        qtbot.waitUntil(lambda: window.model.rowCount() == 0)
        assert window.statusBar().currentMessage() == "Priya Patel is now Bo Berg's"
        team_list = maria.contacts.page(team=True)
        assert [(c.name, c.owner) for c in team_list] == [
            ("Marcus Smith", "maria"),
            ("Priya Patel", "bo"),
        ]
    finally:
        window.close()  # while the server is there: it keeps the window's size
        tasks.wait()

    # A manager hands one back; a refusal is said in words (the rep is no longer there).
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: said.append(text))
    tasks = TaskRunner()
    window = _window(qtbot, maria, tasks)
    try:
        window.team_desk.whose.setCurrentIndex(TEAM)
        qtbot.waitUntil(lambda: window.model.rowCount() == 2)
        window.show_view(1)
        priya = next(c.id for c in team_list if c.name == "Priya Patel")
        window.page.select_contact(priya)
        _hand_to(qtbot, window, "Ana Lima")
        qtbot.waitUntil(
            lambda: window.statusBar().currentMessage() == "Priya Patel is now Ana Lima's"
        )
        qtbot.waitUntil(lambda: ("Priya Patel", "Ana Lima") in _shown(window))  # read again
        assert [c.name for c in ana.contacts.page()] == ["Priya Patel"]
        ana.contacts.delete(priya)
        window.page.select_contact(priya)
        _hand_to(qtbot, window, "Bo Berg")
        qtbot.waitUntil(lambda: bool(said))
        assert said == [f"contact {priya} is not yours to hand over."]
    finally:
        window.close()  # while the server is there: it keeps the window's size
        tasks.wait()


def test_a_search_that_finds_none_of_hers_says_whose_it_is(qtbot, team) -> None:  # type: ignore[no-untyped-def]
    ana, _maria = team
    tasks = TaskRunner()
    window = _window(qtbot, ana, tasks)
    try:
        window.show_view(1)
        window.search.setText("globex")
        no_matches = window.page.no_matches
        qtbot.waitUntil(lambda: "colleagues'" in no_matches.text(), timeout=10_000)
        assert no_matches.isVisible()
        assert no_matches.text() == (
            "Nobody in your contacts matches “globex”. "
            "In your colleagues': Marcus Smith (Globex) is Maria Ruiz's."
        )
        window.search.setText("nobody-at-all")
        qtbot.waitUntil(lambda: no_matches.query == "nobody-at-all")
        tasks.wait()
        assert "colleagues'" not in no_matches.text()
    finally:
        window.close()
        tasks.wait()


def test_a_rep_lists_the_team_by_name_and_learns_whose_a_colleague_s_contact_is(
    qtbot, team
) -> None:  # type: ignore[no-untyped-def]
    ana, _maria = team
    tasks = TaskRunner()
    window = _window(qtbot, ana, tasks)
    try:
        whose, table = window.team_desk.whose, window.page.table
        window.show_view(1)
        qtbot.waitUntil(whose.isVisible)  # a toolbar shows a widget in the next turn
        assert _shown(window) == [("Priya Patel", "Ana Lima")]
        whose.setCurrentIndex(TEAM)
        qtbot.waitUntil(lambda: window.model.rowCount() == 2)
        assert _shown(window) == [("Marcus Smith", "Maria Ruiz"), ("Priya Patel", "Ana Lima")]
        assert window.model.texts(0)[1] == "Globex"
        # Of a colleague's contact she sees the name, company and rep, nothing more.
        assert not table.isColumnHidden(OWNER_COLUMN)
        assert all(table.isColumnHidden(column) for column in NOT_FOR_COLLEAGUES)
        assert not table.isSortingEnabled()  # by name: the one order this list has
        qtbot.waitUntil(lambda: window.count_label.text() == "2 contacts")
        window.search.setText("glo")
        qtbot.waitUntil(lambda: window.model.rowCount() == 1)
        assert window.count_label.text() == "1 contact found"

        marcus = window.model.summary(0).id
        window.page.select_contact(marcus)
        window.open_call_screen(marcus)
        assert window.statusBar().currentMessage() == (
            "Marcus Smith is Maria Ruiz's contact: ask them, or your manager, "
            "to hand it over to you."
        )
        window.edit_action.trigger()  # nor is it edited
        assert window.findChild(QDialog) is None
        tasks.wait()
        assert window.work.call_windows() == []

        window.search.clear()
        whose.setCurrentIndex(MINE)
        qtbot.waitUntil(lambda: _shown(window) == [("Priya Patel", "Ana Lima")])
        assert not any(table.isColumnHidden(column) for column in NOT_FOR_COLLEAGUES)
        assert table.isSortingEnabled()
        window.open_call_screen(window.model.summary(0).id)  # her own opens
        qtbot.waitUntil(lambda: bool(window.work.call_windows()), timeout=10_000)
        for call in window.work.call_windows():
            call.close()
    finally:
        window.close()  # while the server is there: it keeps the window's size
        tasks.wait()
