"""Reading and changing settings; UI state (window geometry) kept beside them.

The settings are kept in memory once read: the window asks for them on its UI thread
(the rep's zone for every time it shows, the mail account, the window's geometry) and
must never wait on the disk for it. This app's own saves update the copy; what another
process (``followup settings set``) changes is picked up by ``reload``, which the app's
background checks call every minute.
"""

from __future__ import annotations

import threading

from followup_desktop.core import settings as options
from followup_desktop.core.agenda import system_zone_name
from followup_desktop.core.model import Style
from followup_desktop.core.settings import Settings
from followup_desktop.services.system_currency import rep_currency, system_currency
from followup_desktop.services.system_region import computer_region, system_region
from followup_desktop.store import settings_repo
from followup_desktop.store.db import Database


class SettingsService:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._lock = threading.Lock()
        self._known: Settings | None = None
        self._ui_state: dict[str, str] = {}

    def load(self) -> Settings:
        """The settings as last read or saved: read from the store the first time only."""
        known = self._known
        return known if known is not None else self.reload()

    def reload(self) -> Settings:
        """The settings as stored now (another process may have changed them)."""
        with self._db.reading() as session:
            settings = settings_repo.load(session)
            ui_state = settings_repo.raw_values(session, options.UI_STATE_PREFIX)
        with self._lock:
            self._known, self._ui_state = settings, ui_state
        return settings

    def save(self, settings: Settings) -> None:
        with self._db.writing() as session:
            settings_repo.save(session, settings)
        with self._lock:
            self._known = settings

    def phone_region(self) -> str:
        return self.load().get(options.PHONE_REGION) or system_region()

    def computer_region(self) -> str:
        """The computer's country (its locale's, else its time zone's), or ""."""
        return computer_region()

    def locale_currency(self) -> str:
        return system_currency()

    def currency(self) -> str:
        """The currency a new deal starts in (Settings › You), else the computer's."""
        return rep_currency(self.load())

    def default_style(self) -> Style:
        """The style of a contact the rep adds (Settings › You), TO_THE_POINT if unreadable."""
        try:
            return Style(self.load().get(options.REP_DEFAULT_STYLE))
        except ValueError:
            return Style.TO_THE_POINT

    def rep_zone(self) -> str:
        """The rep's own zone (Settings › You), else the computer's."""
        return self.load().get(options.REP_TIME_ZONE) or system_zone_name()

    def ui_state(self, key: str) -> str | None:
        if self._known is None:
            self.reload()
        return self._ui_state.get(f"{options.UI_STATE_PREFIX}{key}")

    def set_ui_state(self, key: str, value: str) -> None:
        stored = f"{options.UI_STATE_PREFIX}{key}"
        with self._db.writing() as session:
            settings_repo.set_raw(session, stored, value)
        with self._lock:
            self._ui_state = {**self._ui_state, stored: value}
