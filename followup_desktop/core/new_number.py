"""A wrong number put right. While a ``find-number`` task is open (``rules.wrong_number``),
the rep saving a number the contact did not have finishes it, and the calls start again
on the new number as for a contact not yet called: one ``new-number`` call at their next
business moment, inside their hours and after any away period, numbered as the next
attempt, in place of any call whose time has passed. A call still ahead (an agreed one,
or one planned since) rings the new number instead, and won, lost and curious contacts get no call (the rules plan them
none). Pure: the save stores what this decides in its own transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from followup_desktop.core import settings as options
from followup_desktop.core import steps
from followup_desktop.core.away import AwayPeriod
from followup_desktop.core.cadence import attempts_since_connection
from followup_desktop.core.cadence_model import ContactHistory
from followup_desktop.core.calendar import (
    BusinessHours,
    at_local,
    describe_local,
    leaves_room_for_a_call,
    local,
    next_business_moment,
    next_business_morning,
    on_the_minute,
    zone,
)
from followup_desktop.core.contact_rules import shown_phone
from followup_desktop.core.model import ContactStatus, FollowUp, FollowUpKind, Phone
from followup_desktop.core.settings import Settings

# Contacts the rules plan no calls for: the number found is kept, nothing is dialled.
NO_CALLS = frozenset({ContactStatus.WON, ContactStatus.LOST, ContactStatus.CURIOUS})


@dataclass(frozen=True, slots=True)
class NumberFound:
    done: tuple[int, ...]  # the find-number tasks it finishes
    call: FollowUp | None  # the call on the new number, when one is planned
    history: str  # the line the contact's history keeps
    superseded: tuple[int, ...] = ()  # the calls whose time passed, replaced by ``call``


def new_numbers(before: Iterable[Phone], after: Iterable[Phone]) -> tuple[Phone, ...]:
    """The numbers saved that the contact did not have (a number only removed is none)."""
    known = {phone.number for phone in before}
    return tuple(phone for phone in after if phone.number not in known)


def new_first(before: Sequence[Phone], after: Sequence[Phone]) -> tuple[Phone, ...]:
    """``after`` as stored while the right number is looked for: the numbers the rep added
    first, as the Call button rings the first on file, and the number it rang before, the
    one that reached someone else, last. Nothing is dropped: a number may be right after
    all. Unchanged when nothing was added."""
    new = new_numbers(before, after)
    if not new:
        return tuple(after)
    rang = before[0].number if before else None
    added = {phone.number for phone in new}
    kept = [phone for phone in after if phone.number not in added and phone.number != rang]
    wrong = [phone for phone in after if phone.number == rang]
    return (*new, *kept, *wrong)


def number_found(
    history: ContactHistory,
    new: Sequence[Phone],
    settings: Settings,
    now: datetime,
    rep_zone: str,
) -> NumberFound | None:
    """What saving ``new`` numbers does; None when there is nothing to finish."""
    searching = tuple(
        f.id for f in history.open_follow_ups if steps.is_number_search(f) and f.id is not None
    )
    if not new or not searching:
        return None
    tz = zone(history.time_zone, rep_zone)
    saved = f"New number saved: {', '.join(shown_phone(p) for p in new)}."
    calls = sorted(
        (f for f in history.open_follow_ups if f.kind is FollowUpKind.CALL), key=lambda f: f.due_at
    )
    # A call whose time has passed (the agreed one the wrong number answered) rings
    # nothing: the new call takes its place, as a call logged supersedes it.
    ahead = [f for f in calls if f.due_at >= now]
    if ahead:
        when = describe_local(ahead[0].due_at, tz)
        return NumberFound(searching, None, f"{saved} The call planned for {when} rings it.")
    if history.status in NO_CALLS:
        return NumberFound(searching, None, saved)
    due = _first_moment(settings, now, history.time_zone, rep_zone)
    call = FollowUp(
        history.contact_id,
        FollowUpKind.CALL,
        steps.NEW_NUMBER,
        due,
        objective=steps.default_objective(steps.NEW_NUMBER),
        attempt=attempts_since_connection(history.touches) + 1,
    )
    planned = f"{saved} Call planned for {describe_local(due, tz)} their time."
    passed = tuple(f.id for f in calls if f.id is not None)
    return NumberFound(searching, call, planned, passed)


def _first_moment(settings: Settings, now: datetime, contact_zone: str, rep_zone: str) -> datetime:
    """Their next business moment on the whole minute, as the same-day call is: when it
    leaves time to talk before closing, theirs and the rep's, else the rep's opening that
    day when it still does (their afternoon, her morning), else their next business
    morning; moved past the rep's time away."""
    tz = zone(contact_zone, rep_zone)
    hours = BusinessHours.from_settings(settings)
    due = on_the_minute(next_business_moment(now, tz, hours), now, tz, hours)
    if not _room_on_both(due, tz, rep_zone, hours):
        due = _rep_opening(due, rep_zone, hours)
    if not _room_on_both(due, tz, rep_zone, hours):
        # Their morning still to come: today's when it is not yet, else the next one.
        today = local(now, tz).date()
        offset = timedelta(minutes=max(settings.get(options.NEXT_MORNING_OFFSET_MIN), 0))
        due = next_business_morning(now, today - timedelta(days=1), tz, hours, offset)
    away = AwayPeriod.of(settings)
    if away is not None and away.covers(due, rep_zone):
        due = away.moved_out(due, contact_zone, rep_zone, hours)
    return due


def _room_on_both(due: datetime, tz: ZoneInfo, rep_zone: str, hours: BusinessHours) -> bool:
    """A call can start at ``due`` and be had before closing, on their clock and hers."""
    return leaves_room_for_a_call(due, tz, hours) and leaves_room_for_a_call(due, rep_zone, hours)


def _rep_opening(due: datetime, rep_zone: str, hours: BusinessHours) -> datetime:
    """The opening of the rep's day when ``due`` is before it (her day not started yet
    while theirs is: a Paris afternoon is a Chicago dawn), else ``due``."""
    opening = at_local(local(due, rep_zone).date(), hours.start, rep_zone)
    return opening if due < opening else due
