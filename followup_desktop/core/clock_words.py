"""A call's time as the rep reads it and as the contact does, in one rule for every
place that shows both (Today's rows, the tray, the reminders): "10:00", with the day
only when it is not the day meant."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo


def day_text(day: date, *, year: bool = False) -> str:
    """ "Fri 7 Aug" ("Fri 7 Aug 2026"): how FollowUp writes a day wherever a rep reads one."""
    return f"{day:%a} {day.day} {day:%b}" + (f" {day.year}" if year else "")


def moment_text(local: datetime, *, year: bool = False) -> str:
    """ "Fri 7 Aug 16:00" ("Fri 7 Aug 2026 16:00"), on the clock ``local`` is on: one way
    on Today, the list, the history, the command line and every message."""
    return f"{day_text(local, year=year)} {local:%H:%M}"


def at_clock(instant: datetime, clock: ZoneInfo, day: date) -> str:
    """ "10:00" when ``instant`` falls on ``day`` on that clock, else "Mon 26 Oct 10:00"."""
    local = instant.astimezone(clock)
    if local.date() == day:
        return f"{local:%H:%M}"
    return moment_text(local)


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
