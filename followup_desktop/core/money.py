"""Money as the rep reads it: "12,000.00 EUR", "500,000 JPY", the same in the list, Stats
and reports. A deal keeps its value in hundredths of its currency whatever the currency
(the store, the team server and the laptop's kept edits all agree on that), so a
currency without a minor unit is shown and typed in whole units, never with ".00"."""

from __future__ import annotations

import re

# ISO 4217's currencies whose minor unit is 0 (list one of the standard's maintenance
# agency, SIX Group, "Current currency & funds code list", column "Minor unit"). The few
# with three (BHD, KWD, …) keep two here: a deal's size is an estimate, not an invoice.
WHOLE_UNITS = frozenset(
    {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI"}
    | {"VND", "VUV", "XAF", "XOF", "XPF"}
)
HUNDREDTHS = 100
# An amount as written in a sheet: whole units, at most two decimals after a point;
# thousands grouped with commas too, as FollowUp shows them.
_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?|\.[0-9]{1,2}")
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]{1,2})?")


def decimals(currency: str) -> int:
    """The decimals ``currency`` is read with: 0 for JPY, 2 for EUR (and a mixed sum)."""
    return 0 if currency.strip().upper() in WHOLE_UNITS else 2


def amount_text(minor: int, currency: str, *, grouped: bool = True) -> str:
    """``minor`` hundredths as the amount with the currency's decimals: "12,000.50" (EUR),
    "500,000" (JPY); ungrouped ("12000.50") for a spreadsheet's column."""
    # In integers: exact at any size, and no float or ``decimal`` on the first paint.
    whole, part = divmod(abs(minor), HUNDREDTHS)
    if decimals(currency) == 0 and part * 2 >= HUNDREDTHS:
        whole, part = whole + 1, 0  # half a yen and more: the next yen
    sign = "-" if minor < 0 else ""
    units = f"{whole:,}" if grouped else str(whole)
    return f"{sign}{units}" if decimals(currency) == 0 else f"{sign}{units}.{part:02d}"


def minor_units(minor: int, currency: str) -> int:
    """``minor`` hundredths in the currency's own minor unit, as ISO 4217 counts it and
    amount_text shows it: cents for EUR (the same number), yen for JPY (rounded)."""
    if decimals(currency):
        return minor
    whole, part = divmod(abs(minor), HUNDREDTHS)
    whole += part * 2 >= HUNDREDTHS
    return -whole if minor < 0 else whole


def hundredths(units: int, currency: str) -> int:
    """``units`` of the currency's minor unit (minor_units) back in hundredths."""
    return units if decimals(currency) else units * HUNDREDTHS


def money(minor: int, currency: str) -> str:
    """``minor`` hundredths with thousands grouped and the ISO code after; a sum of
    several currencies (``currency`` empty) says so rather than pretend it is one."""
    amount = amount_text(minor, currency)
    return f"{amount} {currency}" if currency else f"{amount} (mixed currencies)"


def minor_of(text: str) -> int | None:
    """An amount as a sheet writes it ("1234.56", "12,000.50", "500000") in hundredths;
    None for anything else: words, a sign, a third decimal, a decimal comma ("1234,56"
    is a thousand or a thousandth depending on who wrote it)."""
    amount = text.strip()
    if _GROUPED.fullmatch(amount):
        amount = amount.replace(",", "")
    if not _PLAIN.fullmatch(amount):
        return None
    whole, _, part = amount.partition(".")
    return int(whole or "0") * HUNDREDTHS + int(part.ljust(2, "0"))
