"""The window on a team server (a real PostgreSQL): the rep's book as the server holds
it, the title says where the book is, and the file's own check and backup stay out of
it (nothing is written into a file)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Outcome
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import Services, open_services
from followup_desktop.services.team import migrate
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.tasks import TaskRunner
from tests.postgres_server import postgres_server

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    monkeypatch.setenv("TZ", "Europe/Paris")
    with postgres_server() as url:
        migrate(url)
        opened = open_services(AppPaths(tmp_path / "data"), FixedClock(NOW), database=url)
        yield opened
        opened.close()


def test_the_window_works_on_the_team_servers_book(qtbot, team: Services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    priya = team.contacts.add(Contact(name="Priya Patel", company="Acme"))
    team.followups.log(priya, Outcome.NO_ANSWER)
    tasks = TaskRunner()
    window = MainWindow(team, tasks)
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle().startswith("FollowUp — team server postgresql+psycopg://")
    assert not window.backup_action.isEnabled()
    assert not window.restore_action.isEnabled()  # nor restored from here
    window.show_view(1)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=10_000)
    assert window.model.summary(0).name == "Priya Patel"
    window.check_store_in_background()  # the file's check: none here
    tasks.wait()
    assert not AppPaths(tmp_path / "data").database.exists()  # nothing went into a file
    assert team.followups.open_for(priya)  # the retry the rules planned is on the server
