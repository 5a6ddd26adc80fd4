"""Three-way merging of one value and of a set of items: two sides that both started from
a version they agreed on (``base``), each maybe changed since. Used where two copies of a
contact meet: the phone's card and FollowUp's (``card_merge``), and two saves of one
contact (``contact_merge``)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

T = TypeVar("T")


def one_side_changed(base: T | None, mine: T, theirs: T) -> T | None:
    """The value when at most one side changed it (or both alike); None when both
    changed it differently, which only the caller can settle."""
    if mine == theirs or theirs == base:
        return mine
    if mine == base:
        return theirs
    return None


def merged_set(
    base: Sequence[T] | None,
    mine: Sequence[T],
    theirs: Sequence[T],
    key: Callable[[T], Hashable],
) -> tuple[T, ...]:
    """What either side added is kept, what either side removed (the other leaving it
    alone) goes; mine first, in order. Without ``base`` both sides are joined."""
    agreed = {key(v) for v in base} if base is not None else set()
    here, there = {key(v) for v in mine}, {key(v) for v in theirs}
    removed = (agreed - here) | (agreed - there)
    merged: dict[Hashable, T] = {}
    for value in (*mine, *theirs):
        folded = key(value)
        if folded not in removed:
            merged.setdefault(folded, value)
    return tuple(merged.values())
