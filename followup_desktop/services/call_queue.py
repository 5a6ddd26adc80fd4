"""The day's calls as a queue: the list read once when the rep starts, and each turn
judged again from the store when it comes (``core.call_queue``)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from followup_desktop.core import steps
from followup_desktop.core.agenda import day_bounds
from followup_desktop.core.call_queue import (
    QUEUE_LIMIT,
    CallQueue,
    QueuedCall,
    Turn,
    day_queue,
    judged,
)
from followup_desktop.core.clock import Clock
from followup_desktop.core.model import Outcome, Touch
from followup_desktop.services.settings import SettingsService
from followup_desktop.store import followups_repo
from followup_desktop.store.db import Database


class CallList(Protocol):
    """What the queue's runner reads and writes: the store's (``QueueService``), or at a
    start while the team server is away, the calls kept on this laptop (``kept_queue``)."""

    def start(self) -> CallQueue: ...
    def turn(self, call: QueuedCall) -> Turn: ...
    def keep_skip(self, call: QueuedCall, reason: str) -> None: ...
    def now(self) -> datetime: ...


class QueueService:
    def __init__(self, db: Database, clock: Clock, settings: SettingsService) -> None:
        self._db, self._clock, self._settings = db, clock, settings

    def start(self, limit: int = QUEUE_LIMIT) -> CallQueue:
        """The open calls due by the end of the rep's day, overdue ones included, in the
        queue's order."""
        now = self._clock.now()
        _start, end = day_bounds(now, self._settings.rep_zone())
        with self._db.reading() as session:
            return day_queue(followups_repo.due_between(session, None, end, limit), now)

    def turn(self, call: QueuedCall) -> Turn:
        """``call`` with its follow-up's state and the contact's last touch as they are now,
        and whether to make it."""
        now = self._clock.now()
        with self._db.reading() as session:
            follow_up = followups_repo.get(session, call.follow_up.id or 0)
            last = followups_repo.last_touches(session, [call.contact_id]).get(call.contact_id)
        settings = self._settings.load()
        return judged(call, follow_up, last, now, self._settings.rep_zone(), settings)

    def keep_skip(
        self, call: QueuedCall, reason: str, at: datetime | None = None, once: str = ""
    ) -> None:
        """The rep's reason for passing a call over, a line in the contact's history; the
        call stays planned (unlike Today's Skip, which cancels it). ``at``, ``once``: one
        kept while the team server was away (``kept_queue``), written once."""
        follow_up = call.follow_up
        why = " ".join(reason.split()) or "no reason given"
        with self._db.writing() as session:
            if once:
                followups_repo.claim_write(session, once, self._clock.now())
            followups_repo.add_touch(
                session,
                Touch(
                    call.contact_id,
                    Outcome.NOTE,
                    at or self._clock.now(),
                    f"Passed over in the day's calls: "
                    f"{steps.describe(follow_up.step, follow_up.objective)}. Why: {why}",
                    follow_up.id,
                ),
            )

    def now(self) -> datetime:
        return self._clock.now()
