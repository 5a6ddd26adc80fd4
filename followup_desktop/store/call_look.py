"""The first look at one call: what the call screen reads for a contact, through the
standard library's sqlite3 alone, while SQLAlchemy still loads at start.

The statements are the ones the repositories run for ``CallService.sheet``,
``FollowUpService.preview`` and the day's queue (``contacts_repo.get``,
``followups_repo.touches`` and the rest), their rows made into models by the same
``plain_rows`` mappers; a test holds the two readers to the same answers. Read-only,
like ``first_look``, and only for a store at this code's schema revision.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from followup_desktop.core import steps
from followup_desktop.core.cadence_model import ContactHistory
from followup_desktop.core.calendar import CALL_LENGTH, MOST_CALLS_HELD
from followup_desktop.core.call_sheet import CallInputs
from followup_desktop.core.model import (
    CallDraft,
    Contact,
    ContactStatus,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Style,
    Touch,
)
from followup_desktop.store.first_look import FirstLook, stamp
from followup_desktop.store.plain_rows import (
    card_model,
    commitment_model,
    contact_model,
    draft_model,
    follow_up_model,
    touch_model,
)

# The columns stored as text that the ORM's types read as aware UTC times and as flags.
_TIMES = frozenset(
    {
        "at",
        "started_at",
        "due_at",
        "created_at",
        "closed_at",
        "delivered_at",
        "updated_at",
        "next_follow_up_at",
        "deleted_at",
        "changed_at",
        "starts_at",
        "ends_at",
        "bounced_at",
    }
)
_FLAGS = frozenset({"agreed", "urgent", "asap", "checked"})

# ``followups_repo.recent_follow_ups``'s default: where a missed-call ladder started.
RECENT_FOLLOW_UPS = 20


def _value(column: str, value: Any) -> Any:
    if value is None:
        return None
    if column in _TIMES:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    if column in _FLAGS:
        return bool(value)
    return value


def _row(cursor: sqlite3.Cursor, values: Sequence[Any]) -> SimpleNamespace:
    """A row with its columns as attributes, typed as the ORM's are."""
    columns = [description[0] for description in cursor.description]
    return SimpleNamespace(**{c: _value(c, v) for c, v in zip(columns, values, strict=True)})


class CallLook(FirstLook):
    """One read-only connection for one call's reads; use as a context manager."""

    def _rows(self, sql: str, *parameters: Any) -> list[SimpleNamespace]:
        cursor = self._connection.cursor()
        cursor.row_factory = _row
        return list(cursor.execute(sql, parameters))

    def contact(self, contact_id: int) -> Contact | None:
        """``contacts_repo.get``: the live contact with its e-mails and phones, or None."""
        found = self._rows("SELECT * FROM contacts WHERE id = ? AND deleted_at IS NULL", contact_id)
        if not found:
            return None
        emails = self._rows(
            "SELECT address, label, bounced_at, bounce_reason FROM contact_emails "
            "WHERE contact_id = ? ORDER BY position",
            contact_id,
        )
        phones = self._rows(
            "SELECT e164, label, checked FROM contact_phones WHERE contact_id = ? "
            "ORDER BY position",
            contact_id,
        )
        return contact_model(found[0], emails, phones)

    def follow_up(self, follow_up_id: int) -> FollowUp | None:
        """``followups_repo.get``."""
        found = self._rows("SELECT * FROM follow_ups WHERE id = ?", follow_up_id)
        return follow_up_model(found[0]) if found else None

    def touches(self, contact_id: int) -> tuple[Touch, ...]:
        """``followups_repo.touches``: oldest first."""
        rows = self._rows("SELECT * FROM touches WHERE contact_id = ? ORDER BY at, id", contact_id)
        return tuple(touch_model(row) for row in rows)

    def open_follow_ups(self, contact_id: int) -> tuple[FollowUp, ...]:
        """``followups_repo.open_follow_ups``: soonest first."""
        rows = self._rows(
            "SELECT * FROM follow_ups WHERE contact_id = ? AND state = ? ORDER BY due_at, id",
            contact_id,
            FollowUpState.OPEN.value,
        )
        return tuple(follow_up_model(row) for row in rows)

    def recent_follow_ups(self, contact_id: int) -> tuple[FollowUp, ...]:
        """``followups_repo.recent_follow_ups``: any state, newest first."""
        rows = self._rows(
            "SELECT * FROM follow_ups WHERE contact_id = ? "
            "ORDER BY created_at DESC, id DESC LIMIT ?",
            contact_id,
            RECENT_FOLLOW_UPS,
        )
        return tuple(follow_up_model(row) for row in rows)

    def call_inputs(
        self, contact_id: int, follow_up_id: int | None, start: datetime, end: datetime
    ) -> CallInputs | None:
        """What ``CallService.sheet`` reads, the rep's meetings and planned calls from
        ``start`` to ``end`` (``call_sheet.times_to_check``): None when there is no such
        live contact, or ``follow_up_id`` is not one of theirs."""
        contact = self.contact(contact_id)
        if contact is None:
            return None
        open_now = self.open_follow_ups(contact_id)
        if follow_up_id is not None:
            follow_up = self.follow_up(follow_up_id)
            if follow_up is None or follow_up.contact_id != contact_id:
                return None
        else:
            calls = [f for f in open_now if f.kind is FollowUpKind.CALL]
            follow_up = min(calls, key=lambda f: f.due_at, default=None)
        commitments = self._rows(
            "SELECT * FROM commitments WHERE contact_id = ? ORDER BY due_at, id", contact_id
        )
        cards = self._rows("SELECT * FROM script_cards ORDER BY situation, variant, part, position")
        return CallInputs(
            contact=contact,
            follow_up=follow_up,
            touches=self.touches(contact_id),
            commitments=tuple(commitment_model(row) for row in commitments),
            cards=tuple(card_model(row) for row in cards),
            recent_follow_ups=self.recent_follow_ups(contact_id),
            busy=self.busy_between(start, end),
            planned_calls=self.planned_calls_between(start, end, contact_id),
            # As the store's sheet: the number on file reached someone else.
            number_wrong=any(steps.is_number_search(f) for f in open_now),
        )

    def busy_between(self, start: datetime, end: datetime) -> tuple[tuple[datetime, datetime], ...]:
        """``calendar_repo.busy_between``: the rep's meetings overlapping [start, end)."""
        rows = self._rows(
            "SELECT starts_at, ends_at FROM busy_times WHERE starts_at < ? AND starts_at >= ? "
            "ORDER BY starts_at",
            stamp(end),
            stamp(start - timedelta(days=1)),
        )
        return tuple((row.starts_at, row.ends_at) for row in rows if row.ends_at > start)

    def planned_calls_between(
        self, start: datetime, end: datetime, contact_id: int
    ) -> tuple[datetime, ...]:
        """``followups_repo.planned_calls_between``: when the open calls holding a time in
        [start, end) are due, agreed ones and ``contact_id``'s (the state-and-time index
        finds them)."""
        rows = self._rows(
            "SELECT f.due_at FROM follow_ups AS f JOIN contacts AS c ON c.id = f.contact_id "
            "WHERE f.state = ? AND f.due_at >= ? AND f.due_at < ? AND f.kind = ? "
            "AND (f.agreed = 1 OR f.contact_id = ?) AND c.deleted_at IS NULL "
            "ORDER BY f.due_at LIMIT ?",
            FollowUpState.OPEN.value,
            stamp(start - CALL_LENGTH),
            stamp(end),
            FollowUpKind.CALL.value,
            contact_id,
            MOST_CALLS_HELD,
        )
        return tuple(row.due_at for row in rows)

    def history(self, contact_id: int) -> ContactHistory | None:
        """``contacts_repo.contact_history``: what the cadence rules read about a contact."""
        found = self._rows(
            "SELECT time_zone, status, style FROM contacts WHERE id = ? AND deleted_at IS NULL",
            contact_id,
        )
        if not found:
            return None
        row = found[0]
        return ContactHistory(
            contact_id=contact_id,
            time_zone=row.time_zone,
            status=ContactStatus(row.status),
            touches=self.touches(contact_id),
            open_follow_ups=self.open_follow_ups(contact_id),
            recent_follow_ups=self.recent_follow_ups(contact_id),
            style=Style(row.style),
        )

    def draft(self, contact_id: int) -> CallDraft | None:
        """``calls_repo.draft``: the notes of the contact's call not yet logged."""
        found = self._rows("SELECT * FROM call_drafts WHERE contact_id = ?", contact_id)
        return draft_model(found[0]) if found else None

    def last_touch(self, contact_id: int) -> datetime | None:
        """``followups_repo.last_touches`` for one contact."""
        found = self._rows("SELECT max(at) AS at FROM touches WHERE contact_id = ?", contact_id)
        return found[0].at if found else None
