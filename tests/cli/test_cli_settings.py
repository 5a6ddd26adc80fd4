"""`followup settings` from the terminal: every option listed, values checked like the
dialog (a bad one: exit 2, one line, nothing stored), reset, and the IMAP password into a
real Secret Service keyring, never printed and never in the data folder."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from followup_desktop.core.settings import ALL_OPTIONS
from tests.cli.test_cli_export import Terminal, _agreed_call
from tests.peers.keyring_session import SecretService


@pytest.fixture
def term(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Terminal:
    monkeypatch.setenv("TZ", "Europe/Paris")
    return Terminal(tmp_path / "data")


def _database(term: Terminal) -> bytes:
    return (term.data / "followup.sqlite3").read_bytes()


def test_the_list_shows_every_option_with_value_default_and_group(term: Terminal) -> None:
    assert term.run("settings", "set", "reminders.lead_minutes", "20")[0] == 0
    code, out, err = term.run("settings", "--json")
    assert (code, err) == (0, "")
    rows = {row["key"]: row for row in json.loads(out)}
    assert set(rows) == {option.key for option in ALL_OPTIONS}
    lead = rows["reminders.lead_minutes"]
    assert (lead["value"], lead["default"], lead["group"]) == (20, 15, "Reminders")

    code, out, _ = term.run("settings")
    assert code == 0
    assert "[Reminders]" in out
    assert "reminders.lead_minutes               20   (default: 15)" in out
    # A value kept as a word of its own is listed with what it means.
    assert "rep.default_style                    to_the_point (Gets to the point)\n" in out
    assert term.run("settings", "set", "rep.default_style", "personal")[0] == 0
    out = term.run("settings")[1]
    assert "personal (Likes a personal word)   (default: to_the_point)" in out


def test_set_then_get_keeps_what_the_dialog_would_keep(term: Terminal) -> None:
    assert term.run("settings", "set", "rep.email", "Rep@Seller.Example") == (0, "", "")
    assert term.run("settings", "get", "rep.email") == (0, "Rep@seller.example\n", "")
    assert term.run("settings", "set", "cadence.business_days", "Mon-Fri")[0] == 0
    assert term.run("settings", "get", "cadence.business_days")[1] == "Mon-Fri\n"
    assert term.run("settings", "set", "reminders.start_at_login", "yes")[0] == 0
    assert term.run("settings", "get", "reminders.start_at_login")[1] == "true\n"
    assert term.run("settings", "reset", "reminders.start_at_login")[0] == 0
    assert term.run("settings", "get", "reminders.start_at_login")[1] == "false\n"
    assert term.run("settings", "set", "cadence.voicemail_spacing_days", "1, 2,4")[0] == 0
    assert term.run("settings", "get", "cadence.voicemail_spacing_days")[1] == "1,2,4\n"
    assert term.run("settings", "set", "rep.currency", " chf ") == (0, "", "")
    assert term.run("settings", "get", "rep.currency") == (0, "CHF\n", "")


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("reminders.lead_minutes", "banana", "'banana' is not a whole number"),
        ("cadence.business_day_start", "9am", "'9am' is not a time like 09:00"),
        ("cadence.business_days", "Mon-Fry", "'Mon-Fry' is not a day"),
        ("rep.time_zone", "Mars/Olympus", "Mars/Olympus"),
        (
            "imap.security",
            "ssl",
            "'ssl' is not one of: tls (Encrypted from the start: SSL/TLS, usually port 993),"
            " starttls (Encrypted once connected: STARTTLS, usually port 143)",
        ),
        ("rep.phone_region", "XX", "'XX' is not a country code"),
        ("rep.currency", "US$", "'US$' is not a currency code like EUR, USD or CHF"),
        ("rep.currency", "EURO", "'EURO' is not a currency code"),
        ("rep.currency", "€", "'€' is not a currency code"),
        ("rep.currency", "ÄÖÜ", "'ÄÖÜ' is not a currency code"),
        ("rep.currency", "ABC", "'ABC' is not a currency code"),
        # The rules fell back to the defaults without a word: the rep believed it was kept.
        ("cadence.voicemail_spacing_days", "2,2,x", "'2,2,x' is not business days like 2,2,3"),
        ("cadence.voicemail_spacing_days", "2,0,3", "'2,0,3' is not business days like 2,2,3"),
        # A name goes into invites, e-mail headers and every script line: one line only.
        ("rep.name", "Sam\nBcc: x@evil.example", "a line break or a control character"),
        ("imap.user", "sam\x07", "a line break or a control character"),
        # The rules used their own value instead, without a word.
        ("cadence.nudge_minutes", "30", "30 is outside 60–120"),
        ("cadence.nudge_minutes", "180", "180 is outside 60–120"),
        ("cadence.voicemail_steps", "0", "0 is less than 1"),
        ("cadence.parked_check_in_days", "0", "0 is less than 1"),
    ],
)
def test_a_bad_value_exits_2_with_one_plain_line_and_stores_nothing(
    term: Terminal, key: str, value: str, reason: str
) -> None:
    term.run("settings")  # the database exists
    before = _database(term)
    code, out, err = term.run("settings", "set", key, value)
    assert (code, out) == (2, "")
    assert err.startswith(f"followup: {key}: ") and reason in err
    assert err.count("\n") == 1 and "Traceback" not in err and "int()" not in err
    assert _database(term) == before


def test_business_hours_that_end_before_they_start_are_refused(term: Terminal) -> None:
    """An evening start, or a close before the opening, made the rules fall back to
    09:00–17:00 without a word; now the second time is refused and the first one kept."""
    assert term.run("settings", "set", "cadence.business_day_start", "08:00")[0] == 0
    code, out, err = term.run("settings", "set", "cadence.business_day_end", "07:30")
    assert (code, out) == (2, "")
    assert err == (
        "followup: cadence.business_day_end: Contacts' business day ends: 07:30 is not "
        "after the start of their business day, 08:00\n"
    )
    assert term.run("settings", "get", "cadence.business_day_end")[1] == "17:00\n"
    assert term.run("settings", "set", "cadence.business_day_end", "16:00")[0] == 0
    assert term.run("settings", "set", "cadence.business_day_start", "16:00")[0] == 2


def test_an_unknown_key_names_the_close_ones(term: Terminal) -> None:
    code, _, err = term.run("settings", "set", "reminders.lead", "5")
    assert code == 2
    assert err == (
        "followup: there is no setting 'reminders.lead' (did you mean reminders.lead_minutes?)\n"
    )


def test_the_reps_address_set_here_makes_export_ics_work_without_the_gui(term: Terminal) -> None:
    _, follow_up = _agreed_call(term, rep_email="")
    assert term.run("export", "ics", str(follow_up))[0] == 2
    assert term.run("settings", "set", "rep.email", "rep@seller.example")[0] == 0
    code, out, err = term.run("export", "ics", str(follow_up))
    assert (code, err) == (0, "")
    assert "ORGANIZER" in out and "mailto:rep@seller.example" in out


def test_the_imap_password_goes_to_the_keyring_and_nowhere_else(
    term: Terminal, keyring_bus: SecretService, monkeypatch: pytest.MonkeyPatch
) -> None:
    term.run("settings", "set", "imap.host", "mail.example.org")
    term.run("settings", "set", "imap.user", "sam")
    monkeypatch.setattr(sys, "stdin", io.StringIO("s3cret-Pa55\n"))
    code, out, err = term.run("settings", "set-password", "imap")
    assert (code, err) == (0, "")
    assert "s3cret" not in out

    from followup_desktop.services.secrets import Secrets

    assert Secrets().imap_password("mail.example.org", "sam") == "s3cret-Pa55"
    for path in term.data.rglob("*"):
        if path.is_file():
            assert b"s3cret-Pa55" not in path.read_bytes(), path
    listing = term.run("settings", "--json")[1] + term.run("settings")[1]
    assert "s3cret" not in listing


def test_the_real_command_sets_and_gets(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    command = [sys.executable, "-m", "followup_desktop.cli", "--data-dir", data, "settings"]
    set_run = subprocess.run(
        [*command, "set", "rep.name", "Priya Shah"], capture_output=True, text=True, timeout=60
    )
    assert (set_run.returncode, set_run.stderr) == (0, "")
    got = subprocess.run([*command, "get", "rep.name"], capture_output=True, text=True, timeout=60)
    assert (got.returncode, got.stdout) == (0, "Priya Shah\n")
    bad = subprocess.run(
        [*command, "set", "reminders.lead_minutes", "banana"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2
    assert bad.stderr.strip().endswith("'banana' is not a whole number")


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    """`followup settings | head -1`: the pipe closes before FollowUp has written; the
    command ends quietly, with no Python error on the terminal."""
    command = [
        sys.executable,
        "-m",
        "followup_desktop.cli",
        "--data-dir",
        str(tmp_path),
        "settings",
    ]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader is gone before the first line
    err = child.stderr.read().decode()
    assert child.wait(60) == 1
    assert err == ""
