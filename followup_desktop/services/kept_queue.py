"""Today › Start calls at a start while the team server is away: the day's calls as a
queue, read from the calls kept on this laptop (``kept_sheets``), judged as the store's
queue judges them (``core.call_queue``). A reason for passing a call over is kept in the
outbox and written to the contact's history once the server is back."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from followup_desktop.core.agenda import day_bounds
from followup_desktop.core.calendar import BusinessHours
from followup_desktop.core.call_queue import (
    CallQueue,
    QueuedCall,
    Turn,
    in_queue_order,
    why_passed_over,
)
from followup_desktop.core.clock import Clock
from followup_desktop.core.model import FollowUpKind
from followup_desktop.core.plain_data import from_plain, to_plain
from followup_desktop.core.settings import Settings
from followup_desktop.services import kept_calls
from followup_desktop.services.kept_sheets import KeptSheets
from followup_desktop.store.outbox import Outbox

SKIP_KIND = "queue_skip"


@dataclass(frozen=True, slots=True)
class KeptSkip:
    """The rep passed ``call`` over at ``at``, for ``reason`` (``QueueService.keep_skip``)."""

    write_id: str
    call: QueuedCall
    reason: str
    at: datetime


def skip_of(body: dict[str, Any]) -> KeptSkip:
    return from_plain(KeptSkip, body)


class KeptQueue:
    """``QueueService``'s part the queue runner uses, on the calls kept on this laptop."""

    def __init__(self, sheets: KeptSheets, outbox: Outbox, clock: Clock) -> None:
        self._sheets, self._outbox, self._clock = sheets, outbox, clock
        self._settings = Settings(sheets.settings)

    def now(self) -> datetime:
        return self._clock.now()

    def start(self) -> CallQueue:
        """The kept contacts' open calls due by the end of the rep's day, overdue ones
        included, in the queue's order."""
        now = self.now()
        _start, end = day_bounds(now, self._sheets.rep_zone)
        calls = [
            QueuedCall(follow_up, kept.contact.name, kept.contact.time_zone)
            for kept in self._sheets.contacts
            for follow_up in kept.open_follow_ups
            if follow_up.kind is FollowUpKind.CALL and follow_up.due_at < end
        ]
        return CallQueue(in_queue_order(calls, now), now)

    def turn(self, call: QueuedCall) -> Turn:
        """``call`` with the contact's last touch as kept (a call logged here since, kept
        in the outbox, counts), and whether to make it."""
        logged = self._logged_here()
        if call.follow_up.id in logged.values():
            return Turn(call, "already done")
        kept = next((c for c in self._sheets.contacts if c.contact.id == call.contact_id), None)
        touched = [t.at for t in kept.touches] if kept is not None else []
        touched += [at for (contact_id, at) in logged if contact_id == call.contact_id]
        fresh = replace(call, last_touch=max(touched, default=None))
        hours = BusinessHours.from_settings(self._settings)
        return Turn(fresh, why_passed_over(fresh, self.now(), self._sheets.rep_zone, hours))

    def keep_skip(self, call: QueuedCall, reason: str) -> None:
        skip = KeptSkip(str(uuid.uuid4()), call, reason, self.now())
        self._outbox.keep(skip.write_id, SKIP_KIND, to_plain(skip))

    def _logged_here(self) -> dict[tuple[int, datetime], int | None]:
        """The calls logged here while away: (contact, when) → the follow-up answered."""
        logged: dict[tuple[int, datetime], int | None] = {}
        for kept in self._outbox.waiting():
            if kept.kind == kept_calls.KIND:
                call = kept_calls.from_body(kept.body)
                logged[(call["contact_id"], call["at"])] = call["follow_up_id"]
        return logged
