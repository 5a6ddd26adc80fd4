"""Saving a draft straight into the Drafts folder of the rep's IMAP account (APPEND).

The connection is TLS from the first byte (port 993) or STARTTLS (port 143), with the
certificate checked against the system's trust store (or a context the caller gives).
Plain IMAP is refused, except to this computer itself: local bridges (Proton Mail
Bridge, DavMail) listen on loopback and never put the password on a network.

The password is used for this one login and never logged or kept; errors are sentences
for the rep and carry no secret.

A draft is put into the folder once: when the connection drops (or times out) after the
server stored it but before its OK came back, the rep is told it may be there, and the
next save finds it by its Message-ID instead of appending a second copy.
"""

from __future__ import annotations

import base64
import imaplib
import ipaddress
import re
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.parser import BytesHeaderParser

from followup_desktop.core.settings import IMAP_SECURITY

SECURITY_CHOICES = ("tls", "starttls", "none")
# Where Settings lists the account; the messages name the connection security in the
# words Settings offers it by ("Encrypted from the start", "Encrypted once connected").
SETTINGS_PLACE = IMAP_SECURITY.section
DRAFT_FLAGS = r"(\Draft \Seen)"
TIMEOUT_S = 30.0
_APPENDUID = re.compile(rb"\[APPENDUID (\d+) (\d+)\]")
# A Message-ID that can go into a quoted string of a SEARCH as it is (ours always can).
_SEARCHABLE_ID = re.compile(r"<[\x21\x23-\x5b\x5d-\x7e]+>")


class ImapProblem(Exception):
    """Saving to the server failed; the message says why and what to check."""


class LoginRefused(ImapProblem):
    """The server said no to the user name or the password."""


@dataclass(frozen=True, slots=True)
class ImapAccount:
    host: str
    port: int
    security: str  # "tls", "starttls", or "none" (loopback only)
    user: str
    folder: str = "Drafts"


@dataclass(frozen=True, slots=True)
class Appended:
    folder: str
    uid: int | None  # the message's UID when the server tells it (UIDPLUS)
    uid_validity: int | None


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def mailbox_name(folder: str) -> str:
    """``folder`` as an IMAP quoted string in modified UTF-7 (RFC 3501 §5.1.3): a folder
    called "Entwürfe" or "Brouillons de Zoé" works; a quote or backslash cannot escape."""
    encoded: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            raw = "".join(pending).encode("utf-16-be")
            encoded.append("&" + base64.b64encode(raw).decode().rstrip("=").replace("/", ",") + "-")
            pending.clear()

    for char in folder:
        if "\x20" <= char <= "\x7e":
            flush()
            encoded.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    text = "".join(encoded)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def connect(account: ImapAccount, context: ssl.SSLContext | None) -> imaplib.IMAP4:
    if account.security not in SECURITY_CHOICES:
        raise ImapProblem(
            f"the IMAP connection security {account.security!r} is not one FollowUp knows: "
            f"choose one in Settings › {SETTINGS_PLACE}"
        )
    if account.security == "none" and not is_loopback(account.host):
        raise ImapProblem(
            f"{account.host} would get your password unencrypted: choose an encrypted "
            f"IMAP connection security in Settings › {SETTINGS_PLACE}"
        )
    context = context or ssl.create_default_context()
    where = f"{account.host}:{account.port}"
    try:
        if account.security == "tls":
            return imaplib.IMAP4_SSL(
                account.host, account.port, ssl_context=context, timeout=TIMEOUT_S
            )
        client = imaplib.IMAP4(account.host, account.port, timeout=TIMEOUT_S)
        if account.security == "starttls":
            try:
                client.starttls(ssl_context=context)
            except BaseException:
                client.shutdown()
                raise
        return client
    except ssl.SSLCertVerificationError as error:
        raise ImapProblem(
            f"{where}: the server's certificate is not trusted ({error.verify_message}); "
            "check the host name in Settings"
        ) from None
    except ssl.SSLError as error:
        raise ImapProblem(
            f"{where}: the secure connection failed ({error.reason}); "
            f"check the IMAP port and connection security in Settings › {SETTINGS_PLACE} "
            "(usually 993 encrypted from the start, 143 encrypted once connected)"
        ) from None
    except imaplib.IMAP4.error as error:
        raise ImapProblem(
            f"{where}: {error_text(error)}; try the connection security "
            f'"Encrypted from the start" on port 993 in Settings › {SETTINGS_PLACE}'
        ) from None
    except (OSError, EOFError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise ImapProblem(f"cannot reach {where}: {reason or 'connection closed'}") from None


def error_text(error: BaseException) -> str:
    return str(error.args[0] if error.args else error).strip("b'\"")


def login(client: imaplib.IMAP4, user: str, password: str) -> None:
    try:
        if "AUTH=PLAIN" in client.capabilities:
            # AUTHENTICATE PLAIN carries UTF-8; LOGIN cannot send a non-ASCII password.
            token = f"\0{user}\0{password}".encode()
            client.authenticate("PLAIN", lambda _challenge: token)
        else:
            client.login(user, password)
    except UnicodeEncodeError:
        raise ImapProblem(
            "this server accepts only plain-ASCII user names and passwords (no AUTH=PLAIN)"
        ) from None
    except imaplib.IMAP4.error:
        # The server's words may echo what was sent: say nothing of them.
        raise LoginRefused(
            f"the server refused the user name {user!r} or the password: check them in Settings"
        ) from None


def append_draft(
    account: ImapAccount,
    password: str,
    message: bytes,
    when: datetime,
    context: ssl.SSLContext | None = None,
) -> Appended:
    """APPEND ``message`` (CRLF bytes) to the drafts folder, flagged \\Draft \\Seen."""
    client = connect(account, context)
    try:
        login(client, account.user, password)
        folder = mailbox_name(account.folder)
        there = _already_there(client, folder, message)
        if there is not None:
            return Appended(account.folder, *there)
        try:
            status, data = client.append(
                folder, DRAFT_FLAGS, imaplib.Time2Internaldate(when), message
            )
        except (imaplib.IMAP4.abort, OSError):
            # The draft went out, the answer did not come back (the connection dropped, or
            # timed out waiting): the server may have it.
            raise ImapProblem(
                f"the connection to {account.host} dropped before it answered: the draft "
                f"may be in {account.folder} already (saving again does not put it there twice)"
            ) from None
        except imaplib.IMAP4.error as error:
            status, data = "NO", [error_text(error).encode()]
        if status != "OK":
            detail = b" ".join(d for d in data if isinstance(d, bytes)).decode(errors="replace")
            if "TRYCREATE" in detail.upper():
                raise ImapProblem(
                    f"there is no folder {account.folder!r} on {account.host}: "
                    "check the drafts folder in Settings"
                )
            raise ImapProblem(f"{account.host} did not take the draft: {detail or status}")
        found = _APPENDUID.search(data[0] or b"") if data else None
        return Appended(
            account.folder,
            int(found.group(2)) if found else None,
            int(found.group(1)) if found else None,
        )
    except (OSError, EOFError, imaplib.IMAP4.abort) as error:
        raise ImapProblem(f"{account.host} closed the connection: {error}") from None
    finally:
        try:
            client.logout()
        except (TimeoutError, OSError, EOFError, imaplib.IMAP4.error):
            client.shutdown()


def _already_there(
    client: imaplib.IMAP4, folder: str, message: bytes
) -> tuple[int, int | None] | None:
    """(UID, UIDVALIDITY) of a message in ``folder`` with ``message``'s Message-ID (not
    deleted): an earlier save of this draft whose answer was lost. None when there is
    none, or when the server cannot say (the APPEND then goes ahead as before)."""
    found = BytesHeaderParser().parsebytes(message).get("Message-ID", "")
    message_id = str(found).strip()
    if not _SEARCHABLE_ID.fullmatch(message_id):
        return None
    try:
        status, _ = client.select(folder, readonly=True)
        if status != "OK":
            return None  # no such folder: the APPEND says so in words
        _, validity = client.response("UIDVALIDITY")
        status, data = client.uid("SEARCH", "NOT DELETED HEADER Message-ID", f'"{message_id}"')
    except imaplib.IMAP4.abort:
        raise  # the connection is gone (an abort is also an IMAP4.error): said by the caller
    except imaplib.IMAP4.error:
        return None
    uids = (data[0] or b"").split() if status == "OK" and data else []
    if not uids:
        return None
    number = validity[0] if validity else None
    return int(uids[-1]), int(number) if isinstance(number, bytes) else None
