"""What start-up shows before the store opens: today's agenda and the window's saved
state, and the contact list for a search typed meanwhile, read through
``store.first_look`` (sqlite3 alone, read-only).

Imports nothing that needs SQLAlchemy, so the window can show the rep's day and answer
a search while the store's modules load. ``None`` whenever the look cannot be had (first
launch, a store to migrate, a damaged or locked file): start-up then waits for the store
as it opens.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from followup_desktop.core import agenda as core_agenda
from followup_desktop.core.agenda import FIRST_SCREENFUL, TodayAgenda
from followup_desktop.core.clock import Clock
from followup_desktop.core.model import ContactSort, ContactSummary
from followup_desktop.core.settings import UI_STATE_PREFIX, Settings
from followup_desktop.store.first_look import FirstLook

log = logging.getLogger(__name__)


class LookGone(Exception):
    """The file can no longer be looked at this way (the store is on its way)."""


def early_read_failed(error: Exception) -> bool:
    """``error`` ended a read of the first look (the store's own come wrapped by it)."""
    return isinstance(error, LookGone | sqlite3.Error)


class EarlyContacts:
    """The contact list as ``ContactService`` reads it from a file (``page``,
    ``summaries``, ``count``), each call on its own read-only connection (they run on
    workers): a search typed at start-up is answered before SQLAlchemy is loaded."""

    def __init__(self, database: Path) -> None:
        self._database = database

    def page(
        self,
        typed: str = "",
        sort: ContactSort = ContactSort.NAME,
        descending: bool = False,
        after: ContactSummary | None = None,
        limit: int = 200,
    ) -> list[ContactSummary]:
        with self._look() as look:
            return look.page(typed, sort, descending, after, limit)

    def summaries(self, ids: Sequence[int]) -> list[ContactSummary]:
        with self._look() as look:
            return look.summaries(ids)

    def count(self, typed: str = "") -> int:
        with self._look() as look:
            return look.count(typed)

    def _look(self) -> FirstLook:
        look = FirstLook.open(self._database)
        if look is None:
            raise LookGone(f"no first look at {self._database}")
        return look


@dataclass(frozen=True, slots=True)
class FirstPaint:
    today: TodayAgenda
    ui_state: dict[str, str]  # as ``SettingsService.ui_state`` reads it, by key
    contacts: EarlyContacts  # the list, until the store is open
    settings: Settings  # as stored, for the call screens opened before the store


def first_paint(database: Path, clock: Clock, limit: int = FIRST_SCREENFUL) -> FirstPaint | None:
    look = FirstLook.open(database)
    if look is None:
        return None
    try:
        with look:
            stored = look.settings()
            today = core_agenda.today_agenda(look, Settings(stored), clock.now(), limit)
    except (sqlite3.Error, ValueError, KeyError) as error:
        # The ordinary start-up reads (and reports) the same store a moment later.
        log.info("no first look at %s: %s", database, error)
        return None
    ui_state = {
        key.removeprefix(UI_STATE_PREFIX): value
        for key, value in stored.items()
        if key.startswith(UI_STATE_PREFIX)
    }
    return FirstPaint(today, ui_state, EarlyContacts(database), Settings(stored))
