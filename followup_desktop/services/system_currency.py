"""The rep's currency: the one she chose in Settings, else her country's (the country she
gave for phone numbers), else the one of the country her computer's locale names
(LC_ALL, LC_MONETARY, LANG, or the process's locale), else EUR.

The locale is read from the environment, never set: ``locale.setlocale`` would change
the whole GUI process's formatting (and is not safe beside running threads) just to ask
for ``int_curr_symbol``."""

from __future__ import annotations

import os
from collections.abc import Mapping

from followup_desktop.core import settings as options
from followup_desktop.core.currencies import FALLBACK, currency_of
from followup_desktop.core.settings import Settings
from followup_desktop.services.system_region import computer_region

# In POSIX's order: LC_ALL overrides LC_MONETARY, which overrides LANG.
LOCALE_VARIABLES = ("LC_ALL", "LC_MONETARY", "LANG")


def locale_country(name: str) -> str:
    """The country a locale name gives ("en_US.UTF-8" → "US", "sr_RS@latin" → "RS"), or
    "" (C, POSIX, a bare language)."""
    base = name.split(".")[0].split("@")[0]
    _, _, country = base.partition("_")
    return country.upper() if len(country) == 2 and country.isalpha() else ""


def system_currency(environ: Mapping[str, str] | None = None) -> str:
    """The currency of the first locale variable that names a country, else of the
    country the process's locale names (Windows and a Mac app started from its icon set
    no variable); EUR when none does. LC_ALL=C (a script's habit) names none, so the
    rep's LANG still counts."""
    variables = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        country = locale_country(variables.get(variable, ""))
        if country:
            return currency_of(country)
    country = computer_region() if environ is None else ""
    return currency_of(country) if country else FALLBACK


def rep_currency(settings: Settings) -> str:
    """The currency a new deal starts in, and an empty pipeline is counted in: the one
    she chose, else her country's (the one she gave for phone numbers), else the
    computer's."""
    if chosen := settings.get(options.REP_CURRENCY):
        return chosen
    if country := settings.get(options.PHONE_REGION):
        return currency_of(country)
    return system_currency()
