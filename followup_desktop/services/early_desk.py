"""The call desk while the store opens at start: a call opened from Today, or the day's
calls started, in the first second, before SQLAlchemy is loaded.

What the call screen shows is read from the file through sqlite3 (``store.call_look``)
and built by the same rules as the store's (``call_sheet.build``, ``plan_outcome``, the
queue's order). What it writes (the notes as typed, the call logged, a mark, a zone, an
invite, a call passed over) waits for the store on the thread that writes it, then goes
through it: nothing is written by a second way. Once the store is open every call goes
to it (``store_opened``, as for the calls kept while a team server is away).

Imports nothing that needs SQLAlchemy (a test holds it to that).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from followup_desktop.core import call_sheet, dialing
from followup_desktop.core import settings as options
from followup_desktop.core.agenda import day_bounds, system_zone_name
from followup_desktop.core.cadence import Plan
from followup_desktop.core.call_queue import (
    QUEUE_LIMIT,
    CallQueue,
    QueuedCall,
    Turn,
    day_queue,
    judged,
)
from followup_desktop.core.call_sheet import CallSheet
from followup_desktop.core.changes import Change
from followup_desktop.core.clock import Clock
from followup_desktop.core.model import CallDraft, ContactStatus, FollowUp, Outcome, Phone
from followup_desktop.core.settings import Settings
from followup_desktop.services.call_desk import StoreCallDesk, dial_plan
from followup_desktop.services.call_requests import (
    CallLogged,
    CallOpening,
    LogCall,
)
from followup_desktop.services.outcome_plans import NotFound, plan_outcome
from followup_desktop.store.call_look import CallLook

if TYPE_CHECKING:
    from followup_desktop.services.session import Services

log = logging.getLogger(__name__)

# How long a write waits for the store before it is refused (a store that takes longer
# is offering its recovery, and the rep is told it did not open).
STORE_WAIT_S = 120.0

T = TypeVar("T")


class StoreNotOpen(Exception):
    """The store did not open (or the app quit first): what waited for it was not done."""


class EarlyCallDesk:
    """The calls opened before the store is: read from the file, written through the
    store once it is open."""

    kept = False  # nothing is kept on the laptop: the store is a moment away

    def __init__(
        self, database: Path, settings: Settings, clock: Clock, wait_s: float = STORE_WAIT_S
    ) -> None:
        self._database, self._settings, self._clock = database, settings, clock
        self._wait_s = wait_s
        self._services: Services | None = None
        self._store: StoreCallDesk | None = None
        self._answered = threading.Event()

    def store_opened(self, services: Services) -> None:
        """The store is open: from here on every call goes through it, and the writes
        waiting for it go on."""
        self._services, self._store = services, StoreCallDesk(services)
        self._answered.set()

    def store_gone(self) -> None:
        """The store will not open here (the app quits): the writes waiting give up."""
        self._answered.set()

    def queue(self) -> EarlyQueue:
        """Today › Start calls before the store is open."""
        return EarlyQueue(self)

    def opened_services(self) -> Services:
        """The store's services, waited for (on a worker: never the UI thread)."""
        if not self._answered.wait(self._wait_s) or self._services is None:
            raise StoreNotOpen("your data did not open, so this was not done")
        return self._services

    def read(self, from_file: Callable[[CallLook], T], from_store: Callable[[Services], T]) -> T:
        """``from_store`` once the store is open, before that ``from_file`` on the file
        (and the store's answer, waited for, should the file no longer be looked at)."""
        if self._services is None:
            look = CallLook.open(self._database)
            if look is not None:
                try:
                    with look:
                        return from_file(look)
                except (sqlite3.Error, ValueError) as error:  # the store reads it as it may
                    log.info("the first look at a call failed: %s", error)
        return from_store(self.opened_services())

    def _opened_store(self) -> StoreCallDesk:
        self.opened_services()
        assert self._store is not None
        return self._store

    # Reads: from the file until the store is open --------------------------------------
    def now(self) -> datetime:
        return self._clock.now()

    def rep_zone(self) -> str:
        if self._store:
            return self._store.rep_zone()
        return self.settings().get(options.REP_TIME_ZONE) or system_zone_name()

    def settings(self) -> Settings:
        return self._services.settings.load() if self._services else self._settings

    def opening(self, contact_id: int, follow_up_id: int | None) -> CallOpening:
        return self.read(
            lambda look: CallOpening(
                self._sheet(look, contact_id, follow_up_id, None), look.draft(contact_id)
            ),
            lambda services: services.calls.opening(contact_id, follow_up_id),
        )

    def find(self, follow_up_id: int) -> FollowUp | None:
        return self.read(
            lambda look: look.follow_up(follow_up_id),
            lambda services: services.followups.find(follow_up_id),
        )

    def sheet(self, contact_id: int, follow_up_id: int | None, situation: str | None) -> CallSheet:
        return self.read(
            lambda look: self._sheet(look, contact_id, follow_up_id, situation),
            lambda services: services.calls.sheet(contact_id, follow_up_id, situation=situation),
        )

    def _sheet(
        self, look: CallLook, contact_id: int, follow_up_id: int | None, situation: str | None
    ) -> CallSheet:
        now, rep_zone = self.now(), self.rep_zone()
        start, end = call_sheet.times_to_check(self._settings, now, rep_zone)
        inputs = look.call_inputs(contact_id, follow_up_id, start, end)
        if inputs is None:
            raise NotFound(
                f"there is no contact {contact_id}"
                if follow_up_id is None
                else f"follow-up {follow_up_id} is not one of this contact's"
            )
        return call_sheet.build(inputs, self._settings, now, rep_zone, situation)

    def preview(self, contact_id: int, outcome: Outcome, follow_up_id: int | None) -> Plan:
        def from_file(look: CallLook) -> Plan:
            history = look.history(contact_id)
            if history is None:
                raise NotFound(f"there is no contact {contact_id}")
            now, zone = self.now(), self.rep_zone()
            return plan_outcome(history, self._settings, outcome, now, now, zone, follow_up_id)[1]

        return self.read(
            from_file,
            lambda services: services.followups.preview(contact_id, outcome, follow_up_id),
        )

    def dial(self, phone: Phone) -> dialing.Dial:
        return dial_plan(self.settings(), phone)

    # Writes: through the store, once it is open -----------------------------------------
    def save_draft(self, draft: CallDraft) -> None:
        self._opened_store().save_draft(draft)

    def log_call(self, request: LogCall) -> CallLogged:
        return self._opened_store().log_call(request)

    def set_time_zone(self, contact_id: int, zone_name: str) -> Change:
        return self._opened_store().set_time_zone(contact_id, zone_name)

    def mark(self, contact_id: int, status: ContactStatus) -> Change:
        return self._opened_store().mark(contact_id, status)

    def save_invite(self, follow_up_id: int) -> Path:
        return self._opened_store().save_invite(follow_up_id)


class EarlyQueue:
    """``QueueService``'s part the queue's runner uses, before the store is open."""

    def __init__(self, desk: EarlyCallDesk) -> None:
        self._desk = desk

    def now(self) -> datetime:
        return self._desk.now()

    def start(self) -> CallQueue:
        now = self.now()
        _start, end = day_bounds(now, self._desk.rep_zone())
        return self._desk.read(
            lambda look: day_queue(look.due_between(None, end, QUEUE_LIMIT), now),
            lambda services: services.queue.start(),
        )

    def turn(self, call: QueuedCall) -> Turn:
        desk = self._desk

        def from_file(look: CallLook) -> Turn:
            follow_up = look.follow_up(call.follow_up.id or 0)
            last = look.last_touch(call.contact_id)
            return judged(call, follow_up, last, self.now(), desk.rep_zone(), desk.settings())

        return desk.read(from_file, lambda services: services.queue.turn(call))

    def keep_skip(self, call: QueuedCall, reason: str) -> None:
        self._desk.opened_services().queue.keep_skip(call, reason)
