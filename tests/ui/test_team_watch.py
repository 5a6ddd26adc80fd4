"""On a team server the manager's window follows what a rep commits, without a restart:
the contact Ana adds appears in Maria's list. When the connection drops, the window
catches up once it is back (notices sent meanwhile were lost, so every view reloads)."""

from __future__ import annotations

import psycopg
import pytest

from followup_desktop.core.model import Contact, Outcome
from followup_desktop.services.call_requests import LogCall
from followup_desktop.services.session import Services
from followup_desktop.ui import team_watch
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.tasks import TaskRunner
from followup_desktop.ui.team_desk import TEAM
from followup_desktop.ui.team_watch import TeamWatch, watch_team
from tests.postgres_server import start_server, stop_server
from tests.team_logins import ADMIN_PASSWORD


def watched_window(qtbot, services: Services, tasks: TaskRunner) -> tuple[MainWindow, TeamWatch]:  # type: ignore[no-untyped-def]
    """The rep's window on the team server, following it as the desk does."""
    window = MainWindow(services, tasks)
    qtbot.addWidget(window)
    window.show()
    watch = watch_team(window, services, window)
    watch.start()
    return window, watch


def names(window: MainWindow) -> list[str]:
    return [window.model.summary(row).name for row in range(window.model.rowCount())]


def test_the_manager_s_list_shows_what_a_rep_adds_and_catches_up_after_a_drop(
    qtbot,
    team: tuple[int, Services, Services],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(team_watch, "RETRY_S", 0.3)
    port, ana, maria = team
    tasks = TaskRunner()
    window, watch = watched_window(qtbot, maria, tasks)
    try:
        qtbot.waitUntil(lambda: window.team_desk.me is not None)
        window.team_desk.whose.setCurrentIndex(TEAM)  # the team's contacts, Ana's too
        qtbot.waitUntil(tasks.idle)  # the empty list read before Ana writes
        ana.contacts.add(Contact(name="Priya Patel"))
        qtbot.waitUntil(lambda: names(window) == ["Priya Patel"], timeout=10_000)

        # The connection drops (the server restarted, a network hiccup): Ana's next
        # contact lands while nobody listens, and shows once the feed is back.
        with psycopg.connect(
            host="127.0.0.1",
            port=port,
            dbname="postgres",
            user="followup",
            password=ADMIN_PASSWORD,
            autocommit=True,
        ) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'maria'"
            )
        ana.contacts.add(Contact(name="Ben Ode"))
        qtbot.waitUntil(lambda: names(window) == ["Ben Ode", "Priya Patel"], timeout=10_000)
        assert "change feed lost" in caplog.text
    finally:
        watch.stop()
        tasks.wait()


def test_while_the_server_is_away_a_banner_says_so_and_calls_logged_are_kept_then_sent(
    qtbot,
    team: tuple[int, Services, Services],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(team_watch, "RETRY_S", 0.3)
    port, _ana, maria = team
    mia = maria.contacts.add(Contact(name="Mia Berg"))
    tasks = TaskRunner()
    window, watch = watched_window(qtbot, maria, tasks)
    banner = watch.banner
    assert banner is not None
    try:
        qtbot.waitUntil(tasks.idle)
        assert not banner.isVisible()
        stop_server(port)
        try:
            qtbot.waitUntil(banner.isVisible, timeout=10_000)
            assert "kept on this laptop" in banner.text()
            kept = maria.calls.log_call(LogCall(mia, Outcome.CONNECTED, notes="Renewal agreed"))
            assert kept.kept
        finally:
            start_server(port)
        qtbot.waitUntil(lambda: not banner.isVisible(), timeout=10_000)
        qtbot.waitUntil(
            lambda: (
                window.statusBar().currentMessage()
                == "1 call kept on this laptop is now on the team server."
            ),
            timeout=10_000,
        )
        notes = [e.detail for e in maria.followups.history(mia)]
        assert "Renewal agreed" in notes
    finally:
        watch.stop()
        tasks.wait()
