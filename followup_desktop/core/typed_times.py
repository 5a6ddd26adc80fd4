"""Times as people type them into a "when" field: "13:15", "1:15pm", "tomorrow 9",
"Mon 14:00", "25 Nov 10:00", "2027-01-12 10:00".

A typed time is a wall-clock time in one zone (the contact's for a call they chose, the
rep's for a promise), read relative to "now" in that zone, always in the future:

- a time alone is its next occurrence (today if still ahead, else tomorrow);
- a weekday is the next such day after today ("Mon" on a Monday is next week's; "today"
  says today);
- a day and month without a year is the next one on or after today;
- an hour from 1 to 6 with neither minutes' leading zero nor am/pm is read as the
  afternoon ("tomorrow 2" is 14:00): nobody books a sales call at 2 in the night, and the
  field shows what it read, so the rep sees it before saving.

A wall-clock time turns into an instant as everywhere else (``calendar.at_local``): one in
a spring-forward gap moves forward, one in an autumn fold is its first occurrence, and
``TypedTime.note`` says so in a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from followup_desktop.core.calendar import WallClock, ZoneLike, at_local, local, wall_clock_kind

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
RELATIVE_DAYS = {"today": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1, "tomorow": 1}
FILLER = frozenset({"at", "on", "next", "this", "@", "the", "of"})
EXAMPLES = "13:15, 1:15pm, tomorrow 9, Mon 14:00 or 2027-01-12 10:00"
# Without am/pm or a leading zero, these hours mean the afternoon (see the docstring).
AFTERNOON_HOURS = range(1, 7)

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:t|\b)")
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.h](\d{2})|h)?(am|pm)?$|^(\d{3,4})(am|pm)?$")
_DAY_OF_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th|\.)?$")
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True, slots=True)
class TypedTime:
    """What a typed time means: the wall-clock reading asked for and the instant (UTC)."""

    day: date
    wall: time
    kind: WallClock
    instant: datetime

    def note(self, tz: ZoneLike) -> str:
        """A sentence when the clock changes that day, else ""."""
        if self.kind is WallClock.GAP:
            moved = local(self.instant, tz)
            return (
                f"{self.wall:%H:%M} does not exist that day (the clocks go forward): "
                f"it means {moved:%H:%M}."
            )
        if self.kind is WallClock.FOLD:
            which = "the second one" if local(self.instant, tz).fold else "the first one"
            return f"{self.wall:%H:%M} happens twice that day (the clocks go back): {which}."
        return ""


def as_typed(instant: datetime, tz: ZoneLike, now: datetime) -> str:
    """The text for ``instant`` in ``tz`` that ``read_time`` reads back at ``now``:
    "Wed 25 Nov 14:00" (with the year only when the day and month alone would mean
    another one)."""
    wall, today = local(instant, tz), local(now, tz).date()
    day = f"{_short(WEEKDAYS, wall.weekday())} {wall.day} {_short(MONTHS, wall.month - 1)}"
    if _next_of(today, wall.month, wall.day) != wall.date():
        day += f" {wall.year}"
    return f"{day} {wall:%H:%M}"


def _short(names: tuple[str, ...], index: int) -> str:
    return names[index][:3].title()


def _next_of(today: date, month: int, day: int) -> date | None:
    """The first ``day`` of ``month`` on or after ``today`` (29 Feb may be years off)."""
    for year in range(today.year, today.year + 8):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    return None


def read_time(text: str, now: datetime, tz: ZoneLike) -> TypedTime:
    """``text`` read as a future wall-clock time in ``tz``; ValueError says what to type."""
    there = local(now, tz)
    parsed = _Parsed()
    cleaned = _cleaned(text)
    iso = _ISO_DATE.search(cleaned)
    if iso:
        parsed.claim_day(iso[0].rstrip("t"))
        parsed.day = _date(int(iso[1]), int(iso[2]), int(iso[3]))
        cleaned = cleaned.replace(iso[0], " ", 1)
    words = cleaned.split()
    if not words and parsed.day is None:
        raise ValueError(f"Type a time, for example {EXAMPLES}.")
    _read_words(words, parsed)
    if parsed.clock is None:
        raise ValueError(f"Add a time of day, for example {EXAMPLES}.")
    day = parsed.resolve_day(there.date(), parsed.clock > there.time().replace(tzinfo=None))
    kind = wall_clock_kind(day, parsed.clock, tz)
    typed = TypedTime(day, parsed.clock, kind, at_local(day, parsed.clock, tz))
    if typed.instant <= now:
        shown = as_typed(typed.instant, tz, now)
        raise ValueError(f"{shown} has passed already: type a later time.")
    return typed


def _cleaned(text: str) -> str:
    cleaned = text.strip().lower().replace(",", " ")
    cleaned = re.sub(r"\b([ap])\.?m\.?(?=\s|$)", r"\1m", cleaned)
    cleaned = re.sub(r"\b(noon|midday)\b", "12:00", cleaned)
    return re.sub(r"(\d)\s+([ap]m)\b", r"\1\2", cleaned)  # "1:15 pm" → "1:15pm"


def _date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"There is no day {day} in month {month} of {year}.") from None


@dataclass(slots=True)
class _Parsed:
    clock: time | None = None
    day: date | None = None  # a full date (ISO)
    relative: int | None = None  # 0 today, 1 tomorrow
    weekday: int | None = None
    month: int | None = None
    day_of_month: int | None = None
    year: int | None = None
    said_day: str = ""

    def claim_day(self, word: str) -> None:
        if self.said_day:
            raise ValueError(f'Two days given ("{self.said_day}" and "{word}"): keep one.')
        self.said_day = word

    def resolve_day(self, today: date, still_ahead_today: bool) -> date:
        if self.weekday is not None and self.said_day == "":
            return today + timedelta(days=(self.weekday - today.weekday() - 1) % 7 + 1)
        day = self._day(today, still_ahead_today)
        if self.weekday is not None and day.weekday() != self.weekday:
            raise ValueError(
                f"{day.day} {_short(MONTHS, day.month - 1)} is a "
                f"{WEEKDAYS[day.weekday()].title()}, not a {WEEKDAYS[self.weekday].title()}."
            )
        return day

    def _day(self, today: date, still_ahead_today: bool) -> date:
        if self.day is not None:
            return self.day
        if self.relative is not None:
            return today + timedelta(days=self.relative)
        if self.month is not None:
            if self.day_of_month is None:
                raise ValueError("Say which day of the month, for example 12 Jan 10:00.")
            if self.year is not None:
                return _date(self.year, self.month, self.day_of_month)
            found = _next_of(today, self.month, self.day_of_month)
            if found is None:
                raise ValueError(f"There is no day {self.day_of_month} in that month.")
            return found
        return today if still_ahead_today else today + timedelta(days=1)


def _read_words(words: list[str], parsed: _Parsed) -> None:
    months_at = {index for index, word in enumerate(words) if _month(word) is not None}
    for index, word in enumerate(words):
        next_to_month = index - 1 in months_at or index + 1 in months_at
        if word in FILLER:
            continue
        if word in RELATIVE_DAYS:
            parsed.claim_day(word)
            parsed.relative = RELATIVE_DAYS[word]
        elif (weekday := _weekday(word)) is not None:
            if parsed.weekday is not None:
                raise ValueError(f'Two weekdays given ("{word}"): keep one.')
            parsed.weekday = weekday
        elif (month := _month(word)) is not None:
            parsed.claim_day(word)
            parsed.month = month
        elif months_at and _YEAR.match(word):
            parsed.year = int(word)
        elif next_to_month and parsed.day_of_month is None and (day := _DAY_OF_MONTH.match(word)):
            parsed.day_of_month = int(day[1])
        elif (clock := _clock(word)) is not None:
            if parsed.clock is not None:
                raise ValueError(f'Two times given ("{word}"): keep one.')
            parsed.clock = clock
        else:
            raise ValueError(f'"{word}" is not a day or a time I know: try {EXAMPLES}.')


def _weekday(word: str) -> int | None:
    word = word.rstrip(".")
    if len(word) < 2:
        return None
    matches = [index for index, name in enumerate(WEEKDAYS) if name.startswith(word)]
    return matches[0] if len(matches) == 1 else None


def _month(word: str) -> int | None:
    word = word.rstrip(".")
    if len(word) < 3:
        return None
    matches = [index + 1 for index, name in enumerate(MONTHS) if name.startswith(word)]
    return matches[0] if len(matches) == 1 else None


def _clock(word: str) -> time | None:
    match = _CLOCK.match(word)
    if match is None:
        return None
    if match[4]:
        hour_text, minute, suffix = match[4][:-2], int(match[4][-2:]), match[5]
    else:
        hour_text, minute, suffix = match[1], int(match[2] or 0), match[3]
    hour = int(hour_text)
    if suffix:
        if not 1 <= hour <= 12:
            raise ValueError(f'"{word}": with am or pm, the hour is 1 to 12.')
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    elif hour in AFTERNOON_HOURS and not hour_text.startswith("0"):
        hour += 12
    if hour > 23 or minute > 59:
        raise ValueError(f'"{word}" is not a time of day.')
    return time(hour, minute)
