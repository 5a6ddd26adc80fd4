"""What the call screen works through: the store (``StoreCallDesk``), or, at a start while
the team server cannot be reached, the calls kept on this laptop (``KeptCallDesk``).

One screen either way. Kept, the sheet is built by the same rules from the inputs kept
while the server answered (``kept_sheets``), the plan previewed by the same engine, and
what the rep logs or types goes to the outbox, written to the server in order once it
is back (``kept_calls``). What needs the server itself (the contact's zone, the serious
or curious mark, the invite and the e-mail made from the stored call) says so and waits.
Once the server answers, a kept desk hands every call on to the store's."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from followup_desktop.core import call_sheet, dialing
from followup_desktop.core import settings as options
from followup_desktop.core.cadence import Plan
from followup_desktop.core.call_sheet import CallSheet
from followup_desktop.core.changes import Change
from followup_desktop.core.clock import Clock
from followup_desktop.core.model import CallDraft, ContactStatus, FollowUp, Outcome, Phone
from followup_desktop.core.settings import Settings
from followup_desktop.paths import AppPaths
from followup_desktop.services import kept_calls, kept_sheets
from followup_desktop.services.call_requests import CallLogged, CallOpening, LogCall, kept_body
from followup_desktop.services.kept_queue import KeptQueue
from followup_desktop.services.kept_sheets import KeptSheets
from followup_desktop.services.outcome_plans import plan_outcome
from followup_desktop.services.system_region import system_region
from followup_desktop.store.outbox import OUTBOX_NAME, Outbox

if TYPE_CHECKING:
    from followup_desktop.services.call_queue import CallList
    from followup_desktop.services.session import Services


class WaitsForServer(Exception):
    """Asked of a call kept on this laptop, but only the team server can do it."""


class CallDesk(Protocol):
    @property
    def kept(self) -> bool:
        """The call is kept on this laptop: the team server has not answered yet."""
        ...

    def now(self) -> datetime: ...
    def rep_zone(self) -> str: ...
    def opening(self, contact_id: int, follow_up_id: int | None) -> CallOpening: ...
    def find(self, follow_up_id: int) -> FollowUp | None: ...
    def sheet(
        self, contact_id: int, follow_up_id: int | None, situation: str | None
    ) -> CallSheet: ...
    def preview(self, contact_id: int, outcome: Outcome, follow_up_id: int | None) -> Plan: ...
    def save_draft(self, draft: CallDraft) -> None: ...
    def log_call(self, request: LogCall) -> CallLogged: ...
    def dial(self, phone: Phone) -> dialing.Dial: ...
    def set_time_zone(self, contact_id: int, zone_name: str) -> Change: ...
    def mark(self, contact_id: int, status: ContactStatus) -> Change: ...
    def save_invite(self, follow_up_id: int) -> Path: ...


class DeskBeforeStore(CallDesk, Protocol):
    """A desk the calls open on before the store is open (a team server away: the calls
    kept on this laptop; a start on a file: the file's first look), handed the store's
    services once it is."""

    def queue(self) -> CallList: ...
    def store_opened(self, services: Services) -> None: ...


def dial_plan(chosen: Settings, phone: Phone) -> dialing.Dial:
    """How Settings › Calls says to dial ``phone``; DialerSetting when it cannot."""
    local = (
        (chosen.get(options.PHONE_REGION) or system_region())
        if chosen.get(options.DIAL_AS_LOCAL)
        else None
    )
    return dialing.dial(chosen.get(options.DIAL_WITH), phone, local)


class StoreCallDesk:
    """The store's (a file, or a team server that answers)."""

    kept = False

    def __init__(self, services: Services) -> None:
        self._services = services

    def now(self) -> datetime:
        return self._services.clock.now()

    def rep_zone(self) -> str:
        return self._services.settings.rep_zone()

    def opening(self, contact_id: int, follow_up_id: int | None) -> CallOpening:
        return self._services.calls.opening(contact_id, follow_up_id)

    def find(self, follow_up_id: int) -> FollowUp | None:
        return self._services.followups.find(follow_up_id)

    def sheet(self, contact_id: int, follow_up_id: int | None, situation: str | None) -> CallSheet:
        return self._services.calls.sheet(contact_id, follow_up_id, situation=situation)

    def preview(self, contact_id: int, outcome: Outcome, follow_up_id: int | None) -> Plan:
        return self._services.followups.preview(contact_id, outcome, follow_up_id)

    def save_draft(self, draft: CallDraft) -> None:
        self._services.calls.save_draft(draft)

    def log_call(self, request: LogCall) -> CallLogged:
        return self._services.calls.log_call(request)

    def dial(self, phone: Phone) -> dialing.Dial:
        return dial_plan(self._services.settings.load(), phone)

    def set_time_zone(self, contact_id: int, zone_name: str) -> Change:
        return self._services.contacts.set_time_zone(contact_id, zone_name)

    def mark(self, contact_id: int, status: ContactStatus) -> Change:
        return self._services.calls.mark(contact_id, status)

    def save_invite(self, follow_up_id: int) -> Path:
        return self._services.exports.save_invite(follow_up_id)


class KeptCallDesk:
    """The calls kept on this laptop, while the team server is away at a start."""

    def __init__(self, sheets: KeptSheets, outbox: Outbox, clock: Clock) -> None:
        self.sheets, self.outbox, self._clock = sheets, outbox, clock
        self._settings = Settings(sheets.settings)
        self._store: StoreCallDesk | None = None

    def store_opened(self, services: Services) -> None:
        """From here on every call goes to the store (which keeps it should the server
        go away again)."""
        self._store = StoreCallDesk(services)

    @property
    def kept(self) -> bool:
        return self._store is None

    def queue(self) -> KeptQueue:
        """Today › Start calls on the calls kept here."""
        return KeptQueue(self.sheets, self.outbox, self._clock)

    def now(self) -> datetime:
        return self._clock.now()

    def rep_zone(self) -> str:
        return self._store.rep_zone() if self._store else self.sheets.rep_zone

    def opening(self, contact_id: int, follow_up_id: int | None) -> CallOpening:
        if self._store:
            return self._store.opening(contact_id, follow_up_id)
        draft = kept_calls.kept_draft(self.outbox, contact_id)
        return CallOpening(self.sheet(contact_id, follow_up_id, None), draft)

    def find(self, follow_up_id: int) -> FollowUp | None:
        return (
            self._store.find(follow_up_id) if self._store else self.sheets.follow_up(follow_up_id)
        )

    def sheet(self, contact_id: int, follow_up_id: int | None, situation: str | None) -> CallSheet:
        if self._store:
            return self._store.sheet(contact_id, follow_up_id, situation)
        inputs = self.sheets.inputs(contact_id, follow_up_id)
        # The calls agreed on calls kept here are planned too: offers keep clear of them.
        agreed = (c.due_at for c in kept_calls.calls_agreed(self.outbox) if not c.answered)
        inputs = replace(inputs, planned_calls=tuple(sorted({*inputs.planned_calls, *agreed})))
        return call_sheet.build(inputs, self._settings, self.now(), self.rep_zone(), situation)

    def preview(self, contact_id: int, outcome: Outcome, follow_up_id: int | None) -> Plan:
        if self._store:
            return self._store.preview(contact_id, outcome, follow_up_id)
        now, history = self.now(), self.sheets.history(contact_id)
        return plan_outcome(
            history, self._settings, outcome, now, now, self.rep_zone(), follow_up_id
        )[1]

    def save_draft(self, draft: CallDraft) -> None:
        if self._store:
            self._store.save_draft(draft)
        else:
            kept_calls.keep_draft(self.outbox, draft)

    def log_call(self, request: LogCall) -> CallLogged:
        if self._store:
            return self._store.log_call(request)
        kept_calls.keep_call(
            self.outbox, request.write_id, kept_body(request, request.at or self.now())
        )
        return CallLogged(0, (), Plan(), kept=True)

    def dial(self, phone: Phone) -> dialing.Dial:
        return self._store.dial(phone) if self._store else dial_plan(self._settings, phone)

    def set_time_zone(self, contact_id: int, zone_name: str) -> Change:
        if self._store:
            return self._store.set_time_zone(contact_id, zone_name)
        raise WaitsForServer("the contact's time zone can be set once the team server answers")

    def mark(self, contact_id: int, status: ContactStatus) -> Change:
        if self._store:
            return self._store.mark(contact_id, status)
        raise WaitsForServer("the contact can be marked once the team server answers")

    def save_invite(self, follow_up_id: int) -> Path:
        if self._store:
            return self._store.save_invite(follow_up_id)
        raise WaitsForServer("the invite is made once the team server has the call")


def kept_desk(paths: AppPaths, server: str, clock: Clock) -> KeptCallDesk | None:
    """The calls kept on this laptop from ``server`` (its URL as shown), or None (none
    kept from it)."""
    sheets = kept_sheets.last(paths, server)
    if sheets is None:
        return None
    return KeptCallDesk(sheets, Outbox(paths.data_dir / OUTBOX_NAME), clock)
