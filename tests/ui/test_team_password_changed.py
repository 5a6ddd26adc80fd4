"""A team password changed on the server while FollowUp runs (a real PostgreSQL, ``ALTER
ROLE``, her sessions ended as an admin does): the window asks for the new password with
the banner of a start, tries the refused one no more (each try counts towards the
server's lock-out: the logins are counted on the wire), keeps the call she logs
meanwhile, and once the server takes the new password writes it there once, without a
restart, and keeps the password in the keyring."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Outcome
from followup_desktop.paths import AppPaths
from followup_desktop.services.call_requests import LogCall
from followup_desktop.services.secrets import Secrets
from followup_desktop.services.session import open_services
from followup_desktop.services.team import TEAM
from followup_desktop.ui import team_watch
from followup_desktop.ui.tasks import TaskRunner
from tests.peers.cut_proxy import cut_proxy
from tests.team_logins import NOW, as_rep, team_server
from tests.ui.test_team_start_away import _password_changed_on_the_server, _type_password
from tests.ui.test_team_watch import watched_window

RETRY_S = 0.2


def _sessions_ended(admin_url: str, login: str) -> None:
    """As an admin does after changing a password (or as a restart of the server does)."""
    engine = create_engine(admin_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :u"),
                {"u": login},
            )
    finally:
        engine.dispose()


@pytest.mark.usefixtures("keyring_bus")
def test_a_password_changed_while_it_runs_is_asked_for_and_never_tried_again_by_itself(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(team_watch, "RETRY_S", RETRY_S)
    new_password = "ana's new pw"
    with team_server() as (admin_url, port), cut_proxy(port) as wire:
        # Every login of Ana's app passes the wire, which counts them.
        ana = open_services(
            AppPaths(tmp_path / "ana"), FixedClock(NOW), database=as_rep(wire.port, "ana")
        )
        tasks = TaskRunner()
        try:
            mia = ana.contacts.add(Contact(name="Mia Berg"))
            window, watch = watched_window(qtbot, ana, tasks)
            assert watch.sign_in is not None and watch.banner is not None
            banner, away = watch.sign_in.banner, watch.banner
            qtbot.waitUntil(tasks.idle)
            assert not banner.isVisible()

            _password_changed_on_the_server(admin_url, "ana", new_password)
            _sessions_ended(admin_url, "ana")
            qtbot.waitUntil(banner.isVisible, timeout=10_000)
            said = banner.label.text()
            assert "The team server 127.0.0.1 refused your password (login ana)" in said
            assert "type the new one" in said and "kept on this laptop" in said
            assert "password authentication failed" in banner.toolTip()  # the server's words
            assert banner.window() is window and banner.button.isEnabled()
            assert not away.isVisible()  # the refusal, not "cannot be reached"

            # The refused password is not tried again: not by the watch, which tried
            # every RETRY_S, nor by a call she logs, which is kept on this laptop.
            logins = wire.connections
            qtbot.wait(int(RETRY_S * 15 * 1000))
            logged = ana.calls.log_call(LogCall(mia, Outcome.CONNECTED, notes="Renewal agreed"))
            assert logged.kept
            assert wire.connections == logins

            _type_password(qtbot, banner, "not it either")
            qtbot.waitUntil(
                lambda: "refused the password you typed" in banner.label.text(), timeout=10_000
            )
            qtbot.wait(int(RETRY_S * 5 * 1000))
            assert wire.connections == logins + 1  # tried once, then asked again
            assert banner.button.isEnabled()

            _type_password(qtbot, banner, new_password)
            qtbot.waitUntil(lambda: not banner.isVisible(), timeout=10_000)
            assert not away.isVisible()
            qtbot.waitUntil(
                lambda: Secrets().password(TEAM, "127.0.0.1", "ana") == new_password,
                timeout=10_000,
            )
            with_new = as_rep(port, "ana").replace("ana%20pw", quote(new_password))
            check = open_services(AppPaths(tmp_path / "check"), database=with_new)
            try:

                def on_server() -> list[str]:
                    return [e.detail for e in check.followups.history(mia) if e.detail]

                # Written once she is signed in, once.
                qtbot.waitUntil(lambda: "Renewal agreed" in on_server(), timeout=15_000)
                qtbot.waitUntil(tasks.idle)
                assert on_server().count("Renewal agreed") == 1
            finally:
                check.close()
        finally:
            watch.stop()
            tasks.wait()
            ana.close()
