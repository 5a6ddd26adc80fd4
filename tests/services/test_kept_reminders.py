"""A start while the team server is away reminds the rep from the day kept beside the
profile: before and at a call's time, a promise its own lead ahead, each once, from the
start on; the leads come back from the kept file as the rep had set them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

from followup_desktop.core import steps
from followup_desktop.core.agenda import AgendaEntry, AgendaItem, AgendaPage, TodayAgenda
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import FollowUp, FollowUpKind, Outcome
from followup_desktop.core.reminders import Moment, Timing
from followup_desktop.paths import AppPaths
from followup_desktop.services import kept_calls, kept_day
from followup_desktop.services.kept_reminders import KeptReminders
from followup_desktop.store.outbox import Outbox

START = datetime(2026, 3, 29, 7, 0, tzinfo=UTC)  # the morning Europe moves its clocks
SERVER = "postgresql://ana@team.example/sales"


def kept(tmp_path: Path) -> kept_day.KeptDay:
    call = FollowUp(1, FollowUpKind.CALL, "agreed-call", START + timedelta(minutes=40), id=11)
    promise = FollowUp(2, FollowUpKind.TASK, steps.COMMITMENT, START + timedelta(hours=3), id=12)
    earlier = FollowUp(3, FollowUpKind.CALL, "call-back", START - timedelta(minutes=5), id=13)
    entries = [
        AgendaEntry(AgendaItem(earlier, True), "Marcus Smith", "Globex", ""),
        AgendaEntry(AgendaItem(call, False), "Priya Patel", "Acme", "Asia/Kolkata"),
        AgendaEntry(AgendaItem(promise, False), "Léa Martin", "", "Europe/Paris"),
    ]
    day = TodayAgenda(AgendaPage(entries, 1, 2, 500), START, "Europe/Paris", timedelta(minutes=25))
    paths = AppPaths(tmp_path / "ana")
    paths.ensure()
    kept_day.keep(paths, SERVER, day, Timing(timedelta(minutes=25), timedelta(minutes=90)))
    back = kept_day.last(paths, SERVER)
    assert back is not None and back.day == day
    assert back.timing == Timing(timedelta(minutes=25), timedelta(minutes=90))
    return back


def shown_at(reminders: KeptReminders, clock: FixedClock, at: datetime) -> list[tuple[int, Moment]]:
    clock.set(at)
    due = reminders.due_now()
    reminders.mark_fired(due)
    return [(r.subject.id, r.moment) for r in due.decision.show]


def test_the_kept_day_reminds_at_the_rep_s_leads_each_once(tmp_path: Path) -> None:
    clock = FixedClock(START)
    reminders = KeptReminders(kept(tmp_path), clock)
    # What was due before the start was the last session's to remind of.
    assert shown_at(reminders, clock, START) == []
    assert reminders.due_now().next_wake <= START + timedelta(minutes=15)
    assert shown_at(reminders, clock, START + timedelta(minutes=15)) == [(11, Moment.LEAD)]
    assert shown_at(reminders, clock, START + timedelta(minutes=16)) == []  # once
    assert shown_at(reminders, clock, START + timedelta(minutes=40)) == [(11, Moment.DUE)]
    # The promise, its own lead (90 minutes) ahead of its time.
    assert shown_at(reminders, clock, START + timedelta(minutes=90)) == [(12, Moment.LEAD)]
    assert {key[0] for key in reminders.shown()} == {11, 12}


def test_a_day_kept_before_the_leads_were_keeps_the_call_lead(tmp_path: Path) -> None:
    import json

    back = kept(tmp_path)
    path = AppPaths(tmp_path / "ana").data_dir / kept_day.DAY_FILE
    body = json.loads(path.read_text())
    del body["call_lead_s"], body["commitment_lead_s"]
    path.write_text(json.dumps(body))
    older = kept_day.last(AppPaths(tmp_path / "ana"), SERVER)
    assert older is not None and older.day == back.day
    assert older.timing == Timing(timedelta(minutes=25), Timing().commitment_lead)


def test_a_call_logged_from_the_kept_day_takes_its_notice_off_and_is_not_reminded_again(
    tmp_path: Path,
) -> None:
    """As with the store's reminders while the server is away: the call is made, though
    only this laptop knows it yet."""
    clock = FixedClock(START)
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    reminders = KeptReminders(kept(tmp_path), clock, partial(kept_calls.follow_ups_called, outbox))
    clock.set(START + timedelta(minutes=15))
    lead = reminders.due_now()
    (shown,) = lead.notices
    reminders.mark_fired(lead)
    assert shown.about and {item[0] for item in shown.about} == {11}

    call = kept_calls.to_body(
        1, Outcome.CONNECTED, clock.now(), "Terms agreed", 11, None, "", None, None, None
    )
    kept_calls.keep_call(outbox, "call-11", call)
    clock.set(START + timedelta(minutes=16))
    after = reminders.due_now(on_screen=shown.about)
    assert after.withdrawn == frozenset(shown.about)
    reminders.mark_fired(after)
    assert shown_at(reminders, clock, START + timedelta(minutes=40)) == []  # no "now"
    # The promise, not called, still reminds.
    assert shown_at(reminders, clock, START + timedelta(minutes=90)) == [(12, Moment.LEAD)]


def test_a_time_agreed_on_a_kept_call_replaces_the_contact_s_planned_call_until_called_again(
    tmp_path: Path,
) -> None:
    """As the server will plan it: the agreed time replaces the contact's other planned
    call, and a later call with them answers it."""
    clock = FixedClock(START)
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    reminders = KeptReminders(
        kept(tmp_path),
        clock,
        partial(kept_calls.follow_ups_called, outbox),
        partial(kept_calls.calls_agreed, outbox),
    )
    agreed = START + timedelta(hours=2)
    call = kept_calls.to_body(
        1, Outcome.CONNECTED, START, "Call me at 9", None, agreed, "", None, None, None, "Priya"
    )
    kept_calls.keep_call(outbox, "call-1", call)
    # Her 07:40 call (id 11) is replaced: only the time she agreed reminds.
    assert shown_at(reminders, clock, START + timedelta(minutes=15)) == []
    clock.set(agreed - timedelta(minutes=25))  # the rep's lead
    due = reminders.due_now()
    assert [(r.subject.contact_name, r.moment) for r in due.decision.show] == [
        ("Priya", Moment.LEAD)
    ]
    reminders.mark_fired(due)
    again = kept_calls.to_body(
        1, Outcome.CONNECTED, clock.now(), "Done early", None, None, "", None, None, None
    )
    kept_calls.keep_call(outbox, "call-2", again)
    assert shown_at(reminders, clock, agreed) == []  # answered by the later call


def test_a_time_agreed_on_a_kept_call_takes_the_replaced_call_s_notice_off(
    tmp_path: Path,
) -> None:
    clock = FixedClock(START)
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    reminders = KeptReminders(
        kept(tmp_path),
        clock,
        partial(kept_calls.follow_ups_called, outbox),
        partial(kept_calls.calls_agreed, outbox),
    )
    clock.set(START + timedelta(minutes=15))
    lead = reminders.due_now()
    (shown,) = lead.notices
    reminders.mark_fired(lead)
    # Priya rang in before her call (none answered): she agreed to another time.
    agreed = START + timedelta(days=1)
    call = kept_calls.to_body(
        1, Outcome.CONNECTED, clock.now(), "", None, agreed, "", None, None, None, "Priya"
    )
    kept_calls.keep_call(outbox, "call-1", call)
    assert reminders.due_now(on_screen=shown.about).withdrawn == frozenset(shown.about)


def test_a_call_moved_to_the_rep_s_own_time_on_a_kept_call_reminds_before_it(
    tmp_path: Path,
) -> None:
    """Priya's 07:40 call: not now, call again at 11:00 (her own time). It reminds at her
    lead as the call the server will plan; her 07:40 call, made, no more."""
    clock = FixedClock(START)
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    reminders = KeptReminders(
        kept(tmp_path),
        clock,
        partial(kept_calls.follow_ups_called, outbox),
        partial(kept_calls.planned_here, outbox),
    )
    again = START + timedelta(hours=4)
    call = kept_calls.to_body(
        *(1, Outcome.NOT_NOW, START, "", 11, None, "", None, again, None, "Priya"),
        next_kind=FollowUpKind.CALL,
        next_step=steps.NOT_NOW,
    )
    kept_calls.keep_call(outbox, "call-1", call)
    assert shown_at(reminders, clock, START + timedelta(minutes=15)) == []
    clock.set(again - timedelta(minutes=25))  # the rep's lead
    due = reminders.due_now()
    assert [(r.subject.contact_name, r.moment) for r in due.decision.show] == [
        ("Priya", Moment.LEAD)
    ]
