"""Rows read as plain columns, made into core models. No SQLAlchemy here: the first look
at start-up (``first_look``, through sqlite3) maps its rows with the same code."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from followup_desktop.core.model import FollowUp, FollowUpKind

_KINDS = {kind.value: kind for kind in FollowUpKind}


def with_contact(row: Sequence[Any]) -> tuple[FollowUp, str, str, str]:
    """One row of ``with_contacts``: the follow-up, and its contact's name, company, zone."""
    id_, contact_id, kind, step, due_at, objective, agreed, attempt, name, company, zone = row
    follow_up = FollowUp(
        id=id_,
        contact_id=contact_id,
        kind=_KINDS[kind],
        step=step,
        due_at=due_at,
        objective=objective,
        agreed=agreed,
        attempt=attempt,
    )
    return follow_up, name, company, zone
