"""The day's calls worked as a queue ("power hour", journey J2): the order they come in,
who is passed over now and why, and the line that says how the hour is going.

The queue never decides how a call went: it only opens the next call once the rep has
stored one. Who is passed over is decided when their turn comes, from facts read then,
so a contact the rep just called (twice on the list) is passed over the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from followup_desktop.core import cadence, steps
from followup_desktop.core.agenda import day_bounds
from followup_desktop.core.calendar import BusinessHours, is_business_moment, local, zone
from followup_desktop.core.clock_words import moment_text
from followup_desktop.core.model import FollowUp, FollowUpKind, FollowUpState
from followup_desktop.core.settings import Settings

# Someone touched this recently is not called again in the same push (Close's dialer
# rule: a second ring within the hour reads as pestering).
RECENT = timedelta(hours=1)
# More than a rep calls in a day, fewer than a neglected book's overdue pile.
QUEUE_LIMIT = 300
# An agreed call is made at its time: the queue reaches it early only within this.
AGREED_EARLY = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class QueuedCall:
    """A call on the list, with what its turn is judged by (read when the turn comes)."""

    follow_up: FollowUp
    name: str
    contact_zone: str  # "" when unknown: the rep's zone stands in
    last_touch: datetime | None = None

    @property
    def contact_id(self) -> int:
        return self.follow_up.contact_id


def in_queue_order(calls: list[QueuedCall], now: datetime) -> list[QueuedCall]:
    """Overdue agreed calls first, then the other agreed ones, then the rest; each group
    in the agenda's order (due time, contact, id)."""

    def rank(call: QueuedCall) -> tuple[int, datetime, int, int]:
        follow_up = call.follow_up
        group = (0 if follow_up.due_at < now else 1) if follow_up.agreed else 2
        return (group, follow_up.due_at, follow_up.contact_id, follow_up.id or 0)

    return sorted(calls, key=rank)


def why_passed_over(
    call: QueuedCall, now: datetime, rep_zone: str, hours: BusinessHours
) -> str | None:
    """Why this call is not made now, in the rep's words; None: make it."""
    follow_up = call.follow_up
    if follow_up.state is not FollowUpState.OPEN:
        return "already done"
    # Not twice within the hour, but for the ladder's retry: it is planned minutes after
    # the missed call that is that last touch, to be made then.
    since = now - call.last_touch if call.last_touch is not None else None
    if since is not None and since < RECENT and follow_up.step != steps.RETRY:
        minutes = max(1, int(since.total_seconds() // 60))
        return f"touched {minutes} min ago"
    tz = zone(call.contact_zone, rep_zone)
    if follow_up.agreed:
        if cadence.agreed_day_warning(follow_up, now, call.contact_zone, rep_zone) is not None:
            return f"agreed for {moment_text(local(follow_up.due_at, tz))} their time"
        if follow_up.due_at - now > AGREED_EARLY:
            return f"agreed for {local(follow_up.due_at, tz):%H:%M} their time, later today"
        return None  # the time they agreed to stands, inside their hours or not
    # The list is the day's; a call moved past it since (the customer asked for another
    # day) waits for that day.
    if follow_up.due_at >= day_bounds(now, rep_zone)[1]:
        return f"moved to {moment_text(local(follow_up.due_at, zone(rep_zone)))}"
    if not is_business_moment(now, tz, hours):
        return f"outside their hours ({local(now, tz):%H:%M} their time)"
    return None


@dataclass(frozen=True, slots=True)
class PassedOver:
    name: str
    why: str


@dataclass
class CallQueue:
    """Where the rep stands in the list: what was called, connected, passed over."""

    calls: list[QueuedCall]
    started_at: datetime
    position: int = 0  # the next call to look at
    called: int = 0
    connected: int = 0
    passed_over: list[PassedOver] = field(default_factory=list)
    current: QueuedCall | None = None

    @property
    def total(self) -> int:
        return len(self.calls)

    @property
    def finished(self) -> bool:
        return self.current is None and self.position >= self.total

    def take(self) -> QueuedCall | None:
        """The next call to look at (and judge), or None at the end of the list."""
        if self.position >= self.total:
            self.current = None
            return None
        self.current = self.calls[self.position]
        self.position += 1
        return self.current

    def pass_over(self, why: str) -> None:
        """The current call is passed over (by a rule, or by the rep with their reason)."""
        if self.current is not None:
            self.passed_over.append(PassedOver(self.current.name, why))
            self.current = None

    def stored(self, connected: bool) -> None:
        """The rep stored how the current call went."""
        self.called += 1
        self.connected += int(connected)
        self.current = None

    def line(self, now: datetime) -> str:
        """ "7 of 23 · 41 min · 3 connected": the call on screen, the time spent, the talks."""
        minutes = max(0, int((now - self.started_at).total_seconds() // 60))
        return f"{self.position} of {self.total} · {minutes} min · {self.connected} connected"

    def summary(self) -> str:
        passed = len(self.passed_over)
        return (
            f"{self.called} called, {self.connected} connected, {passed} passed over "
            f"of {self.total}."
        )


@dataclass(frozen=True, slots=True)
class Turn:
    """A call whose turn came: read again just now, and why it is passed over (None: call)."""

    call: QueuedCall
    passed_over: str | None


def day_queue(rows: list[tuple[FollowUp, str, str, str]], now: datetime) -> CallQueue:
    """The queue of the day's rows (the agenda's: follow-up, name, company, zone): its
    calls in the queue's order."""
    calls = [
        QueuedCall(follow_up, name, contact_zone)
        for follow_up, name, _company, contact_zone in rows
        if follow_up.kind is FollowUpKind.CALL
    ]
    return CallQueue(in_queue_order(calls, now), now)


def judged(
    call: QueuedCall,
    follow_up: FollowUp | None,
    last_touch: datetime | None,
    now: datetime,
    rep_zone: str,
    settings: Settings,
) -> Turn:
    """``call``'s turn from its follow-up and the contact's last touch as read just now."""
    fresh = replace(call, follow_up=follow_up or call.follow_up, last_touch=last_touch)
    if follow_up is None:
        return Turn(fresh, "no longer planned")
    hours = BusinessHours.from_settings(settings)
    return Turn(fresh, why_passed_over(fresh, now, rep_zone, hours))
