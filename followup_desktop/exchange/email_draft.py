"""E-mail drafts: an RFC 5322 message the rep opens, edits and sends from their own client.

Header safety. This Python (3.11.7) is open to CVE-2024-6923: ``email`` decodes an
encoded word typed into a header value (``=?UTF-8?Q?=0A?=Bcc: x@y``) and then writes the
newline it contains, so a contact's name or a subject could add a ``Bcc:`` or push a
header into the body. So user text bound for a header may hold no CR, LF or other
control character and no ``=?``; and every message is parsed again after it is written
and must have exactly the headers we meant, with the values we meant.
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes, policy
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

MAILTO_LIMIT = 2000  # what mail clients and browsers reliably pass on from a link
MAX_LINE_OCTETS = 998  # RFC 5322 §2.1.1
HEADER_LINE = 78  # RFC 5322 §2.1.1's "should", as policy.SMTP folds to

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]|=\?")
_ADDRESS = re.compile(r"^[^\s@<>()\[\],;:\\\"]+@[^\s@<>()\[\],;:\\\"]+\.[^\s@<>()\[\],;:\\\"]+$")
# Every header the top of a draft may carry; the MIME parts carry their own.
TOP_HEADERS = (
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "X-Unsent",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
)
PART_HEADERS = frozenset({"content-type", "content-transfer-encoding", "content-disposition"})


class UnsafeHeader(ValueError):
    """User text that would change a header's meaning; the message names the field."""


@dataclass(frozen=True, slots=True)
class Mailbox:
    name: str
    email: str


@dataclass(frozen=True, slots=True)
class Attachment:
    data: bytes
    filename: str
    maintype: str
    subtype: str
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class DraftSpec:
    sender: Mailbox
    to: Mailbox
    subject: str
    text: str
    date: datetime
    html: str | None = None
    attachment: Attachment | None = None


def header_text(value: str, field: str) -> str:
    """``value`` if it is safe in a header, else UnsafeHeader naming ``field``."""
    if _UNSAFE.search(value):
        raise UnsafeHeader(
            f"the {field} contains a line break, a control character or '=?', "
            "which could change the e-mail's headers: please edit it"
        )
    return unicodedata.normalize("NFC", value).strip()


def address(value: str, field: str) -> str:
    value = header_text(value, field)
    if not _ADDRESS.match(value) or not value.isascii():
        raise UnsafeHeader(f"the {field} {value!r} is not a plain e-mail address")
    return value


def _mailbox(box: Mailbox, field: str) -> Address:
    email = address(box.email, f"{field} address")
    username, domain = email.rsplit("@", 1)
    return Address(header_text(box.name, f"{field} name"), username, domain)


def _set_mailbox(message: EmailMessage, field: str, box: Address) -> None:
    """``field: name <address>``. A name that is not ASCII is written as RFC 2047 encoded
    words by ``email.header``: this Python folds a long one into words split at a space
    and drops that space, so a reader sees "HernándezRodríguez". The lines are kept short
    enough that the policy writes them as they are."""
    if box.display_name.isascii():
        message[field] = box
        return
    words = Header(box.display_name, "utf-8", header_name=field).encode(linesep="\r\n")
    last = words.rsplit("\r\n", 1)[-1]
    fits = len(last) + len(box.addr_spec) + 3 <= HEADER_LINE
    between = " " if fits else "\r\n "  # else the address on a line of its own
    message.set_raw(field, f"{words}{between}<{box.addr_spec}>")


def _clean_body(text: str) -> str:
    # One kind of line end; the generator writes CRLF. NUL and the like never help a reader.
    text = re.sub(r"\r\n|\r", "\n", text)
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)


def build(spec: DraftSpec) -> bytes:
    """The draft as the bytes of an .eml file (CRLF line ends), checked after writing."""
    message = EmailMessage(policy=policy.default)
    sender = _mailbox(spec.sender, "sender")
    recipient = _mailbox(spec.to, "recipient")
    _set_mailbox(message, "From", sender)
    _set_mailbox(message, "To", recipient)
    message["Subject"] = header_text(spec.subject, "subject")
    message["Date"] = format_datetime(spec.date)
    # The domain is the rep's: make_msgid would otherwise ask DNS for this computer's name
    # and put it in every draft.
    message["Message-ID"] = make_msgid(domain=sender.domain)
    message["X-Unsent"] = "1"  # Outlook opens such an .eml as a draft to edit and send
    message.set_content(_clean_body(spec.text), cte=_body_cte(spec.text))
    if spec.html is not None:
        message.add_alternative(_clean_body(spec.html), subtype="html")
    if spec.attachment is not None:
        attached = spec.attachment
        message.add_attachment(
            attached.data,
            maintype=attached.maintype,
            subtype=attached.subtype,
            filename=header_text(attached.filename, "attachment name"),
            params=dict(attached.params),
        )
    for part in message.walk():
        if part is not message:
            # Turning a message multipart leaves MIME-Version inside the parts; it belongs
            # at the top only.
            del part["MIME-Version"]
    data = message.as_bytes(policy=policy.SMTP)
    check(data, spec)
    return data


def _body_cte(text: str) -> str | None:
    # Long lines or non-ASCII need an encoding that keeps lines under 998 octets.
    if text.isascii() and all(len(line) <= 78 for line in text.splitlines()):
        return None
    return "quoted-printable"


def check(data: bytes, spec: DraftSpec) -> None:
    """Parse the written draft and insist it has our headers, once each, with our values."""
    parsed = message_from_bytes(data, policy=policy.default)
    names = [name.lower() for name in parsed]
    wanted = {name.lower() for name in TOP_HEADERS}
    if len(names) != len(set(names)) or not set(names) <= wanted:
        raise UnsafeHeader(f"the draft's headers are not the ones we wrote: {parsed.keys()}")
    if _squeezed(str(parsed["Subject"])) != _squeezed(header_text(spec.subject, "subject")):
        raise UnsafeHeader("the draft's subject does not read back as written")
    for field, box in (("From", spec.sender), ("To", spec.to)):
        found = parsed[field].addresses if parsed[field] is not None else ()
        if [(_squeezed(a.display_name), a.addr_spec) for a in found] != [
            (_squeezed(header_text(box.name, field)), box.email)
        ]:
            raise UnsafeHeader(f"the draft's {field} does not read back as written")
    for part in parsed.walk():
        if part is not parsed and not {n.lower() for n in part} <= PART_HEADERS:
            raise UnsafeHeader(f"a part of the draft has unexpected headers: {part.keys()}")
    if any(len(line) > MAX_LINE_OCTETS for line in data.split(b"\r\n")):
        raise UnsafeHeader("the draft has a line longer than 998 octets")


def _squeezed(text: str) -> str:
    # 3.11's parser keeps the folding space between two encoded words of a long UTF-8
    # name (RFC 2047 §6.2 says to drop it), so values compare without their spaces; the
    # header set and the addresses above are compared exactly.
    return "".join(text.split())


def mailto(spec: DraftSpec) -> str | None:
    """A ``mailto:`` link (RFC 6068) that opens the rep's client with this e-mail, or None
    when it would be too long for clients to accept (the .eml or IMAP then do the job).
    A link cannot carry an attachment: the caller says so to the rep."""
    to = address(spec.to.email, "recipient address")
    query = urllib.parse.urlencode(
        {
            "subject": header_text(spec.subject, "subject"),
            "body": _clean_body(spec.text).replace("\n", "\r\n"),
        },
        quote_via=urllib.parse.quote,
    )
    link = f"mailto:{urllib.parse.quote(to, safe='@')}?{query}"
    return link if len(link) <= MAILTO_LIMIT else None
