"""A contact edited while the team server goes away (a real PostgreSQL, stopped): the
save writes nothing, and the dialog opens again with what the rep typed, to save once
the server is back. Nothing typed is lost."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import Services, open_services
from followup_desktop.ui.contact_dialog import ContactDialog
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.tasks import TaskRunner
from tests.postgres_server import start_server, stop_server
from tests.team_logins import NOW, as_rep, team_server


@pytest.fixture
def ana(tmp_path: Path) -> Iterator[tuple[int, Services]]:
    with team_server() as (_url, port):
        opened = open_services(
            AppPaths(tmp_path / "ana"), FixedClock(NOW), database=as_rep(port, "ana")
        )
        yield port, opened
        opened.close()


def _when(title: str, act: Callable[[ContactDialog], None]) -> QTimer:
    """``act`` on the contact dialog whose title starts with ``title``, once it is open."""
    timer = QTimer()
    timer.setInterval(20)

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, ContactDialog) and dialog.windowTitle().startswith(title):
            timer.stop()
            act(dialog)

    timer.timeout.connect(look)
    timer.start()
    return timer


def test_an_edit_the_server_could_not_take_comes_back_to_be_saved_again(
    qtbot, ana: tuple[int, Services]
) -> None:  # type: ignore[no-untyped-def]
    port, services = ana
    dana = services.contacts.add(Contact(name="Dana Lee", company="Acme"))
    tasks = TaskRunner()
    window = MainWindow(services, tasks)
    qtbot.addWidget(window)
    window.show()
    seen: list[str] = []

    def type_then_lose_the_server(dialog: ContactDialog) -> None:
        dialog.title_edit.setText("Head of buying")
        stop_server(port)
        dialog.accept()

    def save_again(dialog: ContactDialog) -> None:
        seen.append(dialog.title_edit.text())
        start_server(port)
        dialog.accept()

    first = _when("Edit contact", type_then_lose_the_server)
    again = _when("Edit contact (not saved", save_again)
    try:
        window.editing.edit(dana)
        qtbot.waitUntil(lambda: bool(seen), timeout=20_000)
        assert seen == ["Head of buying"]  # what the rep typed came back with the dialog
        qtbot.waitUntil(
            lambda: services.contacts.get(dana).title == "Head of buying", timeout=15_000
        )
        assert "Saved Dana Lee" in window.statusBar().currentMessage()
    finally:
        first.stop()
        again.stop()
        window.close()
        tasks.wait()
