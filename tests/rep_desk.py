"""A rep's services on a fresh data folder, at an injected time, in Paris: what the
engine, call-screen and stats tests start from."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from followup_desktop.core import settings as options
from followup_desktop.core.clock import FixedClock
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import Services, open_services

REP_ZONE = "Europe/Paris"


@contextmanager
def rep_services(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FixedClock, rep_name: str = ""
) -> Iterator[Services]:
    monkeypatch.setenv("TZ", REP_ZONE)
    opened = open_services(AppPaths(tmp_path / "data"), clock)
    if rep_name:
        opened.settings.save(opened.settings.load().with_value(options.REP_NAME, rep_name))
    try:
        yield opened
    finally:
        opened.close()
