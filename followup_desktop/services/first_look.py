"""What start-up paints before the store opens: today's agenda and the window's saved
state, read through ``store.first_look`` (sqlite3 alone, read-only).

Imports nothing that needs SQLAlchemy, so the window can show the rep's day while the
store's modules load. ``None`` whenever the look cannot be had (first launch, a store to
migrate, a damaged or locked file): start-up then waits for the store as it opens.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from followup_desktop.core import agenda as core_agenda
from followup_desktop.core.agenda import FIRST_SCREENFUL, TodayAgenda
from followup_desktop.core.clock import Clock
from followup_desktop.core.settings import UI_STATE_PREFIX, Settings
from followup_desktop.store.first_look import FirstLook

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FirstPaint:
    today: TodayAgenda
    ui_state: dict[str, str]  # as ``SettingsService.ui_state`` reads it, by key


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
    return FirstPaint(today, ui_state)
