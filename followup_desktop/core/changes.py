"""Change notices: what a write changed, so each view refreshes only what it shows.

A use case that writes says what it touched (``Change``); the window hands the notice to
every view, and each view decides from the areas whether it has anything to show again.
No view reaches into another to refresh it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Area(enum.Flag):
    NONE = 0
    CONTACTS = enum.auto()  # a contact's own details: names, companies, zones, numbers
    AGENDA = enum.auto()  # touches, follow-ups, promises: what is due, and when
    DEALS = enum.auto()  # deals and their stages
    SETTINGS = enum.auto()  # the rep's settings: hours, reminders, wording


EVERY_AREA = Area.CONTACTS | Area.AGENDA | Area.DEALS | Area.SETTINGS


@dataclass(frozen=True, slots=True)
class Change:
    areas: Area
    contact_ids: frozenset[int] = frozenset()  # empty: any contact may have changed

    def concerns(self, areas: Area) -> bool:
        return bool(self.areas & areas)

    def __or__(self, other: Change) -> Change:
        # Either one about any contact makes the whole notice about any contact.
        ids = self.contact_ids | other.contact_ids
        if (self.areas and not self.contact_ids) or (other.areas and not other.contact_ids):
            ids = frozenset()
        return Change(self.areas | other.areas, ids)


NOTHING = Change(Area.NONE)
EVERYTHING = Change(EVERY_AREA)


def about(areas: Area, contact_ids: Iterable[int]) -> Change:
    """A change to ``areas`` of these contacts only."""
    return Change(areas, frozenset(contact_ids))


def logged(contact_id: int) -> Change:
    """A touch logged: the agenda moves, and the contact's attempts and status with it."""
    return about(Area.AGENDA | Area.CONTACTS, (contact_id,))
