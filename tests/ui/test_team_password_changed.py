"""A team password changed on the server while FollowUp runs (a real PostgreSQL, ``ALTER
ROLE``, her sessions ended as an admin does): the window asks for the new password with
the banner of a start, tries the refused one no more (each try counts towards the
server's lock-out: the logins are counted on the wire), keeps the call she logs
meanwhile, and once the server takes the new password writes it there once, without a
restart, and keeps the password in the keyring; or, when the address FollowUp was started
with has the old password in it, says the new one lasts until she quits."""

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
from followup_desktop.ui.application import Start
from followup_desktop.ui.tasks import TaskRunner
from tests.peers.cut_proxy import cut_proxy
from tests.team_logins import NOW, as_rep, team_server
from tests.ui.starts import close_start
from tests.ui.test_team_start_away import _password_changed_on_the_server, _start, _type_password
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


@pytest.mark.usefixtures("keyring_bus")
def test_a_new_password_is_said_to_last_until_quit_when_the_address_has_the_old_one(
    qtbot, started: list[Start], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(team_watch, "RETRY_S", RETRY_S)
    new_password = "ana's new pw"
    with team_server() as (admin_url, port):
        # As --database or FOLLOWUP_DATABASE give it: the password in the address, which
        # the next start tries again whatever the keyring holds.
        start = _start(started, AppPaths(tmp_path / "ana"), as_rep(port, "ana"), [], monkeypatch)
        qtbot.waitUntil(lambda: start.desk is not None, timeout=15_000)
        assert start.desk is not None and start.window is not None
        window, watch = start.window, start.desk.team_watch
        assert watch is not None and watch.sign_in is not None
        banner = watch.sign_in.banner
        # Said in the status bar, where a reminder's look may follow it.
        said: list[str] = []
        window.statusBar().messageChanged.connect(said.append)

        _password_changed_on_the_server(admin_url, "ana", new_password)
        _sessions_ended(admin_url, "ana")
        qtbot.waitUntil(banner.isVisible, timeout=10_000)
        assert (
            "The address FollowUp was started with (--database or FOLLOWUP_DATABASE) has the "
            "old password in it: one typed here works until you quit"
        ) in banner.label.text()

        _type_password(qtbot, banner, new_password)
        qtbot.waitUntil(lambda: any("until you quit" in m for m in said), timeout=10_000)
        (signed_in,) = [m for m in said if "until you quit" in m]
        assert signed_in.startswith("Signed in to the team server until you quit")
        assert "still has the old password in it" in signed_in
        assert not banner.isVisible()
        started.remove(start)
        close_start(start)  # closed while its server runs


@pytest.mark.usefixtures("keyring_bus")
def test_a_password_refused_to_a_new_connection_is_asked_for_though_the_feed_stays_open(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL ends no session when a password changes: the change feed's stays open.
    Before, a view or a write that needed a new connection was refused, and said so in
    the status bar, but the banner with its button never came while the feed lived."""
    monkeypatch.setattr(team_watch, "RETRY_S", RETRY_S)
    with team_server() as (admin_url, port):
        ana = open_services(
            AppPaths(tmp_path / "ana"), FixedClock(NOW), database=as_rep(port, "ana")
        )
        tasks = TaskRunner()
        try:
            ana.contacts.add(Contact(name="Mia Berg"))
            _window, watch = watched_window(qtbot, ana, tasks)
            assert watch.sign_in is not None
            banner = watch.sign_in.banner
            qtbot.waitUntil(tasks.idle)
            _password_changed_on_the_server(admin_url, "ana", "ana's new pw")
            ana.db.engine.pool.dispose()  # the idle connections: the next read makes one
            with pytest.raises(Exception, match="password authentication failed"):
                ana.contacts.page()
            qtbot.waitUntil(banner.isVisible, timeout=10_000)
            assert "refused your password" in banner.label.text()
        finally:
            watch.stop()
            tasks.wait()
            ana.close()
