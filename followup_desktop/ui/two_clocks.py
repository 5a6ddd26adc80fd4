"""A time said on two clocks, the rep's and the contact's: the one the line is about
first, the other beside it when it reads differently. Plain text, no widgets: Today's
dialogs use it before the call screen's forms are loaded."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def both_times(instant: datetime, theirs: ZoneInfo, mine: ZoneInfo) -> str:
    """ "Thu 26 Nov 10:00 their time (17:00 yours)" """
    their = instant.astimezone(theirs)
    rep = instant.astimezone(mine)
    text = f"{their:%a} {their.day} {their:%b %H:%M} their time"
    if their.utcoffset() == rep.utcoffset():
        return text.replace(" their time", "")
    same_day = their.date() == rep.date()
    return f"{text} ({rep:%H:%M} yours)" if same_day else f"{text} ({rep:%a %H:%M} yours)"


def your_time_first(instant: datetime, mine: ZoneInfo, theirs: ZoneInfo) -> str:
    """ "Tue 24 Nov 09:00 your time (02:00 theirs)": for what the rep does by a time."""
    rep = instant.astimezone(mine)
    their = instant.astimezone(theirs)
    text = f"{rep:%a} {rep.day} {rep:%b %H:%M} your time"
    if their.utcoffset() == rep.utcoffset():
        return text
    same_day = their.date() == rep.date()
    return f"{text} ({their:%H:%M} theirs)" if same_day else f"{text} ({their:%a %H:%M} theirs)"


def zone_place(zone: ZoneInfo) -> str:
    """ "Chicago" for America/Chicago: enough to say whose time a field is in."""
    return zone.key.rsplit("/", 1)[-1].replace("_", " ")
