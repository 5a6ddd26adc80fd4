"""`followup export ics|email` from the terminal: the bytes on stdout or a file, never
over an existing one, one-line errors with exit 2, and each export on the history."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path

import icalendar
import pytest
import vobject

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


def _agreed_call(
    term: Terminal,
    rep_email: str = "sam@example.com",
    zone: str = "America/Chicago",
    next_at: str = "2026-11-24T10:00-06:00",
) -> tuple[int, int]:
    code, out, err = term.run(
        "contact",
        "add",
        "--name",
        "Smith, Jane: Zoë",
        "--email",
        "jane@example.com",
        "--time-zone",
        zone,
    )
    assert code == 0, err
    contact = int(out)
    code, out, err = term.run(
        "log",
        str(contact),
        "--outcome",
        "connected",
        "--at",
        "2026-11-23T16:00+01:00",
        "--notes",
        "INTERNAL: do not show",
        "--next",
        next_at,
        "--objective",
        "review the proposal",
        "--json",
    )
    assert code == 0, err
    follow_up = int(out.split('"id": ')[1].split(",")[0])
    if rep_email:
        # Settings are the GUI's job; the CLI test sets them through the same service.
        from followup_desktop.core import settings as options
        from followup_desktop.paths import AppPaths
        from followup_desktop.services.session import open_services

        services = open_services(AppPaths(term.data), term.clock)
        try:
            services.settings.save(
                services.settings.load()
                .with_value(options.REP_EMAIL, rep_email)
                .with_value(options.REP_NAME, "Sam Rivers")
            )
        finally:
            services.close()
    return contact, follow_up


def test_export_ics_prints_a_valid_invite(term: Terminal) -> None:
    _, follow_up = _agreed_call(term)
    code, out, err = term.run("export", "ics", str(follow_up))
    assert (code, err) == (0, "")
    data = out.encode()
    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert event.decoded("DTSTART") == datetime(2026, 11, 24, 16, 0, tzinfo=UTC)
    assert str(event["SUMMARY"]) == "Call with Sam Rivers: review the proposal"
    assert vobject.readOne(out).vevent.valarm.trigger.value.total_seconds() == -15 * 60
    assert "INTERNAL" not in out


@pytest.mark.parametrize(
    ("next_at", "instant"),
    [
        ("2027-10-31T02:30+02:00", datetime(2027, 10, 31, 0, 30, tzinfo=UTC)),
        ("2027-10-31T02:30+01:00", datetime(2027, 10, 31, 1, 30, tzinfo=UTC)),
    ],
    ids=["first-0230", "second-0230"],
)
def test_a_call_agreed_in_the_repeated_autumn_hour_exports_as_invite_and_draft(
    term: Terminal, tmp_path: Path, next_at: str, instant: datetime
) -> None:
    _, follow_up = _agreed_call(term, zone="Europe/Berlin", next_at=next_at)
    code, out, err = term.run("export", "ics", str(follow_up))
    assert (code, err) == (0, "")
    (event,) = icalendar.Calendar.from_ical(out.encode()).walk("VEVENT")
    assert event.decoded("DTSTART").astimezone(UTC) == instant
    code, out, err = term.run("export", "email", str(follow_up), "-o", f"{tmp_path}/drafts/")
    assert (code, err) == (0, "")


def test_export_ics_to_a_file_never_overwrites(term: Terminal, tmp_path: Path) -> None:
    _, follow_up = _agreed_call(term)
    target = tmp_path / "invite.ics"
    target.write_text("mine")
    code, out, err = term.run("export", "ics", str(follow_up), "-o", str(target))
    assert (code, err) == (0, "")
    assert out.strip() == str(tmp_path / "invite (2).ics")
    assert target.read_text() == "mine"
    assert (tmp_path / "invite (2).ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_a_trailing_slash_names_a_folder_made_if_missing(term: Terminal, tmp_path: Path) -> None:
    _, follow_up = _agreed_call(term)
    folder = tmp_path / "invites" / "week 48"
    code, out, err = term.run("export", "ics", str(follow_up), "-o", f"{folder}/")
    assert (code, err) == (0, "")
    written = Path(out.strip())
    assert written.parent == folder and written.suffix == ".ics"
    assert written.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_export_email_to_a_folder_writes_an_unsent_draft(term: Terminal, tmp_path: Path) -> None:
    _, follow_up = _agreed_call(term)
    code, out, err = term.run("export", "email", str(follow_up), "-o", str(tmp_path))
    assert (code, err) == (0, "")
    written = Path(out.strip())
    assert written == tmp_path / "Smith, Jane Zoë - confirmation.eml"
    message = message_from_bytes(written.read_bytes(), policy=policy.default)
    assert message["X-Unsent"] == "1"
    assert message["Subject"] == "Our call on Tuesday 24 November at 10:00"
    (invite,) = message.iter_attachments()
    assert invite.get_content_type() == "text/calendar"
    assert b"INTERNAL" not in written.read_bytes()


def test_export_email_with_a_template_on_stdout(term: Terminal) -> None:
    _, follow_up = _agreed_call(term)
    code, out, err = term.run("export", "email", str(follow_up), "--template", "nudge")
    assert (code, err) == (0, "")
    message = message_from_bytes(out.encode(), policy=policy.default)
    assert message["Subject"] == "Another time to talk?"


def test_every_export_is_on_the_history(term: Terminal) -> None:
    contact, follow_up = _agreed_call(term)
    term.run("export", "ics", str(follow_up))
    term.run("export", "email", str(follow_up), "--template", "nudge")
    from followup_desktop.core.model import Outcome
    from followup_desktop.paths import AppPaths
    from followup_desktop.services.session import open_services
    from followup_desktop.store import followups_repo

    services = open_services(AppPaths(term.data), term.clock)
    try:
        with services.db.reading() as session:
            notes = [
                t.notes
                for t in followups_repo.touches(session, contact)
                if t.outcome is Outcome.NOTE
            ]
    finally:
        services.close()
    assert notes == [
        "Invite exported, printed by the command line",
        "E-mail draft 'nudge' printed by the command line",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("export", "ics", "999"), "followup: there is no follow-up 999\n"),
        (("export", "email", "{id}", "--template", "../../x"), "is not a template name"),
        (("export", "email", "{id}", "--template", "nope"), "no e-mail template 'nope'"),
    ],
)
def test_errors_are_one_line_with_exit_2(
    term: Terminal, argv: tuple[str, ...], message: str
) -> None:
    _, follow_up = _agreed_call(term)
    code, out, err = term.run(*(a.replace("{id}", str(follow_up)) for a in argv))
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_without_the_reps_address_the_error_says_where_to_set_it(term: Terminal) -> None:
    _, follow_up = _agreed_call(term, rep_email="")
    code, _, err = term.run("export", "ics", str(follow_up))
    assert code == 2
    assert err == (
        "followup: set your e-mail address in Settings (You) to send invites"
        " (followup settings set rep.email VALUE)\n"
    )


def test_the_real_command_writes_exact_crlf_bytes_to_stdout(term: Terminal) -> None:
    _, follow_up = _agreed_call(term)
    result = subprocess.run(
        [
            *(sys.executable, "-m", "followup_desktop.cli", "--data-dir", str(term.data)),
            *("export", "ics", str(follow_up)),
        ],
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert b"\n" not in result.stdout.replace(b"\r\n", b"")


def test_the_search_for_a_right_number_has_no_email_to_export(term: Terminal) -> None:
    """Before: a draft offering "A few times for a short call", a call on the number that
    had just reached someone else."""
    contact, _agreed = _agreed_call(term)
    code, out, err = term.run(
        "log", str(contact), "--outcome", "wrong-number", "--at", "2026-11-23T16:05+01:00"
    )
    assert code == 0, err
    search = out.split(":")[0]
    assert out == f"{search}: Find the right number at Tue 24 Nov 09:30\n"
    for chosen in ((), ("--template", "nudge")):
        code, out, err = term.run("export", "email", search, *chosen)
        assert (code, out) == (2, "")
        assert err == (
            f"followup: follow-up {search} is finding the right number for Smith, Jane: Zoë: "
            "there is no e-mail to write for it. Save the right number on the contact and "
            "the call on it is planned\n"
        )
