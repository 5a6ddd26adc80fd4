"""Money as the rep reads it, each currency with its own decimals."""

from __future__ import annotations

import pytest

from followup_desktop.core.money import amount_text, money


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
