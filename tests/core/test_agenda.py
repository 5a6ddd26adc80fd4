"""The agenda: overdue first, then the window in time order, nothing twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from followup_desktop.core.agenda import agenda
from followup_desktop.core.model import FollowUp, FollowUpKind, FollowUpState

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def due(hours: float, id_: int, state: FollowUpState = FollowUpState.OPEN) -> FollowUp:
    return FollowUp(1, FollowUpKind.CALL, "call", NOW + timedelta(hours=hours), state=state, id=id_)


def test_overdue_first_then_window_in_order_without_duplicates_or_closed() -> None:
    items = [
        due(3, 1),
        due(-30, 2),
        due(-1, 3),
        due(1, 4),
        due(1, 4),
        due(2, 5, FollowUpState.SUPERSEDED),
        due(30, 6),
    ]
    result = agenda(items, NOW - timedelta(hours=12), NOW + timedelta(hours=12), NOW)
    assert [(i.follow_up.id, i.overdue) for i in result] == [
        (2, True),
        (3, True),
        (4, False),
        (1, False),
    ]


def test_empty() -> None:
    assert agenda([], NOW, NOW + timedelta(days=1), NOW) == []
