"""Mail that came back: which addresses a delivery failure names, and why, in plain words.

A mail server that cannot deliver writes a report. Most write a delivery status
notification (RFC 3464): a ``multipart/report`` whose ``message/delivery-status`` part
has, per recipient, the address (``Original-Recipient``: as the rep wrote it;
``Final-Recipient``: after forwarding), an ``Action`` ("failed", or "delayed" while the
server still tries) and an RFC 3463 ``Status`` ("5.1.1"). That part is read with the
email package, field by field. Older servers (qmail, old Gmail) write a notice in words
from MAILER-DAEMON or postmaster with a copy of the message below: the addresses are
then those of ``X-Failed-Recipients`` (Exim, Gmail), or those the notice itself names
above the copy (the copy's To may list people it did reach), and the reason is the
status code the notice quotes. A notice that quotes no permanent failure (a "still
trying" warning) is not a bounce.
"""

from __future__ import annotations

import base64
import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from email.parser import HeaderParser
from email.utils import getaddresses

# The header fields that tell whether a message may be a delivery failure.
FIELDS = ("X-FAILED-RECIPIENTS",)
_DAEMONS = frozenset({"mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon"})
_STATUS_PARTS = frozenset({"message/delivery-status", "message/global-delivery-status"})
_PLAIN = frozenset({"", "7bit", "8bit", "binary"})
# A copy of the sent message: its addresses are not the failed ones.
_COPIES = frozenset({"message/rfc822", "message/global", "text/rfc822-headers"})
# "5.1.1", not the end of an IP address ("10.2.5.4") or a version number.
_ENHANCED = re.compile(r"(?<![\w.])([245])\.(\d{1,3})\.(\d{1,3})(?!\.?\d)")
_BASIC = re.compile(r"\b(5[0-5]\d)\b")  # above 255: never part of an IP address
_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
# Where a notice in words starts its copy of the message (qmail, Gmail, Exim, Sendmail).
_COPY_STARTS = re.compile(
    r"^\s*(?:-+\s*(?:below this line|original message|this is a copy)|"
    r"(?:return-path|received|dkim-signature|message-id|from|to|subject|date):)",
    re.IGNORECASE,
)

_UNDELIVERED = "could not be delivered"
_WORDS = {
    (1, 1): "no such mailbox",
    (1, 2): "no such domain",
    (1, 3): "the address is not valid",
    (1, 6): "the mailbox has moved",
    (1, 10): "that domain takes no mail",
    (2, 1): "mailbox disabled",
    (2, 2): "mailbox full",
    (2, 3): "the message is too large",
    (3, 4): "the message is too large",
    (4, 7): "the receiving server did not answer for days",
}
_SUBJECT_WORDS = {
    1: "the address was refused",
    2: "mailbox unavailable",
    3: "the receiving mail system is not taking mail",
    4: "the receiving mail server could not be reached",
    5: "refused by the receiving server",
    6: "the receiving server could not read the message",
    7: "blocked by the receiving server (a spam filter or its rules)",
}
_BASIC_WORDS = {
    "550": "mailbox unavailable",
    "551": "the person is no longer at that address",
    "552": "mailbox full",
    "553": "the address is not valid",
    "554": "refused by the receiving server",
}


@dataclass(frozen=True, slots=True)
class Bounced:
    address: str  # lower-case, as the report names it
    reason: str  # plain words: "mailbox unavailable"


def worth_reading(headers: Message, sender: str) -> bool:
    """Whether a message, by its headers, may be a delivery failure (its body is then
    read): a report, a failed-recipients mark, or mail from a mail server's own address."""
    if str(headers.get("Content-Type", "")).strip().lower().startswith("multipart/report"):
        return True
    if str(headers.get("X-Failed-Recipients", "")).strip():
        return True
    return sender.partition("@")[0] in _DAEMONS


def failures(message: Message) -> tuple[Bounced, ...]:
    """The addresses the message reports as failed for good, once each, in its order."""
    kind = str(message.get_param("report-type", "", "Content-Type") or "").lower()
    if kind and "delivery-status" not in kind:
        return ()  # a read receipt or a spam complaint: nothing came back
    reports = [part for part in _own_parts(message) if part.get_content_type() in _STATUS_PARTS]
    found = _from_reports(reports) if reports else _from_notice(message)
    seen: set[str] = set()
    unique = []
    for bounced in found:
        if bounced.address not in seen:
            seen.add(bounced.address)
            unique.append(bounced)
    return tuple(unique)


def reason_words(status: str, diagnostic: str = "") -> str:
    """An RFC 3463 status ("5.2.2") in a rep's words; a status that says nothing precise
    (5.0.0, or qmail's 5.5.0 for anything) gives way to the code in ``diagnostic``."""
    for text in (status, diagnostic):
        found = _ENHANCED.search(text)
        if found is None:
            continue
        subject, detail = int(found.group(2)), int(found.group(3))
        if subject in (0, 5) and detail == 0:
            continue  # "other or undefined": the server's own code may say more
        return _WORDS.get((subject, detail)) or _SUBJECT_WORDS.get(subject, _UNDELIVERED)
    basic = _BASIC.search(diagnostic)
    if basic is not None:
        return _BASIC_WORDS.get(basic.group(1), _UNDELIVERED)
    return _UNDELIVERED


def _from_reports(reports: list[Message]) -> Iterator[Bounced]:
    for report in reports:
        for fields in _recipient_blocks(report):
            action = str(fields.get("Action", "")).strip().lower()
            status = str(fields.get("Status", "")).strip()
            if not (action == "failed" or (not action and status.startswith("5"))):
                continue  # delayed, delivered, relayed, expanded: nothing came back
            reason = reason_words(status, " ".join(str(fields.get("Diagnostic-Code", "")).split()))
            for name in ("Original-Recipient", "Final-Recipient"):
                address = _recipient(str(fields.get(name, "")))
                if address:
                    yield Bounced(address, reason)


def _recipient_blocks(report: Message) -> list[Message]:
    """The per-recipient field blocks of a delivery-status part (the email package splits
    ``message/delivery-status``; a global one, or an encoded one, is split here)."""
    payload = report.get_payload()
    encoding = str(report.get("Content-Transfer-Encoding", "")).strip().lower()
    split = report.get_content_type() == "message/delivery-status" and encoding in _PLAIN
    if isinstance(payload, list) and split:
        blocks = [block for block in payload if isinstance(block, Message)]
    else:
        # Split here: the email package takes other message/ types (and encoded
        # ones) for one message, their fields then read as its headers or body.
        parts = payload if isinstance(payload, list) else [payload]
        raw = "".join(p.as_string() if isinstance(p, Message) else str(p) for p in parts)
        text = _decoded(raw, encoding)
        parser = HeaderParser()
        blocks = [
            parser.parsestr(chunk.strip() + "\n")
            for chunk in re.split(r"\r?\n[ \t]*\r?\n", text)
            if chunk.strip()
        ]
    return [b for b in blocks if b.get("Final-Recipient") or b.get("Original-Recipient")]


def _decoded(text: str, encoding: str) -> str:
    data = text.encode("utf-8", "surrogateescape")
    try:
        if encoding == "base64":
            data = base64.b64decode(data)
        elif encoding == "quoted-printable":
            data = quopri.decodestring(data)
    except ValueError:
        return text
    return data.decode("utf-8", "replace")


def _recipient(value: str) -> str:
    """``rfc822; priya@buyer.example`` → ``priya@buyer.example``."""
    kind, _, address = value.partition(";")
    if not address:
        address = kind
    address = address.strip().strip("<>").strip().lower()
    return address if "@" in address else ""


def _from_notice(message: Message) -> Iterator[Bounced]:
    notice = _notice_text(message)
    failed = getaddresses([str(message.get("X-Failed-Recipients", ""))])
    marked = [address.lower() for _name, address in failed if "@" in address]
    permanent = _BASIC.search(notice) or any(
        code.group(1) == "5" for code in _ENHANCED.finditer(notice)
    )
    if not marked and not permanent:
        return  # no permanent failure quoted: a "still trying" warning
    reason = reason_words("", notice)
    own = {address.lower() for _name, address in getaddresses(message.get_all("From", []))}
    for address in marked or [a.lower() for a in _ADDRESS.findall(notice)]:
        if address not in own:
            yield Bounced(address, reason)


def _notice_text(message: Message) -> str:
    """The words the mail server wrote: its text parts, up to a copy of the message."""
    lines: list[str] = []
    for part in _own_parts(message):
        if part.get_content_maintype() != "text" or part.get_content_type() in _COPIES:
            continue
        raw = part.get_payload(decode=True)
        if not isinstance(raw, bytes):
            continue
        try:
            text = raw.decode(part.get_content_charset() or "utf-8", "replace")
        except LookupError:
            text = raw.decode("latin-1")
        for line in text.splitlines():
            if _COPY_STARTS.match(line):
                return "\n".join(lines)
            lines.append(line)
    return "\n".join(lines)


def _own_parts(message: Message) -> Iterator[Message]:
    """The message's parts, without going into a copy of another message."""
    yield message
    payload = message.get_payload()
    if message.get_content_maintype() == "multipart" and isinstance(payload, list):
        for part in payload:
            if isinstance(part, Message) and part.get_content_type() not in _COPIES:
                yield from _own_parts(part)
