"""At a start on a file the rep can open a call from Today, or start the day's calls, the
moment the window shows: the call screen reads the file (sqlite3) while the store's
modules still load, and what the rep logs goes through the store once it is open."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Outcome
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import Services, open_services
from followup_desktop.ui.application import Start
from followup_desktop.ui.quit_signals import QuitOnSignals
from followup_desktop.ui.single_instance import SingleInstance
from tests.ui.test_first_paint import in_a_fresh_process, make_store
from tests.ui.today_rows import select_today_row

Held = Callable[[AppPaths], tuple[Start, threading.Event]]


@pytest.fixture
def hold(started: list[Start], monkeypatch: pytest.MonkeyPatch) -> Iterator[Held]:
    """The app's own start on a file, its store held from opening until the event is
    set (a slow laptop's first second, made as long as the test needs)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    opens = threading.Event()
    open_store = Start._open

    def held_open(start: Start) -> Services:
        opens.wait(30)
        return open_store(start)

    monkeypatch.setattr(Start, "_open", held_open)

    def begin(paths: AppPaths) -> tuple[Start, threading.Event]:
        start = Start(app, paths, QuitOnSignals(app), SingleInstance(paths.data_dir))
        started.append(start)
        start.begin()
        return start, opens

    try:
        yield begin
    finally:
        opens.set()


def _history(paths: AppPaths, contact_id: int) -> list[str]:
    services = open_services(paths)
    try:
        return [entry.detail for entry in services.followups.history(contact_id)]
    finally:
        services.close()


def test_a_call_opened_from_today_before_the_store_opens_at_once_and_is_logged_through_it(
    qtbot, hold: Held, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    start, opens = hold(make_store(tmp_path))
    window = start.window
    assert window is not None
    qtbot.waitExposed(window)
    select_today_row(window, "Marcus O'Neil")
    qtbot.keyClick(window.today.tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(window.work.call_windows()), timeout=10_000)
    assert not window.attached  # the store is still opening
    (call,) = window.work.call_windows()
    assert call.windowTitle() == "Call — Marcus O'Neil"
    assert call.sheet.objective == "catch up"  # the file's, by the store's rules
    assert not call.desk.kept  # nothing is kept aside: it goes to the store

    call.header.start_button.click()  # Start timer
    assert call.header.timer.text().startswith("on the call")  # the timer runs at once
    qtbot.keyClicks(call.notes, "Rang, no answer")
    call.choose_outcome(Outcome.NO_ANSWER)
    # The plan is the engine's, read from the file: no wait for the store either.
    qtbot.waitUntil(call.plan.accept_button.isEnabled, timeout=10_000)
    assert call.plan.steps.text()
    assert not window.attached
    call.plan.accept_button.click()
    # Logged once the store is open, through it (the screen closes once it is stored).
    opens.set()
    qtbot.waitUntil(lambda: window.attached, timeout=30_000)
    qtbot.waitUntil(lambda: not window.work.call_windows(), timeout=10_000)
    assert "Rang, no answer" in _history(start.paths, call.contact_id)


def test_start_calls_before_the_store_opens_the_first_call_at_once(
    qtbot, hold: Held, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # The app runs on the system clock: Priya's call is agreed for a minute ago, now (an
    # agreed time stands whatever the hour; Marcus's is outside his hours at weekends).
    moment = datetime.now(UTC)
    paths = make_store(tmp_path)
    services = open_services(paths, FixedClock(moment))
    priya = services.contacts.add(Contact(name="Priya Patel", company="Acme"))
    services.followups.log(
        priya,
        Outcome.CONNECTED,
        at=moment - timedelta(days=2),
        agreed_next=moment - timedelta(minutes=1),
    )
    services.close()
    start, opens = hold(paths)
    window = start.window
    assert window is not None
    qtbot.waitExposed(window)
    assert window.calls_action.isEnabled()
    window.calls_action.trigger()
    qtbot.waitUntil(lambda: bool(window.work.call_windows()), timeout=10_000)
    assert not window.attached
    (call,) = window.work.call_windows()
    assert call.windowTitle() == "Call — Priya Patel"  # the agreed call first
    qtbot.waitUntil(lambda: window.call_queue.bar is not None)
    assert window.call_queue.window is call  # the queue's strip on the call
    opens.set()
    qtbot.waitUntil(lambda: window.attached, timeout=30_000)
    assert window.call_window(call.contact_id) is call  # the same call goes on


def _typed_while_opening(qtbot, start: Start) -> list[Exception]:  # type: ignore[no-untyped-def]
    """A call opened before the store, and its notes' save waiting for it on the writer
    (as the call screen sends it); the failures it meets, as they come."""
    from followup_desktop.core.model import CallDraft

    window = start.window
    assert window is not None
    window.open_call_screen(1)
    qtbot.waitUntil(lambda: bool(window.work.call_windows()), timeout=10_000)
    desk = start._early
    assert desk is not None
    failed: list[Exception] = []
    start.tasks.write(
        lambda: desk.save_draft(CallDraft(1, None, "typed while it opened")),
        lambda _none: None,
        lambda error, _details: failed.append(error),
    )
    return failed


def test_a_quit_while_the_store_opens_lets_the_notes_waiting_for_it_be_stored(
    qtbot, hold: Held, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The store opens just as the rep quits, before the window hears of it: the quit
    lets the opening end, and the notes typed meanwhile go through the store."""
    start, opens = hold(make_store(tmp_path))
    failed = _typed_while_opening(qtbot, start)
    opens.set()
    start.close()  # at once: the window has not heard that the store opened
    assert start.window is not None and not start.window.attached
    QApplication.processEvents()  # the save's answer, had it failed
    assert failed == []
    services = open_services(start.paths)
    try:
        draft = services.calls.draft(1)
    finally:
        services.close()
    assert draft is not None and draft.notes == "typed while it opened"


def test_a_quit_when_the_store_does_not_open_gives_up_the_waiting_notes(
    qtbot, hold: Held, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The store fails to open as the rep quits: the save waiting for it gives up
    instead of holding the quit, and says the store did not open."""
    from followup_desktop.services.early_desk import StoreNotOpen

    fail = threading.Event()

    def fails_when_let(_start: Start) -> Services:
        fail.wait(30)
        raise OSError("the disk went away")

    monkeypatch.setattr(Start, "_open", fails_when_let)
    start, _opens = hold(make_store(tmp_path))
    failed = _typed_while_opening(qtbot, start)
    fail.set()
    start.close()
    qtbot.waitUntil(lambda: bool(failed), timeout=10_000)
    assert isinstance(failed[0], StoreNotOpen)


def test_a_call_before_the_store_loads_no_store_modules(tmp_path: Path) -> None:
    """The call screen, the queue and their desk read the file with no SQLAlchemy."""
    paths = make_store(tmp_path)
    probe = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "import followup_desktop.ui.call_screen, followup_desktop.ui.call_queue\n"
        "from followup_desktop.core.clock import SystemClock\n"
        "from followup_desktop.services.early_desk import EarlyCallDesk\n"
        "from followup_desktop.services.first_look import first_paint\n"
        f"database = Path({str(paths.database)!r})\n"
        "look = first_paint(database, SystemClock())\n"
        "desk = EarlyCallDesk(database, look.settings, SystemClock())\n"
        "queue = desk.queue().start()\n"
        "first = queue.calls[0]\n"
        "opening = desk.opening(first.contact_id, first.follow_up.id)\n"
        "print(json.dumps({'name': opening.sheet.contact.name, 'calls': len(queue.calls),"
        " 'loaded': 'sqlalchemy' in sys.modules}))\n"
    )
    assert in_a_fresh_process(probe) == {"name": "Marcus O'Neil", "calls": 3, "loaded": False}
