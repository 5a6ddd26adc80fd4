"""E-mail drafts: headers that hostile names and subjects cannot change (CVE-2024-6923 is
open on this Python), bodies that survive long lines and emoji, and drafts that land in a
real IMAP server's Drafts folder byte for byte, over plain loopback, STARTTLS and TLS."""

from __future__ import annotations

import dataclasses
import email
import email.header
import ssl
from collections.abc import Iterator
from datetime import UTC, datetime
from email import policy
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_desktop.exchange import email_draft, imap_drafts
from followup_desktop.exchange.email_draft import Attachment, DraftSpec, Mailbox, UnsafeHeader
from tests.harness.counts import fuzz_examples
from tests.peers.dovecot import Dovecot, dovecot_server

SPEC = DraftSpec(
    sender=Mailbox("Rivers, Sam", "sam@example.com"),
    to=Mailbox("Smith, Jane; Acme: Zoë 😀", "jane@example.com"),
    subject="Our call on Tuesday 24 November at 10:00 — ça marche 😀",
    text="Hi Jane,\n\nTalk on Tuesday.\n\nSam\n",
    date=datetime(2026, 11, 23, 15, 5, tzinfo=UTC),
)
TOP = {"from", "to", "subject", "date", "message-id", "x-unsent", "mime-version"}


@pytest.fixture
def plain_imap() -> Iterator[Dovecot]:
    with dovecot_server() as server:
        yield server


@pytest.fixture
def tls_imap() -> Iterator[Dovecot]:
    with dovecot_server(tls=True) as server:
        yield server


def _parse(data: bytes) -> email.message.EmailMessage:
    parsed = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(parsed, email.message.EmailMessage)
    return parsed


def _text(message: email.message.EmailMessage) -> str:
    """The plain body as the reader shows it (MIME text lines end in CRLF on the wire)."""
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content()).replace("\r\n", "\n")


def test_a_draft_opens_as_an_unsent_utf8_message_with_crlf() -> None:
    data = email_draft.build(SPEC)
    parsed = _parse(data)
    assert {name.lower() for name in parsed} == TOP | {"content-type", "content-transfer-encoding"}
    assert parsed["X-Unsent"] == "1"
    assert parsed["Subject"] == SPEC.subject
    assert parsed["To"].addresses[0].display_name == "Smith, Jane; Acme: Zoë 😀"
    assert parsed["To"].addresses[0].addr_spec == "jane@example.com"
    assert parsed["From"].addresses[0].display_name == "Rivers, Sam"
    assert _text(parsed) == SPEC.text
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert data.isascii()  # UTF-8 names and subject are encoded words, not raw bytes
    assert parsed["Message-ID"].endswith("@example.com>")


def test_the_invite_is_attached_as_a_calendar_request() -> None:
    invite = b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
    spec = dataclasses.replace(
        SPEC,
        attachment=Attachment(
            invite, "invite.ics", "text", "calendar", (("method", "REQUEST"), ("charset", "utf-8"))
        ),
        html="<p>Hi Jane</p>",
    )
    parsed = _parse(email_draft.build(spec))
    assert parsed.get_content_type() == "multipart/mixed"
    (attached,) = parsed.iter_attachments()
    assert attached.get_content_type() == "text/calendar"
    assert attached.get_param("method") == "REQUEST"
    assert attached.get_filename() == "invite.ics"
    assert attached.get_payload(decode=True) == invite
    body = parsed.get_body(("html",))
    assert body is not None and "Hi Jane" in body.get_content()
    assert _text(parsed) == SPEC.text


HOSTILE_HEADER_TEXT = [
    "Hello\r\nBcc: spy@evil.example",
    "Hello\nBcc: spy@evil.example",
    "Hello\r",
    "=?utf-8?q?=0A?=Bcc: x@y",
    "=?UTF-8?Q?=0D=0A?=X-Evil: 1",
    "tab\there",
    "nul\x00",
    "line\u2028separator",
]


@pytest.mark.parametrize("text", HOSTILE_HEADER_TEXT)
@pytest.mark.parametrize("field", ["subject", "to", "sender"])
def test_header_text_that_could_add_a_header_is_refused(text: str, field: str) -> None:
    if field == "subject":
        spec = dataclasses.replace(SPEC, subject=text)
    elif field == "to":
        spec = dataclasses.replace(SPEC, to=Mailbox(text, "jane@example.com"))
    else:
        spec = dataclasses.replace(SPEC, sender=Mailbox(text, "sam@example.com"))
    with pytest.raises(UnsafeHeader, match="please edit it"):
        email_draft.build(spec)


@pytest.mark.parametrize(
    "address",
    ["jane@example.com\r\nBcc: x@y", "jane@example.com, spy@evil.example", "jane", "jö@x.de"],
)
def test_a_recipient_address_that_is_not_plain_is_refused(address: str) -> None:
    with pytest.raises(UnsafeHeader):
        email_draft.build(dataclasses.replace(SPEC, to=Mailbox("Jane", address)))


def test_commas_semicolons_long_lines_and_emoji_survive() -> None:
    text = "Ligne très longue " + "🚀" * 400 + " fin\n" + "y" * 1000 + "\n"
    spec = dataclasses.replace(SPEC, subject="Offer, terms; next: steps " + "é" * 200, text=text)
    data = email_draft.build(spec)
    assert all(len(line) <= 998 for line in data.split(b"\r\n"))
    parsed = _parse(data)
    assert parsed["Subject"] == spec.subject
    assert _text(parsed) == text
    assert len(parsed["To"].addresses) == 1


def _as_a_reader_decodes(data: bytes, field: str) -> str:
    """The header's value unfolded and decoded as RFC 2047 says (the whitespace between
    two encoded words is dropped), as mail clients show it."""
    head = data.split(b"\r\n\r\n", 1)[0].decode("ascii")
    unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ").split("\r\n")
    (value,) = [line.split(": ", 1)[1] for line in unfolded if line.startswith(f"{field}: ")]
    return str(email.header.make_header(email.header.decode_header(value)))


@pytest.mark.parametrize(
    "name",
    [
        "María José García de la Fuente y Hernández Rodríguez",
        "Dra. María de los Ángeles Domínguez Peña (Compras)",
        "Jürgen Müller-Lüdenscheidt und Söhne Großhandel für Büroartikel GmbH & Co. KG",
        "李 小龙",
        "Björn 🚀 Park",
    ],
)
def test_a_long_name_that_is_not_ascii_reads_back_with_every_space(name: str) -> None:
    spec = dataclasses.replace(
        SPEC,
        sender=Mailbox(name, "sam@example.com"),
        to=Mailbox(name, "maria.de.los.angeles@ventas-iberia.example"),
    )
    data = email_draft.build(spec)
    for field in ("From", "To"):
        assert _as_a_reader_decodes(data, field).startswith(f"{name} <")
    assert all(len(line) <= 78 for line in data.split(b"\r\n\r\n", 1)[0].split(b"\r\n"))


@settings(max_examples=fuzz_examples(150), deadline=None)
@given(
    subject=st.text(max_size=300),
    name=st.text(max_size=80),
    body=st.text(max_size=2000),
)
def test_any_subject_either_round_trips_or_is_refused(subject: str, name: str, body: str) -> None:
    spec = dataclasses.replace(
        SPEC, subject=subject, to=Mailbox(name, "jane@example.com"), text=body
    )
    try:
        data = email_draft.build(spec)
    except UnsafeHeader:
        assert any(email_draft._UNSAFE.search(value) for value in (subject, name)), (
            "refused although safe"
        )
        return
    parsed = _parse(data)
    assert {n.lower() for n in parsed} <= TOP | {"content-type", "content-transfer-encoding"}
    assert _squeezed(parsed["Subject"]) == _squeezed(email_draft.header_text(subject, "subject"))
    (to,) = parsed["To"].addresses
    assert _squeezed(to.display_name) == _squeezed(email_draft.header_text(name, "name"))
    # set_content ends the text with a newline when it has none
    assert _text(parsed).rstrip("\n") == email_draft._clean_body(body).rstrip("\n")
    assert [a.addr_spec for a in parsed["To"].addresses] == ["jane@example.com"]
    assert parsed["Bcc"] is None and parsed["Cc"] is None


def _squeezed(text: str) -> str:
    return "".join(text.split())


def test_a_mailto_link_carries_subject_and_body_until_it_gets_too_long() -> None:
    link = email_draft.mailto(SPEC)
    assert link is not None and link.startswith("mailto:jane@example.com?")
    query = parse_qs(urlsplit(link).query)
    assert query["subject"] == [SPEC.subject]
    assert query["body"] == [SPEC.text.replace("\n", "\r\n")]
    assert email_draft.mailto(dataclasses.replace(SPEC, text="word " * 500)) is None


def _account(
    server: Dovecot, security: str, port: int | None = None, host: str = "127.0.0.1"
) -> imap_drafts.ImapAccount:
    return imap_drafts.ImapAccount(host, port or server.port, security, server.user)


def test_a_draft_lands_in_drafts_byte_identical_over_plain_loopback(plain_imap: Dovecot) -> None:
    data = email_draft.build(SPEC)
    appended = imap_drafts.append_draft(
        _account(plain_imap, "none"), plain_imap.password, data, SPEC.date
    )
    assert appended.uid == 1
    ((flags, stored),) = plain_imap.fetch_all()
    assert stored == data
    assert b"\\Draft" in flags and b"\\Seen" in flags


def test_starttls_and_tls_with_a_trusted_certificate(tls_imap: Dovecot) -> None:
    # Two drafts (two Message-IDs): the same one saved again would be found, not added.
    data, other = email_draft.build(SPEC), email_draft.build(SPEC)
    context = tls_imap.client_context()
    imap_drafts.append_draft(
        _account(tls_imap, "starttls", host="localhost"),
        tls_imap.password,
        data,
        SPEC.date,
        context,
    )
    imap_drafts.append_draft(
        _account(tls_imap, "tls", tls_imap.tls_port), tls_imap.password, other, SPEC.date, context
    )
    stored = tls_imap.fetch_all()
    assert [body for _, body in stored] == [data, other]
    assert all(b"\\Draft" in flags for flags, _ in stored)


def test_an_untrusted_certificate_is_refused_before_the_password_is_sent(tls_imap: Dovecot) -> None:
    with pytest.raises(imap_drafts.ImapProblem, match="certificate is not trusted"):
        imap_drafts.append_draft(
            _account(tls_imap, "tls", tls_imap.tls_port),
            tls_imap.password,
            b"x",
            SPEC.date,
            ssl.create_default_context(),
        )
    assert tls_imap.fetch_all() == []


def test_plain_imap_to_another_host_is_refused() -> None:
    account = imap_drafts.ImapAccount("imap.example.com", 143, "none", "rep")
    with pytest.raises(imap_drafts.ImapProblem, match="unencrypted") as refused:
        imap_drafts.append_draft(account, "pw", b"x", SPEC.date)
    # Where to change it, in Settings' own words, not the stored value's.
    assert "connection security in Settings › E-mail and invites" in str(refused.value)
    assert "starttls" not in str(refused.value)


def test_a_secure_connection_to_a_plain_port_says_which_ports_go_with_which_choice(
    tls_imap: Dovecot,
) -> None:
    # "Encrypted from the start" chosen, the plain port typed (143 for 993).
    with pytest.raises(imap_drafts.ImapProblem, match="secure connection failed") as failed:
        imap_drafts.append_draft(
            _account(tls_imap, "tls", host="localhost"),
            tls_imap.password,
            b"x",
            SPEC.date,
            tls_imap.client_context(),
        )
    said = str(failed.value)
    assert "usually 993 encrypted from the start, 143 encrypted once connected" in said
    assert "993 tls" not in said


def test_wrong_password_and_missing_folder_are_sentences(plain_imap: Dovecot) -> None:
    data = email_draft.build(SPEC)
    with pytest.raises(imap_drafts.ImapProblem, match="refused the user name") as refused:
        imap_drafts.append_draft(_account(plain_imap, "none"), "wrong", data, SPEC.date)
    assert "wrong" not in str(refused.value)
    missing = dataclasses.replace(_account(plain_imap, "none"), folder="Nope")
    with pytest.raises(imap_drafts.ImapProblem, match="no folder 'Nope'"):
        imap_drafts.append_draft(missing, plain_imap.password, data, SPEC.date)


def test_a_non_ascii_folder_name_is_sent_in_modified_utf7(plain_imap: Dovecot) -> None:
    assert imap_drafts.mailbox_name("Entwürfe") == '"Entw&APw-rfe"'
    assert imap_drafts.mailbox_name('A "b" & c\\') == '"A \\"b\\" &- c\\\\"'
    account = dataclasses.replace(_account(plain_imap, "none"), folder="Entwürfe")
    data = email_draft.build(SPEC)
    imap_drafts.append_draft(account, plain_imap.password, data, SPEC.date)
    assert [body for _, body in plain_imap.fetch_all("Entw&APw-rfe")] == [data]
