"""A logged call goes through one door (``CallService.log_call``), from the call screen and
from ``followup log`` alike: a failure while storing stores nothing and the screen says so;
a failure after storing (the invite) is said without un-logging or inviting a second log;
the GUI and the command line leave the same rows and the same invite."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from followup_desktop import cli
from followup_desktop.core import settings as options
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import CallDraft, Contact, Email, FollowUp, Outcome, Phone
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import Services, open_services
from followup_desktop.store import followups_repo, settings_repo
from followup_desktop.store.schema import CommitmentRow, FollowUpRow, TouchRow
from followup_desktop.ui.call_screen import CallWindow
from followup_desktop.ui.main_window import MainWindow
from tests.rep_desk import rep_services
from tests.ui.worker_thread import refreshed, shown_call

# Monday 23 Nov 2026: the agreed call at 11:00 in Chicago, 18:00 for the rep in Paris.
AGREED = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
NOW = AGREED - timedelta(minutes=2)
UID_NAMESPACE = "6f1c2d8e-3b4a-4c5d-9e6f-7a8b9c0d1e2f"
NOTES = "Pilot in March. CFO joins next call."


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW - timedelta(days=3))


@pytest.fixture
def services(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FixedClock, no_keyring: None
) -> Iterator[Services]:
    with rep_services(tmp_path, monkeypatch, clock, "Sam Rivers") as opened:
        prepare(opened, clock)
        yield opened


def prepare(services: Services, clock: FixedClock) -> int:
    """Jane, with a call agreed for now and the rep's name and e-mail set (invites need them)."""
    settings = services.settings.load().with_value(options.REP_NAME, "Sam Rivers")
    services.settings.save(settings.with_value(options.REP_EMAIL, "sam@example.com"))
    with services.db.writing() as session:
        settings_repo.set_raw(session, "exports.uid_namespace", UID_NAMESPACE)
    contact_id = services.contacts.add(
        Contact(
            name="Jane Smith",
            company="Acme, Inc.",
            time_zone="America/Chicago",
            emails=[Email("jane@example.com")],
            phones=[Phone("+13125550142")],
        )
    )
    services.followups.log(
        contact_id, Outcome.CONNECTED, clock.now(), "Budget approved.", AGREED, "review"
    )
    clock.set(NOW)
    return contact_id


def open_call(qtbot, window: MainWindow, contact_id: int) -> CallWindow:  # type: ignore[no-untyped-def]
    refreshed(qtbot, window)
    call: CallWindow = shown_call(qtbot, window, contact_id)
    return call


def connected_at_the_second_slot(qtbot, call: CallWindow) -> None:  # type: ignore[no-untyped-def]
    call.notes.setPlainText(NOTES)
    call.choose_outcome(Outcome.CONNECTED)
    form = call.next_step
    qtbot.mouseClick(form.slot_buttons[1], Qt.MouseButton.LeftButton)  # Wed 09:45 their time
    form.objective.setText("agree the pilot start")


def counts(services: Services) -> tuple[int, int, int]:
    with services.db.reading() as session:
        return (
            session.query(TouchRow).count(),
            session.query(FollowUpRow).count(),
            session.query(CommitmentRow).count(),
        )


def test_a_failure_while_storing_says_nothing_was_logged_and_a_second_press_logs_once(
    qtbot, window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    (contact_id,) = [s.id for s in services.contacts.page()]
    services.clock.set(AGREED)  # type: ignore[attr-defined]
    call = open_call(qtbot, window, contact_id)
    call.notes.setPlainText("They were")
    qtbot.waitUntil(lambda: not call.draft_pending)
    call.notes.setPlainText("They were in a meeting")  # typed just before the press
    before = counts(services)

    moved_to = AGREED + timedelta(minutes=45)  # 15 planned, 30 more by the rep
    add_follow_up, move = followups_repo.add_follow_up, followups_repo.move

    def failing_add(session: Any, follow_up: FollowUp, *args: Any, **kwargs: Any) -> FollowUp:
        if follow_up.due_at == moved_to:
            raise OSError("disk I/O error")
        return add_follow_up(session, follow_up, *args, **kwargs)

    def failing_move(session: Any, follow_up_id: int, due_at: datetime) -> FollowUp | None:
        if due_at == moved_to:
            raise OSError("disk I/O error")
        return move(session, follow_up_id, due_at)

    # Writing the rep's moved time fails, whichever way it is written: after the touch.
    monkeypatch.setattr(followups_repo, "add_follow_up", failing_add)
    monkeypatch.setattr(followups_repo, "move", failing_move)
    call.choose_outcome(Outcome.NO_ANSWER)
    qtbot.waitUntil(call.plan.accept_button.isEnabled)  # the plan, read on a worker
    call.plan.change.setChecked(True)
    call.plan.when.set_instant(call.plan.when.value() + timedelta(minutes=30))
    call.plan.accept_button.click()
    qtbot.waitUntil(call.problem.isVisible)
    assert call.problem.text() == (
        "⚠ Nothing was logged: disk I/O error. Your notes are kept; try again."
    )
    assert counts(services) == before  # true: nothing was
    # The notes typed just before the press are written once the log has failed.
    qtbot.waitUntil(lambda: call.saved_state.text() == "Notes saved")
    draft = services.calls.draft(contact_id)
    assert draft is not None and draft.notes == "They were in a meeting"
    assert call.pages.isEnabled() and window.call_window(contact_id) is call

    monkeypatch.undo()
    call.plan.accept_button.click()
    qtbot.waitUntil(lambda: window.call_window(contact_id) is None)
    assert counts(services) == (before[0] + 1, before[1] + 1, before[2])
    (retry,) = services.followups.open_for(contact_id)
    assert retry.due_at == moved_to


def test_an_invite_that_fails_after_the_log_is_said_and_the_call_is_stored_once(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    (contact_id,) = [s.id for s in services.contacts.page()]
    services.settings.save(services.settings.load().with_value(options.REP_EMAIL, ""))
    call = open_call(qtbot, window, contact_id)
    connected_at_the_second_slot(qtbot, call)
    before = counts(services)
    # Two presses before the first is stored (a double Ctrl+Enter): one call logged.
    call.next_step.submit()
    call.next_step.submit()
    qtbot.waitUntil(lambda: window.call_window(contact_id) is None)
    assert counts(services) == (before[0] + 1, before[1] + 1, before[2])
    message = window.statusBar().currentMessage()
    assert message.startswith(
        "Logged: Jane Smith · next: Agreed call: agree the pilot start, "
        "Wed 25 Nov 09:45 their time (16:45 yours)"
    )
    assert message.endswith(
        " · no invite: set your e-mail address in Settings (You) to send invites"
    )
    assert services.calls.draft(contact_id) is None
    assert not window.drafts  # no confirmation preview for an invite that was not made


def rows(services: Services) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored touch, follow-up and promise, without the database's own clock."""
    with services.db.reading() as session:
        return {
            "touches": [
                (t.id, t.contact_id, t.outcome, t.at, t.notes, t.follow_up_id)
                for t in session.query(TouchRow).order_by(TouchRow.id)
            ],
            "follow_ups": [
                (
                    *(f.id, f.contact_id, f.kind, f.step, f.due_at, f.agreed_local),
                    *(f.agreed_zone, f.agreed, f.objective, f.state, f.attempt, f.urgent),
                    *(f.superseded_by_id, f.sequence, f.closed_at),
                )
                for f in session.query(FollowUpRow).order_by(FollowUpRow.id)
            ],
            "commitments": [
                (c.id, c.description, c.due_at, c.state, c.follow_up_id)
                for c in session.query(CommitmentRow).order_by(CommitmentRow.id)
            ],
        }


def test_followup_log_leaves_the_same_rows_and_invite_as_the_call_screen(
    qtbot,
    window: MainWindow,
    services: Services,
    clock: FixedClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    (contact_id,) = [s.id for s in services.contacts.page()]
    services.calls.save_draft(CallDraft(contact_id, None, NOTES))
    call = open_call(qtbot, window, contact_id)
    connected_at_the_second_slot(qtbot, call)
    qtbot.keyClick(call.next_step.objective, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.call_window(contact_id) is None)
    (gui_invite,) = services.paths.exports.glob("*.ics")
    assert f"invite saved: {gui_invite.name}" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: len(window.drafts) == 1)  # the confirmation, for the rep to send

    # The same book, the same moment, from the terminal.
    clock.set(NOW - timedelta(days=3))
    other = AppPaths(tmp_path / "terminal")
    terminal = open_services(other, clock)
    try:
        assert prepare(terminal, clock) == contact_id
        terminal.calls.save_draft(CallDraft(contact_id, None, NOTES))
    finally:
        terminal.close()
    out, err = io.StringIO(), io.StringIO()
    invite = tmp_path / "inv.ics"
    code = cli.main(
        [
            *("--data-dir", str(other.data_dir), "log", str(contact_id)),
            *("--outcome", "connected", "--notes", NOTES, "--next", "2026-11-25T09:45-06:00"),
            *("--objective", "agree the pilot start", "--invite", str(invite)),
        ],
        out,
        err,
        clock,
    )
    assert code == 0, err.getvalue()
    assert f"invite saved as {invite}" in out.getvalue()

    assert invite.read_bytes() == gui_invite.read_bytes()
    terminal = open_services(other, clock)
    try:
        from_terminal = rows(terminal)
        assert terminal.calls.draft(contact_id) is None
    finally:
        terminal.close()
    from_screen = rows(services)
    # The export's own note names the file it wrote; everything else is the same.
    assert from_screen["touches"][-1][4].endswith(f"saved as {gui_invite.name}")
    assert from_terminal["touches"][-1][4].endswith("saved as inv.ics")
    for stored in (from_screen, from_terminal):
        stored["touches"][-1] = stored["touches"][-1][:4] + stored["touches"][-1][5:]
    assert from_terminal == from_screen


def test_closing_the_call_screen_while_its_invite_is_written_loses_nothing_and_raises_nothing(
    qtbot, window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The op runs to its end (the invite is written and recorded); its answer, which
    would land on the closed screen's labels, is dropped."""
    import threading

    (contact_id,) = [s.id for s in services.contacts.page()]
    call = open_call(qtbot, window, contact_id)
    exports = services.exports
    real_save = exports.save_invite
    started, release = threading.Event(), threading.Event()

    def slow_save(follow_up_id: int, target: Path | None = None) -> Path:
        started.set()
        release.wait(10)  # the window closes meanwhile
        return real_save(follow_up_id, target)

    monkeypatch.setattr(exports, "save_invite", slow_save)
    qtbot.keyClick(call, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert started.wait(10), "the invite is being written"
    label = call.saved_state
    call.close()
    call.deleteLater()
    qtbot.waitUntil(lambda: window.call_window(contact_id) is None)
    from shiboken6 import isValid

    qtbot.waitUntil(lambda: not isValid(label))  # the screen and its labels are gone
    release.set()
    window.tasks.wait()
    qtbot.wait(50)  # the answer arrives on the UI thread: dropped, not raised
    (written,) = list(services.paths.exports.glob("*.ics"))
    assert written.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    with services.db.reading() as session:
        notes = [t.notes for t in session.query(TouchRow).order_by(TouchRow.id)]
    assert notes[-1].startswith("Invite exported"), notes
