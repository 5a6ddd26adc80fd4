"""Mail that no person wrote: out-of-office answers, autoresponders and delivery reports.

Such a message from a contact says nothing about whether they read ours, so it must not
stop their series. The marks, strongest first: RFC 3834's ``Auto-Submitted`` (anything
but "no"); the older ``X-Autoreply``/``X-Autorespond`` and ``Precedence: auto_reply``
(also bulk, junk, list: nobody answered by hand); a delivery report's content type; and,
for servers that mark nothing (Outlook's "Automatic reply:"), the subject's opening words.
A person's "Re: out of office next week?" opens with "Re:", so it is not taken.
"""

from __future__ import annotations

from email.message import Message

# The header fields read, for ``automatic`` (fetched with the sender's).
FIELDS = (
    "AUTO-SUBMITTED",
    "X-AUTOREPLY",
    "X-AUTORESPOND",
    "PRECEDENCE",
    "CONTENT-TYPE",
)
_PRECEDENCE = frozenset({"auto_reply", "bulk", "junk", "list"})
_SUBJECT_OPENINGS = (
    "out of office",
    "out of the office",
    "automatic reply",
    "auto reply",
    "auto-reply",
    "autoreply",
    "auto response",
    "autoresponse",
    "abwesenheitsnotiz",
    "automatische antwort",
    "réponse automatique",
    "absence",
    "respuesta automática",
    "risposta automatica",
    "undeliverable",
    "undelivered mail",
    "delivery status notification",
    "mail delivery failed",
    "returned mail",
)


def automatic(headers: Message, subject: str) -> bool:
    """Whether a machine wrote the message with these headers (``subject``: decoded)."""

    def field(name: str) -> str:
        return str(headers.get(name, ""))

    submitted = field("Auto-Submitted").strip().lower()
    if submitted and not submitted.startswith("no"):
        return True
    if field("X-Autoreply").strip() or field("X-Autorespond").strip():
        return True
    if field("Precedence").strip().lower() in _PRECEDENCE:
        return True
    if field("Content-Type").strip().lower().startswith("multipart/report"):
        return True
    opening = subject.strip().lower()
    return opening.startswith(_SUBJECT_OPENINGS)
