"""Mail that came back, against a real Dovecot: real delivery failures (Postfix's RFC 3464
reports, qmail's and Gmail's notices in words; tests/fixtures/real-world/mail, see its
SOURCES.md) put in the INBOX as a delivery agent leaves them. The rep learns which
contact's address failed and why, on Today and in the contact's history, once; a
bounce is no reply, and a "still trying" report is no bounce."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from followup_desktop import cli
from followup_desktop.core import settings as options
from followup_desktop.core.calendar import local
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.contact_timeline import EntryKind
from followup_desktop.core.model import CameBack, Contact, Email, Outcome
from followup_desktop.services.session import Services
from followup_desktop.store import followups_repo
from tests.peers.dovecot import Dovecot
from tests.peers.keyring_session import SecretService
from tests.rep_desk import rep_services
from tests.services.test_inbox import (
    NOW,
    _deliver,
    _mailbox,
    _priya_mid_series,
    clock,  # noqa: F401 (the fixture the services are made with)
)
from tests.services.test_inbox_days import (
    _append,
    _connect,
    _rebuild_inbox,
    _replied,
    _series_runs,
)

MAIL = Path(__file__).resolve().parents[1] / "fixtures" / "real-world" / "mail"


def _contact(services: Services, name: str, address: str) -> int:
    return services.contacts.add(
        Contact(name=name, time_zone="Asia/Tokyo", emails=[Email(address)])
    )


def _notes(services: Services, contact_id: int) -> list[str]:
    return [
        entry.detail
        for entry in services.followups.history(contact_id)
        if entry.kind is EntryKind.TOUCH and entry.what == "Note"
    ]


def _arrives(server: Dovecot, name: str) -> None:
    _append(server, (MAIL / name).read_bytes(), NOW - timedelta(minutes=3))


def _report(recipient: str, action: str, status: str) -> bytes:
    """A delivery status notification as Postfix writes one (RFC 3464)."""
    return (
        "From: MAILER-DAEMON@mx.example.com (Mail Delivery System)\r\n"
        "To: rep@example.com\r\n"
        "Subject: Delayed Mail (still being retried)\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b0"\r\n'
        "\r\n--b0\r\nContent-Type: text/plain\r\n\r\n"
        "Your message could not be delivered for 4 hours. It will be retried until it is\r\n"
        "5 days old.\r\n"
        "\r\n--b0\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.com\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\n"
        f"Action: {action}\r\nStatus: {status}\r\n"
        f"Diagnostic-Code: smtp; 450 {status} mailbox busy\r\n"
        "\r\n--b0--\r\n"
    ).encode()


def test_mail_that_came_back_is_said_and_kept_in_the_history_once_and_is_no_reply(
    services: Services, imap: Dovecot, keyring_bus: SecretService
) -> None:
    keiko = _contact(services, "Keiko Tora", "kijitora@example.org")
    services.followups.log(keiko, Outcome.VOICEMAIL, NOW - timedelta(days=2))
    fumiko = _contact(services, "Fumiko Iida", "filtered@example.co.jp")
    ugo = _contact(services, "Ugo Nakamura", "userunknown@example.co.jp")
    kenji = _contact(services, "Kenji Tora", "kijitora@example.ne.jp")
    yuki = _contact(services, "Yuki Mori", "userunknown@example.jp")
    mai = _contact(services, "Mai Fuller", "mailboxfull@example.jp")
    priya = _priya_mid_series(services)
    _connect(services, imap)
    services.inbox.check()  # the first look: from here on
    # Postfix: Keiko's address was forwarded to another, which failed (the report names
    # both); then two of its recipients failed with different reasons.
    _arrives(imap, "sisimai__lhost-postfix-01.eml")
    _arrives(imap, "sisimai__lhost-postfix-02.eml")
    # qmail and Gmail write words, with the message below; Gmail's copy was also sent
    # to Mai, whose mail went through.
    _arrives(imap, "sisimai__lhost-qmail-01.eml")
    _arrives(imap, "sisimai__lhost-gmail-01.eml")
    # Still being tried: nothing came back yet.
    sent = NOW - timedelta(minutes=2)
    _append(imap, _report("priya@buyer.example", "delayed", "4.2.1"), sent)
    before = _mailbox(imap)

    report = services.inbox.check()

    assert (report.looked_at, report.replies, report.automatic) == (5, (), ())
    assert [b.text() for b in report.bounces] == [
        "Keiko Tora: e-mail to kijitora@example.org could not be delivered (no such "
        "mailbox) — check the address",
        "Fumiko Iida: e-mail to filtered@example.co.jp could not be delivered (mailbox "
        "disabled) — check the address",
        "Ugo Nakamura: e-mail to userunknown@example.co.jp could not be delivered (no such "
        "mailbox) — check the address",
        "Kenji Tora: e-mail to kijitora@example.ne.jp could not be delivered (mailbox "
        "unavailable) — check the address",
        "Yuki Mori: e-mail to userunknown@example.jp could not be delivered (no such "
        "mailbox) — check the address",
    ]
    assert _notes(services, keiko) == [
        "E-mail to kijitora@example.org could not be delivered: no such mailbox"
    ]
    assert _notes(services, fumiko) == [
        "E-mail to filtered@example.co.jp could not be delivered: mailbox disabled"
    ]
    assert [len(_notes(services, c)) for c in (ugo, kenji, yuki, mai, priya)] == [1, 1, 1, 0, 0]
    # A bounce is not her answer: Keiko's series goes on, and so does Priya's.
    assert _replied(services, keiko) == []
    assert _series_runs(services, keiko) and _series_runs(services, priya)
    assert _mailbox(imap) == before  # the reports were read, nothing on the server changed

    # The server rebuilt the INBOX: the same reports, read again, are not kept twice.
    _rebuild_inbox(imap)
    again = services.inbox.check()
    assert (again.looked_at, again.bounces) == (5, ())
    assert [len(_notes(services, c)) for c in (keiko, fumiko, ugo, kenji, yuki)] == [1] * 5


def test_followup_inbox_check_says_which_address_came_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, imap: Dovecot, keyring_bus: SecretService
) -> None:
    with rep_services(tmp_path, monkeypatch, FixedClock(NOW)) as services:
        _contact(services, "Kenji Tora", "Kijitora@Example.ne.jp")
        _connect(services, imap)
    _arrives(imap, "sisimai__lhost-qmail-01.eml")
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(
        ["--data-dir", str(tmp_path / "data"), "inbox", "check"], out, err, FixedClock(NOW)
    )
    assert (code, err.getvalue()) == (0, "")
    assert out.getvalue().splitlines() == [
        "Kenji Tora: e-mail to kijitora@example.ne.jp could not be delivered (mailbox "
        "unavailable) — check the address",
        "1 new message, 0 replies from contacts.",
    ]


def test_mail_that_came_back_is_kept_when_it_came_back_not_when_its_report_says(
    services: Services, imap: Dovecot, keyring_bus: SecretService
) -> None:
    # qmail's report is dated 24 Apr 2013, by the mail server's clock: it came today.
    kenji = _contact(services, "Kenji Tora", "kijitora@example.ne.jp")
    services.followups.log(kenji, Outcome.VOICEMAIL, NOW - timedelta(days=2))
    _connect(services, imap)
    services.inbox.check()
    _arrives(imap, "sisimai__lhost-qmail-01.eml")

    services.inbox.check()

    with services.db.reading() as session:
        history = followups_repo.touches(session, kenji)  # oldest first
    assert [(t.notes, t.at) for t in history][-1] == (
        "E-mail to kijitora@example.ne.jp could not be delivered: mailbox unavailable",
        NOW - timedelta(minutes=3),
    )


def _came_back(services: Services, contact_id: int) -> dict[str, CameBack | None]:
    return {e.address: e.came_back for e in services.contacts.get(contact_id).emails}


def _first_step(services: Services, contact_id: int) -> int:
    with services.db.reading() as session:
        step_id = followups_repo.open_follow_ups(session, contact_id)[0].id
    assert step_id is not None
    return step_id


def test_an_address_mail_came_back_from_is_marked_until_it_is_changed_or_mail_comes_from_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, imap: Dovecot, keyring_bus: SecretService
) -> None:
    data = str(tmp_path / "data")
    with rep_services(tmp_path, monkeypatch, FixedClock(NOW)) as services:
        services.settings.save(
            services.settings.load()
            .with_value(options.REP_EMAIL, "sam@seller.example")
            .with_value(options.REP_NAME, "Sam Reed")
        )
        kenji = _contact(services, "Kenji Tora", "Kijitora@Example.ne.jp")
        services.followups.log(kenji, Outcome.VOICEMAIL, NOW - timedelta(days=2))
        yuki = _contact(services, "Yuki Mori", "userunknown@example.jp")
        _connect(services, imap)
        services.inbox.check()
        _arrives(imap, "sisimai__lhost-qmail-01.eml")  # Kenji's: mailbox unavailable
        _arrives(imap, "sisimai__lhost-gmail-01.eml")  # Yuki's: no such mailbox
        services.inbox.check()
        came = NOW - timedelta(minutes=3)
        day = local(came, services.followups.rep_zone())
        step = _first_step(services, kenji)

        # Kept on the address, and said before the next e-mail goes to it.
        assert _came_back(services, kenji) == {
            "Kijitora@Example.ne.jp": CameBack(came, "mailbox unavailable")
        }
        warning = (
            f"Kijitora@Example.ne.jp bounced on {day.day} {day:%b}: mailbox unavailable — this "
            "e-mail may come back too: check the address (ask them on your next call)"
        )
        assert services.exports.draft_for(step).came_back == warning
        # Kept through a save that keeps the address (the rep fixed his name's spelling);
        # gone with the address the rep changed (Yuki's was mistyped).
        services.contacts.save(replace(services.contacts.get(kenji), name="Kenji Tora-san"))
        assert _came_back(services, kenji)["Kijitora@Example.ne.jp"] is not None
        assert _came_back(services, yuki) == {
            "userunknown@example.jp": CameBack(came, "no such mailbox")
        }
        services.contacts.save(
            replace(services.contacts.get(yuki), emails=[Email("yuki.mori@example.jp")])
        )
        assert _came_back(services, yuki) == {"yuki.mori@example.jp": None}

    # The command line makes the draft, says so on stderr and ends with "done, with problems".
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--data-dir", data, "export", "email", str(step)], out, err, FixedClock(NOW))
    assert (code, err.getvalue()) == (1, f"warning: {warning}\n")
    assert "To: Kenji Tora-san <Kijitora@Example.ne.jp>" in out.getvalue()

    # Kenji wrote from it: it takes mail again, and nothing more is said.
    with rep_services(tmp_path, monkeypatch, FixedClock(NOW)) as services:
        _deliver(imap, "kijitora@example.ne.jp", "Re: your voicemail", NOW - timedelta(minutes=1))
        services.inbox.check()
        assert _came_back(services, kenji) == {"Kijitora@Example.ne.jp": None}
        assert services.exports.draft_for(step).came_back == ""
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--data-dir", data, "export", "email", str(step)], out, err, FixedClock(NOW))
    assert (code, err.getvalue()) == (0, "")


def test_mail_that_came_back_from_an_address_two_contacts_share_marks_it_on_both(
    services: Services, imap: Dovecot, keyring_bus: SecretService
) -> None:
    """Before: only one of the two was told and marked, so a draft to the other went to
    the same dead mailbox without a warning."""
    kenji = _contact(services, "Kenji Tora", "kijitora@example.ne.jp")
    office = _contact(services, "Tora Office", "Kijitora@Example.ne.jp")
    _connect(services, imap)
    services.inbox.check()
    _arrives(imap, "sisimai__lhost-qmail-01.eml")  # mailbox unavailable

    report = services.inbox.check()

    assert [b.text() for b in report.bounces] == [
        "Kenji Tora: e-mail to kijitora@example.ne.jp could not be delivered (mailbox "
        "unavailable) — check the address",
        "Tora Office: e-mail to kijitora@example.ne.jp could not be delivered (mailbox "
        "unavailable) — check the address",
    ]
    came = CameBack(NOW - timedelta(minutes=3), "mailbox unavailable")
    assert _came_back(services, kenji) == {"kijitora@example.ne.jp": came}
    assert _came_back(services, office) == {"Kijitora@Example.ne.jp": came}
    line = "E-mail to kijitora@example.ne.jp could not be delivered: mailbox unavailable"
    assert _notes(services, kenji) == _notes(services, office) == [line]
    # Read again after the mailbox was rebuilt: nothing said or kept twice.
    _rebuild_inbox(imap)
    assert services.inbox.check().bounces == ()
    assert _notes(services, kenji) == _notes(services, office) == [line]
