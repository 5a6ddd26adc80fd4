"""A call's time as the rep reads it and as the contact does, in one rule for every
place that shows both (Today's rows, the tray, the reminders): "10:00", with the day
only when it is not the day meant."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo


def at_clock(instant: datetime, clock: ZoneInfo, day: date) -> str:
    """ "10:00" when ``instant`` falls on ``day`` on that clock, else "Mon 26 Oct 10:00"."""
    local = instant.astimezone(clock)
    if local.date() == day:
        return f"{local:%H:%M}"
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def both_clocks(
    instant: datetime, mine: ZoneInfo, theirs: ZoneInfo, now: datetime
) -> tuple[str, str]:
    """The rep's time (with the day when it is not today) and the contact's ("" when
    their clock reads as the rep's then). Theirs has the day when it is not the rep's day
    at that moment (Sydney already tomorrow): compared with the contact's own today, a
    call at 10:00 for both would read "their Mon 26 Oct" at night, when it is still
    yesterday over there."""
    rep = at_clock(instant, mine, now.astimezone(mine).date())
    if instant.astimezone(theirs).utcoffset() == instant.astimezone(mine).utcoffset():
        return rep, ""
    return rep, at_clock(instant, theirs, instant.astimezone(mine).date())
