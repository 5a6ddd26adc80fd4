"""The INBOX over a rep's days, against a real Dovecot: an inbox that was quiet the day
FollowUp first looked, automatic answers (out of office) that are not replies, headers
written in a legacy code page, and a mailbox the server rebuilt. Mail is delivered with
IMAP APPEND, as a delivery agent would leave it."""

from __future__ import annotations

import imaplib
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from followup_desktop.core import steps
from followup_desktop.core.model import Outcome
from followup_desktop.services.session import Services
from followup_desktop.store import followups_repo
from tests.peers.dovecot import Dovecot
from tests.peers.keyring_session import SecretService
from tests.services.test_inbox import (
    NOW,
    _client,
    _deliver,
    _open_steps,
    _priya_mid_series,
    _use_imap,
    clock,  # noqa: F401 (the fixture the services are made with)
)


def _connect(services: Services, server: Dovecot) -> None:
    _use_imap(services, server)
    assert services.exports.secrets.remember_imap_password(
        "127.0.0.1", server.user, server.password
    )


def _append(server: Dovecot, message: bytes, arrived: datetime) -> None:
    client = _client(server)
    try:
        status, _ = client.append("INBOX", "", imaplib.Time2Internaldate(arrived), message)
        assert status == "OK"
    finally:
        client.logout()


def _replied(services: Services, contact_id: int) -> list[str]:
    with services.db.reading() as session:
        touches = followups_repo.touches(session, contact_id)
    return [t.notes for t in touches if t.outcome is Outcome.REPLIED]


def _series_runs(services: Services, contact_id: int) -> bool:
    return any(s.startswith(steps.VOICEMAIL_PREFIX) for s in _open_steps(services, contact_id))


def test_an_inbox_quiet_on_the_first_look_is_not_read_back_to_its_oldest_mail(
    services: Services, imap: Dovecot, keyring_bus: SecretService
) -> None:
    # Last year's thread with Priya is still in the INBOX; nothing came in the last day.
    priya = _priya_mid_series(services)
    _deliver(imap, "priya@buyer.example", "Last year's order", NOW - timedelta(days=400))
    _deliver(imap, "priya@buyer.example", "Re: last year's order", NOW - timedelta(days=399))
    _connect(services, imap)

    first, second = services.inbox.check(), services.inbox.check()

    assert (first.looked_at, second.looked_at) == (0, 0)
    assert (first.replies, second.replies) == ((), ())
    assert _replied(services, priya) == []
    assert _series_runs(services, priya)  # her voicemail series goes on

    # What comes in after the first look is read, once.
    _deliver(imap, "priya@buyer.example", "Re: your voicemail", NOW - timedelta(minutes=2))
    third = services.inbox.check()
    assert (third.looked_at, [r.contact_id for r in third.replies]) == (1, [priya])
    assert _replied(services, priya) == ["Replied by e-mail: “Re: your voicemail”"]
