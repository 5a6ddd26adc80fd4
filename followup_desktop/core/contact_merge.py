"""Two saves of one contact: the rep's edit, made on the copy they opened (``base``), meets
what someone else (a colleague, the address book's sync, an import) saved meanwhile
(``theirs``). Nothing is overwritten unseen:

- a field only they changed takes their value, one only the rep changed keeps the rep's;
- a field both changed differently is a ``Clash`` the rep settles (theirs or mine);
- e-mails and phones are sets: what either side added stays, what either removed goes.

``changes`` lists what they changed, for the rep to read before saving the merge."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import Any

from followup_desktop.core.model import Contact, Email, Phone
from followup_desktop.core.three_way import merged_set, one_side_changed

# The fields a save writes, with the words the rep reads for them.
SINGLE = {
    "name": "Name",
    "company": "Company",
    "title": "Title",
    "time_zone": "Time zone",
    "style": "Style",
    "personal_notes": "Personal notes",
    "notes": "Your notes",
    "status": "Status",
}
LISTS = {"emails": "E-mails", "phones": "Phones"}


@dataclass(frozen=True, slots=True)
class FieldChange:
    """A field someone else changed: shown as it was when the rep opened the contact
    and as it is now."""

    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Clash:
    """A field both changed, each to something else: the rep's choice decides."""

    field: str
    label: str
    mine: str
    theirs: str


@dataclass(frozen=True, slots=True)
class ContactMerge:
    merged: Contact  # the rep's value wherever a clash is
    changes: tuple[FieldChange, ...]
    clashes: tuple[Clash, ...]
    theirs: Contact

    def choosing(self, theirs_for: Collection[str]) -> Contact:
        """The merge with their value in each clashing field named in ``theirs_for``."""
        taken = {c.field: getattr(self.theirs, c.field) for c in self.clashes}
        chosen = {name: value for name, value in taken.items() if name in theirs_for}
        return replace(self.merged, **chosen)


def shown(value: object) -> str:
    """A field's value as the rep reads it."""
    if isinstance(value, list | tuple):
        return ", ".join(shown(item) for item in value) or "(none)"
    if isinstance(value, Email):
        return value.address
    if isinstance(value, Phone):
        return value.number
    text = str(value).replace("_", " ")
    return text if text.strip() else "(empty)"


def merge(base: Contact, mine: Contact, theirs: Contact) -> ContactMerge:
    """``mine`` saved over ``theirs``, both from ``base``. The merge carries their id and
    version, so saving it goes over what is stored now (and is refused again if that
    changed too)."""
    values: dict[str, Any] = {}
    changes: list[FieldChange] = []
    clashes: list[Clash] = []
    for name, label in (*SINGLE.items(), *LISTS.items()):
        before, here, there = getattr(base, name), getattr(mine, name), getattr(theirs, name)
        if there != before:
            changes.append(FieldChange(name, label, shown(before), shown(there)))
        if name in LISTS:
            key = _email_key if name == "emails" else _phone_key
            values[name] = list(merged_set(before, here, there, key))
            continue
        settled = one_side_changed(before, here, there)
        if settled is None:
            clashes.append(Clash(name, label, shown(here), shown(there)))
            settled = here
        values[name] = settled
    merged = replace(mine, **values, id=theirs.id, version=theirs.version)
    return ContactMerge(merged, tuple(changes), tuple(clashes), theirs)


def _email_key(email: Email) -> str:
    return email.address.casefold()


def _phone_key(phone: Phone) -> str:
    return phone.number


def changed_fields(changes: Sequence[FieldChange]) -> str:
    """What they changed, in a sentence: "company and phones"."""
    labels = [c.label.lower() for c in changes]
    if len(labels) < 2:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]
