"""What opening Settings needs, and no more (``ui.settings_link.open_settings_at``).

A module of its own, with nothing to import at run time: the window builds its door
when the store opens, and the Settings dialog's modules (and the keyring's) load only
when Settings is first opened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup_desktop.paths import AppPaths
    from followup_desktop.services.secrets import Secrets
    from followup_desktop.services.settings import SettingsService


@dataclass(frozen=True, slots=True)
class SettingsDoor:
    """The settings, the folders Settings shows, and the keyring (reached on first use:
    it loads the keyring's modules)."""

    settings: SettingsService
    paths: AppPaths
    secrets: Callable[[], Secrets]
