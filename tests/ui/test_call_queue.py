"""Today › Start calls, worked by keyboard only: twelve due calls in the queue's order,
each rule's pass-over said, a skip with the rep's reason, a pause and a resume; the
outcomes stored are the ones the rep chose, and the counts shown follow them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog
from shiboken6 import isValid

from followup_desktop.core import steps
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.contact_timeline import EntryKind
from followup_desktop.core.model import (
    Contact,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Outcome,
    Phone,
    Touch,
)
from followup_desktop.services.session import Services
from followup_desktop.store import followups_repo
from followup_desktop.ui.call_screen import CallWindow
from followup_desktop.ui.main_window import MainWindow

# Monday 23 November 2026, 16:00 UTC: 17:00 for the rep in Paris, 11:00 in New York.
NOW = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)
NEW_YORK, TOKYO = "America/New_York", "Asia/Tokyo"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


def _due(
    services: Services,
    name: str,
    due: datetime,
    zone: str = NEW_YORK,
    agreed: bool = False,
    kind: FollowUpKind = FollowUpKind.CALL,
) -> int:
    contact_id = services.contacts.add(
        Contact(name=name, time_zone=zone, phones=[Phone("+12125550100")])
    )
    # A retry follows a missed agreed call; Ravi's call was planned before his last touch.
    step = steps.AGREED if agreed else steps.CALL_AGAIN if name == "Ravi Touched" else steps.RETRY
    with services.db.writing() as session:
        followups_repo.add_follow_up(
            session,
            FollowUp(contact_id, kind, step, due, "talk it over", agreed=agreed),
            agreed_zone=zone,
        )
        if name == "Ravi Touched":  # called twenty minutes ago, about something else
            followups_repo.add_touch(
                session, Touch(contact_id, Outcome.NO_ANSWER, NOW - timedelta(minutes=20))
            )
    return contact_id


def _book(services: Services) -> dict[str, int]:
    at = lambda hour, minute=0: NOW.replace(hour=hour, minute=minute)  # noqa: E731
    people = {
        "Ann Agreed": _due(services, "Ann Agreed", at(15, 30), agreed=True),  # overdue, today
        "Ben Agreed Now": _due(services, "Ben Agreed Now", at(16, 3), agreed=True),
        "Cleo Agreed Later": _due(services, "Cleo Agreed Later", at(19), agreed=True),
        "Dev Agreed Friday": _due(
            services, "Dev Agreed Friday", NOW - timedelta(days=3, hours=1), agreed=True
        ),
        "Eve Retry": _due(services, "Eve Retry", at(14)),
        "Ravi Touched": _due(services, "Ravi Touched", at(14, 10)),
        "Taro Tokyo": _due(services, "Taro Tokyo", at(14, 20), zone=TOKYO),
        "Sia Skipped": _due(services, "Sia Skipped", at(14, 30)),
        "Paz Paused": _due(services, "Paz Paused", at(14, 40)),
        "Gil Resumed": _due(services, "Gil Resumed", at(15)),
        "Hal Later": _due(services, "Hal Later", at(17)),
        "Ida Last": _due(services, "Ida Last", at(20)),
    }
    # An e-mail step is not a call: never in the queue.
    _due(services, "Mo Mail", at(13), kind=FollowUpKind.EMAIL)
    return people


def _call(qtbot, window: MainWindow, name: str) -> CallWindow:  # type: ignore[no-untyped-def]
    """The queue's call screen for ``name``, shown and active."""
    runner = window.call_queue
    qtbot.waitUntil(
        lambda: runner.window is not None and runner.window.sheet.contact.name == name,
        timeout=10_000,
    )
    call = runner.window
    assert call is not None
    qtbot.waitExposed(call)
    call.activateWindow()  # bare Xvfb has no window manager to activate it
    qtbot.waitUntil(call.isActiveWindow)
    return call


def _no_answer(qtbot, call: CallWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(call, Qt.Key.Key_N)
    qtbot.waitUntil(call.plan.accept_button.isEnabled)
    qtbot.keyClick(call.plan.accept_button, Qt.Key.Key_Space)


def _connected(qtbot, call: CallWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(call, Qt.Key.Key_C)
    qtbot.keyClicks(call.next_step.objective, "send the pilot plan")
    call.next_step.when.setFocus()
    qtbot.keyClicks(call.next_step.when, "Wed 10:00")
    qtbot.keyClick(call.next_step.when, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def _gone(qtbot, call: CallWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not isValid(call) or not call.isVisible(), timeout=10_000)


def test_twelve_due_calls_worked_by_keyboard_with_every_pass_over_said(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    people = _book(services)
    qtbot.keyClick(
        window,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    runner = window.call_queue

    # Overdue agreed calls first: Friday's is passed over (another day), today's is called.
    ann = _call(qtbot, window, "Ann Agreed")
    assert runner.queue is not None and runner.queue.total == 12
    passed = [(p.name, p.why) for p in runner.queue.passed_over]
    assert passed == [("Dev Agreed Friday", "agreed for Fri 20 Nov 10:00 their time")]
    assert runner.bar is not None
    assert runner.bar.line.text() == "2 of 12 · 0 min · 0 connected"
    qtbot.keyClicks(ann.notes, "Budget signed")  # notes first: the queue waits for the outcome
    _connected(qtbot, ann)
    _gone(qtbot, ann)

    ben = _call(qtbot, window, "Ben Agreed Now")  # agreed three minutes from now: called
    assert runner.bar is not None and runner.bar.line.text() == "3 of 12 · 0 min · 1 connected"
    _no_answer(qtbot, ben)
    _gone(qtbot, ben)

    # Cleo's agreed call is later today; Eve is the first of the rest.
    eve = _call(qtbot, window, "Eve Retry")
    assert runner.queue is not None
    assert runner.queue.passed_over[-1].why == "agreed for 14:00 their time, later today"
    _no_answer(qtbot, eve)
    _gone(qtbot, eve)

    # Ravi was touched 20 minutes ago and it is 01:00 in Tokyo: both passed over.
    sia = _call(qtbot, window, "Sia Skipped")
    assert [(p.name, p.why) for p in runner.queue.passed_over[-2:]] == [
        ("Ravi Touched", "touched 20 min ago"),
        ("Taro Tokyo", "outside their hours (01:00 their time)"),
    ]
    assert runner.bar is not None
    assert (
        runner.bar.passed.text()
        == "· passed over Taro Tokyo: outside their hours (01:00 their time)"
    )
    qtbot.keyClick(sia, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # skip, with a reason
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QInputDialog))
    ask = QApplication.activeModalWidget()
    assert isinstance(ask, QInputDialog)
    ask.activateWindow()  # bare Xvfb has no window manager to activate it
    qtbot.waitUntil(ask.isActiveWindow)
    typing = QApplication.focusWidget()  # the reason's field, focused as the dialog opens
    assert typing is not None and typing.window() is ask
    qtbot.keyClicks(typing, "gatekeeper said Friday")
    qtbot.keyClick(typing, Qt.Key.Key_Return)
    _gone(qtbot, sia)

    paz = _call(qtbot, window, "Paz Paused")
    qtbot.keyClick(paz, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # pause after this one
    bar = runner.bar
    assert bar is not None
    qtbot.waitUntil(lambda: bar.line.text().endswith("· pausing after this call"))
    _no_answer(qtbot, paz)
    _gone(qtbot, paz)
    qtbot.waitUntil(lambda: "Calls paused after 9 of 12" in window.statusBar().currentMessage())
    assert runner.window is None and runner.paused  # nothing opens while paused

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(
        window,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    for name in ("Gil Resumed", "Hal Later"):
        call = _call(qtbot, window, name)
        _no_answer(qtbot, call)
        _gone(qtbot, call)
    ida = _call(qtbot, window, "Ida Last")
    assert runner.bar is not None and runner.bar.line.text() == "12 of 12 · 0 min · 1 connected"
    _connected(qtbot, ida)
    _gone(qtbot, ida)
    qtbot.waitUntil(lambda: runner.queue is None)
    assert window.statusBar().currentMessage() == (
        "Calls done: 7 called, 2 connected, 5 passed over of 12."
    )
    assert runner.last is not None
    assert ("Sia Skipped", "skipped, gatekeeper said Friday") in [
        (p.name, p.why) for p in runner.last.passed_over
    ]

    # What was stored is what the rep chose, for those called; nothing for the others.
    stored: dict[str, list[Outcome]] = {}
    with services.db.reading() as session:
        for name, contact_id in people.items():
            touches = followups_repo.touches(session, contact_id)
            stored[name] = [t.outcome for t in touches if t.outcome is not Outcome.NOTE]
    assert stored == {
        "Ann Agreed": [Outcome.CONNECTED],
        "Ben Agreed Now": [Outcome.NO_ANSWER],
        "Cleo Agreed Later": [],
        "Dev Agreed Friday": [],
        "Eve Retry": [Outcome.NO_ANSWER],
        "Ravi Touched": [Outcome.NO_ANSWER],  # the touch twenty minutes before, only
        "Taro Tokyo": [],
        "Sia Skipped": [],
        "Paz Paused": [Outcome.NO_ANSWER],
        "Gil Resumed": [Outcome.NO_ANSWER],
        "Hal Later": [Outcome.NO_ANSWER],
        "Ida Last": [Outcome.CONNECTED],
    }
    # Ann's notes went with her call; those passed over keep their follow-up open.
    with services.db.reading() as session:
        (ann_touch,) = followups_repo.touches(session, people["Ann Agreed"])
        sia_open = followups_repo.open_follow_ups(session, people["Sia Skipped"])
    assert ann_touch.notes == "Budget signed"
    history = services.followups.history(people["Sia Skipped"])
    (kept,) = [e for e in history if e.kind is EntryKind.TOUCH]
    assert kept.detail == (
        "Passed over in the day's calls: Retry call (they missed the agreed one): talk it over. "
        "Why: gatekeeper said Friday"
    )
    assert [f.state for f in sia_open] == [FollowUpState.OPEN]


def test_a_call_screen_closed_without_an_outcome_pauses_the_queue_on_that_call(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    _due(services, "Eve Retry", NOW - timedelta(hours=2))
    gil = _due(services, "Gil Next", NOW - timedelta(hours=1))
    window.start_calls()
    eve = _call(qtbot, window, "Eve Retry")
    qtbot.keyClick(eve, Qt.Key.Key_Escape)  # closed: nothing stored, the queue waits
    _gone(qtbot, eve)
    qtbot.waitUntil(lambda: "Calls paused at 1 of 2" in window.statusBar().currentMessage())
    window.start_calls()  # resumes on the same call
    eve = _call(qtbot, window, "Eve Retry")
    qtbot.keyClick(eve, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # stop the queue
    qtbot.waitUntil(lambda: window.call_queue.queue is None)
    assert window.statusBar().currentMessage() == (
        "Calls done: 0 called, 0 connected, 0 passed over of 2."
    )
    assert eve.isVisible()  # the screen stays for the rep to finish
    _no_answer(qtbot, eve)
    _gone(qtbot, eve)
    assert window.call_window(gil) is None and window.call_queue.window is None


def test_no_calls_due_says_so(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.start_calls()
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage() == "No calls are due today: nothing to start."
    )
    assert window.call_queue.queue is None
