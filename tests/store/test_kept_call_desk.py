"""A start while the team server is away still opens the day's calls (a real PostgreSQL,
stopped): the call screen reads as it would from the server, the plan previewed is the
server's, and what the rep types and logs is kept on the laptop, then written to the
server once it is back: the call once, its notes as the call's draft until it is logged."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import pytest

from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import CallDraft, Contact, ContactStatus, Outcome, Phone
from followup_desktop.core.reminders import Moment
from followup_desktop.services import kept_calls, kept_day, kept_sheets
from followup_desktop.services.call_desk import KeptCallDesk, WaitsForServer, kept_desk
from followup_desktop.services.call_requests import LogCall
from followup_desktop.services.kept_reminders import KeptReminders
from followup_desktop.services.kept_sheets import NotKept
from followup_desktop.services.reminders import Due
from followup_desktop.services.session import (
    Services,
    keep_calls_for_later,
    send_kept,
    today_reader,
)
from tests.postgres_server import start_server, stop_server
from tests.team_logins import NOW


def _day_kept(ana: Services) -> tuple[int, int]:
    """Priya, with an agreed call at 11:00 and what was said last time, kept for later;
    her id and the call's."""
    priya = ana.contacts.add(
        Contact(name="Priya Patel", company="Acme", phones=[Phone("+919876543210", "mobile")])
    )
    ana.followups.log(
        priya,
        Outcome.CONNECTED,
        notes="Budget approved. Board meets Tuesday.",
        at=NOW - timedelta(days=1),
        agreed_next=NOW + timedelta(hours=2),
    )
    entries = today_reader(ana)(50).entries
    assert [e.contact_name for e in entries] == ["Priya Patel"]
    assert keep_calls_for_later(ana) == 1
    follow_up = entries[0].item.follow_up.id
    assert follow_up is not None
    return priya, follow_up


def _kept(ana: Services, clock: FixedClock) -> KeptCallDesk:
    desk = kept_desk(ana.paths, ana.team, clock)
    assert desk is not None and desk.kept
    return desk


def test_a_kept_call_reads_and_plans_as_the_server_s_and_reaches_it_once_back(
    ana: Services, server: tuple[str, int]
) -> None:
    port = server[1]
    priya, call = _day_kept(ana)
    at_the_call = NOW + timedelta(hours=2, minutes=1)
    ana.clock.set(at_the_call)  # type: ignore[attr-defined]
    online_sheet = ana.calls.sheet(priya)
    online_plan = ana.followups.preview(priya, Outcome.NO_ANSWER, call)

    stop_server(port)
    try:
        desk = _kept(ana, FixedClock(at_the_call))
        opening = desk.opening(priya, None)
        assert opening.sheet == online_sheet and opening.draft is None
        assert opening.sheet.confirm == ("Budget approved", "Board meets Tuesday")
        assert desk.preview(priya, Outcome.NO_ANSWER, call) == online_plan
        assert desk.dial(opening.sheet.contact.phones[0]).number == "+919876543210"
        # Typed, closed, opened again: the notes are still there.
        desk.save_draft(CallDraft(priya, call, "Rang twice", started_at=at_the_call))
        again = desk.opening(priya, call).draft
        assert again is not None and again.notes == "Rang twice"
        logged = desk.log_call(LogCall(priya, Outcome.NO_ANSWER, "Rang out", follow_up_id=call))
        assert logged.kept
        assert desk.opening(priya, call).draft is None  # logging clears them, as online
        with pytest.raises(WaitsForServer):
            desk.mark(priya, ContactStatus.SERIOUS)
        with pytest.raises(NotKept):
            desk.opening(priya + 1000, None)
    finally:
        start_server(port)
    report = send_kept(ana)
    assert (report.sent, report.waiting, report.set_aside) == (1, 0, ())
    history = ana.followups.history(priya)
    assert "Rang out" in [entry.detail for entry in history]
    # The agreed call was answered by the kept call; the engine planned the next try.
    assert [f.id for f in ana.followups.open_for(priya)] != [call]
    assert ana.calls.draft(priya) is None
    assert send_kept(ana).sent == 0  # once


def test_notes_typed_as_the_server_goes_away_are_kept_and_reach_it_as_the_call_s_draft(
    ana: Services, server: tuple[str, int]
) -> None:
    port = server[1]
    priya, call = _day_kept(ana)
    ana.calls.save_draft(CallDraft(priya, call, "Asked for"))
    stop_server(port)
    try:
        # The call screen open on the store as it goes away: the notes go on being kept.
        ana.calls.save_draft(CallDraft(priya, call, "Asked for the CFO"))
        kept = ana.calls.draft(priya)
        assert kept is not None and kept.notes == "Asked for the CFO"
    finally:
        start_server(port)
    report = send_kept(ana)
    assert report.sent == 0 and report.text() == ""  # a draft is not a call logged
    assert ana.calls.outbox is not None and ana.calls.outbox.waiting() == []
    on_server = ana.calls.draft(priya)
    assert on_server is not None and on_server.notes == "Asked for the CFO"


def test_a_kept_draft_the_server_has_newer_notes_than_is_dropped(
    ana: Services, server: tuple[str, int]
) -> None:
    port = server[1]
    priya, call = _day_kept(ana)
    stop_server(port)
    try:
        ana.calls.save_draft(CallDraft(priya, call, "Typed while away"))
    finally:
        start_server(port)
    ana.calls.save_draft(CallDraft(priya, call, "Typed while away, and more"))
    assert send_kept(ana).waiting == 0
    on_server = ana.calls.draft(priya)
    assert on_server is not None and on_server.notes == "Typed while away, and more"


def test_the_calls_kept_are_another_server_s_or_damaged_none(
    ana: Services, server: tuple[str, int]
) -> None:
    _day_kept(ana)
    assert kept_sheets.last(ana.paths, ana.team) is not None
    assert kept_desk(ana.paths, ana.team.replace("ana", "bo"), FixedClock(NOW)) is None
    (ana.paths.data_dir / kept_sheets.SHEETS_FILE).write_text('{"server": "x"', encoding="utf-8")
    assert kept_sheets.last(ana.paths, ana.team) is None


def test_a_call_screen_opened_while_away_logs_through_the_server_once_it_answers(
    ana: Services, server: tuple[str, int]
) -> None:
    port = server[1]
    priya, call = _day_kept(ana)
    stop_server(port)
    try:
        desk = _kept(ana, FixedClock(NOW))
        desk.save_draft(CallDraft(priya, call, "Typed while away"))
    finally:
        start_server(port)
    desk.store_opened(ana)  # the window stays open as the store opens
    assert not desk.kept
    logged = desk.log_call(LogCall(priya, Outcome.CONNECTED, "Signed", follow_up_id=call))
    assert not logged.kept and logged.touch_id
    assert "Signed" in [entry.detail for entry in ana.followups.history(priya)]
    # Its notes kept while away went with the call: nothing left to send.
    assert ana.calls.outbox is not None and ana.calls.outbox.waiting() == []


def test_start_calls_while_away_queues_the_kept_calls_and_keeps_a_reason_to_pass_over(
    ana: Services, server: tuple[str, int]
) -> None:
    port = server[1]
    priya, call = _day_kept(ana)
    jonas = ana.contacts.add(Contact(name="Jonas Berg", company="Nordic Freight"))
    ana.followups.log(
        jonas, Outcome.CONNECTED, at=NOW - timedelta(days=2), agreed_next=NOW - timedelta(hours=1)
    )
    today_reader(ana)(50)  # the day read again, as the window does after a call
    assert keep_calls_for_later(ana) == 2
    at_the_desk = NOW + timedelta(minutes=5)
    online = ana.queue.start()
    stop_server(port)
    try:
        desk = _kept(ana, FixedClock(at_the_desk))
        kept = desk.queue().start()
        # The same list in the same order as the store's: the overdue agreed call first.
        assert [c.name for c in kept.calls] == [c.name for c in online.calls]
        assert [c.name for c in kept.calls] == ["Jonas Berg", "Priya Patel"]
        first = desk.queue().turn(kept.calls[0])
        assert first.passed_over is None and first.call.last_touch == NOW - timedelta(days=2)
        desk.queue().keep_skip(first.call, "  He asked for   Friday ")
        # Priya's call logged from the kept day: her turn says so.
        desk.log_call(LogCall(priya, Outcome.NO_ANSWER, "Rang out", follow_up_id=call))
        assert desk.queue().turn(kept.calls[1]).passed_over == "already done"
    finally:
        start_server(port)
    assert send_kept(ana).sent == 1

    def passed_over() -> list[str]:
        details = [e.detail for e in ana.followups.history(jonas)]
        return [d for d in details if d.startswith("Passed over in the day's calls")]

    (note,) = passed_over()
    assert note.endswith("Why: He asked for Friday")
    assert send_kept(ana).waiting == 0
    assert len(passed_over()) == 1  # once


def _reminded(due: Due) -> list[tuple[int, Moment]]:
    """Whose calls a look reminds of, and which moment (on time or missed)."""
    return [
        (r.subject.follow_up.contact_id, r.moment)
        for r in (*due.decision.show, *due.decision.missed)
    ]


def test_a_call_agreed_on_a_kept_call_reminds_before_its_time_and_once_the_server_answers(
    ana: Services, server: tuple[str, int]
) -> None:
    """Priya agrees to a call while the server is away: it reminds 15 minutes ahead as
    any planned call, a second call opened meanwhile offers other times, and once the
    server answers and the call is written there, it is not reminded again."""
    port = server[1]
    priya, call = _day_kept(ana)
    jonas = ana.contacts.add(Contact(name="Jonas Berg", company="Nordic Freight"))
    ana.followups.log(
        jonas, Outcome.CONNECTED, at=NOW - timedelta(days=2), agreed_next=NOW - timedelta(hours=1)
    )
    today_reader(ana)(50)
    assert keep_calls_for_later(ana) == 2
    clock = ana.clock
    assert isinstance(clock, FixedClock)
    clock.set(NOW + timedelta(hours=2, minutes=1))  # at Priya's call
    stop_server(port)
    try:
        desk = _kept(ana, clock)
        day = kept_day.last(ana.paths, ana.team)
        assert day is not None
        reminders = KeptReminders(
            day,
            clock,
            partial(kept_calls.follow_ups_called, desk.outbox),
            partial(kept_calls.calls_agreed, desk.outbox),
        )
        reminders.mark_fired(reminders.due_now())
        agreed = desk.opening(jonas, None).sheet.offered_slots[0]
        assert agreed - timedelta(minutes=15) > clock.now()
        logged = desk.log_call(
            LogCall(
                priya,
                Outcome.CONNECTED,
                "Terms next time",
                follow_up_id=call,
                agreed_next=agreed,
                contact_name="Priya Patel",
            )
        )
        assert logged.kept
        # Jonas's call, opened next, no longer offers the time Priya took.
        assert agreed not in desk.opening(jonas, None).sheet.offered_slots
        clock.set(agreed - timedelta(minutes=15))
        lead = reminders.due_now()
        assert _reminded(lead) == [(priya, Moment.LEAD)]
        assert [n.contact_id for n in lead.notices] == [priya]
        reminders.mark_fired(lead)
        clock.set(agreed - timedelta(minutes=14))
        assert _reminded(reminders.due_now()) == []  # once
    finally:
        start_server(port)
    # The server answers: what was shown is handed on, then the kept call is written.
    ana.reminders.shown_while_away(reminders.shown(), reminders.agreed_shown())
    first = ana.reminders.due_now()
    assert (priya, Moment.LEAD) not in _reminded(first)
    ana.reminders.mark_fired(first)
    assert send_kept(ana).sent == 1
    (planned,) = [f for f in ana.followups.open_for(priya) if f.agreed]
    assert planned.due_at == agreed
    clock.set(agreed - timedelta(minutes=13))
    again = ana.reminders.due_now()
    assert _reminded(again) == []  # not twice
    ana.reminders.mark_fired(again)
    clock.set(agreed)
    assert _reminded(ana.reminders.due_now()) == [(priya, Moment.DUE)]
