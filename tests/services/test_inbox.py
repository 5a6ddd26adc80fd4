"""Stop on reply, against a real Dovecot: a reply from a contact mid-series stops the
series within one look and is said; a stranger's mail changes nothing; nothing on the
server changes (flags, folders, messages), compared before and after; and a message is
acted on once. Mail is delivered to the INBOX with IMAP APPEND, as a mail server's
delivery agent would leave it."""

from __future__ import annotations

import imaplib
import io
import re
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest

from followup_desktop import cli
from followup_desktop.core import settings as options
from followup_desktop.core import steps
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Email, Outcome
from followup_desktop.services.session import Services
from followup_desktop.store import followups_repo
from tests.peers.dovecot import Dovecot
from tests.peers.keyring_session import SecretService
from tests.rep_desk import rep_services

NOW = datetime.now(UTC).replace(microsecond=0)  # the server stamps arrivals with real time


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


def _use_imap(services: Services, server: Dovecot) -> None:
    services.settings.save(
        services.settings.load()
        .with_value(options.IMAP_HOST, "127.0.0.1")
        .with_value(options.IMAP_PORT, server.port)
        .with_value(options.IMAP_SECURITY, "none")  # loopback: allowed in the clear
        .with_value(options.IMAP_USER, server.user)
    )


def _client(server: Dovecot) -> imaplib.IMAP4:
    client = imaplib.IMAP4(server.host, server.port, timeout=10)
    client.authenticate("PLAIN", lambda _: f"\0{server.user}\0{server.password}".encode())
    return client


def _deliver(server: Dovecot, sender: str, subject: str, sent: datetime) -> None:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = server.user
    message["Subject"] = subject
    message["Date"] = format_datetime(sent)
    words = re.findall(r"\w+", subject)  # a ":" would cut the id short ("<Re")
    message["Message-ID"] = f"<{'-'.join(words)}@buyer.example>"
    message.set_content("Thanks, let's talk next week.\n")
    client = _client(server)
    try:
        status, _ = client.append("INBOX", "", imaplib.Time2Internaldate(sent), bytes(message))
        assert status == "OK"
    finally:
        client.logout()


def _mailbox(server: Dovecot) -> tuple[list[bytes], list[tuple[bytes, bytes]]]:
    """The folders, and each INBOX message's UID, flags and full text, read read-only."""
    client = _client(server)
    try:
        _, folders = client.list()
        client.select("INBOX", readonly=True)
        _, data = client.uid("FETCH", "1:*", "(UID FLAGS BODY.PEEK[])")
        messages = [item for item in data if isinstance(item, tuple)]
        return sorted(f for f in folders if isinstance(f, bytes)), messages
    finally:
        client.logout()


def _priya_mid_series(services: Services) -> int:
    priya = services.contacts.add(
        Contact(name="Priya Patel", time_zone="Asia/Kolkata", emails=[Email("Priya@Buyer.example")])
    )
    services.followups.log(priya, Outcome.VOICEMAIL, NOW - timedelta(days=3))
    return priya


def _open_steps(services: Services, contact_id: int) -> list[str]:
    with services.db.reading() as session:
        return [f.step for f in followups_repo.open_follow_ups(session, contact_id)]


def test_a_contacts_reply_stops_the_series_in_one_look_and_a_strangers_changes_nothing(
    services: Services, imap: Dovecot, keyring_bus: SecretService
) -> None:
    priya = _priya_mid_series(services)
    assert any(step.startswith(steps.VOICEMAIL_PREFIX) for step in _open_steps(services, priya))
    _use_imap(services, imap)
    assert services.exports.secrets.remember_imap_password("127.0.0.1", imap.user, imap.password)
    _deliver(imap, "Stranger <sales@vendor.example>", "Special offer", NOW - timedelta(hours=2))
    _deliver(imap, "Priya Patel <priya@buyer.example>", "Re: our call", NOW - timedelta(hours=1))
    before = _mailbox(imap)
    assert len(before[1]) == 2

    report = services.inbox.check()

    assert report.looked_at == 2
    (reply,) = report.replies
    assert (reply.contact_id, reply.name, reply.at) == (
        priya,
        "Priya Patel",
        NOW - timedelta(hours=1),
    )
    assert reply.text().startswith("Priya Patel replied ")
    assert reply.text().endswith(" — series stopped, answer with a few times")
    with services.db.reading() as session:
        touches = followups_repo.touches(session, priya)
    assert [(t.outcome, t.notes) for t in touches][-1] == (
        Outcome.REPLIED,
        "Replied by e-mail: “Re: our call”",
    )
    assert not any(s.startswith(steps.VOICEMAIL_PREFIX) for s in _open_steps(services, priya))
    assert _mailbox(imap) == before  # no flag, folder or message changed on the server

    # The next look reads only what came after: nothing twice.
    again = services.inbox.check()
    assert (again.looked_at, again.replies) == (0, ())
    with services.db.reading() as session:
        assert len(followups_repo.touches(session, priya)) == len(touches)


def test_followup_inbox_check_from_the_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, imap: Dovecot, keyring_bus: SecretService
) -> None:
    monkeypatch.setenv("TZ", "Europe/Paris")
    clock = FixedClock(NOW)
    with rep_services(tmp_path, monkeypatch, clock) as services:
        _priya_mid_series(services)
        _use_imap(services, imap)
        assert services.exports.secrets.remember_imap_password(
            "127.0.0.1", imap.user, imap.password
        )
    _deliver(imap, "priya@buyer.example", "Re: pilot", NOW - timedelta(minutes=5))
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--data-dir", str(tmp_path / "data"), "inbox", "check"], out, err, clock)
    assert (code, err.getvalue()) == (0, "")
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Priya Patel replied ") and lines[1] == (
        "1 new message, 1 reply from contacts."
    )
