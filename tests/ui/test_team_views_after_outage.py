"""The team server goes away for a moment (a real PostgreSQL, stopped and started): the
views that tried to read meanwhile read again once it is back, instead of keeping what
they showed before the outage until FollowUp is restarted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QTreeWidgetItemIterator

from followup_desktop.core.model import Contact, Outcome
from followup_desktop.services.session import Services
from followup_desktop.ui import team_watch
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.tasks import TaskRunner
from tests.postgres_server import start_server, stop_server
from tests.team_logins import NOW
from tests.ui.test_team_watch import watched_window


def today_names(window: MainWindow) -> set[str]:
    names = set()
    items = QTreeWidgetItemIterator(window.today.tree)
    while items.value():
        names.add(items.value().text(1))
        items += 1
    return names


def test_today_and_the_pipeline_read_again_once_the_server_is_back(
    qtbot, team: tuple[int, Services, Services], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(team_watch, "RETRY_S", 0.3)
    port, ana, _maria = team
    tasks = TaskRunner()
    window, watch = watched_window(qtbot, ana, tasks)
    try:
        window.show_view(2)  # the Pipeline, read as it is shown
        qtbot.waitUntil(lambda: window.insights is not None and window.insights.figures is not None)
        insights = window.insights
        assert insights is not None
        before = insights.figures
        stop_server(port)
        try:
            window.today.reload()
            insights.reload()
            qtbot.waitUntil(tasks.idle, timeout=10_000)
        finally:
            start_server(port)
        eve = ana.contacts.add(Contact(name="Eve Kim", company="Stripe"))
        ana.followups.log(eve, Outcome.CONNECTED, NOW, agreed_next=NOW + timedelta(hours=2))
        window.today.reload()
        insights.reload()
        qtbot.waitUntil(lambda: any("Eve Kim" in n for n in today_names(window)), timeout=10_000)
        qtbot.waitUntil(lambda: insights.figures is not before, timeout=10_000)
    finally:
        watch.stop()
        tasks.wait()
