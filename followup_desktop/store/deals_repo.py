"""Deals: what each contact may be worth, by stage. The contact list's deal-value column
is kept true here, on every write."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from followup_desktop.core.model import Deal, DealStage
from followup_desktop.store.bulk_insert import insert_tuples, update_tuples
from followup_desktop.store.schema import ContactRow, DealRow

CLOSED_STAGES = (DealStage.WON.value, DealStage.LOST.value)


def _model(row: DealRow) -> Deal:
    return Deal(
        id=row.id,
        contact_id=row.contact_id,
        title=row.title,
        value_minor=row.value_minor,
        currency=row.currency,
        stage=DealStage(row.stage),
    )


def for_contact(session: Session, contact_id: int) -> tuple[Deal, ...]:
    rows = session.scalars(
        select(DealRow).where(DealRow.contact_id == contact_id).order_by(DealRow.id)
    )
    return tuple(_model(row) for row in rows)


def for_contacts(session: Session, contact_ids: Sequence[int]) -> dict[int, list[Deal]]:
    """The deals of each of ``contact_ids`` that has any, oldest first."""
    found: dict[int, list[Deal]] = {}
    rows = session.scalars(
        select(DealRow).where(DealRow.contact_id.in_(list(contact_ids))).order_by(DealRow.id)
    )
    for deal_row in rows:
        found.setdefault(deal_row.contact_id, []).append(_model(deal_row))
    return found


def save(session: Session, deal: Deal, now: datetime) -> int:
    row = session.get(DealRow, deal.id) if deal.id is not None else None
    if row is None:
        row = DealRow(contact_id=deal.contact_id)
        session.add(row)
    row.title = deal.title
    row.value_minor = deal.value_minor
    row.currency = deal.currency
    closing = deal.stage.value in CLOSED_STAGES and row.stage not in CLOSED_STAGES
    row.stage = deal.stage.value
    if closing:
        row.closed_at = now
    elif deal.stage.value not in CLOSED_STAGES:
        row.closed_at = None
    session.flush()
    refresh_open_value(session, deal.contact_id)
    return row.id


def refresh_open_value(session: Session, contact_id: int) -> None:
    """The list's deal columns: the open deals' total, and their currency ("" when
    they are in several)."""
    total, low, high = session.execute(
        select(
            func.coalesce(func.sum(DealRow.value_minor), 0),
            func.min(DealRow.currency),
            func.max(DealRow.currency),
        ).where(DealRow.contact_id == contact_id, DealRow.stage.not_in(CLOSED_STAGES))
    ).one()
    session.execute(
        update(ContactRow)
        .where(ContactRow.id == contact_id)
        .values(
            open_deal_value_minor=int(total or 0),
            open_deal_currency=low if low is not None and low == high else "",
        )
    )


# Contacts a statement in ``refresh_open_values``: well under SQLite's 32,766 variables.
_IDS_A_STATEMENT = 10_000
_IMPORTED_COLUMNS = ("contact_id", "title", "value_minor", "currency", "stage")


def add_imported(session: Session, deals: Sequence[Deal], now: datetime) -> None:
    """Deals an import brought (each with its contact's id), in one statement, and their
    contacts' deal columns; made ``now``. When a closed one was won or lost the sheet
    does not say: it counts in no month's wins."""
    if not deals:
        return
    session.flush()  # straight to the connection below
    rows = [(d.contact_id, d.title, d.value_minor, d.currency, d.stage.value) for d in deals]
    connection = session.connection()
    insert_tuples(connection, DealRow, _IMPORTED_COLUMNS, rows, {"created_at": now})
    refresh_open_values(session, {d.contact_id for d in deals})


def refresh_open_values(session: Session, contact_ids: Iterable[int]) -> None:
    """``refresh_open_value`` for many contacts at once, those with open deals (one whose
    deals were only added to and has none open had none before either)."""
    ids = list(contact_ids)
    for start in range(0, len(ids), _IDS_A_STATEMENT):
        found = session.execute(
            select(
                DealRow.contact_id,
                func.sum(DealRow.value_minor),
                func.min(DealRow.currency),
                func.max(DealRow.currency),
            )
            .where(
                DealRow.contact_id.in_(ids[start : start + _IDS_A_STATEMENT]),
                DealRow.stage.not_in(CLOSED_STAGES),
            )
            .group_by(DealRow.contact_id)
        )
        rows = [
            (contact_id, int(total or 0), low if low == high else "")
            for contact_id, total, low, high in found
        ]
        update_tuples(
            session.connection(),
            ContactRow,
            ("id", "open_deal_value_minor", "open_deal_currency"),
            rows,
        )
