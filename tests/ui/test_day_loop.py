"""A rep's day, worked to an empty Today with the keyboard only, in a real X window: calls
on the call screen, a nudge e-mail marked sent from its draft, a series e-mail sent, a
promise delivered, a visit, their call and their reply logged from the row, a step
skipped with a reason and one moved; every outcome checked as stored; Undo takes one back.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog
from sqlalchemy import select

from followup_desktop.core import settings as options
from followup_desktop.core import steps
from followup_desktop.core.cadence import CommitmentRequest
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import (
    Contact,
    Email,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Outcome,
)
from followup_desktop.services.session import Services
from followup_desktop.store import followups_repo
from followup_desktop.store.schema import CommitmentRow, TouchRow
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.today_actions import RescheduleDialog
from tests.rep_desk import rep_services

FRIDAY = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)  # Monday, 16:30 for the rep in Paris
AGREED = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(FRIDAY)


@pytest.fixture
def services(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FixedClock
) -> Iterator[Services]:
    with rep_services(tmp_path, monkeypatch, clock, "Sam Rivers") as opened:
        opened.settings.save(opened.settings.load().with_value(options.REP_EMAIL, "sam@x.org"))
        yield opened


def person(services: Services, name: str) -> int:
    first = name.split()[0].lower()
    return services.contacts.add(
        Contact(name=name, time_zone="Europe/Paris", emails=[Email(f"{first}@example.org")])
    )


def seed_day(services: Services, clock: FixedClock) -> dict[str, int]:
    """Twelve items in Monday's Today, each made the way the engine makes it."""
    ids = {}
    for name in ("Ana", "Ben", "Chloe", "Dev", "Eve", "Finn", "Jo", "Lea"):
        ids[name] = person(services, f"{name} Example")
        services.followups.log(ids[name], Outcome.NO_ANSWER, FRIDAY)  # call again Monday
    ids["Ivan"] = person(services, "Ivan Example")
    services.followups.log(
        ids["Ivan"],
        Outcome.CONNECTED,
        FRIDAY,
        commitment=CommitmentRequest("the pilot proposal", NOW - timedelta(hours=3)),
    )
    ids["Kai"] = person(services, "Kai Example")
    services.followups.log(
        ids["Kai"], Outcome.CONNECTED, FRIDAY, agreed_next=NOW + timedelta(minutes=30)
    )
    ids["Gus"] = person(services, "Gus Example")
    services.followups.log(ids["Gus"], Outcome.CONNECTED, FRIDAY, agreed_next=AGREED)
    clock.set(AGREED)
    services.followups.log(ids["Gus"], Outcome.NO_ANSWER, AGREED)
    clock.set(AGREED + timedelta(minutes=15))
    services.followups.log(ids["Gus"], Outcome.NO_ANSWER, AGREED + timedelta(minutes=15))
    ids["Hana"] = person(services, "Hana Example")
    with services.db.writing() as session:  # the third step of a voicemail series
        followups_repo.add_follow_up(
            session,
            FollowUp(
                ids["Hana"],
                FollowUpKind.EMAIL,
                f"{steps.SERIES_EMAIL_PREFIX}1",
                NOW - timedelta(hours=7),
            ),
        )
    clock.set(NOW)
    return ids


def today_rows(window: MainWindow) -> list[str]:
    tree = window.today.tree
    rows = []
    for index in range(tree.topLevelItemCount()):
        row = tree.topLevelItem(index).data(0, 0x0100 + 3)
        if row is not None:
            rows.append(row.who)
    return rows


def go_to(qtbot, window: MainWindow, who: str) -> None:  # type: ignore[no-untyped-def]
    """Down the list with the arrow keys to ``who``'s row."""
    tree = window.today.tree
    window.activateWindow()
    qtbot.waitActive(window)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Home)
    for _ in range(40):
        row = tree.current_row()
        if row is not None and row.who == who:
            return
        qtbot.keyClick(tree, Qt.Key.Key_Down)
    raise AssertionError(f"{who} is not in Today: {today_rows(window)}")


def gone(qtbot, window: MainWindow, who: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: who not in today_rows(window) and not window.today.loading)
    window.tasks.wait()


def open_window(qtbot, services: Services) -> MainWindow:  # type: ignore[no-untyped-def]
    from followup_desktop.ui.tasks import TaskRunner

    window = MainWindow(services, TaskRunner())
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()  # Xvfb has no window manager: shortcuts need an active window
    qtbot.waitActive(window)
    return window


def on_next_dialog(act) -> None:  # type: ignore[no-untyped-def]
    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, poll)
            return
        act(dialog)

    QTimer.singleShot(0, poll)


def call_screen(qtbot, window: MainWindow, who: str, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    go_to(qtbot, window, who)
    contact = window.today.tree.current_row().contact_id
    qtbot.keyClick(window.today.tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.call_window(contact) is not None)  # read on a worker
    call = window.call_window(contact)
    assert call is not None, f"Enter on {who}'s call opens the call screen"
    qtbot.waitExposed(call)
    call.activateWindow()
    qtbot.waitUntil(call.isActiveWindow)
    qtbot.keyClick(call, key)
    qtbot.waitUntil(call.plan.accept_button.isEnabled)  # the plan, read on a worker
    qtbot.keyClick(call.plan.accept_button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.call_window(contact) is None)
    gone(qtbot, window, who)


def touches(services: Services, contact_id: int) -> list[tuple[str, str]]:
    with services.db.reading() as session:
        return [
            (t.outcome, t.notes)
            for t in session.scalars(
                select(TouchRow).where(TouchRow.contact_id == contact_id).order_by(TouchRow.id)
            )
        ]


def test_a_day_of_twelve_items_is_worked_to_an_empty_today_with_the_keyboard(
    qtbot, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    ids = seed_day(services, clock)
    window = open_window(qtbot, services)
    qtbot.waitUntil(lambda: window.today.count == 12 and not window.today.loading)
    assert sorted(today_rows(window)) == sorted(f"{n} Example" for n in ids)
    tree = window.today.tree

    # Calls, on the call screen.
    call_screen(qtbot, window, "Ana Example", Qt.Key.Key_N)
    call_screen(qtbot, window, "Ben Example", Qt.Key.Key_L)
    call_screen(qtbot, window, "Lea Example", Qt.Key.Key_N)

    # From the row: a visit, their call, their reply.
    for who, key in (
        ("Chloe Example", Qt.Key.Key_V),
        ("Dev Example", Qt.Key.Key_I),
        ("Jo Example", Qt.Key.Key_Y),
    ):
        go_to(qtbot, window, who)
        qtbot.keyClick(tree, key)
        gone(qtbot, window, who)
    # With what the rules say to do next: nothing is planned after a reply, it is answered.
    assert window.today.undo_bar.text.text() == (
        "Their reply logged for Jo Example · "
        "They replied: answer with a few times and log the one they pick."
    )

    # A promise: Enter offers what can be done with it; D delivers.
    go_to(qtbot, window, "Ivan Example")
    qtbot.keyClick(tree, Qt.Key.Key_D)
    gone(qtbot, window, "Ivan Example")
    # In the history's words: what was promised, not the row's "Promise due" label.
    assert window.today.undo_bar.text.text() == "Delivered: the pilot proposal for Ivan Example"

    # The series e-mail, sent.
    go_to(qtbot, window, "Hana Example")
    assert [b.text() for b in window.today.actions_bar.buttons][:3] == [
        "Draft (Enter)",
        "Sent (S)",
        "Reschedule… (R)",
    ]
    qtbot.keyClick(tree, Qt.Key.Key_S)
    gone(qtbot, window, "Hana Example")

    # The nudge: Enter opens its draft; sent from the mail program, marked sent there.
    go_to(qtbot, window, "Gus Example")
    assert tree.current_row().kind is FollowUpKind.EMAIL
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(window.drafts) == 1)  # its kind read on a worker
    (draft,) = window.drafts
    qtbot.waitExposed(draft)
    qtbot.waitUntil(lambda: not draft.reading)
    assert draft.sent_button.isVisible()
    qtbot.mouseClick(draft.sent_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Gus Example" not in today_rows(window) or window.today.count == 0)
    window.tasks.wait()

    # Skipped with a reason.
    go_to(qtbot, window, "Finn Example")

    def give_reason(dialog: QInputDialog) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("on holiday until December")
        dialog.accept()

    on_next_dialog(give_reason)
    qtbot.keyClick(tree, Qt.Key.Key_K)
    gone(qtbot, window, "Finn Example")

    # Moved to tomorrow, twice: the agreed call and the last retry.
    for who in ("Kai Example", "Eve Example"):
        go_to(qtbot, window, who)

        def tomorrow(dialog: RescheduleDialog) -> None:
            assert isinstance(dialog, RescheduleDialog)
            dialog.when.setText("tomorrow 10:00")
            dialog.accept()

        on_next_dialog(tomorrow)
        qtbot.keyClick(tree, Qt.Key.Key_R)
        gone(qtbot, window, who)

    qtbot.waitUntil(lambda: window.today.count == 0)
    assert window.today.stack.currentWidget() is window.today.empty

    # What is stored, contact by contact.
    def last(name: str) -> tuple[str, str]:
        return touches(services, ids[name])[-1]

    assert last("Ana")[0] == "no-answer" and last("Lea")[0] == "no-answer"
    assert last("Ben")[0] == "not-now"
    assert last("Chloe")[0] == "visit"
    assert last("Dev")[0] == "inbound"
    assert last("Jo")[0] == "replied"
    assert last("Ivan") == ("note", "Delivered: the pilot proposal")
    assert last("Hana") == (
        "email-sent",
        "E-mail sent: Sorry-I-missed-you e-mail 1 (voicemail series)",
    )
    assert last("Gus")[0] == "email-sent"
    assert last("Finn") == ("note", "Skipped: Call again. Why: on holiday until December")
    with services.db.reading() as session:
        (promise,) = session.scalars(select(CommitmentRow))
        assert (promise.state, promise.delivered_at) == ("delivered", NOW)
    tomorrow_ten = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 10:00 in Paris
    for name in ("Kai", "Eve"):
        (moved,) = [
            f for f in services.followups.open_for(ids[name]) if f.kind is FollowUpKind.CALL
        ]
        assert moved.due_at == tomorrow_ten
    assert services.followups.open_for(ids["Finn"]) == ()
    for name in ids:
        for step in services.followups.open_for(ids[name]):
            assert step.state is FollowUpState.OPEN and step.due_at > NOW, (name, step)

    # U takes the last one back: Eve's retry is due today again.
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_U)
    qtbot.waitUntil(lambda: "Eve Example" in today_rows(window))
    assert window.today.undo_bar.text.text() == "Undone."
    window.close()
    window.tasks.wait()


def test_rescheduling_an_agreed_call_says_their_time_beside_the_reps(
    qtbot, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    """A time agreed with a Chicago customer is moved in the rep's time (Paris); the
    dialog says the customer's clock beside it, as the call screen does."""

    clock.set(FRIDAY)
    ben = services.contacts.add(Contact(name="Ben Ode", time_zone="America/Chicago"))
    services.followups.log(ben, Outcome.CONNECTED, FRIDAY, agreed_next=NOW + timedelta(hours=1))
    clock.set(NOW)
    window = open_window(qtbot, services)
    qtbot.waitUntil(lambda: window.today.count == 1 and not window.today.loading)
    go_to(qtbot, window, "Ben Ode")
    read: list[str] = []

    def tomorrow(dialog: RescheduleDialog) -> None:
        dialog.when.setText("tomorrow 17:00")
        read.append(dialog.when.reading.text())
        dialog.accept()

    on_next_dialog(tomorrow)
    qtbot.keyClick(window.today.tree, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: read != [])
    assert read == ["= Tue 24 Nov 17:00 your time (10:00 theirs)"]
    window.tasks.wait()
