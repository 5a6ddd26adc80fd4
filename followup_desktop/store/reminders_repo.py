"""What reminders need from the store: open follow-ups around now, which reminders were
shown, and the scheduler's own small state (last look, pause, snoozes).

The state is one JSON row in ``settings`` (a free-form key, like the window geometry):
it is a handful of values, written in the same transaction as the fired marks, and
needs no table of its own.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import Session

from followup_desktop.core.model import FollowUpState
from followup_desktop.core.reminders import FiredKey, Subject
from followup_desktop.store import followups_repo, plain_rows, settings_repo
from followup_desktop.store.bulk_insert import insert_rows
from followup_desktop.store.owners import my_own
from followup_desktop.store.schema import ContactRow, FollowUpRow, ReminderFiredRow

STATE_KEY = "reminders.state"
CHUNK = 500  # ids per IN (...) list: well under SQLite's variable limit


@dataclass(slots=True)
class ReminderState:
    last_check: datetime | None = None
    paused_until: datetime | None = None
    snoozes: dict[int, datetime] = field(default_factory=dict)


def _instant(text: object) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


def load_state(session: Session) -> ReminderState:
    """The stored state; a damaged value reads as empty rather than stopping reminders."""
    raw = settings_repo.get_raw(session, STATE_KEY)
    try:
        data = json.loads(raw) if raw else {}
    except json.JSONDecodeError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    snoozes: dict[int, datetime] = {}
    stored = data.get("snoozes")
    for key, value in (stored if isinstance(stored, dict) else {}).items():
        until = _instant(value)
        if until is not None and str(key).isdigit():
            snoozes[int(key)] = until
    return ReminderState(
        _instant(data.get("last_check")), _instant(data.get("paused_until")), snoozes
    )


def save_state(session: Session, state: ReminderState) -> None:
    data = {
        "last_check": state.last_check.isoformat() if state.last_check else None,
        "paused_until": state.paused_until.isoformat() if state.paused_until else None,
        "snoozes": {str(key): until.isoformat() for key, until in state.snoozes.items()},
    }
    settings_repo.set_raw(session, STATE_KEY, json.dumps(data, sort_keys=True))


def subjects(
    session: Session, since: datetime | None, until: datetime, also: Collection[int] = ()
) -> list[Subject]:
    """Open follow-ups that can remind now or before ``until``: those due since ``since``
    (older ones reminded while the app was watching, or were born long overdue — history
    played in, a back-dated log — and are Today's overdue list rather than a burst of
    notifications), and the ones named in ``also`` (snoozed). ``since`` None: all of them
    (the very first look)."""
    statement = (
        followups_repo.with_contacts()
        .where(
            FollowUpRow.state == FollowUpState.OPEN.value,
            ContactRow.deleted_at.is_(None),
            *my_own(session),
        )
        .order_by(FollowUpRow.due_at, FollowUpRow.id)
    )
    window: ColumnElement[bool] = FollowUpRow.due_at < until
    if since is not None:
        window = window & (FollowUpRow.due_at >= since)
    if also:
        window = or_(window, FollowUpRow.id.in_(list(also)))
    rows = session.connection().execute(statement.where(window)).all()
    return [Subject(*plain_rows.with_contact(row)) for row in rows]


def fired(session: Session, follow_up_ids: Iterable[int]) -> set[FiredKey]:
    ids = list(follow_up_ids)
    keys: set[FiredKey] = set()
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(
                ReminderFiredRow.follow_up_id, ReminderFiredRow.moment, ReminderFiredRow.due_at
            ).where(ReminderFiredRow.follow_up_id.in_(ids[start : start + CHUNK]))
        )
        keys.update((follow_up_id, moment, due_at) for follow_up_id, moment, due_at in rows)
    return keys


def mark_fired(session: Session, keys: Iterable[FiredKey], at: datetime) -> None:
    """Idempotent: a reminder stored twice (a retry after a crash) stays one row, with
    the later time of showing. Two statements for the whole set rather than a merge (a
    read and a write) per key: the first look at a large book marks thousands at once
    (4,600 merges took 39 s on the UI thread; this takes well under a second)."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return
    known = fired(session, {follow_up_id for follow_up_id, _, _ in wanted})
    rows = [
        {"follow_up_id": follow_up_id, "moment": moment, "due_at": due_at, "fired_at": at}
        for follow_up_id, moment, due_at in wanted
    ]
    fresh = [row for row, key in zip(rows, wanted, strict=True) if key not in known]
    again = [row for row, key in zip(rows, wanted, strict=True) if key in known]
    insert_rows(session.connection(), ReminderFiredRow, fresh)
    if again:
        session.execute(update(ReminderFiredRow), again)  # by primary key


def open_ids(session: Session, follow_up_ids: Iterable[int]) -> set[int]:
    ids = list(follow_up_ids)
    found: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        found.update(
            session.scalars(
                select(FollowUpRow.id).where(
                    FollowUpRow.id.in_(ids[start : start + CHUNK]),
                    FollowUpRow.state == FollowUpState.OPEN.value,
                )
            )
        )
    return found


def open_due(session: Session, follow_up_ids: Iterable[int]) -> dict[int, datetime]:
    """The due time of each of these follow-ups still open and the rep's own (a contact
    deleted, a call handed to a colleague: no longer)."""
    ids = list(follow_up_ids)
    found: dict[int, datetime] = {}
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(FollowUpRow.id, FollowUpRow.due_at)
            .join(ContactRow, ContactRow.id == FollowUpRow.contact_id)
            .where(
                FollowUpRow.id.in_(ids[start : start + CHUNK]),
                FollowUpRow.state == FollowUpState.OPEN.value,
                ContactRow.deleted_at.is_(None),
                *my_own(session),
            )
        )
        found.update({follow_up_id: due for follow_up_id, due in rows})
    return found


def recently_fired(session: Session, since: datetime) -> list[int]:
    """Open follow-ups whose reminder showed since ``since`` ("snooze all")."""
    rows = session.scalars(
        select(ReminderFiredRow.follow_up_id)
        .join(FollowUpRow, FollowUpRow.id == ReminderFiredRow.follow_up_id)
        .where(
            ReminderFiredRow.fired_at >= since,
            FollowUpRow.state == FollowUpState.OPEN.value,
            FollowUpRow.due_at == ReminderFiredRow.due_at,
        )
        .distinct()
    )
    return sorted(rows)
