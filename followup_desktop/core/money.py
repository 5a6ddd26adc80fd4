"""Money as the rep reads it: "12,000.00 EUR", the same in the list, Stats and reports."""

from __future__ import annotations


def money(minor: int, currency: str) -> str:
    """``minor`` units (cents) with thousands grouped and the ISO code after; a sum of
    several currencies (``currency`` empty) says so rather than pretend it is one."""
    amount = f"{minor / 100:,.2f}"
    return f"{amount} {currency}" if currency else f"{amount} (mixed currencies)"
