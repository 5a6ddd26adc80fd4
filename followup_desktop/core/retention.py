"""Which backups to keep: the newest of each of the last N days, weeks and months."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Retention:
    daily: int = 7
    weekly: int = 4
    monthly: int = 6


def _newest_per_period(
    items: list[tuple[datetime, T]], period: Callable[[datetime], Hashable], count: int
) -> set[int]:
    kept: set[int] = set()
    seen: list[Hashable] = []
    for index, (taken, _) in enumerate(items):  # items are newest first
        key = period(taken)
        if key in seen:
            continue
        if len(seen) >= count:
            break
        seen.append(key)
        kept.add(index)
    return kept


def to_keep(backups: Iterable[tuple[datetime, T]], policy: Retention) -> list[T]:
    """The backups a rotation keeps; the newest is always among them."""
    items = sorted(backups, key=lambda pair: pair[0], reverse=True)
    if not items:
        return []
    keep = {0}
    keep |= _newest_per_period(items, lambda t: t.date(), policy.daily)
    keep |= _newest_per_period(items, lambda t: t.isocalendar()[:2], policy.weekly)
    keep |= _newest_per_period(items, lambda t: (t.year, t.month), policy.monthly)
    return [items[index][1] for index in sorted(keep)]
