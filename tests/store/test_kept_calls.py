"""The network goes away: calls a rep logs while the team server is down are kept on the
laptop (a SQLite file beside the profile), then written to the server in the order they
were logged once it is back; each once, however often it is sent; and a kill -9 of the
app while the server is away loses nothing."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

from followup_desktop.core import steps
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, FollowUpKind, Outcome
from followup_desktop.core.reminders import Moment
from followup_desktop.paths import AppPaths
from followup_desktop.services.call_requests import LogCall
from followup_desktop.services.kept_writes import KEPT_TOO_LONG, KeptReport
from followup_desktop.services.reminders import ReminderService
from followup_desktop.services.session import Services, open_services, send_kept
from followup_desktop.store.outbox import OUTBOX_NAME, Outbox
from tests.postgres_server import start_server, stop_server
from tests.team_logins import NOW, as_rep, raw


def notes_of(services: Services, contact_id: int) -> list[str]:
    return [e.detail for e in services.followups.history(contact_id) if e.detail]


def test_calls_logged_while_the_server_is_away_reach_it_in_order_once_it_is_back(
    ana: Services, server: tuple[str, int]
) -> None:
    port = server[1]
    priya = ana.contacts.add(Contact(name="Priya Patel"))
    assert not ana.calls.log_call(LogCall(priya, Outcome.VOICEMAIL, notes="first try")).kept

    stop_server(port)
    try:
        first = ana.calls.log_call(
            LogCall(priya, Outcome.CONNECTED, notes="Budget approved", at=NOW - timedelta(hours=1))
        )
        second = ana.calls.log_call(LogCall(priya, Outcome.NOTE, notes="Sent the deck"))
        assert first.kept and second.kept
        # Still away: nothing sent, nothing lost, the order kept.
        report = send_kept(ana)
        assert (report.sent, report.waiting) == (0, 2)
    finally:
        start_server(port)
    report = send_kept(ana)
    assert (report.sent, report.waiting, report.set_aside) == (2, 0, ())
    assert report.text() == "2 calls kept on this laptop are now on the team server"
    history = ana.followups.history(priya)
    assert [e.detail for e in history if e.detail in ("Budget approved", "Sent the deck")] == [
        "Sent the deck",
        "Budget approved",
    ]  # newest first: logged in the order the rep made them, at the call's own time
    assert ana.calls.outbox is not None and ana.calls.outbox.waiting() == []


def test_a_call_sent_twice_is_written_once(ana: Services) -> None:
    """Its first attempt reached the server, the answer did not come back: kept all the
    same, it is recognised by its id when sent again."""
    priya = ana.contacts.add(Contact(name="Priya Patel"))
    call = LogCall(priya, Outcome.CONNECTED, notes="Signed", at=NOW)
    ana.calls.log_call(call)
    outbox = ana.calls.outbox
    assert outbox is not None
    outbox.keep(call.write_id, "log_call", _body(ana, call))
    report = send_kept(ana)
    assert (report.sent, report.already_there) == (0, 1)
    assert [n for n in notes_of(ana, priya) if n == "Signed"] == ["Signed"]
    # A call whose contact went meanwhile is set aside with why, and still kept.
    gone = ana.contacts.add(Contact(name="Ben Ode"))
    ana.contacts.delete(gone)
    late = replace(call, contact_id=gone, notes="late")
    outbox.keep(str(uuid4()), "log_call", _body(ana, late))
    report = send_kept(ana)
    assert len(report.set_aside) == 1 and outbox.waiting() == []
    assert [k.body["notes"] for k in outbox.set_aside()] == ["late"]


def _kept_days_ago(outbox: Outbox, write_id: str, days: int) -> None:
    with sqlite3.connect(outbox.path) as kept:
        when = (datetime.now(UTC) - timedelta(days=days)).isoformat()
        kept.execute("UPDATE kept SET kept_at = ? WHERE id = ?", (when, write_id))


def test_the_server_forgets_a_write_s_id_once_no_laptop_can_send_it_again(
    ana: Services, server: tuple[str, int]
) -> None:
    """A call sent again five months after its first attempt reached the server (its answer
    lost) is written once; the ids of writes taken over a year ago go, the inbox's stay;
    a call kept on the laptop for seven months, whose id the server may have forgotten,
    is not sent blind but set aside for the rep, still kept."""
    port = server[1]
    priya = ana.contacts.add(Contact(name="Priya Patel"))
    signed = LogCall(priya, Outcome.CONNECTED, notes="Signed", at=NOW)
    ana.calls.log_call(signed)
    forgotten = str(uuid4())
    with raw(port, "ana") as db:
        db.execute(
            "UPDATE applied_writes SET applied_at = now() - interval '150 days' WHERE id = %s",
            (signed.write_id,),
        )
        for write_id, days in ((forgotten, 400), ("mail-0123456789abcdef", 400), ("young", 300)):
            db.execute(
                "INSERT INTO applied_writes (id, applied_at) "
                "VALUES (%s, now() - make_interval(days => %s))",
                (write_id, days),
            )
    outbox = ana.calls.outbox
    assert outbox is not None
    outbox.keep(signed.write_id, "log_call", _body(ana, signed))
    _kept_days_ago(outbox, signed.write_id, 150)
    late = replace(signed, notes="Kept too long", write_id=str(uuid4()))
    outbox.keep(late.write_id, "log_call", _body(ana, late))
    _kept_days_ago(outbox, late.write_id, 210)

    report = send_kept(ana)

    assert (report.sent, report.already_there, report.set_aside) == (0, 1, (KEPT_TOO_LONG,))
    assert [n for n in notes_of(ana, priya) if n in ("Signed", "Kept too long")] == ["Signed"]
    assert outbox.waiting() == [] and [k.body["notes"] for k in outbox.set_aside()] == [
        "Kept too long"
    ]
    with raw(port, "ana") as db:
        remembered = {row[0] for row in db.execute("SELECT id FROM applied_writes")}
    assert forgotten not in remembered
    assert {signed.write_id, "mail-0123456789abcdef", "young"} <= remembered


def test_a_call_from_a_laptop_whose_clock_is_years_behind_is_written_once_when_sent_again(
    ana: Services, bo: Services, server: tuple[str, int], tmp_path: Path
) -> None:
    """Before: the server remembered the call by the laptop's clock, two years back, so the
    next pass that forgot old ids (Bo's) forgot it at once, and the call sent again (its
    first answer lost) was logged a second time in Priya's history."""
    behind = open_services(
        AppPaths(tmp_path / "ana-behind"),
        FixedClock(NOW - timedelta(days=730)),
        database=as_rep(server[1], "ana"),
    )
    try:
        priya = behind.contacts.add(Contact(name="Priya Patel"))
        signed = LogCall(priya, Outcome.CONNECTED, notes="Signed")
        behind.calls.log_call(signed)
        outbox = behind.calls.outbox
        assert outbox is not None
        outbox.keep(signed.write_id, "log_call", _body(behind, signed))  # its answer lost

        assert send_kept(bo) == KeptReport()  # Bo's pass: it forgets the ids of old writes
        report = send_kept(behind)

        assert (report.sent, report.already_there) == (0, 1)
        assert [n for n in notes_of(ana, priya) if n == "Signed"] == ["Signed"]
    finally:
        behind.close()


def _body(services: Services, call: LogCall) -> dict:
    from followup_desktop.services import kept_calls

    return kept_calls.to_body(
        call.contact_id,
        call.outcome,
        call.at or NOW,
        call.notes,
        call.follow_up_id,
        call.agreed_next,
        call.objective,
        call.commitment,
        call.next_at,
        call.timed,
    )


def test_a_kill_while_the_server_is_away_loses_nothing(
    ana: Services, server: tuple[str, int], tmp_path: Path
) -> None:
    port = server[1]
    priya = ana.contacts.add(Contact(name="Priya Patel"))
    laptop = tmp_path / "laptop"
    app = subprocess.Popen(
        [
            *(sys.executable, "-m", "tests.harness.offline_logger", str(laptop)),
            *(as_rep(port, "ana"), str(priya), "Call back after the board meets"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    try:
        assert app.stdout is not None and app.stdout.readline().strip() == "ready"
        stop_server(port)
        assert app.stdin is not None
        app.stdin.write("go\n")
        app.stdin.flush()
        assert app.stdout.readline().strip() == "kept"
    finally:
        os.kill(app.pid, signal.SIGKILL)
        app.wait(timeout=30)
        start_server(port)
    assert len(Outbox(laptop / OUTBOX_NAME).waiting()) == 1
    # The app again, on the same laptop, once the server is back.
    again = open_services(AppPaths(laptop), database=as_rep(port, "ana"))
    try:
        assert send_kept(again).sent == 1
        assert "Call back after the board meets" in notes_of(again, priya)
    finally:
        again.close()


def test_reminders_go_on_from_the_last_agenda_while_the_server_is_away(
    ana: Services, server: tuple[str, int]
) -> None:
    port = server[1]
    priya = ana.contacts.add(Contact(name="Priya Patel"))
    call_at = NOW + timedelta(hours=2)
    ana.calls.log_call(LogCall(priya, Outcome.CONNECTED, agreed_next=call_at, objective="terms"))
    first = ana.reminders.due_now()
    assert first.notices == ()
    ana.reminders.mark_fired(first)
    clock = ana.clock
    assert isinstance(clock, FixedClock)
    stop_server(port)
    try:
        clock.set(call_at - timedelta(minutes=15))  # the reminder's lead
        due = ana.reminders.due_now()
        assert [n.contact_id for n in due.notices] == [priya]
        ana.reminders.mark_fired(due)  # kept in memory: the server is away
        clock.set(call_at - timedelta(minutes=14))
        assert ana.reminders.due_now().notices == ()  # shown once
    finally:
        start_server(port)
    # Back: what was shown meanwhile is stored, and not shown again.
    again = ana.reminders.due_now()
    assert again.notices == ()
    ana.reminders.mark_fired(again)
    # Stored on the server: the app started afresh does not show it again either.
    restarted = ReminderService(ana.db, clock, ana.followups)
    assert restarted.due_now().notices == ()


def test_a_call_logged_while_the_server_is_away_is_done_with_for_its_reminders(
    ana: Services, server: tuple[str, int]
) -> None:
    """Its "in 15 min" notice goes, as when the server is there, and its "now" does not
    come: the call is made, though only this laptop knows it yet."""
    port = server[1]
    priya = ana.contacts.add(Contact(name="Priya Patel"))
    call_at = NOW + timedelta(hours=2)
    logged = ana.calls.log_call(LogCall(priya, Outcome.CONNECTED, agreed_next=call_at))
    (agreed,) = [f.id for f in logged.created if f.agreed]
    clock = ana.clock
    assert isinstance(clock, FixedClock) and agreed is not None
    ana.reminders.mark_fired(ana.reminders.due_now())
    clock.set(call_at - timedelta(minutes=15))
    lead = ana.reminders.due_now()
    (shown,) = lead.notices
    ana.reminders.mark_fired(lead)
    stop_server(port)
    try:
        call = LogCall(priya, Outcome.CONNECTED, follow_up_id=agreed, notes="Terms agreed")
        assert ana.calls.log_call(call).kept
        clock.set(call_at - timedelta(minutes=14))
        after = ana.reminders.due_now(on_screen=shown.about)
        assert after.withdrawn == frozenset(shown.about)
        ana.reminders.mark_fired(after)
        clock.set(call_at)
        assert ana.reminders.due_now().notices == ()
    finally:
        start_server(port)
    assert send_kept(ana).sent == 1
    assert ana.reminders.due_now().notices == ()


def test_a_call_agreed_on_a_call_logged_while_the_server_is_away_reminds_before_its_time(
    ana: Services, server: tuple[str, int]
) -> None:
    """The server answered at the start, then went away: Priya agrees on the call to a
    time later that day. It reminds 15 minutes ahead as any planned call (before, only once
    the server was back), and not again once the call is written there."""
    port = server[1]
    priya = ana.contacts.add(Contact(name="Priya Patel", company="Acme"))
    call_at = NOW + timedelta(hours=1)
    logged = ana.calls.log_call(LogCall(priya, Outcome.CONNECTED, agreed_next=call_at))
    (planned,) = [f.id for f in logged.created if f.agreed]
    clock = ana.clock
    assert isinstance(clock, FixedClock)
    ana.reminders.mark_fired(ana.reminders.due_now())
    agreed = call_at + timedelta(hours=3)
    stop_server(port)
    try:
        clock.set(call_at)
        ana.reminders.mark_fired(ana.reminders.due_now())  # her call, on time
        call = LogCall(
            priya,
            Outcome.CONNECTED,
            notes="Terms next time",
            follow_up_id=planned,
            agreed_next=agreed,
            contact_name="Priya Patel",
        )
        assert ana.calls.log_call(call).kept
        clock.set(agreed - timedelta(minutes=15))
        lead = ana.reminders.due_now()
        (notice,) = lead.notices
        assert notice.contact_id == priya and notice.title.startswith("Call Priya Patel at ")
        assert [r.moment for r in lead.decision.show] == [Moment.LEAD]
        ana.reminders.mark_fired(lead)
        clock.set(agreed - timedelta(minutes=14))
        after = ana.reminders.due_now(on_screen=notice.about)
        assert after.notices == () and after.withdrawn == frozenset()  # once, and it stays
        ana.reminders.mark_fired(after)
    finally:
        start_server(port)
    # Back: before the kept call is written, and after, the lead is not shown again.
    back = ana.reminders.due_now(on_screen=notice.about)
    assert back.notices == () and back.withdrawn == frozenset()
    ana.reminders.mark_fired(back)
    assert send_kept(ana).sent == 1
    clock.set(agreed - timedelta(minutes=13))
    written = ana.reminders.due_now(on_screen=notice.about)
    assert written.notices == ()
    assert written.withdrawn == frozenset()  # the same call, now the server's
    ana.reminders.mark_fired(written)
    clock.set(agreed)
    (on_time,) = ana.reminders.due_now().notices
    assert on_time.contact_id == priya and on_time.follow_up_id not in (None, planned)


def test_a_next_call_at_the_rep_s_own_time_logged_while_the_server_is_away_reminds_before_it(
    ana: Services, server: tuple[str, int]
) -> None:
    """ "Not now": she moves the call again to a time of her own, the server gone away
    since the start. It reminds 15 minutes ahead as the call the server will plan there
    (before, only once the server was back), and not again once it is planned."""
    port = server[1]
    priya = ana.contacts.add(Contact(name="Priya Patel", company="Acme"))
    call_at = NOW + timedelta(hours=1)
    logged = ana.calls.log_call(LogCall(priya, Outcome.CONNECTED, agreed_next=call_at))
    (planned,) = [f.id for f in logged.created if f.agreed]
    clock = ana.clock
    assert isinstance(clock, FixedClock)
    ana.reminders.mark_fired(ana.reminders.due_now())
    again_at = call_at + timedelta(hours=3)
    stop_server(port)
    try:
        clock.set(call_at)
        ana.reminders.mark_fired(ana.reminders.due_now())  # her call, on time
        not_now = LogCall(
            priya,
            Outcome.NOT_NOW,
            follow_up_id=planned,
            next_at=again_at,
            contact_name="Priya Patel",
            next_kind=FollowUpKind.CALL,
            next_step=steps.NOT_NOW,
        )
        assert ana.calls.log_call(not_now).kept
        clock.set(again_at - timedelta(minutes=15))
        lead = ana.reminders.due_now()
        (notice,) = lead.notices
        assert notice.contact_id == priya and notice.title.startswith("Call Priya Patel at ")
        assert [r.moment for r in lead.decision.show] == [Moment.LEAD]
        ana.reminders.mark_fired(lead)
    finally:
        start_server(port)
    assert send_kept(ana).sent == 1
    (call,) = ana.followups.open_for(priya)
    assert (call.step, call.due_at) == (steps.NOT_NOW, again_at)
    clock.set(again_at - timedelta(minutes=14))
    written = ana.reminders.due_now(on_screen=notice.about)
    assert written.notices == () and written.withdrawn == frozenset()
    ana.reminders.mark_fired(written)
    clock.set(again_at)
    (on_time,) = ana.reminders.due_now().notices
    assert on_time.follow_up_id == call.id
