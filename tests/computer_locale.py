"""The computer's locale for a test, as FollowUp reads it: the variables in the test's
environment only (``monkeypatch``), never ``locale.setlocale`` on the test process."""

from __future__ import annotations

import pytest

LOCALE_VARIABLES = ("LC_ALL", "LC_MONETARY", "LANG")


def computer_locale(monkeypatch: pytest.MonkeyPatch, lang: str = "", **others: str) -> None:
    """LANG as ``lang`` (none when empty) and any of LC_ALL / LC_MONETARY given; the rest
    unset, so the machine running the tests does not count."""
    for variable in LOCALE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    for variable, value in {"LANG": lang, **others}.items():
        if value:
            monkeypatch.setenv(variable, value)
