"""The engine driven from the terminal: `followup log` and `followup agenda`, over a
realistic two weeks for three contacts in different zones, checked day by day."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from followup_desktop import cli
from followup_desktop.core.clock import FixedClock

REP_ZONE = "Europe/Paris"


class Terminal:
    def __init__(self, data: Path, clock: FixedClock) -> None:
        self.data = data
        self.clock = clock

    def run(self, *argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(["--data-dir", str(self.data), *argv], out, err, self.clock)
        return code, out.getvalue(), err.getvalue()

    def json(self, *argv: str) -> list[dict[str, object]]:
        code, out, err = self.run(*argv, "--json")
        assert code == 0, err
        return json.loads(out)

    def at(self, iso: str) -> str:
        self.clock.set(datetime.fromisoformat(iso))
        return iso


@pytest.fixture
def term(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Terminal:
    monkeypatch.setenv("TZ", REP_ZONE)
    return Terminal(tmp_path, FixedClock(datetime(2026, 11, 23, 8, 0, tzinfo=UTC)))


def add(term: Terminal, name: str, zone: str) -> int:
    code, out, err = term.run("contact", "add", "--name", name, "--time-zone", zone)
    assert code == 0, err
    return int(out)


def test_log_json_has_the_keys_and_utc_times(term: Terminal) -> None:
    jane = add(term, "Jane Smith", "America/Chicago")
    when = term.at("2026-11-23T16:00:00+01:00")
    created = term.json(
        "log",
        str(jane),
        "--outcome",
        "connected",
        "--at",
        when,
        "--next",
        "2026-11-24T10:00-06:00",
        "--objective",
        "review the proposal",
    )
    assert created == [
        {
            "id": created[0]["id"],
            "contact_id": jane,
            "kind": "call",
            "step": "agreed-call",
            "due_at": "2026-11-24T16:00:00Z",
            "agreed": True,
            "objective": "review the proposal",
        }
    ]


def test_bad_input_is_one_line_and_exit_2(term: Terminal) -> None:
    jane = add(term, "Jane", "America/Chicago")
    for args, message in (
        (["log", str(jane), "--outcome", "maybe"], "--outcome 'maybe'"),
        (["log", str(jane), "--outcome", "connected", "--next", "tomorrow"], "not an ISO 8601"),
        (
            ["log", str(jane), "--outcome", "connected", "--next", "2026-11-24T10:00"],
            "needs an offset",
        ),
        (["log", "999", "--outcome", "connected"], "no contact 999"),
        (
            ["agenda", "--from", "2026-11-25T00:00Z", "--to", "2026-11-24T00:00Z"],
            "--to must be after",
        ),
    ):
        code, _out, err = term.run(*args)
        assert code == 2, args
        assert message in err
        assert len(err.strip().splitlines()) == 1


def test_a_time_at_the_end_of_the_calendar_is_bad_input_not_a_crash(term: Terminal) -> None:
    """A typo like 9999 for the year: said in one line, exit 2, nothing logged."""
    jane = add(term, "Jane", "America/Chicago")
    for args, flag in (
        (["log", str(jane), "--outcome", "connected", "--at", "9999-12-31T23:59-05:00"], "--at"),
        (["log", str(jane), "--outcome", "no-answer", "--at", "9999-12-31T23:59Z"], "--at"),
        (["log", str(jane), "--outcome", "connected", "--at", "0001-01-01T00:00+01:00"], "--at"),
        (["log", str(jane), "--outcome", "connected", "--next", "9999-12-31T23:59Z"], "--next"),
        (["agenda", "--from", "0001-01-01T00:00+01:00"], "--from"),
        (["agenda", "--to", "9999-12-31T23:00-01:00"], "--to"),
        (["away", "--from", "9999-12-31", "--to", "9999-12-31"], "not a year from 1900"),
    ):
        code, _out, err = term.run(*args)
        assert code == 2, (args, err)
        assert flag in err and "Error" not in err, err
        assert len(err.strip().splitlines()) == 1
    assert term.json("agenda", "--from", "2000-01-01T00:00Z", "--to", "2100-01-01T00:00Z") == []


def test_two_weeks_for_three_contacts(term: Terminal) -> None:
    jane = add(term, "Jane Smith", "America/Chicago")
    dana = add(term, "Dana Cruz", "Asia/Kolkata")
    marcus = add(term, "Marcus O'Neil", "Europe/London")

    def agenda_on(day: str) -> list[tuple[str, str, bool]]:
        rows = term.json(
            "agenda", "--from", f"{day}T00:00:00+01:00", "--to", f"{day}T23:59:59+01:00"
        )
        return [(row["contact_name"], row["step"], row["overdue"]) for row in rows]

    # Monday 23 Nov: Jane agrees to a call Tuesday 10:00 her time; Dana's phone goes to
    # voicemail; Marcus is visited in the morning.
    term.at("2026-11-23T09:00:00+01:00")
    term.json(
        "log",
        str(jane),
        "--outcome",
        "connected",
        "--at",
        "2026-11-23T09:00:00+01:00",
        "--next",
        "2026-11-24T10:00:00-06:00",
        "--objective",
        "review the proposal",
    )
    term.json("log", str(dana), "--outcome", "voicemail", "--at", "2026-11-23T09:05:00+01:00")
    created = term.json(
        "log", str(marcus), "--outcome", "visit", "--at", "2026-11-23T09:30:00+01:00"
    )
    assert [(c["step"], c["due_at"]) for c in created] == [
        ("same-day", "2026-11-23T13:00:00Z")
    ]  # 14:00 Paris
    assert agenda_on("2026-11-23") == [("Marcus O'Neil", "same-day", False)]

    # Marcus is called that afternoon and agrees to Thursday.
    term.at("2026-11-23T14:05:00+01:00")
    term.json(
        "log",
        str(marcus),
        "--outcome",
        "connected",
        "--at",
        "2026-11-23T14:05:00+01:00",
        "--next",
        "2026-11-26T11:00:00+00:00",
    )
    # Tuesday: Jane's agreed call (17:00 Paris) and Dana's second voicemail step (Wed).
    assert agenda_on("2026-11-24") == [("Jane Smith", "agreed-call", False)]
    assert agenda_on("2026-11-25") == [("Dana Cruz", "voicemail-2", False)]

    # Jane misses the agreed call and the retry: nudge e-mail, then a call-back Wednesday.
    term.at("2026-11-24T17:01:00+01:00")
    term.json("log", str(jane), "--outcome", "no-answer", "--at", "2026-11-24T17:01:00+01:00")
    assert agenda_on("2026-11-24") == [("Jane Smith", "retry-1", False)]
    term.at("2026-11-24T17:16:00+01:00")
    steps = term.json(
        "log", str(jane), "--outcome", "no-answer", "--at", "2026-11-24T17:16:00+01:00"
    )
    assert [(s["step"], s["due_at"]) for s in steps] == [
        ("nudge", "2026-11-24T17:46:00Z"),
        ("call-back", "2026-11-25T16:00:00Z"),  # 10:00 Chicago, the agreed time of day
    ]
    assert agenda_on("2026-11-25") == [
        ("Dana Cruz", "voicemail-2", False),
        ("Jane Smith", "call-back", False),
    ]

    # Wednesday morning the rep has not sent the nudge yet: it shows as overdue.
    term.at("2026-11-25T08:00:00+01:00")
    assert agenda_on("2026-11-25")[0] == ("Jane Smith", "nudge", True)
    term.json("log", str(jane), "--outcome", "email-sent", "--at", "2026-11-25T08:05:00+01:00")
    term.at("2026-11-25T17:00:00+01:00")
    term.json(
        "log",
        str(jane),
        "--outcome",
        "connected",
        "--at",
        "2026-11-25T17:00:00+01:00",
        "--next",
        "2026-12-02T09:30:00-06:00",
    )
    term.at("2026-11-25T05:00:00+01:00")
    term.json("log", str(dana), "--outcome", "voicemail", "--at", "2026-11-25T05:00:00+01:00")

    # Thursday: Marcus's agreed call; Dana's e-mail step after voicemail 2.
    assert agenda_on("2026-11-26") == [
        ("Dana Cruz", "series-email-1", False),
        ("Marcus O'Neil", "agreed-call", False),
    ]

    # Nothing is lost or doubled over the fortnight: every open step appears exactly once.
    seen: list[tuple[str, str, bool]] = []
    day = datetime(2026, 11, 26)
    term.at("2026-11-26T00:00:00+01:00")
    for _ in range(14):
        seen.extend(agenda_on(day.date().isoformat()))
        day += timedelta(days=1)
    assert len(seen) == len(set(seen))
    assert ("Jane Smith", "agreed-call", False) in seen
    assert ("Dana Cruz", "voicemail-3", False) in seen
    assert not any(
        name == "Jane Smith" and step in ("retry-1", "nudge", "call-back") for name, step, _ in seen
    )


def test_the_log_and_the_agenda_read_as_today_does(term: Terminal) -> None:
    """Before: "3: call agreed-call (agreed) at … — walk through pricing" and "Jane: email
    nudge — friendly nudge: …", the steps' keys; now Today's words."""
    jane = add(term, "Jane Smith", "America/Chicago")
    term.at("2026-11-23T16:00:00+01:00")
    code, out, err = term.run(
        "log", str(jane), "--outcome", "connected", "--next", "2026-11-24T10:00:00-06:00",
        "--objective", "walk through pricing",
    )  # fmt: skip
    assert code == 0, err
    assert out.splitlines()[0].endswith(": Agreed call: walk through pricing at Tue 24 Nov 17:00")
    code, out, err = term.run(
        "agenda", "--from", "2026-11-24T00:00+01:00", "--to", "2026-11-25T00:00+01:00"
    )
    assert code == 0, err
    (line,) = out.splitlines()
    assert line.startswith("Tue 24 Nov 17:00 (their Tue 24 Nov 10:00)  Jane Smith: Agreed call: ")
    assert "agreed-call" not in line


def test_a_wrong_number_reads_as_the_step_to_find_the_right_one(term: Terminal) -> None:
    """Before: "nothing scheduled", and the contact fell out of every agenda; then "(their
    Tue 24 Nov 02:30)" beside it, the contact's clock for the rep's own work."""
    jane = add(term, "Jane Smith", "America/Chicago")
    term.at("2026-11-23T16:00:00+01:00")
    code, out, err = term.run("log", str(jane), "--outcome", "wrong-number")
    assert code == 0, err
    (line,) = out.splitlines()
    number = line.split(":")[0]
    assert line == f"{number}: Find the right number at Tue 24 Nov 09:30"
    code, out, err = term.run(
        "agenda", "--from", "2026-11-24T00:00+01:00", "--to", "2026-11-25T00:00+01:00"
    )
    assert code == 0, err
    assert out.splitlines() == [f"Tue 24 Nov 09:30  Jane Smith: Find the right number [#{number}]"]
    (task,) = term.json(
        "agenda", "--from", "2026-11-24T00:00+01:00", "--to", "2026-11-25T00:00+01:00"
    )
    assert (task["kind"], task["step"]) == ("task", "find-number")
