"""A contact changed both in FollowUp and on the rep's phone since the last sync: the two
versions merged field by field against the one both last agreed on, so neither side's
change is lost.

- A field changed on one side only takes that side's value.
- A field changed on both sides to different values takes the newer side's value; the
  other value is returned as a ``Conflict`` (kept in the contact's history and shown).
- Phones and e-mails are sets: what either side added is kept, what either side removed
  (and the other left alone) goes.
- Without the agreed version (a card put before FollowUp kept it), a field that differs
  is a conflict, the lists are joined.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from followup_desktop.core.three_way import merged_set, one_side_changed


class Side(enum.StrEnum):
    HERE = "FollowUp"
    PHONE = "your phone"


@dataclass(frozen=True, slots=True)
class CardFields:
    """What FollowUp and the phone both keep of a contact, compared as FollowUp stores
    it (numbers in E.164 where they could be checked, e-mails normalised)."""

    name: str
    company: str = ""
    title: str = ""
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()


SINGLE = ("name", "company", "title")
LABELS = {"name": "name", "company": "company", "title": "title"}


@dataclass(frozen=True, slots=True)
class Conflict:
    field: str
    kept: str
    lost: str
    kept_from: Side

    def text(self) -> str:
        lost_from = Side.PHONE if self.kept_from is Side.HERE else Side.HERE
        return (
            f"{LABELS[self.field]} changed on both sides: kept {self.kept!r} ({self.kept_from}, "
            f"newer), {lost_from} had {self.lost!r}"
        )


def merge(
    base: CardFields | None, here: CardFields, phone: CardFields, phone_is_newer: bool
) -> tuple[CardFields, list[Conflict]]:
    """The merged fields and what was overruled."""
    values: dict[str, str] = {}
    conflicts: list[Conflict] = []
    for name in SINGLE:
        mine, theirs = getattr(here, name), getattr(phone, name)
        agreed = getattr(base, name) if base is not None else None
        settled = one_side_changed(agreed, mine, theirs)
        if settled is not None:
            values[name] = settled
        else:
            kept, lost = (theirs, mine) if phone_is_newer else (mine, theirs)
            values[name] = kept
            conflicts.append(
                Conflict(name, kept, lost, Side.PHONE if phone_is_newer else Side.HERE)
            )
    return (
        CardFields(
            name=values["name"],
            company=values["company"],
            title=values["title"],
            phones=merged_set(base.phones if base else None, here.phones, phone.phones, str),
            emails=merged_set(
                base.emails if base else None, here.emails, phone.emails, str.casefold
            ),
        ),
        conflicts,
    )
