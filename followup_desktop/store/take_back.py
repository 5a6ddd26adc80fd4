"""Undo: what the rep did seconds ago, by mistake, taken back whole.

The history is otherwise never deleted (``followups_repo``); a touch logged by a slip of
the key and undone within the undo bar's seconds never happened, so it goes, with the
follow-ups it planned, and what it closed opens again. Each function checks that nothing
built on the action since (a later log closed a planned step): then it refuses, and the
caller says so instead of undoing half.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from followup_desktop.core.model import CommitmentState, FollowUpState
from followup_desktop.store import touch_facts
from followup_desktop.store.schema import CommitmentRow, ContactRow, FollowUpRow, TouchRow


def contact_state(session: Session, contact_id: int) -> tuple[str, int]:
    """The contact's status and attempt count, to put back on undo."""
    row = session.get(ContactRow, contact_id)
    if row is None:
        return "active", 0
    return row.status, row.attempts


def still_as_left(session: Session, created: Sequence[int], closed: Sequence[int]) -> bool:
    """True while every follow-up the action made is still open and every one it closed
    is still closed: nothing happened on top of it."""
    if created:
        open_created = session.scalar(
            select(func.count())
            .select_from(FollowUpRow)
            .where(FollowUpRow.id.in_(created), FollowUpRow.state == FollowUpState.OPEN.value)
        )
        if open_created != len(created):
            return False
    if closed:
        reopened = session.scalar(
            select(func.count())
            .select_from(FollowUpRow)
            .where(FollowUpRow.id.in_(closed), FollowUpRow.state == FollowUpState.OPEN.value)
        )
        if reopened:
            return False
    return True


def remove_touch(session: Session, touch_id: int, contact_id: int) -> None:
    session.execute(delete(TouchRow).where(TouchRow.id == touch_id))
    touch_facts.refresh(session, contact_id)


def remove_follow_ups(session: Session, ids: Sequence[int]) -> None:
    """Follow-ups an undone action planned, with the promises they stood for."""
    if not ids:
        return
    session.execute(delete(CommitmentRow).where(CommitmentRow.follow_up_id.in_(ids)))
    session.execute(
        update(FollowUpRow)
        .where(FollowUpRow.superseded_by_id.in_(ids))
        .values(superseded_by_id=None)
    )
    session.execute(delete(FollowUpRow).where(FollowUpRow.id.in_(ids)))


def reopen(session: Session, ids: Sequence[int]) -> None:
    if not ids:
        return
    session.execute(
        update(FollowUpRow)
        .where(FollowUpRow.id.in_(ids))
        .values(state=FollowUpState.OPEN.value, closed_at=None, superseded_by_id=None)
    )


def set_promise_state(
    session: Session, follow_up_id: int, state: CommitmentState, at: datetime | None
) -> None:
    """The promise a task follow-up stands for: delivered (``at``), or open again."""
    session.execute(
        update(CommitmentRow)
        .where(CommitmentRow.follow_up_id == follow_up_id)
        .values(state=state.value, delivered_at=at)
    )


def put_back_contact(session: Session, contact_id: int, status: str, attempts: int) -> None:
    session.execute(
        update(ContactRow)
        .where(ContactRow.id == contact_id)
        .values(status=status, attempts=attempts)
    )
