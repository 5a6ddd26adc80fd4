"""Delivery failures the INBOX look may meet besides the real-world ones of
tests/services/test_inbox_bounces.py: a report whose Status says nothing precise, an
internationalised report (RFC 6533) sent base64-encoded, a report cut off where the look
stops reading, and a mail server's "still trying" warning in words."""

from __future__ import annotations

import base64
from email import message_from_bytes

from followup_desktop.exchange.delivery_reports import Bounced, failures


def _report(status_part: bytes, content_type: str = "message/delivery-status") -> bytes:
    return (
        b"From: MAILER-DAEMON@mx.example.com\r\n"
        b"Subject: Undelivered Mail Returned to Sender\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="b0"\r\n'
        b"\r\n--b0\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        b"\r\n--b0\r\nContent-Type: " + content_type.encode() + b"\r\n" + status_part + b"\r\n"
        b"\r\n--b0\r\nContent-Type: message/rfc822\r\n\r\n"
        b"From: rep@example.com\r\nTo: priya@buyer.example, lee@buyer.example\r\n"
        b"Subject: Our call\r\n\r\nHello\r\n"
        b"\r\n--b0--\r\n"
    )


def test_a_status_that_says_nothing_precise_gives_way_to_the_servers_own_code() -> None:
    status = (
        b"\r\nReporting-MTA: dns; mx.example.com\r\n\r\n"
        b"Final-Recipient: rfc822; Priya@Buyer.example\r\nAction: failed\r\nStatus: 5.0.0\r\n"
        b"Diagnostic-Code: smtp; 552 5.2.2 <priya@buyer.example>: mailbox over quota\r\n"
    )
    assert failures(message_from_bytes(_report(status))) == (
        Bounced("priya@buyer.example", "mailbox full"),
    )  # Lee, in the returned copy's To, got the message


def test_an_internationalised_report_sent_in_base64_is_read() -> None:
    fields = (
        "Reporting-MTA: dns; mx.example.com\r\n\r\n"
        "Final-Recipient: utf-8; josé@exemple.fr\r\nAction: failed\r\nStatus: 5.1.2\r\n"
    ).encode()
    status = b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(fields)
    report = _report(status, "message/global-delivery-status")
    assert failures(message_from_bytes(report)) == (Bounced("josé@exemple.fr", "no such domain"),)


def test_a_report_cut_off_where_the_look_stops_reading_names_what_it_holds() -> None:
    status = (
        b"\r\nReporting-MTA: dns; mx.example.com\r\n\r\n"
        b"Final-Recipient: rfc822; priya@buyer.example\r\nAction: failed\r\nStatus: 5.2.1\r\n"
    )
    whole = _report(status)
    cut = whole[: whole.index(b"Subject: Our call")]
    assert failures(message_from_bytes(cut)) == (
        Bounced("priya@buyer.example", "mailbox disabled"),
    )
    assert failures(message_from_bytes(whole[:120])) == ()  # nothing of the report yet


def test_a_still_trying_warning_in_words_is_no_bounce() -> None:
    warning = (
        b"From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.com>\r\n"
        b"Subject: Warning: could not send message for past 4 hours\r\n\r\n"
        b"    **********************************************\r\n"
        b"    **      THIS IS A WARNING MESSAGE ONLY      **\r\n"
        b"    **  YOU DO NOT NEED TO RESEND YOUR MESSAGE  **\r\n"
        b"    **********************************************\r\n\r\n"
        b"The original message was received at Mon, 1 Dec 2026 08:00:00 +0100\r\n\r\n"
        b"   ----- Transcript of session follows -----\r\n"
        b"<priya@buyer.example>... Deferred: 421 4.4.2 Connection timed out\r\n"
        b"Warning: message still undelivered after 4 hours\r\n"
    )
    assert failures(message_from_bytes(warning)) == ()
