"""Money as the rep reads it, each currency with its own decimals."""

from __future__ import annotations

import pytest

from followup_desktop.core.currencies import COUNTRY_CURRENCY, FALLBACK, ISO_4217, currency_code
from followup_desktop.core.money import WHOLE_UNITS, amount_text, minor_of, money


@pytest.mark.parametrize(
    ("minor", "currency", "shown"),
    [
        (1_200_050, "EUR", "12,000.50 EUR"),
        (50_000_000, "JPY", "500,000 JPY"),  # not "500,000.00 JPY": a yen has no cents
        (50_000_050, "KRW", "500,001 KRW"),  # half a won typed: the nearest won
        (50_000_049, "jpy", "500,000 jpy"),
        (-1_200_050, "USD", "-12,000.50 USD"),
        (1_200_050, "", "12,000.50 (mixed currencies)"),
    ],
)
def test_each_currency_is_read_with_its_own_decimals(minor: int, currency: str, shown: str) -> None:
    assert money(minor, currency) == shown


def test_a_sheet_s_column_has_no_grouping() -> None:
    assert amount_text(123_456_789, "EUR", grouped=False) == "1234567.89"
    assert amount_text(123_456_789, "JPY", grouped=False) == "1234568"


@pytest.mark.parametrize(
    ("written", "minor"),
    [("1234.56", 123_456), ("12,000.50", 1_200_050), ("500000", 50_000_000), ("0.5", 50)],
)
def test_an_amount_as_a_sheet_writes_it_is_read_in_hundredths(written: str, minor: int) -> None:
    assert minor_of(written) == minor
    assert minor_of(amount_text(minor, "EUR")) == minor  # as FollowUp shows it, too


@pytest.mark.parametrize("written", ["lots", "-5", "1234,56", "1.234", "1,23", "", "12 EUR"])
def test_what_is_no_amount_is_not_read_as_one(written: str) -> None:
    # "1234,56" and "1.234" are a thousand or a thousandth, depending on who wrote them.
    assert minor_of(written) is None


def test_a_currency_code_is_an_iso_4217_one_whatever_its_case() -> None:
    assert [currency_code(c) for c in (" eur", "JPY", "chf", "XOF")] == ["EUR", "JPY", "CHF", "XOF"]
    # Three letters are not enough: no country pays in ABC.
    for not_a_code in ("€", "euro", "ÄÖÜ", "ABC", "XYZ", "EUX"):
        with pytest.raises(ValueError, match="is not a currency code"):
            currency_code(not_a_code)


def test_every_currency_followup_names_is_one_it_takes() -> None:
    named = {*COUNTRY_CURRENCY.values(), *WHOLE_UNITS, FALLBACK}
    assert [code for code in sorted(named) if code not in ISO_4217] == []
