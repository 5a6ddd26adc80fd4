"""The country the computer's locale names: the region a phone number typed without its
+code is read in, and the one Settings suggests. Nothing of the store: the call screens
opened before it dial with it too."""

from __future__ import annotations

import locale
from collections.abc import Callable


def system_region() -> str:
    """The country of the system locale ("en_GB" → "GB"), for numbers typed without +code."""
    return locale_region() or "US"


def locale_region() -> str:
    """The country the system locale names, or "" (C, POSIX, a bare language)."""
    getters: tuple[Callable[[], str | None], ...] = (
        lambda: locale.getlocale()[0],
        lambda: locale.setlocale(locale.LC_CTYPE),
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
