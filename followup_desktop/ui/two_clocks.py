"""A time said on two clocks, the rep's and the contact's: the one the line is about
first, the other beside it when it reads differently. Plain text, no widgets: Today's
dialogs use it before the call screen's forms are loaded."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from followup_desktop.core.clock_words import day_text


def _day(local: datetime, now: datetime | None) -> str:
    """ "Mon 18 Jan", with its year when it is not this year's ("Mon 18 Jan 2027": a
    check-in planned in October for January)."""
    year = now is not None and local.year != now.astimezone(local.tzinfo).year
    return day_text(local.date(), year=year)


def both_times(
    instant: datetime, theirs: ZoneInfo, mine: ZoneInfo, now: datetime | None = None
) -> str:
    """ "Thu 26 Nov 10:00 their time (17:00 yours)"; the year too when ``now`` is in
    another."""
    their = instant.astimezone(theirs)
    rep = instant.astimezone(mine)
    text = f"{_day(their, now)} {their:%H:%M} their time"
    if their.utcoffset() == rep.utcoffset():
        return text.replace(" their time", "")
    same_day = their.date() == rep.date()
    return f"{text} ({rep:%H:%M} yours)" if same_day else f"{text} ({rep:%a %H:%M} yours)"


def your_time_first(
    instant: datetime, mine: ZoneInfo, theirs: ZoneInfo, now: datetime | None = None
) -> str:
    """ "Tue 24 Nov 09:00 your time (02:00 theirs)": for what the rep does by a time."""
    rep = instant.astimezone(mine)
    their = instant.astimezone(theirs)
    text = f"{_day(rep, now)} {rep:%H:%M} your time"
    if their.utcoffset() == rep.utcoffset():
        return text
    same_day = their.date() == rep.date()
    return f"{text} ({their:%H:%M} theirs)" if same_day else f"{text} ({their:%a %H:%M} theirs)"


def zone_place(zone: ZoneInfo) -> str:
    """ "Chicago" for America/Chicago: enough to say whose time a field is in."""
    return zone.key.rsplit("/", 1)[-1].replace("_", " ")
