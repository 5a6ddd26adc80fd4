"""A reminder's notification lives as long as what it reminds of: the call's "now"
notice takes the place of its "in 15 min" one, and the notice leaves the screen once the
call is logged, moved, snoozed or cancelled (a group's lists those left meanwhile); a
click on one whose call was logged in the meantime says so rather than opening a call
already made. The real window and store, on a private D-Bus session with dunst, as the
tray tests use."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Outcome
from followup_desktop.services.session import Services
from followup_desktop.ui.desk import Desk
from followup_desktop.ui.main_window import MainWindow
from tests.desktop_session import DesktopSession, desktop_session, wait_until

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 09:00 in Paris
CALL_AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 in Paris, 11:00 in Helsinki
TITLE = "Call Jane Smith at 10:00 (their 11:00)"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def desktop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DesktopSession]:
    with desktop_session(tmp_path / "desktop", tray=False) as session:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", session.bus_address)
        yield session


@pytest.fixture
def desk(qtbot, desktop: DesktopSession, window: MainWindow, services: Services) -> Iterator[Desk]:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    desk = Desk(app, window, services, window.tasks)
    qtbot.waitUntil(lambda: desk.center.names[:1] == ["dbus"], timeout=10_000)
    yield desk
    desk.stop()


def agree_call(services: Services) -> tuple[int, int]:
    contact_id = services.contacts.add(
        Contact(name="Jane Smith", company="Acme, Inc.", time_zone="Europe/Helsinki")
    )
    result = services.followups.log(
        contact_id, Outcome.CONNECTED, NOW, agreed_next=CALL_AT, objective="review the proposal"
    )
    (follow_up,) = [f for f in result.created if f.step == "agreed-call"]
    assert follow_up.id is not None
    return contact_id, follow_up.id


def look(qtbot, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    """One look of the reminder timer, as its minute poll makes, to its end."""
    looks: list[object] = []
    desk.timer.checked.connect(looks.append)
    desk.timer.check()
    qtbot.waitUntil(lambda: looks != [], timeout=10_000)
    desk.timer.checked.disconnect(looks.append)


def ours(desktop: DesktopSession) -> list[tuple[str, str]]:
    """Every FollowUp notification dunst has shown, once all are closed."""
    desktop.dunstctl("close-all")
    return [
        (item["summary"], item["body"])
        for item in desktop.notifications_history()
        if item["appname"] == "FollowUp"
    ]


def test_the_call_now_takes_the_place_of_its_in_15_min_notice(
    qtbot, desk: Desk, desktop: DesktopSession, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    agree_call(services)
    watch = desktop.watch_notifications()
    clock.set(CALL_AT - timedelta(minutes=15))
    look(qtbot, desk)
    wait_until(lambda: desktop.displayed() == 1, "the 15-minute reminder")
    qtbot.waitUntil(lambda: desk.center.on_screen() != set(), timeout=10_000)
    clock.set(CALL_AT)
    look(qtbot, desk)
    wait_until(lambda: [c["id"] is not None for c in watch.calls] == [True, True], "both")
    watch.close()
    assert desktop.displayed() == 1
    assert ours(desktop) == [(TITLE, "review the proposal\nnow · Acme, Inc.")]


def logged(services: Services, contact_id: int, follow_up_id: int) -> None:
    services.followups.log(contact_id, Outcome.CONNECTED, follow_up_id=follow_up_id)


def moved(services: Services, _contact_id: int, follow_up_id: int) -> None:
    services.followups.move(follow_up_id, CALL_AT + timedelta(hours=3))


def cancelled(services: Services, _contact_id: int, follow_up_id: int) -> None:
    services.day.skip(follow_up_id, "they wrote back instead")


def snoozed(services: Services, _contact_id: int, follow_up_id: int) -> None:
    services.reminders.snooze(follow_up_id, 10)


@pytest.mark.parametrize("done", [logged, moved, cancelled, snoozed])
def test_a_notice_leaves_the_screen_once_its_call_is_done_with(
    qtbot,
    desk: Desk,
    desktop: DesktopSession,
    services: Services,
    clock: FixedClock,
    done: Callable[[Services, int, int], None],
) -> None:  # type: ignore[no-untyped-def]
    contact_id, follow_up_id = agree_call(services)
    clock.set(CALL_AT - timedelta(minutes=15))
    look(qtbot, desk)
    wait_until(lambda: desktop.displayed() == 1, "the reminder")
    qtbot.waitUntil(lambda: desk.center.on_screen() != set(), timeout=10_000)
    done(services, contact_id, follow_up_id)  # here or elsewhere: the next look sees it
    clock.set(CALL_AT - timedelta(minutes=14))
    look(qtbot, desk)
    wait_until(lambda: desktop.displayed() == 0, "the reminder to leave the screen")
    assert desk.center.on_screen() == set()


def test_a_click_on_a_notice_whose_call_was_logged_meanwhile_says_so(
    qtbot, desk: Desk, desktop: DesktopSession, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    contact_id, follow_up_id = agree_call(services)
    clock.set(CALL_AT - timedelta(minutes=15))
    look(qtbot, desk)
    wait_until(lambda: desktop.displayed() == 1, "the reminder")
    qtbot.waitUntil(lambda: desk.center.on_screen() != set(), timeout=10_000)
    # Logged from the command line; the rep clicks before the next look.
    logged(services, contact_id, follow_up_id)
    desktop.click()
    qtbot.waitUntil(
        lambda: desk.window.statusBar().currentMessage() == f"{TITLE}: already logged.",
        timeout=10_000,
    )
    assert desk.window.call_window(contact_id) is None


def test_a_grouped_notice_lists_the_calls_left_and_leaves_once_none_is(
    qtbot, desk: Desk, desktop: DesktopSession, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    """Four calls at 10:00 come as one notice. It stayed as it was until all four were
    logged, listing calls already made; now each call logged leaves the rest said."""
    names = ("Ann Lee", "Bob Park", "Cy Ode", "Di Fox")
    calls: list[tuple[int, int]] = []
    for name in names:
        contact_id = services.contacts.add(Contact(name=name, time_zone="Europe/Paris"))
        result = services.followups.log(contact_id, Outcome.CONNECTED, NOW, agreed_next=CALL_AT)
        (follow_up,) = [f for f in result.created if f.step == "agreed-call"]
        assert follow_up.id is not None
        calls.append((contact_id, follow_up.id))
    watch = desktop.watch_notifications()
    clock.set(CALL_AT - timedelta(minutes=15))
    look(qtbot, desk)
    wait_until(lambda: desktop.displayed() == 1, "the grouped reminder")
    qtbot.waitUntil(lambda: len(desk.center.on_screen()) == 4, timeout=10_000)
    assert watch.calls[0]["summary"] == "4 reminders due now"
    for contact_id, follow_up_id in calls[:2]:
        logged(services, contact_id, follow_up_id)
    clock.set(CALL_AT - timedelta(minutes=14))
    look(qtbot, desk)
    qtbot.waitUntil(lambda: len(desk.center.on_screen()) == 2, timeout=10_000)
    said = wait_until(lambda: len(watch.calls) == 2 and watch.calls[1], "the notice said again")
    agreed = " — the call they agreed to"
    assert (said["summary"], said["body"]) == (
        "2 reminders due now",
        f"Call Cy Ode at 10:00{agreed}\nCall Di Fox at 10:00{agreed}",
    )
    assert desktop.displayed() == 1  # in the place of the first, not one more
    for contact_id, follow_up_id in calls[2:]:
        logged(services, contact_id, follow_up_id)
    clock.set(CALL_AT - timedelta(minutes=13))
    look(qtbot, desk)
    wait_until(lambda: desktop.displayed() == 0, "the notice to leave once all are logged")
    assert desk.center.on_screen() == set()
    watch.close()
