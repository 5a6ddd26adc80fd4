"""The contact list as a CSV sheet: what a rep takes to another program, or back into
FollowUp.

Its columns are the ones FollowUp's import (and Google's and Outlook's) reads into their
fields: "Name", "Company", "Job Title", "E-mail 1 - Value"…, "Phone 1 - Value"…, "Time
Zone", "Notes" (the rep's own). A contact's personal notes, status and deals, which other
programs have no field for, have columns of their own: FollowUp's import makes them the
contact's personal notes, status and deals again (exchange/sheet_status_deals.py),
another program's keeps them as notes.
A number FollowUp could not check goes out as it was typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from followup_desktop.core.model import Contact, ContactStatus, Deal
from followup_desktop.core.money import amount_text

DEAL_PARTS = ("Title", "Value", "Currency", "Stage")


def header(emails: int, phones: int, deals: int) -> list[str]:
    """The sheet's columns for contacts with at most that many e-mails, phones and deals
    (one e-mail and one phone column even when no one has any)."""
    return [
        *("Name", "Company", "Job Title"),
        *(f"E-mail {n} - Value" for n in range(1, max(emails, 1) + 1)),
        *(f"Phone {n} - Value" for n in range(1, max(phones, 1) + 1)),
        *("Time Zone", "Notes", "Personal Notes", "Status"),
        *(f"Deal {n} - {part}" for n in range(1, deals + 1) for part in DEAL_PARTS),
    ]


def _deal_cells(deal: Deal) -> list[object]:
    value = amount_text(deal.value_minor, deal.currency, grouped=False)
    return [deal.title, value, deal.currency, deal.stage.value]


def row(contact: Contact, deals: Sequence[Deal], emails: int, phones: int) -> list[object]:
    """One contact's cells, its lists padded to the sheet's ``emails`` and ``phones``."""
    addresses = [e.address for e in contact.emails]
    numbers = [p.number for p in contact.phones]
    # An active contact is every contact not marked: said by every row, it says nothing.
    status = "" if contact.status is ContactStatus.ACTIVE else contact.status.value
    cells: list[object] = [contact.name, contact.company, contact.title]
    cells += addresses + [""] * (max(emails, 1) - len(addresses))
    cells += numbers + [""] * (max(phones, 1) - len(numbers))
    cells += [contact.time_zone, contact.notes, contact.personal_notes, status]
    for deal in deals:
        cells += _deal_cells(deal)
    return cells


def sheet(
    entries: Iterable[tuple[Contact, Sequence[Deal]]],
) -> tuple[list[str], list[list[object]]]:
    """The header and the rows of ``entries`` (each contact with its deals), in order."""
    listed = list(entries)
    emails = max((len(c.emails) for c, _ in listed), default=0)
    phones = max((len(c.phones) for c, _ in listed), default=0)
    deals = max((len(d) for _, d in listed), default=0)
    rows = [row(contact, owned, emails, phones) for contact, owned in listed]
    return header(emails, phones, deals), rows
