"""The country the computer is in: the one its locale names, else the one of its time
zone. The region a phone number typed without its +code is read in, and the one Settings
and the first-run page suggest. Nothing of the store: the call screens opened before it
dial with it too."""

from __future__ import annotations

import functools
import locale
from collections.abc import Callable
from importlib import resources

from followup_desktop.core.agenda import system_zone_name

# Locales that name no country; Python reads "C.UTF-8" as "en_US" (its alias table), which
# would make every minimal system American.
_NO_COUNTRY = ("C", "POSIX")


def system_region() -> str:
    """The computer's country ("en_GB" → "GB"; "C.UTF-8" on Paris time → "FR"), else US,
    for numbers typed without +code."""
    return computer_region() or "US"


def computer_region() -> str:
    """The country the locale names, else the one of the computer's time zone, or ""."""
    return locale_region() or zone_region(system_zone_name())


def locale_region() -> str:
    """The country the system locale names, or "" (C, POSIX, a bare language)."""
    try:
        current = locale.setlocale(locale.LC_CTYPE) or ""
    except locale.Error:
        current = ""
    if current.split(".")[0] in _NO_COUNTRY:
        return ""
    getters: tuple[Callable[[], str | None], ...] = (
        lambda: locale.getlocale()[0],
        lambda: current,
    )
    for getter in getters:
        try:
            name = getter() or ""
        except (ValueError, locale.Error):
            continue
        region = name.split(".")[0].split("_")[-1] if "_" in name else ""
        if len(region) == 2 and region.isalpha():
            return region.upper()
    return ""


def zone_region(zone_name: str) -> str:
    """The country of an IANA zone ("Europe/Paris" → "FR"), or "" (UTC, an unknown name)."""
    return _zone_countries().get(zone_name, "")


@functools.cache
def _zone_countries() -> dict[str, str]:
    """The zone database's own table of each zone's country (tzdata's zone.tab)."""
    try:
        table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab")
        text = table.read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError):
        return {}
    countries = {}
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) >= 3 and not line.startswith("#"):
            countries[fields[2]] = fields[0]
    return countries
