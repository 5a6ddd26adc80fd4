"""Contacts → Export to CSV…: every contact of the list in one sheet (exchange.contacts_sheet),
written whole or not at all."""

from __future__ import annotations

from pathlib import Path

from followup_desktop.core.model import Contact, Deal
from followup_desktop.exchange.contacts_sheet import sheet
from followup_desktop.exchange.csv_export import write_csv
from followup_desktop.store import contacts_repo, deals_repo
from followup_desktop.store.db import Database

# Contacts read at a time: one query's list of ids stays short.
CHUNK = 500


def _entries(db: Database) -> list[tuple[Contact, list[Deal]]]:
    entries: list[tuple[Contact, list[Deal]]] = []
    with db.reading() as session:
        ids = contacts_repo.listed_ids(session)
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            contacts = contacts_repo.get_many(session, chunk)
            deals = deals_repo.for_contacts(session, chunk)
            entries += [(contacts[i], deals.get(i, [])) for i in chunk if i in contacts]
    return entries


def export_contacts(db: Database, path: Path) -> int:
    """Every contact of the list, with its deals, into the CSV file ``path``; how many."""
    entries = _entries(db)
    header, rows = sheet(entries)
    write_csv(path, header, rows)
    return len(entries)
