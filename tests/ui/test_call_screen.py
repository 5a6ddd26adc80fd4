"""Live calls through the call screen, in a real X window, from the keyboard, with an
injected clock: what the rep sees, and what ends up stored."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from followup_desktop.core import settings as options
from followup_desktop.core import steps
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, FollowUpKind, Outcome, Phone, ScriptCard
from followup_desktop.paths import AppPaths
from followup_desktop.services import maintenance
from followup_desktop.services.session import Services, open_services
from followup_desktop.store import calendar_repo
from followup_desktop.store.schema import TouchRow
from followup_desktop.ui.call_screen import CallWindow
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.tasks import TaskRunner
from tests.ui.worker_thread import refreshed
from tests.ui.zone_picker import answer_zone_picker

# Monday 23 Nov 2026, 16:58 UTC: 10:58 in Chicago, 17:58 for the rep in Paris.
AGREED = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
NOW = AGREED - timedelta(minutes=2)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW - timedelta(days=3))


def add_jane(services: Services, clock: FixedClock) -> int:
    contact_id = services.contacts.add(
        Contact(
            name="Jane Smith",
            company="Acme, Inc.",
            time_zone="America/Chicago",
            phones=[Phone("+13125550142")],
        )
    )
    services.followups.log(
        contact_id,
        Outcome.CONNECTED,
        clock.now(),
        "Launch planned mid-August. Budget approved.",
        AGREED,
        "review the proposal",
    )
    clock.set(NOW)
    return contact_id


def open_call(qtbot, window: MainWindow, contact_id: int) -> CallWindow:  # type: ignore[no-untyped-def]
    refreshed(qtbot, window)
    window.page.select_contact(contact_id)
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window.page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.call_window(contact_id) is not None)
    qtbot.waitUntil(lambda: window.call_window(contact_id) is not None)  # read on a worker
    call = window.call_window(contact_id)
    assert call is not None
    qtbot.waitExposed(call)
    call.activateWindow()  # bare Xvfb has no window manager to activate it
    qtbot.waitUntil(call.isActiveWindow)
    return call


def lines(call: CallWindow, card: int) -> list[str]:
    view = call.script.cards[card - 1].lines
    return [view.item(row).text() for row in range(view.count())]


def test_connected_call_from_the_keyboard(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    contact_id = add_jane(services, clock)
    call = open_call(qtbot, window, contact_id)

    # The header tells who, their time, the attempt, the objective and the agreed time.
    assert "Jane Smith" in call.header.name.text() and "Acme, Inc." in call.header.name.text()
    assert call.header.their_time.text() == "their time 10:58 (in hours)"
    assert call.header.attempt.text() == "attempt 1"
    assert "review the proposal" in call.header.objective.text()
    assert "Mon 23 Nov 11:00 their time (18:00 yours)" in call.header.objective.text()
    assert "Launch planned mid-August" in call.header.last_said.text()
    assert "Budget approved?" in call.header.confirm.text()
    assert call.script.situation.currentData() == "agreed-call"
    assert lines(call, 1)[0] == "▸ Hi Jane, Sam Rivers here, as agreed for 11:00."

    # 1 focuses the You card, Space marks the line said (ticked, still there).
    qtbot.keyClick(call, Qt.Key.Key_1)
    assert call.script.cards[0].lines.hasFocus()
    qtbot.keyClick(call.script.cards[0].lines, Qt.Key.Key_Space)
    assert lines(call, 1)[0] == "✓ Hi Jane, Sam Rivers here, as agreed for 11:00."
    qtbot.keyClick(call, Qt.Key.Key_3)
    assert call.script.cards[2].lines.hasFocus()

    # Typing notes: letters are text there, not outcomes; the draft is saved as typed.
    call.notes.setFocus()
    qtbot.keyClicks(call.notes, "Pilot in March. CFO joins next call.")
    assert call.pages.currentIndex() == 0
    qtbot.waitUntil(lambda: not call.draft_pending)
    draft = services.calls.draft(contact_id)
    assert draft is not None and draft.notes == "Pilot in March. CFO joins next call."
    assert draft.said == ("you:0",)

    # Alt+C works even while typing: the next-step form, their time with the rep's beside it.
    qtbot.keyClick(call.notes, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert call.pages.currentIndex() == 1
    form = call.next_step
    # Offered inside both days: Chicago 09:00-17:00 and Paris 09:00-17:00 share 09:00-09:45.
    assert [b.text() for b in form.slot_buttons] == ["Tue 09:45", "Wed 09:45", "Thu 09:45"]
    qtbot.mouseClick(form.slot_buttons[1], Qt.MouseButton.LeftButton)
    assert form.rep_time.text() == "= Wed 25 Nov 09:45 their time (16:45 yours)"
    form.objective.setFocus()
    qtbot.keyClicks(form.objective, "agree the pilot start")
    # Ticking "I promised something" takes the keys to what was promised.
    form.promise.setFocus()
    qtbot.keyClick(form.promise, Qt.Key.Key_Space)
    assert form.promise.isChecked() and form.promise_text.hasFocus()
    qtbot.keyClicks(form.promise_text, "proposal")
    qtbot.keyClick(form.objective, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.call_window(contact_id) is None)

    # Stored: the touch with its notes, the agreed call at the time they chose, the promise.
    (agreed,) = [f for f in services.followups.open_for(contact_id) if f.kind is FollowUpKind.CALL]
    assert agreed.agreed and agreed.step == steps.AGREED
    assert agreed.due_at == datetime(2026, 11, 25, 15, 45, tzinfo=UTC)
    assert agreed.objective == "agree the pilot start"
    assert any(f.step == steps.COMMITMENT for f in services.followups.open_for(contact_id))
    with services.db.reading() as session:
        notes = [row.notes for row in session.query(TouchRow).order_by(TouchRow.id)]
    assert notes[-1] == "Pilot in March. CFO joins next call."
    assert services.calls.draft(contact_id) is None
    assert "Logged: Jane Smith" in window.statusBar().currentMessage()


def test_an_agreed_call_opened_hours_early_says_when_it_was_agreed_for(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    """Opened at 11:40 for the call Jane chose for 18:00 (her 11:00), the screen said only
    "their time 04:40 (outside their hours)", and an outcome logged then stood for the
    agreed call. It now says on top when the call was agreed for and how far off it is;
    the line goes once the call is within the reminder's 15 minutes, and nothing is
    blocked meanwhile."""
    contact_id = add_jane(services, clock)
    clock.set(AGREED - timedelta(hours=6, minutes=20))
    call = open_call(qtbot, window, contact_id)
    early = call.early
    assert early.isVisible()
    assert early.text() == "◆ Agreed for 18:00 (their 11:00), in 6 h 20 min"
    assert not early.visibleRegion().isEmpty()

    clock.set(AGREED - timedelta(minutes=40))
    qtbot.waitUntil(lambda: early.text() == "◆ Agreed for 18:00 (their 11:00), in 40 min")
    clock.set(AGREED - timedelta(minutes=15))
    qtbot.waitUntil(lambda: not early.isVisible())

    clock.set(AGREED - timedelta(hours=2))
    qtbot.waitUntil(early.isVisible)
    qtbot.keyClick(call, Qt.Key.Key_C)  # logging is not blocked: the form shows
    assert call.pages.currentIndex() == 1


def test_the_times_a_call_offers_keep_clear_of_a_call_the_rep_agreed_with_someone_else(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    # Ana agreed to a call on Tuesday 09:45 Chicago (16:45 for the rep in Paris), the
    # first time Jane's call would offer.
    ana = services.contacts.add(Contact(name="Ana Lopez", time_zone="America/Chicago"))
    tuesday = datetime(2026, 11, 24, 15, 45, tzinfo=UTC)
    services.followups.log(ana, Outcome.CONNECTED, clock.now(), "", tuesday, "the demo")
    contact_id = add_jane(services, clock)
    call = open_call(qtbot, window, contact_id)

    script = [line for card in range(1, len(call.script.cards) + 1) for line in lines(call, card)]
    asked = [line for line in script if "When suits you" in line]
    assert asked == ["▸ When suits you: Wednesday 09:45, Thursday 09:45 or Friday 09:45?"]
    qtbot.keyClick(call, Qt.Key.Key_C)
    form = call.next_step
    assert [b.text() for b in form.slot_buttons] == ["Wed 09:45", "Thu 09:45", "Fri 09:45"]
    qtbot.mouseClick(form.slot_buttons[0], Qt.MouseButton.LeftButton)
    assert form.rep_time.text() == "= Wed 25 Nov 09:45 their time (16:45 yours)"
    # Typed anyway, Ana's time is said under the field; the call being made is no clash.
    form.when.set_instant(tuesday + timedelta(minutes=15))
    assert form.rep_time.text() == (
        "= Tue 24 Nov 10:00 their time (17:00 yours)"
        " · ⚠ clashes with another call you planned at 16:45"
    )
    form.when.set_instant(AGREED + timedelta(minutes=15))
    assert form.rep_time.text() == "= Mon 23 Nov 11:15 their time (18:15 yours)"


def test_voicemail_shows_the_planned_step_and_stores_it(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    contact_id = services.contacts.add(Contact(name="Dana Cruz", time_zone="America/Chicago"))
    services.followups.log(contact_id, Outcome.VOICEMAIL, clock.now())
    (second,) = services.followups.open_for(contact_id)
    clock.set(second.due_at)
    call = open_call(qtbot, window, contact_id)
    assert call.script.situation.currentData() == "voicemail-2"
    assert call.header.attempt.text() == "attempt 2 · voicemail 2 of 7"
    assert lines(call, 1) == ["▸ Hi Dana, Sam Rivers again. Sorry to miss you once more."]

    plan = services.followups.preview(contact_id, Outcome.VOICEMAIL, second.id)
    qtbot.keyClick(call, Qt.Key.Key_V)
    qtbot.waitUntil(call.plan.accept_button.isEnabled)  # the plan, read on a worker
    assert call.pages.currentIndex() == 2
    shown = call.plan.steps.text()
    assert "Sorry-I-missed-you e-mail 1 (voicemail series) · " in shown
    # Said once, in her words: before, "Voicemail-series call 3 · …", and the first
    # step's time again under it, "= Wed 25 Nov 10:58 their time (17:58 yours)".
    chicago = ZoneInfo("America/Chicago")
    e_mail, third = (f.due_at.astimezone(chicago) for f in plan.create)
    assert f"Call again (voicemail 3 if no answer) · {third:%a} {third.day} {third:%b}" in shown
    first = f"{e_mail:%a} {e_mail.day} {e_mail:%b %H:%M}"
    said = [w.text() for w in call.plan.findChildren(QLabel) if w.isVisible()]
    said += [w.text() for w in call.plan.findChildren(QLineEdit) if w.isVisible()]
    assert sum(first in text for text in said) == 1
    call.plan.change.setChecked(True)  # to move the next call: the field, what it reads as
    assert call.plan.when.text() == f"{third:%a} {third.day} {third:%b %H:%M}"
    qtbot.waitUntil(call.plan.when.reading.isVisible)
    call.plan.change.setChecked(False)  # kept as planned after all
    qtbot.keyClick(call.plan.accept_button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.call_window(contact_id) is None)
    stored = sorted((f.step, f.due_at) for f in services.followups.open_for(contact_id))
    assert stored == sorted((f.step, f.due_at) for f in plan.create)


def test_after_a_voicemail_changing_the_time_moves_the_call_the_message_announced(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    """At voicemail 2 the plan is the series e-mail, then the next call; the message said
    when she would call again, so a new time is the call's. Before, the field showed the
    e-mail's time, the time typed went to the e-mail, and the call stayed where it was."""
    contact_id = services.contacts.add(Contact(name="Dana Cruz", time_zone="America/Chicago"))
    services.followups.log(contact_id, Outcome.VOICEMAIL, clock.now())
    (second,) = services.followups.open_for(contact_id)
    clock.set(second.due_at)
    call = open_call(qtbot, window, contact_id)
    e_mail, third = services.followups.preview(contact_id, Outcome.VOICEMAIL, second.id).create
    assert (e_mail.kind, third.kind) == (FollowUpKind.EMAIL, FollowUpKind.CALL)
    qtbot.keyClick(call, Qt.Key.Key_V)
    qtbot.waitUntil(call.plan.accept_button.isEnabled)  # the plan, read on a worker

    call.plan.change.setChecked(True)
    on_their_clock = third.due_at.astimezone(ZoneInfo("America/Chicago"))
    assert (
        call.plan.when.text()
        == f"{on_their_clock:%a} {on_their_clock.day} {on_their_clock:%b %H:%M}"
    )
    later = third.due_at + timedelta(days=1, hours=2)
    call.plan.when.set_instant(later)
    qtbot.keyClick(call.plan.when, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.call_window(contact_id) is None)
    stored = sorted((f.step, f.due_at) for f in services.followups.open_for(contact_id))
    assert stored == sorted([(e_mail.step, e_mail.due_at), (third.step, later)])


def test_no_answer_offers_the_retry_and_the_rep_can_move_it(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    contact_id = add_jane(services, clock)
    clock.set(AGREED)
    call = open_call(qtbot, window, contact_id)
    qtbot.keyClick(call, Qt.Key.Key_N)
    qtbot.waitUntil(call.plan.accept_button.isEnabled)  # the plan, read on a worker
    assert (
        "Retry call (they missed the agreed one): review the proposal · "
        "Mon 23 Nov 11:15 their time (18:15 yours)" in call.plan.steps.text()
    )
    call.plan.change.setChecked(True)
    assert call.plan.when.hasFocus() and call.plan.when.text() == "Mon 23 Nov 11:15"
    qtbot.keyClicks(call.plan.when, "11:30")  # typing replaces the proposed time
    assert call.plan.when.reading.text() == "= Mon 23 Nov 11:30 their time (18:30 yours)"
    call.plan.accept_button.click()
    qtbot.waitUntil(lambda: window.call_window(contact_id) is None)
    (retry,) = services.followups.open_for(contact_id)
    assert retry.step == steps.RETRY
    assert retry.due_at == AGREED + timedelta(minutes=30)
    (summary,) = services.contacts.page()
    assert summary.next_follow_up_at == retry.due_at


def test_wrong_number_plans_the_search_on_the_reps_clock_and_its_button_says_what_it_logs(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    """Finding the right number is the rep's own work: before, the plan showed it on
    Chicago's clock, "Tue 24 Nov 02:30 their time (09:30 yours)", and its button read
    just "Accept"; each button now says what it logs."""
    contact_id = add_jane(services, clock)
    clock.set(AGREED)
    call = open_call(qtbot, window, contact_id)
    qtbot.keyClick(call, Qt.Key.Key_W)
    qtbot.waitUntil(call.plan.accept_button.isEnabled)  # the plan, read on a worker
    first = call.plan.steps.text().splitlines()[0]
    # The next morning at 09:30 in Paris, where she works (02:30 in Chicago).
    assert first == "Find the right number · Tue 24 Nov 09:30"
    assert call.plan.accept_button.text() == "Log wrong number"
    for key, words in (
        (Qt.Key.Key_V, "Log voicemail"),
        (Qt.Key.Key_N, "Log no answer"),
        (Qt.Key.Key_L, "Log not now"),
    ):
        qtbot.keyClick(call, key)
        qtbot.waitUntil(call.plan.accept_button.isEnabled)
        assert call.plan.accept_button.text() == words
    # Logged, the window says what comes next as the plan did (before: "Logged: Jane
    # Smith" alone, the search not being a call or an e-mail).
    qtbot.keyClick(call, Qt.Key.Key_W)
    qtbot.waitUntil(call.plan.accept_button.isEnabled)
    call.plan.accept_button.click()
    qtbot.waitUntil(lambda: window.call_window(contact_id) is None)
    assert window.statusBar().currentMessage() == (
        "Logged: Jane Smith · next: Find the right number, Tue 24 Nov 09:30"
    )


def test_a_time_moved_on_the_plan_says_when_it_clashes_as_the_next_step_form_does(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    # Ana's call is planned for Monday 12:00 Chicago (19:00 for the rep in Paris); the rep
    # has a meeting from 21:00 to 22:00 her time.
    ana = services.contacts.add(Contact(name="Ana Lopez", time_zone="America/Chicago"))
    anas = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
    services.followups.log(ana, Outcome.CONNECTED, clock.now(), "", anas, "the demo")
    meeting = (datetime(2026, 11, 23, 20, 0, tzinfo=UTC), datetime(2026, 11, 23, 21, 0, tzinfo=UTC))
    with services.db.writing() as session:
        calendar_repo.replace_busy(session, [meeting])
    contact_id = add_jane(services, clock)
    clock.set(AGREED)
    call = open_call(qtbot, window, contact_id)
    qtbot.keyClick(call, Qt.Key.Key_N)
    qtbot.waitUntil(call.plan.accept_button.isEnabled)  # the plan, read on a worker
    plan = call.plan
    # The retry proposed a quarter of an hour after the call she is making is no clash.
    assert plan.when.reading.text() == "= Mon 23 Nov 11:15 their time (18:15 yours)"
    plan.change.setChecked(True)
    plan.when.set_instant(anas - timedelta(minutes=15))
    assert plan.when.reading.text() == (
        "= Mon 23 Nov 11:45 their time (18:45 yours)"
        " · ⚠ clashes with another call you planned at 19:00"
    )
    plan.when.set_instant(meeting[0])
    assert plan.when.reading.text() == (
        "= Mon 23 Nov 14:00 their time (21:00 yours) · ⚠ clashes with your meeting 21:00–22:00"
    )
    plan.when.set_instant(anas - timedelta(minutes=30))
    assert plan.when.reading.text() == "= Mon 23 Nov 11:30 their time (18:30 yours)"


def test_escape_backs_out_then_closes_and_the_draft_comes_back(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    contact_id = add_jane(services, clock)
    call = open_call(qtbot, window, contact_id)
    qtbot.keyClick(call, Qt.Key.Key_L)
    qtbot.waitUntil(call.plan.accept_button.isEnabled)  # the plan, read on a worker
    assert call.pages.currentIndex() == 2
    qtbot.keyClick(call, Qt.Key.Key_Escape)
    assert call.pages.currentIndex() == 0
    call.notes.setPlainText("half a thought")
    qtbot.keyClick(call, Qt.Key.Key_Escape)  # closes at once; the last words are written
    qtbot.waitUntil(lambda: window.call_window(contact_id) is None)
    assert services.followups.open_for(contact_id)[0].step == steps.AGREED  # nothing logged
    again = open_call(qtbot, window, contact_id)
    assert again.notes.toPlainText() == "half a thought"


def test_unknown_placeholders_are_marked_on_the_card(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    contact_id = add_jane(services, clock)
    services.calls.save_card(ScriptCard("agreed-call", "me", "So {frist_name}, does it fit?"))
    services.calls.save_card(
        ScriptCard("agreed-call", "you", "Hi {first_name}", variant="to_the_point")
    )
    call = open_call(qtbot, window, contact_id)
    me = call.script.cards[1].lines
    assert me.item(0).text() == "⚠ So {frist_name}, does it fit?"
    assert "Unknown placeholder {frist_name}" in me.item(0).toolTip()
    assert lines(call, 1) == ["▸ Hi Jane"]


def test_the_rep_can_pick_another_card_set_and_copy_a_line(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    contact_id = add_jane(services, clock)
    call = open_call(qtbot, window, contact_id)
    index = call.script.situation.findData("after-event")
    call.script.situation.setCurrentIndex(index)
    call.script.situation.activated.emit(index)
    qtbot.waitUntil(lambda: "We met at the event" in lines(call, 1)[0])  # read on a worker
    qtbot.keyClick(call, Qt.Key.Key_1)
    qtbot.keyClick(call.script.cards[0].lines, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert (
        QApplication.clipboard().text().startswith("Hi Jane, it's Sam Rivers. We met at the event")
    )


def test_serious_or_curious_is_asked_and_answered(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    services.settings.save(services.settings.load().with_value(options.SERIOUS_OR_CURIOUS_AFTER, 2))
    contact_id = services.contacts.add(Contact(name="Lee Park"))
    services.followups.log(contact_id, Outcome.NO_ANSWER, clock.now())
    call = open_call(qtbot, window, contact_id)
    assert call.qualify.isVisible()
    call.qualify.findChildren(type(call.header.start_button))[1].click()  # "Just curious"
    qtbot.waitUntil(lambda: not call.qualify.isVisible())
    assert services.contacts.get(contact_id).status.value == "curious"


def test_a_mark_that_fails_says_it_was_not_marked_and_leaves_the_log_alone(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    """A real failure: the contact is deleted elsewhere while the screen is open, so the
    mark's write finds no contact. Before, it went through the log's failure handler:
    "Nothing was logged", and the screen went looking for the step as if it had been
    finished meanwhile."""
    services.settings.save(services.settings.load().with_value(options.SERIOUS_OR_CURIOUS_AFTER, 2))
    contact_id = services.contacts.add(Contact(name="Lee Park"))
    services.followups.log(contact_id, Outcome.NO_ANSWER, clock.now())
    call = open_call(qtbot, window, contact_id)
    services.contacts.delete(contact_id)  # elsewhere: this screen is not told
    call.qualify.findChildren(type(call.header.start_button))[0].click()  # "Serious"
    qtbot.waitUntil(lambda: "Not marked" in call.saved_state.text(), timeout=10_000)
    assert call.saved_state.text() == f"⚠ Not marked: NotFound: there is no contact {contact_id}"
    assert call.qualify.isVisible()  # still asked: the rep may try again
    assert not call.problem.isVisible()  # nothing about the log, nor a step finished
    assert call.pages.currentIndex() == 0 and call.pages.isEnabled()


def test_notes_survive_a_kill_mid_call(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.call_in_progress import NOTES

    data = tmp_path / "rep-data"
    first = open_services(AppPaths(data))
    contact_id = first.contacts.add(Contact(name="Jane Smith", time_zone="America/Chicago"))
    first.close()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.call_in_progress", str(data), str(contact_id)],
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "typed", process.stderr.read()  # type: ignore[union-attr]
        time.sleep(0.5)  # still typing, draft saves in flight: the kill lands anywhere
    finally:
        process.kill()
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    assert maintenance.check(AppPaths(data).database, full=True).ok
    services = open_services(AppPaths(data))
    try:
        draft = services.calls.draft(contact_id)
        assert draft is not None and draft.notes.startswith(NOTES)
        tasks = TaskRunner()
        window = MainWindow(services, tasks)
        qtbot.addWidget(window)
        window.open_call_screen(contact_id)
        qtbot.waitUntil(lambda: window.call_window(contact_id) is not None)
        qtbot.waitUntil(lambda: window.call_window(contact_id) is not None)  # read on a worker
        call = window.call_window(contact_id)
        assert call is not None and call.notes.toPlainText() == draft.notes
        call.close()
        tasks.wait()
    finally:
        services.close()


def test_the_scripts_editor_previews_live_and_the_call_uses_the_new_wording(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    from followup_desktop.ui.scripts_editor import ScriptsEditor

    contact_id = add_jane(services, clock)
    editor = ScriptsEditor(services.calls.cards(), services.calls, 7, window.tasks)
    qtbot.addWidget(editor)
    editor.show()
    row = next(
        r
        for r in range(editor.situation_list.count())
        if editor.situation_list.item(r).data(Qt.ItemDataRole.UserRole) == "agreed-call"
    )
    editor.situation_list.setCurrentRow(row)
    editor.variant.setCurrentIndex(editor.variant.findData("to_the_point"))
    you = editor.editors["you"]
    assert "as agreed for {agreed_time}" in you.toPlainText()
    you.setPlainText("Hello {first_name} from {compnay}")
    preview = editor.previews["you"].text()
    assert "Jane" in preview and "⚠ unknown: {compnay}" in preview
    you.setPlainText("Hello {first_name}, good to talk at {agreed_time}.")
    assert "⚠" not in editor.previews["you"].text()
    editor.accept()
    qtbot.waitUntil(lambda: editor.result() == editor.DialogCode.Accepted)  # once stored

    call = open_call(qtbot, window, contact_id)
    assert lines(call, 1) == ["▸ Hello Jane, good to talk at 11:00."]
    call.close()

    # "Back to our wording" restores the shipped text.
    again = ScriptsEditor(services.calls.cards(), services.calls, 7, window.tasks)
    qtbot.addWidget(again)
    again.situation_list.setCurrentRow(row)
    again.variant.setCurrentIndex(again.variant.findData("to_the_point"))
    again.reset_to_default()
    again.accept()
    qtbot.waitUntil(lambda: again.result() == again.DialogCode.Accepted)
    assert any(
        "as agreed for {agreed_time}" in c.text
        for c in services.calls.cards()
        if (c.situation, c.variant, c.part) == ("agreed-call", "to_the_point", "you")
    )


def test_the_header_says_when_their_day_ends_while_the_call_screen_is_open(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    call = open_call(qtbot, window, add_jane(services, clock))
    assert call.header.their_time.text() == "their time 10:58 (in hours)"
    clock.set(NOW + timedelta(hours=6, minutes=4))  # 17:02 in Chicago: her day is over
    qtbot.waitUntil(
        lambda: call.header.their_time.text() == "their time 17:02 (outside their hours)",
        timeout=5_000,
    )


def test_setting_their_zone_mid_call_keeps_the_next_step_typed(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    """The rep sets the contact's zone from the header while filling in the next step:
    what they typed stays, and the time they chose is the same moment, now shown in the
    contact's time."""
    zoe = services.contacts.add(Contact(name="Zoë Nozone", phones=[Phone("+33612345678")]))
    call = open_call(qtbot, window, zoe)
    assert "unknown" in call.header.their_time.text()
    qtbot.keyClick(call, Qt.Key.Key_C)  # Connected: the next step, in the rep's time
    form = call.next_step
    form.when.setText("Wed 16:00")  # Paris: 15:00 UTC, 09:00 in Chicago
    form.objective.setText("agree the pilot start")
    form.promise.setChecked(True)
    form.promise_text.setText("the pricing sheet")

    answer_zone_picker("America/Chicago")
    call.header.zone_requested.emit()  # "set it", in the header
    qtbot.waitUntil(lambda: call.next_step is not form, timeout=10_000)
    kept = call.next_step
    assert call.pages.widget(call.pages.currentIndex()) is kept  # still on the next step
    assert kept.objective.text() == "agree the pilot start"
    assert kept.promise.isChecked() and kept.promise_text.text() == "the pricing sheet"
    assert kept.when.value() == datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
    assert kept.when.text().endswith("09:00")  # the same moment, in Chicago


def test_setting_their_zone_before_a_time_is_chosen_leaves_the_time_to_the_rep(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    zoe = services.contacts.add(Contact(name="Zoë Nozone", phones=[Phone("+33612345678")]))
    call = open_call(qtbot, window, zoe)
    qtbot.keyClick(call, Qt.Key.Key_C)
    form = call.next_step
    form.objective.setText("agree the pilot start")

    answer_zone_picker("America/Chicago")
    call.header.zone_requested.emit()
    qtbot.waitUntil(lambda: call.next_step is not form, timeout=10_000)
    kept = call.next_step
    assert kept.objective.text() == "agree the pilot start"
    assert kept.when.text() == ""  # still theirs to choose: no offer picked for them
    call.pages.submit()
    assert "Choose the time they agreed" in kept.problem.text()
    assert window.call_window(zoe) is call


def test_setting_their_zone_with_a_plan_on_screen_works_it_out_again_in_their_time(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    zoe = services.contacts.add(Contact(name="Zoë Nozone", phones=[Phone("+33612345678")]))
    call = open_call(qtbot, window, zoe)
    call.choose_outcome(Outcome.NO_ANSWER)
    qtbot.waitUntil(call.plan.accept_button.isEnabled, timeout=10_000)
    before = call.plan

    answer_zone_picker("America/Chicago")
    call.header.zone_requested.emit()
    qtbot.waitUntil(lambda: call.plan is not before, timeout=10_000)
    qtbot.waitUntil(call.plan.accept_button.isEnabled, timeout=10_000)
    assert call.pages.widget(call.pages.currentIndex()) is call.plan
    assert "Chicago" in call.plan.change.text() and call.plan.steps.text()


@pytest.mark.parametrize("outcome", [Outcome.NO_ANSWER, Outcome.CONNECTED])
def test_a_call_whose_step_was_finished_elsewhere_meanwhile_is_still_logged(
    qtbot, window: MainWindow, services: Services, clock: FixedClock, outcome: Outcome
) -> None:  # type: ignore[no-untyped-def]
    """The step the call screen was opened for is finished from Today (they replied)
    while the rep is on the call: choosing the outcome (its plan, or the next step saved)
    says so and shows them as they are now, with the notes kept; the call is then logged
    like any other."""
    ana = services.contacts.add(
        Contact(name="Ana Example", time_zone="Europe/Paris", phones=[Phone("+33612345678")])
    )
    services.followups.log(ana, Outcome.NO_ANSWER, NOW - timedelta(days=3))  # call again
    (step,) = services.followups.open_for(ana)
    window.open_call_screen(ana, step.id)
    qtbot.waitUntil(lambda: window.call_window(ana) is not None, timeout=10_000)
    call = window.call_window(ana)
    assert call is not None
    qtbot.keyClicks(call.notes, "Budget frozen until Q2")
    services.day.log_touch(ana, Outcome.REPLIED, step.id)  # from Today, meanwhile

    def log_it() -> None:
        call.choose_outcome(outcome)
        if outcome is Outcome.CONNECTED:
            call.next_step.when.setText("Thu 10:00")
            call.next_step.submit()
        else:
            qtbot.waitUntil(call.plan.accept_button.isEnabled, timeout=10_000)
            call.plan.accept_button.click()

    if outcome is Outcome.CONNECTED:
        log_it()
    else:
        call.choose_outcome(outcome)  # its plan is asked for at once
    qtbot.waitUntil(lambda: "finished meanwhile" in call.problem.text(), timeout=10_000)
    assert call.pages.currentIndex() == 0  # back at the outcomes, nothing logged
    assert call.notes.toPlainText() == "Budget frozen until Q2"
    log_it()  # again, for the contact as they are now
    qtbot.waitUntil(lambda: window.call_window(ana) is None, timeout=10_000)
    said = [entry.detail for entry in services.followups.history(ana)]
    assert any("Budget frozen until Q2" in detail for detail in said)
