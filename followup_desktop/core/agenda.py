"""What is due: overdue items first, then the window in time order, each once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from followup_desktop.core.model import FollowUp, FollowUpState


@dataclass(frozen=True, slots=True)
class AgendaItem:
    follow_up: FollowUp
    overdue: bool


def agenda(
    follow_ups: Iterable[FollowUp], start: datetime, end: datetime, now: datetime
) -> list[AgendaItem]:
    seen: set[int | None] = set()
    overdue: list[FollowUp] = []
    upcoming: list[FollowUp] = []
    for follow_up in follow_ups:
        if follow_up.state is not FollowUpState.OPEN:
            continue
        key = follow_up.id if follow_up.id is not None else None
        if key is not None and key in seen:
            continue
        seen.add(key)
        if follow_up.due_at < now:
            overdue.append(follow_up)
        elif start <= follow_up.due_at < end:
            upcoming.append(follow_up)
    by_due = lambda f: (f.due_at, f.id or 0)  # noqa: E731
    return [AgendaItem(f, True) for f in sorted(overdue, key=by_due)] + [
        AgendaItem(f, False) for f in sorted(upcoming, key=by_due)
    ]
