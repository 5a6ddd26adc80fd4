"""`followup log --next … --invite PATH --draft PATH`: the call stored, then its invite and
confirmation e-mail written from it; an export that cannot be made is said on stderr with
exit 1, and the call stays logged (once)."""

from __future__ import annotations

import email
import email.policy
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest

from followup_desktop import cli
from followup_desktop.core.clock import FixedClock

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


class Terminal:
    def __init__(self, data: Path) -> None:
        self.data = data
        self.clock = FixedClock(NOW)

    def run(self, *argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(["--data-dir", str(self.data), *argv], out, err, self.clock)
        return code, out.getvalue(), err.getvalue()


@pytest.fixture
def term(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Terminal:
    monkeypatch.setenv("TZ", "Europe/Paris")
    return Terminal(tmp_path / "data")


def jane(term: Terminal) -> str:
    code, out, err = term.run(
        *("contact", "add", "--name", "Jane Smith", "--email", "jane@example.com"),
        *("--time-zone", "America/Chicago"),
    )
    assert code == 0, err
    return out.strip()


def rep_email(term: Terminal) -> None:
    from followup_desktop.core import settings as options
    from followup_desktop.paths import AppPaths
    from followup_desktop.services.session import open_services

    services = open_services(AppPaths(term.data), term.clock)
    try:
        settings = services.settings.load().with_value(options.REP_NAME, "Sam Rivers")
        services.settings.save(settings.with_value(options.REP_EMAIL, "sam@example.com"))
    finally:
        services.close()


def agreed_calls(term: Terminal) -> list[str]:
    code, out, err = term.run("agenda", "--from", "2026-11-01T00:00Z", "--to", "2027-01-01T00:00Z")
    assert code == 0, err
    return [line for line in out.splitlines() if ": Agreed call" in line]


def test_log_writes_the_invite_and_the_confirmation(term: Terminal, tmp_path: Path) -> None:
    contact = jane(term)
    rep_email(term)
    invite, draft = tmp_path / "inv.ics", tmp_path / "confirm.eml"
    code, out, err = term.run(
        *("log", contact, "--outcome", "connected", "--next", "2026-11-25T14:00-06:00"),
        *("--objective", "agree the pilot start", "--invite", str(invite), "--draft", str(draft)),
    )
    assert code == 0, err
    assert f"invite saved as {invite}" in out
    assert f"confirmation e-mail saved as {draft}" in out
    (event,) = icalendar.Calendar.from_ical(invite.read_bytes()).walk("VEVENT")
    assert event.decoded("DTSTART") == datetime(2026, 11, 25, 20, 0, tzinfo=UTC)
    assert str(event["SUMMARY"]) == "Call with Sam Rivers: agree the pilot start"
    message = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    assert message["To"] == "Jane Smith <jane@example.com>"
    assert any(part.get_content_type() == "text/calendar" for part in message.walk())


def test_an_invite_that_cannot_be_made_is_said_and_the_call_stays_logged_once(
    term: Terminal, tmp_path: Path
) -> None:
    contact = jane(term)  # no rep e-mail set: no invite can be made
    code, out, err = term.run(
        *("log", contact, "--outcome", "connected", "--next", "2026-11-25T14:00-06:00"),
        *("--invite", str(tmp_path / "inv.ics"), "--json"),
    )
    assert code == 1
    assert err == (
        "followup: logged, but no invite: set your e-mail address in Settings (You) to send "
        "invites; do not log the call again\n"
        "followup: to fix it: followup settings set rep.email VALUE, then followup export ics"
        " (or email) with the follow-up's id\n"
    )
    (created,) = json.loads(out)
    assert created["step"] == "agreed-call"
    assert not (tmp_path / "inv.ics").exists()
    assert len(agreed_calls(term)) == 1
    # What it says works, from the command line alone.
    assert term.run("settings", "set", "rep.email", "sam@seller.example")[0] == 0
    code, _out, err = term.run("export", "ics", str(created["id"]), "-o", str(tmp_path / "inv.ics"))
    assert (code, err) == (0, "")
    assert (tmp_path / "inv.ics").exists()
    assert len(agreed_calls(term)) == 1


def test_invite_and_draft_need_an_agreed_call(term: Terminal, tmp_path: Path) -> None:
    contact = jane(term)
    code, _out, err = term.run(
        "log", contact, "--outcome", "no-answer", "--invite", str(tmp_path / "inv.ics")
    )
    assert code == 2
    assert err == "followup: --invite and --draft are for the call agreed with --next\n"
    code, out, _err = term.run("agenda", "--from", "2026-11-01T00:00Z", "--to", "2027-01-01T00:00Z")
    assert out.strip() == "nothing due"  # nothing was logged
