"""A start while the team server cannot be reached (a real PostgreSQL, stopped): the
window opens anyway, shows the day as last read from the server with when it was read,
says it is waiting, and opens the team's book once the server answers. A password the
server refuses (changed there) opens the window the same way, asks for the new one, and
opens the team's book once it is typed, without a restart."""

from __future__ import annotations

import gc
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from followup_desktop.core import settings as options
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Outcome
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import open_services, today_reader
from followup_desktop.ui import application
from followup_desktop.ui.application import Start
from followup_desktop.ui.quit_signals import QuitOnSignals
from followup_desktop.ui.single_instance import SingleInstance
from followup_desktop.ui.team_password import PasswordBanner
from tests.laptop_zone import laptop_zone
from tests.postgres_server import start_server, stop_server
from tests.team_logins import NOW, PASSWORDS, as_rep, team_server
from tests.ui.starts import close_start
from tests.ui.today_rows import select_today_row, today_texts


def _start(
    started: list[Start], paths: AppPaths, url: str, exits: list[int], patch: pytest.MonkeyPatch
) -> Start:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    # The app's own exit would end every event loop of the test session after it.
    patch.setattr(app, "exit", exits.append)
    start = Start(app, paths, QuitOnSignals(app), SingleInstance(paths.data_dir), database=url)
    started.append(start)
    start.begin()
    return start


def _retrying_quietly(patch: pytest.MonkeyPatch) -> list[str]:
    """The server tried again every half second; what the app would say in an error
    dialog (which would wait for a click), listed instead."""
    patch.setattr(application, "SERVER_RETRY_S", 0.5)
    said: list[str] = []
    patch.setattr(QMessageBox, "critical", lambda _parent, _title, text: said.append(text))
    return said


def _priya_s_call_kept(
    paths: AppPaths, url: str, now: datetime, talked: datetime, agreed: datetime
) -> int:
    """Priya, talked to at ``talked`` ("Budget approved."), her call agreed for ``agreed``:
    in the day read from the server and the calls kept for later. Her id."""
    from followup_desktop.core.model import Phone
    from followup_desktop.services.session import keep_calls_for_later

    ana = open_services(paths, FixedClock(now), database=url)
    try:
        priya = ana.contacts.add(
            Contact(name="Priya Patel", company="Acme", phones=[Phone("+919876543210")])
        )
        ana.followups.log(
            priya, Outcome.CONNECTED, notes="Budget approved.", at=talked, agreed_next=agreed
        )
        assert [e.contact_name for e in today_reader(ana)(50).entries] == ["Priya Patel"]
        assert keep_calls_for_later(ana) == 1
    finally:
        ana.close()
    return priya


def _today(start: Start) -> list[str]:
    assert start.window is not None
    return today_texts(start.window)


def test_a_start_while_the_server_is_away_shows_the_day_kept_then_opens(
    qtbot, started: list[Start], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(application, "SERVER_RETRY_S", 0.3)
    paths = AppPaths(tmp_path / "ana")
    with team_server() as (_url, port):
        url = as_rep(port, "ana")
        ana = open_services(paths, FixedClock(NOW), database=url)
        ana.settings.save(ana.settings.load().with_value(options.REP_TIME_ZONE, "America/Chicago"))
        priya = ana.contacts.add(Contact(name="Priya Patel", company="Acme"))
        ana.followups.log(priya, Outcome.CONNECTED, agreed_next=NOW - timedelta(hours=1))
        assert [e.contact_name for e in today_reader(ana)(50).entries] == ["Priya Patel"]
        ana.close()

        stop_server(port)
        try:
            exits: list[int] = []
            with laptop_zone("Asia/Tokyo"):  # Ana's own zone is Chicago
                start = _start(started, paths, url, exits, monkeypatch)
                qtbot.waitUntil(lambda: start._waiting_banner is not None, timeout=10_000)
            banner = start._waiting_banner
            assert banner is not None
            qtbot.waitUntil(banner.isVisible)  # shown by its layout in the next turn
            assert "cannot be reached" in banner.text()  # type: ignore[attr-defined]
            # Read at 09:00 UTC: 03:00 Ana's time, as Today's times below it (18:00 in Tokyo).
            assert "as read from it at Mon 03:00" in banner.text()  # type: ignore[attr-defined]
            assert any("Priya Patel" in row for row in _today(start))
            window = start.window
            assert window is not None and not window.attached
            assert not window.calls_action.isEnabled()  # nothing changes until it answers
            assert gc.isenabled()  # a wait of hours, maybe: held only while modules import
        finally:
            start_server(port)
        qtbot.waitUntil(lambda: window.attached, timeout=15_000)
        assert start._waiting_banner is None and exits == []
        window.show_view(1)
        qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=10_000)
        assert window.model.summary(0).name == "Priya Patel"


def _password_changed_on_the_server(admin_url: str, login: str, password: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(admin_url)
    try:
        with engine.begin() as connection:
            quoted = password.replace("'", "''")  # ALTER ROLE takes no bound parameter
            connection.execute(text(f"ALTER ROLE {login} PASSWORD '{quoted}'"))
    finally:
        engine.dispose()


def _type_password(qtbot, banner: PasswordBanner, password: str) -> None:  # type: ignore[no-untyped-def]
    banner.button.click()
    prompt = banner.prompt
    assert prompt is not None
    qtbot.waitUntil(prompt.isVisible)
    prompt.setTextValue(password)
    prompt.accept()


@pytest.mark.usefixtures("keyring_bus")
def test_a_password_changed_on_the_server_is_asked_for_and_the_desk_opens_without_a_restart(
    qtbot, started: list[Start], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from followup_desktop.services.secrets import Secrets
    from followup_desktop.services.team import TEAM

    said = _retrying_quietly(monkeypatch)
    paths = AppPaths(tmp_path / "ana")
    new_password = "ana's new pw"
    with team_server() as (admin_url, port):
        priya = _priya_s_call_kept(paths, as_rep(port, "ana"), NOW, NOW, NOW - timedelta(hours=1))
        assert Secrets().remember_password(TEAM, "127.0.0.1", "ana", PASSWORDS["ana"])
        _password_changed_on_the_server(admin_url, "ana", new_password)
        # As Settings › Team server keeps it: no password in it, the keyring's is used.
        chosen = f"postgresql+psycopg://ana@127.0.0.1:{port}/postgres?sslmode=disable"
        exits: list[int] = []
        start = _start(started, paths, chosen, exits, monkeypatch)
        qtbot.waitUntil(lambda: start._password_banner is not None, timeout=10_000)
        banner = start._password_banner
        assert banner is not None
        qtbot.waitUntil(banner.isVisible)
        assert "The team server 127.0.0.1 refused your password (login ana)" in banner.label.text()
        assert "Its calls open" in banner.label.text()
        assert "password authentication failed" in banner.toolTip()  # the server's words
        window = start.window
        assert window is not None and not window.attached
        assert exits == [] and said == []  # the window stays, no error dialog

        # Her call, logged meanwhile, is kept on this laptop as while the server is away.
        select_today_row(window, "Priya Patel")
        qtbot.keyClick(window.today.tree, Qt.Key.Key_Return)  # her call
        qtbot.waitUntil(lambda: window.call_window(priya) is not None, timeout=10_000)
        call = window.call_window(priya)
        assert call is not None and call.desk.kept
        qtbot.keyClicks(call.notes, "Left a message with her assistant")
        call.choose_outcome(Outcome.NO_ANSWER)
        qtbot.waitUntil(call.plan.accept_button.isEnabled, timeout=10_000)
        call.plan.accept_button.click()
        qtbot.waitUntil(lambda: window.call_window(priya) is None, timeout=10_000)
        assert "Kept on this laptop" in window.statusBar().currentMessage()

        _type_password(qtbot, banner, "not it either")
        qtbot.waitUntil(
            lambda: "refused the password you typed" in banner.label.text(), timeout=10_000
        )
        assert banner.button.isEnabled() and not window.attached and exits == []

        _type_password(qtbot, banner, new_password)
        qtbot.waitUntil(lambda: window.attached, timeout=15_000)
        assert start._password_banner is None and exits == [] and said == []
        assert "the new password is kept in the system keyring" in (
            window.statusBar().currentMessage()
        )
        # The next start (and the command line) signs in with it.
        assert Secrets().password(TEAM, "127.0.0.1", "ana") == new_password
        with_new = f"postgresql+psycopg://ana:{quote(new_password)}@127.0.0.1:{port}/postgres"
        check = open_services(AppPaths(tmp_path / "check"), database=f"{with_new}?sslmode=disable")
        try:

            def on_server() -> list[str]:
                return [e.detail for e in check.followups.history(priya) if e.detail]

            # Written by the desk once signed in, once.
            qtbot.waitUntil(
                lambda: "Left a message with her assistant" in on_server(), timeout=15_000
            )
            assert on_server().count("Left a message with her assistant") == 1
        finally:
            check.close()
            started.remove(start)
            close_start(start)  # closed while its server runs


def test_a_refusal_a_password_cannot_change_is_said_at_once(
    qtbot, started: list[Start], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: said.append(text))
    with team_server() as (_url, port):
        elsewhere = as_rep(port, "ana").replace("/postgres?", "/no_such_book?")
        exits: list[int] = []
        start = _start(started, AppPaths(tmp_path / "ana"), elsewhere, exits, monkeypatch)
        qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert "has no database by that name" in said[0]
    assert exits == [1]  # the app ends: trying again, or another password, would not help
    assert start._waiting_banner is None and start._password_banner is None


def _zone_at_midday() -> str:
    """A zone where it is far from midnight now: the call planted below is today there."""
    from datetime import UTC
    from zoneinfo import ZoneInfo

    now = datetime.now(UTC)
    zones = ("Europe/Paris", "America/New_York", "Asia/Tokyo", "Pacific/Honolulu")
    return next(z for z in zones if 3 <= now.astimezone(ZoneInfo(z)).hour <= 20)


def test_the_kept_day_s_calls_still_remind_and_not_twice_once_it_answers(
    qtbot, started: list[Start], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC

    from followup_desktop.core import settings as options
    from followup_desktop.core.reminders import Moment
    from followup_desktop.services.reminders import Due

    said = _retrying_quietly(monkeypatch)
    paths = AppPaths(tmp_path / "ana")
    with team_server() as (_url, port):
        url = as_rep(port, "ana")
        now = datetime.now(UTC)
        ana = open_services(paths, FixedClock(now), database=url)
        chosen = ana.settings.load().with_value(options.REP_TIME_ZONE, _zone_at_midday())
        ana.settings.save(chosen.with_value(options.REMINDER_LEAD_MIN, 15))
        priya = ana.contacts.add(Contact(name="Priya Patel", company="Acme"))
        # Her call's "in 15 minutes" reminder falls 4 s after the start below.
        due = now + timedelta(minutes=15, seconds=4)
        ana.followups.log(priya, Outcome.CONNECTED, agreed_next=due)
        assert [e.contact_name for e in today_reader(ana)(50).entries] == ["Priya Patel"]
        ana.close()

        stop_server(port)
        looks: list[Due] = []
        try:
            start = _start(started, paths, url, [], monkeypatch)
            qtbot.waitUntil(lambda: start._kept_timer is not None, timeout=10_000)
            assert start._kept_timer is not None
            start._kept_timer.checked.connect(looks.append)
            qtbot.waitUntil(lambda: any(d.decision.show for d in looks), timeout=15_000)
            (shown,) = [r for d in looks for r in d.decision.show]
            assert shown.subject.contact_name == "Priya Patel" and shown.moment is Moment.LEAD
            assert any(
                "Priya Patel" in n.title or "Priya Patel" in n.body
                for d in looks
                for n in d.notices
            )
            window = start.window
            assert window is not None and not window.attached
        finally:
            start_server(port)
        qtbot.waitUntil(lambda: window.attached or bool(said), timeout=15_000)
        assert said == [] and start._kept_timer is None  # the desk's reminders from here
        services = start.services
        assert services is not None
        again = services.reminders.due_now()
        assert [r for r in again.decision.show if r.subject.id == shown.subject.id] == []


def test_a_start_while_the_server_is_away_opens_the_day_s_calls_and_keeps_what_is_logged(
    qtbot, started: list[Start], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    said = _retrying_quietly(monkeypatch)
    paths = AppPaths(tmp_path / "ana")
    with team_server() as (_url, port):
        url = as_rep(port, "ana")
        priya = _priya_s_call_kept(paths, url, NOW, NOW, NOW - timedelta(hours=1))

        stop_server(port)
        try:
            start = _start(started, paths, url, [], monkeypatch)
            qtbot.waitUntil(lambda: start._waiting_banner is not None, timeout=10_000)
            assert "Its calls open" in start._waiting_banner.text()  # type: ignore[union-attr]
            window = start.window
            assert window is not None
            select_today_row(window, "Priya Patel")
            qtbot.keyClick(window.today.tree, Qt.Key.Key_Return)  # as a double-click: the call
            qtbot.waitUntil(lambda: window.call_window(priya) is not None, timeout=10_000)
            call = window.call_window(priya)
            assert call is not None and call.desk.kept
            assert call.sheet.confirm == ("Budget approved",)  # what was said last time
            assert not call.pages.invite_button.isEnabled()  # made from what the server stores
            qtbot.keyClicks(call.notes, "Rang out twice")
            call.choose_outcome(Outcome.NO_ANSWER)
            qtbot.waitUntil(call.plan.accept_button.isEnabled, timeout=10_000)  # the plan
            # The engine's word on it, from the kept history: her agreed call is Monday.
            assert "agreed for Mon 7 Dec" in call.plan.steps.text()
            call.plan.accept_button.click()
            qtbot.waitUntil(lambda: window.call_window(priya) is None, timeout=10_000)
            assert "Kept on this laptop" in window.statusBar().currentMessage()
            assert not window.attached
        finally:
            start_server(port)
        qtbot.waitUntil(lambda: window.attached or bool(said), timeout=15_000)
        assert said == []
        check = open_services(AppPaths(tmp_path / "check"), database=url)
        try:

            def on_server() -> list[str]:
                return [e.detail for e in check.followups.history(priya) if e.detail]

            # Written by the desk once it reached the server, once.
            qtbot.waitUntil(lambda: "Rang out twice" in on_server(), timeout=15_000)
            assert on_server().count("Rang out twice") == 1
        finally:
            check.close()
            # Closed while its server runs: its desk would read from one that is gone.
            started.remove(start)
            close_start(start)


def test_start_calls_while_the_server_is_away_goes_through_the_kept_day_s_calls(
    qtbot, started: list[Start], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC

    said = _retrying_quietly(monkeypatch)
    paths = AppPaths(tmp_path / "ana")
    # The app runs on the system clock: the call is agreed for a minute ago, now.
    moment = datetime.now(UTC)
    with team_server() as (_url, port):
        url = as_rep(port, "ana")
        priya = _priya_s_call_kept(
            paths, url, moment, moment - timedelta(days=2), moment - timedelta(minutes=1)
        )

        stop_server(port)
        try:
            start = _start(started, paths, url, [], monkeypatch)
            qtbot.waitUntil(lambda: start._waiting_banner is not None, timeout=10_000)
            window = start.window
            assert window is not None
            window.calls_action.trigger()  # Ctrl+Shift+C
            qtbot.waitUntil(lambda: window.call_window(priya) is not None, timeout=10_000)
            call = window.call_window(priya)
            assert call is not None and call.desk.kept
            qtbot.waitUntil(lambda: window.call_queue.bar is not None)
            assert window.call_queue.window is call  # the queue's strip on the call
            call.choose_outcome(Outcome.NO_ANSWER)
            qtbot.waitUntil(call.plan.accept_button.isEnabled, timeout=10_000)
            call.plan.accept_button.click()
            qtbot.waitUntil(lambda: window.call_window(priya) is None, timeout=10_000)
            # The list is done: one call made, on this laptop until the server is back.
            qtbot.waitUntil(lambda: not window.call_queue.running, timeout=10_000)
            assert window.call_queue.last is not None and window.call_queue.last.called == 1
            assert not window.attached
        finally:
            start_server(port)
        qtbot.waitUntil(lambda: window.attached or bool(said), timeout=15_000)
        assert said == []
        started.remove(start)
        close_start(start)  # closed while its server runs


def test_the_waiting_banner_says_when_the_day_was_read_in_the_reps_zone() -> None:
    with laptop_zone("Asia/Tokyo"):  # the laptop's zone, not the rep's
        said = application.waiting_text(NOW, "America/Chicago")
    assert "as read from it at Mon 03:00; nothing can be changed" in said
