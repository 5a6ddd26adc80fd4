"""What is due (journey J2): overdue open items first, then the window in time order,
each follow-up once; done, superseded and cancelled ones never show."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime

from followup_desktop.core.model import FollowUp, FollowUpState


@dataclass(frozen=True, slots=True)
class AgendaItem:
    follow_up: FollowUp
    overdue: bool  # due before "now" and still open


def agenda(
    follow_ups: Iterable[FollowUp], window_start: datetime, window_end: datetime, now: datetime
) -> list[AgendaItem]:
    """Open follow-ups due before ``now`` (any age: overdue is never dropped), then those
    due in [window_start, window_end) from ``now`` on, each list in due order."""
    seen: set[Hashable] = set()
    overdue: list[FollowUp] = []
    upcoming: list[FollowUp] = []
    for follow_up in follow_ups:
        if follow_up.state is not FollowUpState.OPEN:
            continue
        if follow_up.due_at < now:
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
