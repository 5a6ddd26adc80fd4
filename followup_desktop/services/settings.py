"""Reading and changing settings; UI state (window geometry) kept beside them."""

from __future__ import annotations

import locale

from followup_desktop.core import settings as options
from followup_desktop.core.model import Style
from followup_desktop.core.settings import Settings
from followup_desktop.store import settings_repo
from followup_desktop.store.db import Database


def system_region() -> str:
    """The country of the system locale ("en_GB" → "GB"), for numbers typed without +code."""
    return locale_region() or "US"


def locale_region() -> str:
    """The country the system locale names, or "" (C, POSIX, a bare language)."""
    for getter in (lambda: locale.getlocale()[0], lambda: locale.setlocale(locale.LC_CTYPE)):
        try:
            name = getter() or ""
        except (ValueError, locale.Error):
            continue
        region = name.split(".")[0].split("_")[-1] if "_" in name else ""
        if len(region) == 2 and region.isalpha():
            return region.upper()
    return ""


class SettingsService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def load(self) -> Settings:
        with self._db.reading() as session:
            return settings_repo.load(session)

    def save(self, settings: Settings) -> None:
        with self._db.writing() as session:
            settings_repo.save(session, settings)

    def phone_region(self) -> str:
        return self.load().get(options.PHONE_REGION) or system_region()

    def locale_region(self) -> str:
        return locale_region()

    def default_style(self) -> Style:
        """The style of a contact the rep adds (Settings › You), TO_THE_POINT if unreadable."""
        try:
            return Style(self.load().get(options.REP_DEFAULT_STYLE))
        except ValueError:
            return Style.TO_THE_POINT

    def ui_state(self, key: str) -> str | None:
        with self._db.reading() as session:
            return settings_repo.get_raw(session, f"{options.UI_STATE_PREFIX}{key}")

    def set_ui_state(self, key: str, value: str) -> None:
        with self._db.writing() as session:
            settings_repo.set_raw(session, f"{options.UI_STATE_PREFIX}{key}", value)
