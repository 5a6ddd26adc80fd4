"""The rep's currency: the one chosen in Settings, else her computer's (the country its
locale names, read from the environment without setting the process's locale), else EUR."""

from __future__ import annotations

import locale

import pytest

from followup_desktop.core import settings as options
from followup_desktop.core.settings import Settings
from followup_desktop.services.system_currency import rep_currency, system_currency
from tests.computer_locale import computer_locale


@pytest.mark.parametrize(
    ("variables", "currency"),
    [
        ({"LANG": "en_US.UTF-8"}, "USD"),
        ({"LANG": "de_CH.utf8"}, "CHF"),
        ({"LANG": "en_GB"}, "GBP"),
        ({"LANG": "ja_JP.UTF-8"}, "JPY"),
        ({"LANG": "sr_RS@latin"}, "RSD"),
        ({"LANG": "nb_NO.UTF-8", "LC_MONETARY": "sv_SE.UTF-8"}, "SEK"),  # money's own
        ({"LC_MONETARY": "sv_SE.UTF-8", "LC_ALL": "en_US.UTF-8"}, "USD"),  # LC_ALL first
        ({"LC_ALL": "C", "LANG": "en_CA.UTF-8"}, "CAD"),  # a script's C names no country
        ({"LANG": "fr_FR.UTF-8"}, "EUR"),
        ({"LANG": "C.UTF-8"}, "EUR"),  # nothing known: as before
        ({"LANG": "en"}, "EUR"),
        ({}, "EUR"),
    ],
)
def test_the_computer_s_currency_is_its_locale_s_country_s(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], currency: str
) -> None:
    computer_locale(monkeypatch, **variables)
    before = locale.setlocale(locale.LC_ALL)
    assert system_currency() == currency
    assert locale.setlocale(locale.LC_ALL) == before  # the process's locale is left alone


def test_a_chosen_currency_wins_over_the_computer_s(monkeypatch: pytest.MonkeyPatch) -> None:
    computer_locale(monkeypatch, "en_US.UTF-8")
    assert rep_currency(Settings()) == "USD"
    assert rep_currency(Settings().with_value(options.REP_CURRENCY, "CHF")) == "CHF"


def test_without_variables_the_process_s_locale_names_the_country(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Windows and a Mac app started from its icon set no locale variable: before, every
    such rep's deals started in EUR."""
    computer_locale(monkeypatch, process="US")
    assert system_currency() == "USD"


def test_the_country_she_gave_names_her_currency_before_the_computer_s(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    computer_locale(monkeypatch, "en_US.UTF-8")
    in_sweden = Settings().with_value(options.PHONE_REGION, "SE")
    assert rep_currency(in_sweden) == "SEK"
    assert rep_currency(in_sweden.with_value(options.REP_CURRENCY, "CHF")) == "CHF"
