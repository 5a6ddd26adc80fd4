"""A file's deals against the ones a contact has: which to add, which differ.

An import only ever adds to a contact (services/importing.py): a deal of the file that
the contact lacks is added; one it has by the same title, with the same value, currency
and stage, is the same deal (a re-import changes nothing); one it has by that title with
other figures was changed in FollowUp since the file was written, or in the file by hand,
and FollowUp's is kept, the difference said rather than one side silently winning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from followup_desktop.core.model import Deal


@dataclass(frozen=True, slots=True)
class DealsCompared:
    new: list[Deal]  # the file's deals the contact lacks, in the file's order
    differing: list[tuple[Deal, Deal]]  # (the file's, FollowUp's) under one title


def _key(deal: Deal) -> str:
    return " ".join(deal.title.split()).casefold()


def _figures(deal: Deal) -> tuple[int, str, str]:
    return deal.value_minor, deal.currency.upper(), deal.stage.value


def compare_deals(have: Sequence[Deal], incoming: Sequence[Deal]) -> DealsCompared:
    """``incoming`` (a record's deals) against ``have`` (the contact's): each deal of
    ``have`` answers for one of the file's at most, so two "Renewal" deals in the file
    are two deals."""
    unpaired: dict[str, list[Deal]] = {}
    for deal in have:
        unpaired.setdefault(_key(deal), []).append(deal)
    # The same deals first, wherever they stand: only what is left can differ.
    left: list[Deal] = []
    for deal in incoming:
        same_title = unpaired.get(_key(deal), [])
        figures = _figures(deal)
        equal = next((d for d in same_title if _figures(d) == figures), None)
        if equal is None:
            left.append(deal)
        else:
            same_title.remove(equal)
    compared = DealsCompared([], [])
    for deal in left:
        if others := unpaired.get(_key(deal)):
            compared.differing.append((deal, others.pop(0)))
        else:
            compared.new.append(deal)
    return compared
