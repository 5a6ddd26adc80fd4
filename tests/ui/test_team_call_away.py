"""The team server goes away in the middle of the day (a real PostgreSQL, stopped) while a
call screen is open: the rep still logs the call she just made, it is kept on this
laptop and reaches the server once, with its next step planned there."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QApplication

from followup_desktop.core import steps
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, FollowUpKind, Outcome, Phone
from followup_desktop.services import kept_calls
from followup_desktop.services.call_requests import LogCall
from followup_desktop.services.session import Services, send_kept
from followup_desktop.ui import error_dialog, team_watch
from followup_desktop.ui.desk import Desk
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.tasks import TaskRunner
from tests.desktop_session import desktop_session, wait_until
from tests.postgres_server import start_server, stop_server
from tests.team_logins import NOW
from tests.ui.test_notices_follow_their_calls import look
from tests.ui.test_team_watch import watched_window


def test_a_no_answer_chosen_once_the_server_went_away_is_kept_and_sent_once(
    qtbot, team: tuple[int, Services, Services], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(team_watch, "RETRY_S", 0.3)
    port, ana, _maria = team
    john = ana.contacts.add(Contact(name="John Smith", phones=[Phone("+4722123456")]))
    tasks = TaskRunner()
    window, watch = watched_window(qtbot, ana, tasks)
    try:
        window.open_call_screen(john)
        qtbot.waitUntil(lambda: window.call_window(john) is not None, timeout=10_000)
        call = window.call_window(john)
        assert call is not None
        qtbot.keyClicks(call.notes, "Rang at 10, nobody picked up")
        stop_server(port)
        try:
            call.choose_outcome(Outcome.NO_ANSWER)
            plan = call.pages.plan
            qtbot.waitUntil(plan.accept_button.isEnabled, timeout=10_000)
            said = plan.steps.text()
            assert "The team server cannot be reached" in said
            assert "planned when the call reaches the server" in said
            assert not call.problem.isVisible()
            plan.accept_button.click()
            qtbot.waitUntil(lambda: window.call_window(john) is None, timeout=10_000)
            assert "Kept on this laptop: John Smith's call" in window.statusBar().currentMessage()
        finally:
            start_server(port)
        qtbot.waitUntil(
            lambda: (
                window.statusBar().currentMessage()
                == "1 call kept on this laptop is now on the team server."
            ),
            timeout=15_000,
        )
        history = [e.detail for e in ana.followups.history(john)]
        assert history.count("Rang at 10, nobody picked up") == 1
        # The server planned the ladder's next try, as a call logged online would.
        assert [f.step for f in ana.followups.open_for(john)] == ["call-again"]
    finally:
        watch.stop()
        tasks.wait()


def test_a_call_or_a_contact_opened_while_the_server_is_away_is_said_in_words(
    qtbot, team: tuple[int, Services, Services], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    port, ana, _maria = team
    eve = ana.contacts.add(Contact(name="Eve Kim", company="Stripe"))
    reports: list[str] = []
    monkeypatch.setattr(error_dialog, "show_error", lambda summary, *_args: reports.append(summary))
    tasks = TaskRunner()
    window, watch = watched_window(qtbot, ana, tasks)
    said = window.statusBar().currentMessage
    try:
        window.show_view(1)
        qtbot.waitUntil(lambda: window.model.row_of(eve) is not None, timeout=10_000)
        stop_server(port)
        try:
            window.open_call_screen(eve)
            qtbot.waitUntil(lambda: said().startswith("Cannot open the call"), timeout=10_000)
            assert said() == (
                "Cannot open the call: the team server cannot be reached just now. "
                "Try again once it is back."
            )
            # The lists read again meanwhile (the minute's look, a colleague's change):
            # they keep what they showed, and what she was just told stays said.
            window.today.reload()
            window.refresh(keep_rows=True)
            qtbot.waitUntil(tasks.idle, timeout=10_000)
            assert said().startswith("Cannot open the call")
            assert window.model.row_of(eve) is not None
            window.editing.edit(eve)
            qtbot.waitUntil(lambda: "could not be opened" in said(), timeout=10_000)
            assert "the team server cannot be reached just now" in said()
            assert "OperationalError" not in said()
            assert reports == []  # no report to send: nothing went wrong in FollowUp
        finally:
            start_server(port)
        # Once the server is back, both open as usual.
        window.open_call_screen(eve)
        qtbot.waitUntil(lambda: window.call_window(eve) is not None, timeout=10_000)
    finally:
        watch.stop()
        tasks.wait()


def test_a_step_opened_while_the_server_is_away_says_it_did_not_open(
    qtbot, team: tuple[int, Services, Services], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Before: opening a step from Today read "nothing was written", as if she had saved
    something; a write that fails still says so."""
    port, ana, _maria = team
    eve = ana.contacts.add(Contact(name="Eve Kim", phones=[Phone("+4722123456")]))
    (retry,) = [f.id for f in ana.followups.log(eve, Outcome.NO_ANSWER).created]
    reports: list[str] = []
    monkeypatch.setattr(error_dialog, "show_error", lambda summary, *_args: reports.append(summary))
    tasks = TaskRunner()
    window, watch = watched_window(qtbot, ana, tasks)
    said = window.statusBar().currentMessage
    try:
        stop_server(port)
        try:
            window.open_follow_up(eve, retry)
            qtbot.waitUntil(lambda: said().startswith("Cannot open it"), timeout=10_000)
            assert said() == (
                "Cannot open it: the team server cannot be reached just now. "
                "Try again once it is back."
            )
            assert window.call_window(eve) is None
            window.away.apply()  # a write: Settings saved
            qtbot.waitUntil(lambda: "nothing was written" in said(), timeout=10_000)
            assert said() == (
                "The team server cannot be reached just now; nothing was written. "
                "Try again once it is back."
            )
            assert reports == []
        finally:
            start_server(port)
    finally:
        watch.stop()
        tasks.wait()


def test_a_call_logged_while_the_server_is_away_takes_its_reminder_off_the_screen(
    qtbot,
    team: tuple[int, Services, Services],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    """As when the server is there: the call is kept on this laptop, and its notice goes
    at once; before, it stayed on screen until the server was back."""
    port, ana, _maria = team
    clock = ana.clock
    assert isinstance(clock, FixedClock)
    call_at = NOW + timedelta(hours=1)
    john = ana.contacts.add(Contact(name="John Smith", phones=[Phone("+4722123456")]))
    result = ana.followups.log(john, Outcome.CONNECTED, NOW, agreed_next=call_at)
    (agreed,) = [f.id for f in result.created if f.agreed]
    with desktop_session(tmp_path / "desktop", tray=False) as desktop:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", desktop.bus_address)
        tasks = TaskRunner()
        window = MainWindow(ana, tasks)
        qtbot.addWidget(window)
        window.show()
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        desk = Desk(app, window, ana, tasks)
        try:
            qtbot.waitUntil(lambda: desk.center.names[:1] == ["dbus"], timeout=10_000)
            clock.set(call_at - timedelta(minutes=15))
            look(qtbot, desk)
            wait_until(lambda: desktop.displayed() == 1, "the call's reminder")
            qtbot.waitUntil(lambda: desk.center.on_screen() != set(), timeout=10_000)
            window.open_follow_up(john, agreed)
            qtbot.waitUntil(lambda: window.call_window(john) is not None, timeout=10_000)
            call = window.call_window(john)
            assert call is not None
            stop_server(port)
            try:
                call.choose_outcome(Outcome.NO_ANSWER)
                plan = call.pages.plan
                qtbot.waitUntil(plan.accept_button.isEnabled, timeout=10_000)
                plan.accept_button.click()
                qtbot.waitUntil(lambda: window.call_window(john) is None, timeout=10_000)
                assert "Kept on this laptop" in window.statusBar().currentMessage()
                # The reminders' look the logged call asked for lands on this thread
                # (the Qt loop turning), then the notice is closed on the bus.
                qtbot.waitUntil(lambda: desk.center.on_screen() == set(), timeout=20_000)
                wait_until(lambda: desktop.displayed() == 0, "the reminder to leave the screen")
            finally:
                start_server(port)
        finally:
            desk.stop()
            tasks.wait()


def test_a_call_agreed_while_the_server_is_away_reminds_and_its_notice_opens_the_call(
    qtbot,
    team: tuple[int, Services, Services],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    """The server went away after the start; John agreed on the call to a time that
    afternoon. Before, nothing reminded of it until the server was back; now its "in
    15 min" notice comes, and a click on it, once the call is on the server, opens
    John's call (not "no longer planned")."""
    port, ana, _maria = team
    clock = ana.clock
    assert isinstance(clock, FixedClock)
    john = ana.contacts.add(Contact(name="John Smith", phones=[Phone("+4722123456")]))
    agreed = NOW + timedelta(hours=4)
    with desktop_session(tmp_path / "desktop", tray=False) as desktop:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", desktop.bus_address)
        tasks = TaskRunner()
        window = MainWindow(ana, tasks)
        qtbot.addWidget(window)
        window.show()
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        desk = Desk(app, window, ana, tasks)
        try:
            qtbot.waitUntil(lambda: desk.center.names[:1] == ["dbus"], timeout=10_000)
            look(qtbot, desk)  # the agenda read while the server answers
            stop_server(port)
            try:
                call = LogCall(john, Outcome.CONNECTED, agreed_next=agreed, contact_name="John")
                assert ana.calls.log_call(call).kept
                clock.set(agreed - timedelta(minutes=15))
                look(qtbot, desk)
                wait_until(lambda: desktop.displayed() == 1, "the agreed call's reminder")
            finally:
                start_server(port)
            assert send_kept(ana).sent == 1
            desktop.click()
            qtbot.waitUntil(lambda: window.call_window(john) is not None, timeout=10_000)
            assert "no longer planned" not in window.statusBar().currentMessage()
        finally:
            desk.stop()
            tasks.wait()


def test_a_not_now_moved_to_her_own_time_while_the_server_is_away_reminds_of_that_time(
    qtbot, team: tuple[int, Services, Services]
) -> None:  # type: ignore[no-untyped-def]
    """The plan was read, then the server went away: she moves the call again to 15:30
    and logs it. What the time is for is kept with the call, so it reminds 15 minutes
    ahead while the server is still away (before, nothing did)."""
    port, ana, _maria = team
    clock = ana.clock
    assert isinstance(clock, FixedClock)
    john = ana.contacts.add(Contact(name="John Smith", phones=[Phone("+4722123456")]))
    ana.reminders.mark_fired(ana.reminders.due_now())  # the agenda read while it answers
    tasks = TaskRunner()
    window = MainWindow(ana, tasks)
    qtbot.addWidget(window)
    window.show()
    try:
        window.open_call_screen(john)
        qtbot.waitUntil(lambda: window.call_window(john) is not None, timeout=10_000)
        call = window.call_window(john)
        assert call is not None
        call.choose_outcome(Outcome.NOT_NOW)
        plan = call.pages.plan
        qtbot.waitUntil(plan.accept_button.isEnabled, timeout=10_000)
        stop_server(port)
        try:
            plan.change.setChecked(True)
            qtbot.keyClicks(plan.when, "15:30")
            plan.accept_button.click()
            qtbot.waitUntil(lambda: window.call_window(john) is None, timeout=10_000)
            assert "Kept on this laptop" in window.statusBar().currentMessage()
            (kept,) = kept_calls.planned_here(ana.calls.outbox)
            assert (kept.kind, kept.step) == (FollowUpKind.CALL, steps.NOT_NOW)
            assert kept.due_at.astimezone(ZoneInfo(ana.settings.rep_zone())).hour == 15
            clock.set(kept.due_at - timedelta(minutes=15))
            (notice,) = ana.reminders.due_now().notices
            assert notice.contact_id == john and notice.title.startswith("Call John Smith at")
        finally:
            start_server(port)
    finally:
        tasks.wait()
