"""Who wrote to the rep: the senders of new messages in the INBOX, read over IMAP.

Read-only by construction: the INBOX is opened with EXAMINE (the server's read-only
SELECT) and everything is fetched with BODY.PEEK, so no flag changes (\\Seen stays as it
was) and nothing is moved or deleted. Only headers are fetched, but for a delivery report
(mail that came back), whose first part of the body is read too to learn which address
failed and why. Python's imaplib (3.11)
has no IDLE, so the app polls; a poll costs one login and one UID SEARCH.

Where to start is the UIDVALIDITY and the last UID seen; a first look (or a mailbox
rebuilt by the server) reads the messages of the last day, and starts the next look after
the newest message there, even when that day brought none: "from UID 1" would read back
the whole INBOX, years of it.
"""

from __future__ import annotations

import imaplib
import logging
import re
import ssl
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from email.header import decode_header, make_header
from email.parser import BytesParser, HeaderParser
from email.utils import getaddresses, parsedate_to_datetime

from followup_desktop.exchange import automatic_mail, delivery_reports
from followup_desktop.exchange.delivery_reports import Bounced
from followup_desktop.exchange.imap_drafts import (
    ImapAccount,
    ImapProblem,
    connect,
    error_text,
    login,
)
from followup_desktop.exchange.text_decoding import decode_value

FIRST_LOOK_BACK = timedelta(days=1)
# A Date header further than this from when the server took the message in was written by
# a clock that is wrong (a phone reset to 2000, a server a year ahead): mail is not in
# transit that long, and such a date would put a reply years back in the history.
CLOCK_OFF = timedelta(days=1)
# More than any morning's mail; a mailbox imported in one go is read a screenful a poll.
MOST_A_LOOK = 500
_FIELDS = " ".join((*automatic_mail.FIELDS, *delivery_reports.FIELDS))
HEADERS = f"BODY.PEEK[HEADER.FIELDS (FROM DATE SUBJECT MESSAGE-ID {_FIELDS})]"
# A report's own parts come first; the copy of the message that came back (its
# attachments) after them is not needed.
REPORT_BYTES = 128 * 1024
log = logging.getLogger(__name__)

_UIDVALIDITY = re.compile(rb"UIDVALIDITY (\d+)")
_UID = re.compile(rb"UID (\d+)")
_UIDNEXT = re.compile(rb"UIDNEXT (\d+)")
_INTERNALDATE = re.compile(
    rb'INTERNALDATE "\s?(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)"'
)
# RFC 3501's month names, whatever the computer's language.
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Raw 8-bit header text that is not UTF-8 (RFC 6532) was written in a code page.
_CODE_PAGES = ("cp1252", "cp1250")


@dataclass(frozen=True, slots=True)
class Since:
    """Where the last look stopped (None: never looked)."""

    uid_validity: int
    last_uid: int


@dataclass(frozen=True, slots=True)
class Arrived:
    uid: int
    sender: str  # the From address, lower-case
    at: datetime | None  # the Date header, when readable
    subject: str
    automatic: bool = False  # an out-of-office, an autoresponder, a delivery report
    message_id: str = ""  # the Message-ID header, as written ("" when there is none)
    bounced: tuple[Bounced, ...] = ()  # the addresses a delivery failure names
    received: datetime | None = None  # when the server took it in (its INTERNALDATE)

    @property
    def when(self) -> datetime | None:
        """When it was written: its Date header, unless the sender's clock was wrong (the
        server's own date is then nearer the truth), or there is none."""
        if self.at is None or (
            self.received is not None and abs(self.at - self.received) > CLOCK_OFF
        ):
            return self.received
        return self.at


@dataclass(frozen=True, slots=True)
class InboxLook:
    arrived: tuple[Arrived, ...]
    since: Since  # where the next look starts


def new_messages(
    account: ImapAccount,
    password: str,
    since: Since | None,
    now: datetime,
    context: ssl.SSLContext | None = None,
) -> InboxLook:
    """The messages that came into the INBOX after ``since``, oldest first."""
    client = connect(account, context)
    try:
        login(client, account.user, password)
        status, data = client.select("INBOX", readonly=True)  # EXAMINE: read-only
        if status != "OK":
            raise ImapProblem(f"{account.host} would not open the INBOX: {data}")
        validity = _uid_validity(client)
        if since is not None and since.uid_validity == validity:
            status, found = client.uid("SEARCH", f"UID {since.last_uid + 1}:*")
        else:
            day = (now - FIRST_LOOK_BACK).strftime("%d-%b-%Y")
            status, found = client.uid("SEARCH", f"SINCE {day}")
        uids = sorted(int(u) for u in (found[0] or b"").split()) if status == "OK" else []
        if since is not None and since.uid_validity == validity:
            # "n:*" always matches the last message, even one seen before.
            uids = [u for u in uids if u > since.last_uid]
        uids = uids[:MOST_A_LOOK]
        arrived = tuple(_headers(client, uids))
        if since is not None and since.uid_validity == validity:
            last = max(uids, default=since.last_uid)
        else:
            last = max(uids, default=_uid_next(client) - 1)
        return InboxLook(arrived, Since(validity, last))
    except (OSError, EOFError, imaplib.IMAP4.abort) as error:
        raise ImapProblem(f"{account.host} closed the connection: {error}") from None
    except imaplib.IMAP4.error as error:
        raise ImapProblem(f"{account.host}: {error_text(error)}") from None
    finally:
        try:
            client.logout()
        except (TimeoutError, OSError, EOFError, imaplib.IMAP4.error):
            client.shutdown()


def _uid_validity(client: imaplib.IMAP4) -> int:
    _status, data = client.response("UIDVALIDITY")
    for item in data or ():
        if isinstance(item, bytes) and item.isdigit():
            return int(item)
    status, data = client.status("INBOX", "(UIDVALIDITY)")
    found = _UIDVALIDITY.search(data[0] or b"") if status == "OK" and data else None
    return int(found.group(1)) if found else 0


def _uid_next(client: imaplib.IMAP4) -> int:
    """The UID the next message will get (1 when the server will not say: read from the
    start, as before)."""
    _status, data = client.response("UIDNEXT")
    for item in data or ():
        if isinstance(item, bytes) and item.isdigit():
            return int(item)
    status, data = client.status("INBOX", "(UIDNEXT)")
    found = _UIDNEXT.search(data[0] or b"") if status == "OK" and data else None
    return max(int(found.group(1)), 1) if found else 1


def _headers(client: imaplib.IMAP4, uids: list[int]) -> list[Arrived]:
    arrived: list[Arrived] = []
    reports: list[int] = []  # the UIDs of messages that may be delivery failures
    parser = HeaderParser()
    for start in range(0, len(uids), 100):
        chunk = ",".join(str(u) for u in uids[start : start + 100])
        if not chunk:
            continue
        status, data = client.uid("FETCH", chunk, f"(UID INTERNALDATE {HEADERS})")
        if status != "OK":
            continue
        for item in data:
            if not isinstance(item, tuple):
                continue
            found = _UID.search(item[0])
            if found is None:
                continue
            headers = parser.parsestr(_header_text(item[1]))
            addresses = [a.lower() for _n, a in getaddresses([headers.get("From", "")]) if "@" in a]
            if not addresses:
                continue
            subject = _subject(headers.get("Subject"))
            if delivery_reports.worth_reading(headers, addresses[0]):
                reports.append(int(found.group(1)))
            arrived.append(
                Arrived(
                    int(found.group(1)),
                    addresses[0],
                    _date(headers.get("Date")),
                    subject,
                    automatic_mail.automatic(headers, subject),
                    " ".join(str(headers.get("Message-ID", "")).split()),
                    received=_received(item[0]),
                )
            )
    bounced = _bounced(client, reports)
    arrived = [replace(a, bounced=bounced[a.uid]) if a.uid in bounced else a for a in arrived]
    return sorted(arrived, key=lambda a: a.uid)


def _bounced(client: imaplib.IMAP4, uids: list[int]) -> dict[int, tuple[Bounced, ...]]:
    """What each of these messages reports as failed, read from its body's first bytes
    (a message that is no delivery failure after all reports nothing)."""
    found: dict[int, tuple[Bounced, ...]] = {}
    parser = BytesParser()
    for uid in uids:
        status, data = client.uid("FETCH", str(uid), f"(UID BODY.PEEK[]<0.{REPORT_BYTES}>)")
        if status != "OK":
            continue
        for item in data:
            if not isinstance(item, tuple) or _UID.search(item[0]) is None:
                continue
            try:
                failures = delivery_reports.failures(parser.parsebytes(item[1]))
            except (ValueError, LookupError, TypeError, IndexError, AttributeError) as error:
                # A report too broken to read is not a bounce we can name: said in the log.
                log.info("a delivery report could not be read: %s", type(error).__name__)
                continue
            if failures:
                found[uid] = failures
    return found


def _header_text(raw: bytes) -> str:
    """The header block as text, line by line: UTF-8 where it is, a legacy code page
    where an old mail program wrote one, so no letter becomes a replacement mark."""
    return "\n".join(decode_value(line, "", _CODE_PAGES) for line in raw.splitlines())


def _received(line: bytes) -> datetime | None:
    """The INTERNALDATE in a FETCH response line, or None when it has none we can read."""
    found = _INTERNALDATE.search(line)
    if found is None:
        return None
    day, month, year, hour, minute, second, sign, zone_hours, zone_minutes = found.groups()
    try:
        offset = timedelta(hours=int(zone_hours), minutes=int(zone_minutes))
        moment = datetime(
            int(year),
            _MONTHS.index(month.decode().lower()) + 1,
            int(day),
            int(hour),
            int(minute),
            int(second),
            tzinfo=timezone(-offset if sign == b"-" else offset),
        )
    except ValueError:  # a month or a day that does not exist
        return None
    return moment


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.utcoffset() is not None else None


def _subject(value: str | None) -> str:
    if not value:
        return ""
    try:
        text = str(make_header(decode_header(value)))
    except (UnicodeError, LookupError, ValueError):
        text = value
    return " ".join(text.split())[:200]
