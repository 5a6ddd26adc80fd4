"""What is due (journey J2): overdue open items first, then the window in time order,
each follow-up once; done, superseded and cancelled ones never show. And the Today
view's page of it: the first rows of each group with each group's bounded count."""

from __future__ import annotations

import os
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from followup_desktop.core import settings as options
from followup_desktop.core import steps
from followup_desktop.core.model import FollowUp, FollowUpState
from followup_desktop.core.settings import Settings


@dataclass(frozen=True, slots=True)
class AgendaItem:
    follow_up: FollowUp
    overdue: bool  # due before "now" and still open (``is_overdue``)


def is_overdue(follow_up: FollowUp, now: datetime, day_start: datetime) -> bool:
    """Past its time. A promise made "as soon as possible" is due the moment it is made:
    it reads as due today, not as late, until the rep's day it was due on has ended."""
    if steps.is_urgent(follow_up):
        return follow_up.due_at < min(now, day_start)
    return follow_up.due_at < now


def agenda(
    follow_ups: Iterable[FollowUp], window_start: datetime, window_end: datetime, now: datetime
) -> list[AgendaItem]:
    """Open follow-ups due before ``now`` (any age: overdue is never dropped), then those
    due in [window_start, window_end) from ``now`` on, each list in due order; a promise
    made "as soon as possible" since ``window_start`` (the rep's day) is with the latter."""
    seen: set[Hashable] = set()
    overdue: list[FollowUp] = []
    upcoming: list[FollowUp] = []
    for follow_up in follow_ups:
        if follow_up.state is not FollowUpState.OPEN:
            continue
        if is_overdue(follow_up, now, window_start):
            shelf = overdue
        elif window_start <= follow_up.due_at < window_end:
            shelf = upcoming
        else:
            continue
        key = _identity(follow_up)
        if key not in seen:
            seen.add(key)
            shelf.append(follow_up)
    return [AgendaItem(f, True) for f in sorted(overdue, key=_order)] + [
        AgendaItem(f, False) for f in sorted(upcoming, key=_order)
    ]


def _identity(follow_up: FollowUp) -> Hashable:
    # A stored follow-up is its id; one not stored yet (a plan shown before saving) is
    # what it says, so the same step listed twice still shows once.
    if follow_up.id is not None:
        return follow_up.id
    return (follow_up.contact_id, follow_up.kind, follow_up.step, follow_up.due_at)


def _order(follow_up: FollowUp) -> tuple[datetime, int, int, str]:
    return (follow_up.due_at, follow_up.contact_id, follow_up.id or 0, follow_up.step)


def system_zone_name(etc: Path = Path("/etc")) -> str:
    """This computer's IANA zone (TZ, the /etc/localtime link, /etc/timezone), else UTC.

    The link comes before /etc/timezone: it is what the computer's clock reads, and the
    desktop moves it when the rep lands in another zone, where Debian 12 on leaves
    /etc/timezone saying the zone they flew from."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    localtime = etc / "localtime"
    if localtime.is_symlink():
        # The link as written first: macOS's leads into /var/db/timezone/zoneinfo/, itself
        # a link to /usr/share/zoneinfo.default/.
        candidates += [_zone_in(Path(os.readlink(localtime))), _zone_in(localtime.resolve())]
    timezone_file = etc / "timezone"
    if timezone_file.exists():
        candidates.append(timezone_file.read_text(encoding="utf-8", errors="replace").strip())
    for name in candidates:
        if name:
            try:
                ZoneInfo(name)
                return name
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return "UTC"


def _zone_in(path: Path) -> str:
    """The zone a path into a zone database names: what follows its last folder called
    zoneinfo (or zoneinfo.default, as on macOS); "" when there is none."""
    parts = path.parts
    folders = [index for index, part in enumerate(parts) if part.startswith("zoneinfo")]
    return "/".join(parts[folders[-1] + 1 :]) if folders else ""


@dataclass(frozen=True, slots=True)
class AgendaEntry:
    item: AgendaItem
    contact_name: str
    company: str
    time_zone: str


# The Today view lists this many of each group (overdue, the rest of the day) at first;
# the rep asks for more. A real day is a few dozen rows; a neglected book can hold
# thousands overdue, which no one works through from one screen.
TODAY_PAGE = 50
# The first paint at start-up lists this many of each group: a screenful even maximised
# on a large screen, half the rows to build before the rep sees their day. The rest
# come with the store a moment later.
FIRST_SCREENFUL = 25
# Each group's count stops here (or just past the rows listed) and reads "500+": past
# it the number changes nothing for the rep, and counting on would cost more than the
# page itself.
COUNT_LIMIT = 500


def count_text(counts: tuple[int, ...], limit: int) -> str:
    """Counts that stop at ``limit``, summed as shown: "500+" once one reached it."""
    total = sum(counts)
    return f"{total:,}+" if any(count >= limit for count in counts) else f"{total:,}"


@dataclass(frozen=True, slots=True)
class AgendaPage:
    """The first rows of each group of the agenda, and how many each group holds (a count
    that reached ``counted_to`` means at least that many; it is always past the rows
    listed, so it tells whether more exist)."""

    entries: list[AgendaEntry]  # overdue first, then the window, as ``agenda`` lists them
    overdue: int
    upcoming: int
    counted_to: int

    def text(self, *counts: int) -> str:
        return count_text(counts, self.counted_to)

    @property
    def count(self) -> int:
        return self.overdue + self.upcoming

    def shown(self, overdue: bool) -> int:
        return sum(1 for entry in self.entries if entry.item.overdue is overdue)

    @property
    def whole(self) -> bool:
        """Every row of both groups is listed: a read with a larger limit lists the same."""
        return self.shown(True) >= self.overdue and self.shown(False) >= self.upcoming


@dataclass(frozen=True, slots=True)
class TodayAgenda:
    """The Today view's rows and what they are read against."""

    page: AgendaPage
    now: datetime
    rep_zone: str
    lead: timedelta  # rows due within this are "soon"

    @property
    def entries(self) -> list[AgendaEntry]:
        return self.page.entries


def day_bounds(now: datetime, rep_zone: str) -> tuple[datetime, datetime]:
    """The rep's calendar day around ``now``, as instants."""
    local_now = now.astimezone(ZoneInfo(rep_zone))
    start = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, (start + timedelta(days=1)).replace(hour=0)


def agenda_entries(
    rows: list[tuple[FollowUp, str, str, str]], start: datetime, end: datetime, now: datetime
) -> list[AgendaEntry]:
    """Rows read with their contact (follow-up, name, company, zone) in agenda order."""
    details = {follow_up.id: (name, company, zone) for follow_up, name, company, zone in rows}
    items = agenda((follow_up for follow_up, *_ in rows), start, end, now)
    return [AgendaEntry(item, *details[item.follow_up.id]) for item in items]


class DueReader(Protocol):
    """Reads open follow-ups with their contacts (the store's, or start-up's first look)."""

    def due_between(
        self, start: datetime | None, end: datetime, limit: int
    ) -> list[tuple[FollowUp, str, str, str]]: ...

    def count_due(self, start: datetime | None, end: datetime, limit: int) -> int: ...


def agenda_page(
    reader: DueReader,
    start: datetime,
    end: datetime,
    now: datetime,
    limit: int,
    count_limit: int = COUNT_LIMIT,
) -> AgendaPage:
    """The agenda of [start, end), only the first ``limit`` of each group, with each
    group's size: two bounded reads and two bounded counts, however many are overdue."""
    upcoming_from = max(start, now)  # due from now on is not overdue
    overdue = reader.due_between(None, now, limit)
    upcoming = reader.due_between(upcoming_from, end, limit)
    bound = max(count_limit, limit + 1)
    overdue_count = reader.count_due(None, now, bound)
    upcoming_count = reader.count_due(upcoming_from, end, bound)
    entries = agenda_entries(overdue + upcoming, start, end, now)
    # Read as due before now, listed as due today: counted with today's rows. (A count
    # that reached the bound stays "500+".)
    today_asap = sum(1 for f, *_ in overdue if not is_overdue(f, now, start))
    if overdue_count < bound:
        overdue_count -= today_asap
    upcoming_count += today_asap
    return AgendaPage(entries, overdue_count, upcoming_count, bound)


def today_agenda(
    reader: DueReader,
    settings: Settings,
    now: datetime,
    limit: int = TODAY_PAGE,
    count_limit: int = COUNT_LIMIT,
) -> TodayAgenda:
    """The Today view: the rep's calendar day (in their zone, else this computer's), read
    against their reminder lead."""
    rep_zone = settings.get(options.REP_TIME_ZONE) or system_zone_name()
    return TodayAgenda(
        agenda_page(reader, *day_bounds(now, rep_zone), now, limit, count_limit),
        now,
        rep_zone,
        timedelta(minutes=settings.get(options.REMINDER_LEAD_MIN)),
    )
