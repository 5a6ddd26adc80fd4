"""The computer's locale for a test, as FollowUp reads it: the variables in the test's
environment only (``monkeypatch``), never ``locale.setlocale`` on the test process."""

from __future__ import annotations

import pytest

LOCALE_VARIABLES = ("LC_ALL", "LC_MONETARY", "LANG")


def computer_locale(
    monkeypatch: pytest.MonkeyPatch, lang: str = "", process: str = "", **others: str
) -> None:
    """LANG as ``lang`` (none when empty) and any of LC_ALL / LC_MONETARY given; the rest
    unset, so the machine running the tests does not count. ``process``: the country the
    process's own locale names (Windows, or a Mac app started from its icon, sets no
    variable), none by default."""
    from followup_desktop.services import system_currency

    monkeypatch.setattr(system_currency, "computer_region", lambda: process)
    for variable in LOCALE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    for variable, value in {"LANG": lang, **others}.items():
        if value:
            monkeypatch.setenv(variable, value)
