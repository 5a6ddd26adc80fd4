"""The INBOX over a rep's days, against a real Dovecot: an inbox that was quiet the day
FollowUp first looked, automatic answers (out of office) that are not replies, headers
written in a legacy code page, and a mailbox the server rebuilt. Mail is delivered with
IMAP APPEND, as a delivery agent would leave it."""

from __future__ import annotations

import imaplib
import io
import os
import time
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest

from followup_desktop import cli
from followup_desktop.core import steps
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Email, Outcome
from followup_desktop.exchange.imap_drafts import ImapProblem
from followup_desktop.services.session import Services
from followup_desktop.store import followups_repo
from tests.peers.dovecot import Dovecot
from tests.peers.keyring_session import SecretService
from tests.rep_desk import rep_services
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


def _message(sender: str, subject: str, sent: datetime, **headers: str) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "rep@example.com"
    message["Subject"] = subject
    message["Date"] = format_datetime(sent)
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content("I am out of the office until Monday, with limited access to e-mail.\n")
    return bytes(message)


def test_an_out_of_office_answer_is_not_a_reply_and_the_rep_is_told_it_came(
    services: Services, imap: Dovecot, keyring_bus: SecretService
) -> None:
    priya = _priya_mid_series(services)
    _connect(services, imap)
    services.inbox.check()  # the first look: from here on
    sent = NOW - timedelta(minutes=10)
    # RFC 3834's mark (Gmail, Dovecot's vacation), Precedence (older autoresponders),
    # and Outlook's subject with no mark at all.
    for message in (
        _message(
            "priya@buyer.example", "Out of office: our call", sent, Auto_Submitted="auto-replied"
        ),
        _message("priya@buyer.example", "Away until Monday", sent, Precedence="auto_reply"),
        _message("priya@buyer.example", "Automatic reply: your voicemail", sent),
    ):
        _append(imap, message, sent)

    report = services.inbox.check()

    assert (report.looked_at, report.replies) == (3, ())
    assert _replied(services, priya) == []
    assert _series_runs(services, priya)
    assert [a.text() for a in report.automatic] == [
        "Priya Patel: an automatic answer (“Out of office: our call”) — not a reply, "
        "the series goes on"
    ]  # said once for the three

    # A real reply after the out-of-office still stops the series.
    _deliver(imap, "priya@buyer.example", "Re: your voicemail", NOW - timedelta(minutes=1))
    after = services.inbox.check()
    assert ([r.contact_id for r in after.replies], after.automatic) == ([priya], ())
    assert not _series_runs(services, priya)


def test_followup_inbox_check_says_an_automatic_answer_apart_from_replies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, imap: Dovecot, keyring_bus: SecretService
) -> None:
    with rep_services(tmp_path, monkeypatch, FixedClock(NOW)) as services:
        _priya_mid_series(services)
        _connect(services, imap)
    sent = NOW - timedelta(minutes=5)
    _append(imap, _message("priya@buyer.example", "Abwesenheitsnotiz", sent), sent)
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(
        ["--data-dir", str(tmp_path / "data"), "inbox", "check"], out, err, FixedClock(NOW)
    )
    assert (code, err.getvalue()) == (0, "")
    assert out.getvalue().splitlines() == [
        "Priya Patel: an automatic answer (“Abwesenheitsnotiz”) — not a reply, the series goes on",
        "1 new message, 0 replies from contacts.",
    ]


def _ivan_mid_series(services: Services) -> int:
    """Ivan Petrov in Moscow, a voicemail left two days ago: his reply stops the series."""
    ivan = services.contacts.add(
        Contact(name="Ivan Petrov", time_zone="Europe/Moscow", emails=[Email("ivan@zavod.example")])
    )
    services.followups.log(ivan, Outcome.VOICEMAIL, NOW - timedelta(days=2))
    return ivan


def test_a_reply_whose_headers_are_raw_latin_1_or_utf_8_reads_right(
    services: Services, imap: Dovecot, keyring_bus: SecretService
) -> None:
    # Old mail programs put 8-bit text straight into headers, in their code page; newer
    # ones in UTF-8 (RFC 6532). Either way the rep reads the words.
    priya = _priya_mid_series(services)
    ivan = _ivan_mid_series(services)
    _connect(services, imap)
    services.inbox.check()
    sent = NOW - timedelta(minutes=5)
    date = format_datetime(sent).encode()
    _append(
        imap,
        b"From: Priya P\xe9tel <priya@buyer.example>\r\nSubject: R\xe9ponse \xe0 votre appel\r\n"
        b"Date: " + date + b"\r\n\r\nOui.\r\n",
        sent,
    )
    _append(
        imap,
        b"From: "
        + "Иван <ivan@zavod.example>".encode()
        + b"\r\nSubject: "
        + "Ответ: звонок".encode()
        + b"\r\nDate: "
        + date
        + b"\r\n\r\nDa.\r\n",
        sent,
    )

    report = services.inbox.check()

    assert sorted(r.contact_id for r in report.replies) == sorted([priya, ivan])
    assert _replied(services, priya) == ["Replied by e-mail: “Réponse à votre appel”"]
    assert _replied(services, ivan) == ["Replied by e-mail: “Ответ: звонок”"]


def test_a_password_changed_on_the_server_is_said_once_and_not_tried_again_until_a_new_one(
    services: Services, imap: Dovecot, keyring_bus: SecretService
) -> None:
    # The rep changed their mail password on the web; the keyring still has the old one.
    # Looking every two minutes with it would be a failed login every two minutes, which
    # mail servers answer by locking the account.
    priya = _priya_mid_series(services)
    _connect(services, imap)
    services.inbox.check()
    _deliver(imap, "priya@buyer.example", "Re: your voicemail", NOW - timedelta(minutes=1))
    passwd = imap.root / "passwd"
    passwd.write_text(f"{imap.user}:{{PLAIN}}new secret::::::\n")
    later = passwd.stat().st_mtime + 5
    os.utime(passwd, (later, later))
    time.sleep(1.1)  # Dovecot looks at the file's mtime at most once a second

    refused = []
    for _look in range(3):
        with pytest.raises(ImapProblem) as problem:
            services.inbox.check()
        refused.append(str(problem.value))
    assert (
        refused
        == [
            f"the server refused the password kept for {imap.user}: type the new one when "
            "you next save a draft to Drafts (or: followup settings set-password imap); "
            "replies are not read until then"
        ]
        * 3
    )
    failed_logins = (imap.root / "dovecot.log").read_text().count("auth failed")
    assert failed_logins == 1

    # The new password typed: the next look logs in and reads the reply.
    assert services.exports.secrets.remember_imap_password("127.0.0.1", imap.user, "new secret")
    report = services.inbox.check()
    assert [r.contact_id for r in report.replies] == [priya]


def _rebuild_inbox(server: Dovecot) -> None:
    """What a server does after a restore or a move: the INBOX's messages stay, under a new
    UIDVALIDITY (Dovecot's uid list rewritten with another, its index thrown away)."""
    maildir = server.root / "mail" / server.user / "Maildir"
    uid_list = maildir / "dovecot-uidlist"
    header, rest = uid_list.read_text().split("\n", 1)
    fields = header.split(" ")
    (validity,) = [f for f in fields if f.startswith("V")]
    fields[fields.index(validity)] = f"V{int(validity[1:]) + 7}"
    uid_list.write_text(" ".join(fields) + "\n" + rest)
    for index in maildir.glob("dovecot.index*"):
        index.unlink()


def test_a_reply_read_again_after_the_server_rebuilt_the_inbox_is_logged_once(
    services: Services, imap: Dovecot, keyring_bus: SecretService
) -> None:
    priya = _priya_mid_series(services)
    _connect(services, imap)
    services.inbox.check()
    _deliver(imap, "priya@buyer.example", "Re: your voicemail", NOW - timedelta(minutes=5))
    first = services.inbox.check()
    assert [r.contact_id for r in first.replies] == [priya]
    # The rep answered by phone and left a voicemail: a new series runs, which her old
    # reply, read a second time, would stop as if she had written again.
    services.followups.log(priya, Outcome.VOICEMAIL, NOW - timedelta(minutes=2))
    assert _series_runs(services, priya)

    _rebuild_inbox(imap)
    again = services.inbox.check()

    assert (again.looked_at, again.replies) == (1, ())  # read again, not logged again
    assert _replied(services, priya) == ["Replied by e-mail: “Re: your voicemail”"]
    assert _series_runs(services, priya)
    # What comes after is read as before.
    _deliver(imap, "priya@buyer.example", "Re: Re: your voicemail", NOW - timedelta(minutes=1))
    later = services.inbox.check()
    assert [r.contact_id for r in later.replies] == [priya]
    assert len(_replied(services, priya)) == 2


def test_an_automatic_answer_read_again_after_the_server_rebuilt_the_inbox_is_said_once(
    services: Services, imap: Dovecot, keyring_bus: SecretService
) -> None:
    priya = _priya_mid_series(services)
    _connect(services, imap)
    services.inbox.check()
    sent = NOW - timedelta(minutes=10)
    for subject in ("Out of office: our call", "Out of office: your voicemail"):
        message = _message("priya@buyer.example", subject, sent, Auto_Submitted="auto-replied")
        _append(imap, message, sent)
    first = services.inbox.check()
    assert [a.contact_id for a in first.automatic] == [priya]

    _rebuild_inbox(imap)
    again = services.inbox.check()

    # Both read again, neither said again: the rep heard of Priya's absence already.
    assert (again.looked_at, again.automatic, again.replies) == (2, (), ())
    assert _series_runs(services, priya)
    # A new one, later, is said.
    later = NOW - timedelta(minutes=1)
    _append(imap, _message("priya@buyer.example", "Abwesenheitsnotiz", later), later)
    assert [a.subject for a in services.inbox.check().automatic] == ["Abwesenheitsnotiz"]


def test_a_reply_dated_by_a_wrong_clock_is_logged_when_it_came_not_years_back(
    services: Services, imap: Dovecot, keyring_bus: SecretService
) -> None:
    priya = _priya_mid_series(services)
    ivan = _ivan_mid_series(services)
    _connect(services, imap)
    services.inbox.check()
    # Priya's phone had reset its clock to 2000; Ivan's reply sat three hours in a queue
    # (its date is when he wrote it, which the history keeps).
    came = NOW - timedelta(minutes=5)
    wrong = datetime(2000, 1, 1, 9, 0, tzinfo=NOW.tzinfo)
    _append(imap, _message("priya@buyer.example", "Re: your voicemail", wrong), came)
    written = NOW - timedelta(hours=3)
    _append(imap, _message("ivan@zavod.example", "Re: звонок", written), came)

    report = services.inbox.check()

    assert {r.contact_id: r.at for r in report.replies} == {priya: came, ivan: written}
    with services.db.reading() as session:
        history = followups_repo.touches(session, priya)  # oldest first
    # Her reply is the newest line of her history, where the rep looks, not its first.
    assert [(t.outcome, t.at) for t in history][-1] == (Outcome.REPLIED, came)
    assert not _series_runs(services, priya)


def test_a_reply_from_an_address_two_contacts_share_is_logged_once_on_the_one_written_to(
    services: Services, imap: Dovecot, keyring_bus: SecretService
) -> None:
    """Before: one contact was taken for the address, whichever the store gave last. A
    reply from an office's shared inbox was dropped when that one had no series running
    (Omar, with only the call he agreed), and landed on a namesake she had not written to."""

    def shared(name: str, address: str) -> int:
        return services.contacts.add(
            Contact(name=name, time_zone="Europe/Paris", emails=[Email(address)])
        )

    # sales@: Sam's series runs and she e-mailed him; Omar, added after, has only the
    # call he agreed, which a reply does not end.
    sam = shared("Sam Berg", "sales@office.example")
    services.followups.log(sam, Outcome.VOICEMAIL, NOW - timedelta(days=4))
    services.followups.log(sam, Outcome.EMAIL_SENT, NOW - timedelta(days=3))
    omar = shared("Omar Diallo", "Sales@Office.example")
    services.followups.log(
        omar, Outcome.CONNECTED, NOW - timedelta(days=2), agreed_next=NOW + timedelta(days=2)
    )
    # buying@: both series run; she wrote to Ines last, though Jon was touched since.
    ines = shared("Ines Roy", "buying@plant.example")
    services.followups.log(ines, Outcome.VOICEMAIL, NOW - timedelta(days=6))
    services.followups.log(ines, Outcome.EMAIL_SENT, NOW - timedelta(days=2))
    jon = shared("Jon Roy", "buying@plant.example")
    services.followups.log(jon, Outcome.EMAIL_SENT, NOW - timedelta(days=5))
    services.followups.log(jon, Outcome.VOICEMAIL, NOW - timedelta(days=1))
    assert all(_series_runs(services, c) or c == omar for c in (sam, ines, jon))
    _connect(services, imap)
    services.inbox.check()  # the first look: from here on
    _deliver(imap, "sales@office.example", "Re: samples", NOW - timedelta(minutes=20))
    _deliver(imap, "buying@plant.example", "Re: the quote", NOW - timedelta(minutes=10))

    report = services.inbox.check()

    assert [(r.contact_id, r.name) for r in report.replies] == [
        (sam, "Sam Berg"),
        (ines, "Ines Roy"),
    ]
    assert _replied(services, sam) == ["Replied by e-mail: “Re: samples”"]
    assert _replied(services, ines) == ["Replied by e-mail: “Re: the quote”"]
    assert _replied(services, omar) == [] and _replied(services, jon) == []
    assert _series_runs(services, jon)  # his own series goes on


def _ines_and_jon(services: Services) -> tuple[int, int]:
    """Ines and Jon Roy share buying@, both series running; the rep wrote to Ines last."""
    ines, jon = (
        services.contacts.add(
            Contact(name=name, time_zone="Europe/Paris", emails=[Email("buying@plant.example")])
        )
        for name in ("Ines Roy", "Jon Roy")
    )
    services.followups.log(ines, Outcome.VOICEMAIL, NOW - timedelta(days=6))
    services.followups.log(ines, Outcome.EMAIL_SENT, NOW - timedelta(days=2))
    services.followups.log(jon, Outcome.VOICEMAIL, NOW - timedelta(days=5))
    return ines, jon


def _ines_replies_then_the_rep_writes_to_jon(
    services: Services, imap: Dovecot, ines: int, jon: int
) -> None:
    _connect(services, imap)
    services.inbox.check()
    _deliver(imap, "buying@plant.example", "Re: the quote", NOW - timedelta(minutes=10))
    assert [r.contact_id for r in services.inbox.check().replies] == [ines]
    services.followups.log(jon, Outcome.EMAIL_SENT, NOW - timedelta(minutes=5))
    assert _series_runs(services, jon)


def _read_again_after_a_rebuild(services: Services, imap: Dovecot, ines: int, jon: int) -> None:
    _rebuild_inbox(imap)
    again = services.inbox.check()
    assert (again.looked_at, again.replies) == (1, ())
    assert _replied(services, ines) == ["Replied by e-mail: “Re: the quote”"]
    assert _replied(services, jon) == [] and _series_runs(services, jon)


def test_a_reply_to_an_address_two_share_read_again_after_a_rebuild_is_not_logged_on_the_other(
    services: Services, imap: Dovecot, keyring_bus: SecretService
) -> None:
    """Before: read again after the server rebuilt the INBOX, Ines's reply landed on Jon,
    the one the rep e-mailed since, and was logged a second time there, ending his series."""
    ines, jon = _ines_and_jon(services)
    _ines_replies_then_the_rep_writes_to_jon(services, imap, ines, jon)
    _read_again_after_a_rebuild(services, imap, ines, jon)


def test_a_reply_logged_by_an_earlier_version_is_not_logged_again_on_the_other(
    services: Services, imap: Dovecot, keyring_bus: SecretService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store (a team server's too) keeps for good the id a reply was logged by; an
    earlier FollowUp made it with the contact the reply landed on. It still counts."""
    from followup_desktop.services import inbox

    ines, jon = _ines_and_jon(services)
    made = inbox._write_id
    with monkeypatch.context() as earlier:
        earlier.setattr(
            inbox,
            "_write_id",
            lambda kind, contact, arrived, rep=None: made(kind, contact or ines, arrived),
        )
        _ines_replies_then_the_rep_writes_to_jon(services, imap, ines, jon)
    _read_again_after_a_rebuild(services, imap, ines, jon)


def _ines_is_away_then_the_rep_writes_to_jon(
    services: Services, imap: Dovecot, ines: int, jon: int
) -> None:
    _connect(services, imap)
    services.inbox.check()
    sent = NOW - timedelta(minutes=10)
    away = _message(
        "buying@plant.example", "Out of office: the quote", sent, Auto_Submitted="auto-replied"
    )
    _append(imap, away, sent)
    assert [a.contact_id for a in services.inbox.check().automatic] == [ines]
    services.followups.log(jon, Outcome.EMAIL_SENT, NOW - timedelta(minutes=5))


def _away_read_again_after_a_rebuild(
    services: Services, imap: Dovecot, ines: int, jon: int
) -> None:
    _rebuild_inbox(imap)
    again = services.inbox.check()
    # Read again, not said again on Jon, the one she wrote to since: it is the same answer.
    assert (again.looked_at, again.automatic, again.replies) == (1, (), ())
    assert _series_runs(services, ines) and _series_runs(services, jon)


def test_an_automatic_answer_to_an_address_two_share_read_again_after_a_rebuild_is_said_once(
    services: Services, imap: Dovecot, keyring_bus: SecretService
) -> None:
    """Before: read again after the server rebuilt the INBOX, the out-of-office said of
    Ines was said again of Jon, the one the rep e-mailed since."""
    ines, jon = _ines_and_jon(services)
    _ines_is_away_then_the_rep_writes_to_jon(services, imap, ines, jon)
    _away_read_again_after_a_rebuild(services, imap, ines, jon)


def test_an_automatic_answer_said_by_an_earlier_version_is_not_said_again_of_the_other(
    services: Services, imap: Dovecot, keyring_bus: SecretService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An earlier FollowUp remembered an automatic answer by the contact it was said of;
    the store keeps that for good, and it still counts."""
    from followup_desktop.services import inbox

    ines, jon = _ines_and_jon(services)
    made = inbox._write_id
    with monkeypatch.context() as earlier:
        earlier.setattr(
            inbox,
            "_write_id",
            lambda kind, contact, arrived, rep=None: made(kind, contact or ines, arrived),
        )
        _ines_is_away_then_the_rep_writes_to_jon(services, imap, ines, jon)
    _away_read_again_after_a_rebuild(services, imap, ines, jon)
