"""The country FollowUp takes the computer to be in: numbers typed without their +code are
read in it, and the first-run page offers it. A locale that names no country ("C.UTF-8",
which Python's alias table reads as American) gives way to the time zone's country."""

from __future__ import annotations

import locale

import pytest

from followup_desktop.services import system_region


def test_a_zone_names_its_country() -> None:
    assert system_region.zone_region("Europe/Paris") == "FR"
    assert system_region.zone_region("America/Chicago") == "US"
    assert system_region.zone_region("Asia/Kolkata") == "IN"
    assert system_region.zone_region("UTC") == ""
    assert system_region.zone_region("Not/A_Zone") == ""


def _computer(monkeypatch: pytest.MonkeyPatch, ctype: str, alias: str, zone: str) -> None:
    """The process's LC_CTYPE as the system set it, what Python's getlocale() makes of
    it, and the computer's zone (never ``setlocale`` on the test process itself)."""
    monkeypatch.setattr(locale, "setlocale", lambda *_: ctype)
    monkeypatch.setattr(locale, "getlocale", lambda *_: (alias, "UTF-8"))
    monkeypatch.setenv("TZ", zone)


def test_a_locale_without_a_country_gives_way_to_the_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    _computer(monkeypatch, "C.UTF-8", "en_US", "Europe/Paris")
    assert system_region.locale_region() == ""
    assert system_region.computer_region() == "FR"
    assert system_region.system_region() == "FR"


def test_a_locale_naming_a_country_comes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    # A Briton in Paris reads numbers as British until she says otherwise.
    _computer(monkeypatch, "en_GB.UTF-8", "en_GB", "Europe/Paris")
    assert system_region.computer_region() == "GB"


def test_nothing_known_reads_numbers_as_american(monkeypatch: pytest.MonkeyPatch) -> None:
    _computer(monkeypatch, "C.UTF-8", "en_US", "UTC")
    assert system_region.computer_region() == ""
    assert system_region.system_region() == "US"
