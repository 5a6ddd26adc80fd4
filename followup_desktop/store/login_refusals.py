"""A team server's refusal of a login, in the rep's words with a way out.

libpq says why a connection failed in its own terms ("no pg_hba.conf entry … no
encryption", "certificate verify failed"): true, but a rep cannot act on them. The
server's own line is still added, for the admin the rep forwards it to."""

from __future__ import annotations

import re

SETTINGS = "Settings › Team server"
_CHECKED = "“Required (encrypted, certificate not checked)”"

_PASSWORD = re.compile(r"password authentication failed")

# (what libpq says, what the rep reads): the first that matches is said.
_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        _PASSWORD,
        "the team server {host} refused the password of {user}: if it was changed, type "
        f"the new one in {SETTINGS} (or `followup settings set-password team`); "
        "an unknown login is refused the same way, so check the login too",
    ),
    (
        re.compile(r"no pg_hba\.conf entry .* no encryption"),
        "the team server {host} takes encrypted connections only: choose an Encryption "
        f"that requires it in {SETTINGS} (sslmode=require or verify-full in a URL)",
    ),
    (
        re.compile(r"no pg_hba\.conf entry"),
        "the team server {host} does not let {user} in from this computer: ask your admin",
    ),
    (
        re.compile(r"server does not support SSL"),
        "the team server {host} offers no encryption (TLS), which this connection asks "
        "for: ask your admin to turn it on, or, on a network you trust only, choose "
        f"Encryption “Off” in {SETTINGS}",
    ),
    (
        re.compile(r"certificate verify failed"),
        "the team server {host}'s certificate is not one this computer trusts "
        "(self-signed, or from an authority it does not know): ask your admin to have "
        f"it trusted here, or choose Encryption {_CHECKED} in {SETTINGS}",
    ),
    (
        re.compile(r"server certificate for .* does not match host name"),
        "the team server's certificate is made out to another name than {host}: type "
        f"the name on its certificate as the Server in {SETTINGS}, or ask your admin",
    ),
    (
        re.compile(r"root certificate file .* does not exist"),
        "the certificate to check the team server {host} against is not on this "
        f"computer: ask your admin for it, or choose Encryption {_CHECKED} in {SETTINGS}",
    ),
    (
        re.compile(r'database ".*" does not exist'),
        "the team server {host} has no database by that name: check Database in "
        f"{SETTINGS}, or ask your admin",
    ),
)


def refuses_password(libpq: str) -> bool:
    """libpq says the server refused the password (or the login: the server answers an
    unknown login the same way, so as not to tell which)."""
    return bool(_PASSWORD.search(libpq))


def said(libpq: str, host: str, user: str) -> str | None:
    """The rep's words for ``libpq``'s refusal of ``user`` at ``host``, with the
    server's own line after them; None when it is not a refusal known here."""
    for pattern, words in _WORDS:
        if pattern.search(libpq):
            return f"{words.format(host=host, user=user)} (the server said: {_last_line(libpq)})"
    return None


def _last_line(libpq: str) -> str:
    """libpq's own reason, without the "connection to server at … failed:" before it."""
    reason = libpq.strip().splitlines()[0] if libpq.strip() else libpq
    reason = reason.rsplit(" failed: ", 1)[-1]
    return reason.removeprefix("FATAL:").strip()
