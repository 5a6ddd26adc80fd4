"""Writes kept on the laptop while the team server was away that it will never take (the
contact handed to another rep, or deleted, meanwhile) stay with the rep: listed in plain
words, when they were kept in her own zone, why they were refused, copied whole, and let
go only when she says so. A real PostgreSQL, stopped and started again."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from followup_desktop.core import settings as options
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.clock_words import moment_text
from followup_desktop.core.model import Contact, Outcome
from followup_desktop.paths import AppPaths
from followup_desktop.services.call_requests import LogCall
from followup_desktop.services.session import Services, open_services, send_kept
from tests.postgres_server import start_server, stop_server
from tests.team_logins import NOW, as_rep

NEW_YORK = "America/New_York"


def _kept_while_away(ana: Services, port: int, priya: int, ben: int) -> None:
    opened = ana.contacts.get(ben)
    stop_server(port)
    try:
        call = LogCall(
            priya,
            Outcome.CONNECTED,
            notes="Budget approved; wants the pilot in March",
            agreed_next=NOW + timedelta(days=2),
            objective="agree the pilot start",
            contact_name="Priya Patel",
        )
        assert ana.calls.log_call(call).kept
        assert ana.deals.save_edit(opened, replace(opened, company="Ode & Sons"), None).kept
    finally:
        start_server(port)


def test_writes_the_server_refused_are_listed_in_plain_words_and_let_go_when_the_rep_says(
    ana: Services, maria: Services, server: tuple[str, int], tmp_path: Path
) -> None:
    ana.settings.save(ana.settings.load().with_value(options.REP_TIME_ZONE, NEW_YORK))
    priya = ana.contacts.add(Contact(name="Priya Patel"))
    ben = ana.contacts.add(Contact(name="Ben Ode", company="Ode"))
    _kept_while_away(ana, server[1], priya, ben)
    maria.team_book.hand_over(priya, "bo")  # her manager hands Priya to Bo meanwhile
    ana.contacts.delete(ben)

    report = send_kept(ana)
    assert (report.sent, report.saves_sent, len(report.set_aside)) == (0, 0, 2)
    assert "2 not taken by it, kept on this laptop" in report.text()
    assert ana.set_aside.notice() == (
        "1 call and 1 contact's save kept on this laptop were not taken by the team server"
    )

    call, save = ana.set_aside.entries()
    assert call.what == "Call with Priya Patel: connected"
    assert call.details == (
        "When: Mon 7 Dec 2026 04:00",  # the call's own time, in the rep's zone
        "Notes: Budget approved; wants the pilot in March",
        "Next step: call agreed for Wed 9 Dec 2026 04:00 — agree the pilot start",
    )
    assert "handed to another rep" in call.why, call.why
    assert save.what == "Save of Ben Ode"
    assert save.details == ("Company: Ode → Ode & Sons",)
    assert "deleted" in save.why

    text = call.text(ZoneInfo(NEW_YORK))
    kept_at = moment_text(call.kept_at.astimezone(ZoneInfo(NEW_YORK)), year=True)
    assert text.splitlines() == [
        "Call with Priya Patel: connected",
        f"Kept on this laptop: {kept_at}",
        *call.details,
        f"Not taken by the team server: {call.why}",
    ]

    # Sent again, nothing changes: set aside is not tried again, nor lost.
    assert send_kept(ana).set_aside == ()
    again = open_services(
        AppPaths(tmp_path / "ana"), FixedClock(NOW), database=as_rep(server[1], "ana")
    )
    try:
        assert [w.what for w in again.set_aside.entries()] == [call.what, save.what]
    finally:
        again.close()

    assert ana.set_aside.remove(call.id)
    assert not ana.set_aside.remove(call.id)
    assert [w.what for w in ana.set_aside.entries()] == ["Save of Ben Ode"]
    assert ana.set_aside.notice() == (
        "1 contact's save kept on this laptop was not taken by the team server"
    )
    assert ana.set_aside.remove(save.id)
    assert ana.set_aside.entries() == [] and ana.set_aside.notice() == ""


def test_the_command_line_lists_them_as_json_and_removes_one_with_the_server_away(
    ana: Services, server: tuple[str, int], tmp_path: Path
) -> None:
    import io
    import json

    from followup_desktop import cli

    def run(*argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(["--data-dir", str(tmp_path / "ana"), *argv], out, err)
        return code, out.getvalue(), err.getvalue()

    priya = ana.contacts.add(Contact(name="Priya Patel"))
    ben = ana.contacts.add(Contact(name="Ben Ode", company="Ode"))
    _kept_while_away(ana, server[1], priya, ben)
    ana.contacts.delete(priya)
    ana.contacts.delete(ben)
    assert len(send_kept(ana).set_aside) == 2

    stop_server(server[1])  # read from the laptop alone
    try:
        code, out, err = run("set-aside", "--json")
        assert (code, err) == (0, "")
        listed = json.loads(out)
        assert [(w["kind"], w["what"]) for w in listed] == [
            ("call", "Call with Priya Patel: connected"),
            ("contact", "Save of Ben Ode"),
        ]
        assert "Notes: Budget approved; wants the pilot in March" in listed[0]["details"]
        assert listed[0]["kept_at"].endswith("Z")
        assert "deleted" in listed[0]["why"]

        assert run("set-aside", "remove", listed[0]["id"])[:2] == (
            0,
            f"removed {listed[0]['id']}\n",
        )
        code, _, err = run("set-aside", "remove", listed[0]["id"])
        assert code == 2 and "nothing set aside has the id" in err
        code, out, _ = run("set-aside")
        assert code == 0 and "Save of Ben Ode" in out and "Priya" not in out
        assert "    Company: Ode → Ode & Sons" in out.splitlines()
    finally:
        start_server(server[1])
