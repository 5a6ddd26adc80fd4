"""Addresses mail came back from, in a rep's words: where she reads the address (the
contact's form, the call screen) and before she writes to it (the draft, `export email`).
The day is hers (her zone), with the year only when it is not this year's."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from followup_desktop.core.calendar import ZoneLike, local
from followup_desktop.core.model import CameBack, Email


def bounced_words(came: CameBack, now: datetime, tz: ZoneLike) -> str:
    """ "bounced on 4 Dec: mailbox unavailable"."""
    day = local(came.at, tz)
    year = "" if day.year == local(now, tz).year else f" {day.year}"
    return f"bounced on {day.day} {day:%b}{year}: {came.reason}"


def bounced_lines(emails: Iterable[Email], now: datetime, tz: ZoneLike) -> list[str]:
    """One line for each address that bounced: "priya@… bounced on 4 Dec: …"."""
    return [
        f"{e.address} {bounced_words(e.came_back, now, tz)}"
        for e in emails
        if e.came_back is not None
    ]


def draft_warning(email: Email, now: datetime, tz: ZoneLike) -> str:
    """What the rep is told before a draft goes to an address that bounced ("" if it
    did not)."""
    if email.came_back is None:
        return ""
    return (
        f"{email.address} {bounced_words(email.came_back, now, tz)} — this e-mail may come "
        "back too: check the address (ask them on your next call)"
    )
