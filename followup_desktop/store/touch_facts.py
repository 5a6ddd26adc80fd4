"""Keeps the per-contact and per-touch facts of ``core.touch_facts`` true: for one contact
in the transaction that writes its touch, or for the whole store at once (the migration
that added them, the benchmark generator, and the tests' from-scratch comparison).

Both paths read the touches in the same SQL order, (at, id), and hand them to the same
pure function, so a rebuilt store and a store kept touch by touch hold the same facts.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, text, update
from sqlalchemy.orm import Session

from followup_desktop.core import touch_facts
from followup_desktop.core.touch_facts import ContactFacts
from followup_desktop.store.schema import ContactRow, TouchRow

DEFAULT = ContactFacts()
# The contact columns that hold ContactFacts, in its field order.
CONTACT_COLUMNS = (
    "attempts_before_connection",
    "outreach",
    "voicemail_run",
    "answered_runs",
    "visits",
)


def _values(facts: ContactFacts) -> dict[str, Any]:
    return {name: getattr(facts, name) for name in CONTACT_COLUMNS}


def refresh(session: Session, contact_id: int) -> None:
    """Recompute one contact's facts from its touches (a few dozen rows through the
    (contact_id, at) index); rewrite only the touches whose gap changed, usually the one
    before the touch just logged."""
    rows = session.execute(
        select(TouchRow.id, TouchRow.outcome, TouchRow.at, TouchRow.next_touch_us)
        .where(TouchRow.contact_id == contact_id)
        .order_by(TouchRow.at, TouchRow.id)
    ).all()
    facts = touch_facts.of([(outcome, at) for _, outcome, at, _ in rows])
    changed = [
        {"id": id_, "next_touch_us": gap}
        for (id_, _, _, old), gap in zip(rows, facts.next_touch_us, strict=True)
        if old != gap
    ]
    if changed:
        session.execute(update(TouchRow), changed)
    session.execute(
        update(ContactRow)
        .where(ContactRow.id == contact_id)
        # Derived data, not an edit: leave the contact's updated_at as it was.
        .values(updated_at=ContactRow.updated_at, **_values(facts.contact))
        .execution_options(synchronize_session=False)
    )


def _by_contact(connection: Connection) -> Iterator[tuple[int, list[tuple[int, str, Any]]]]:
    """Every touch as (id, outcome, at), grouped by contact, each group in (at, id)
    order, streamed (bounded memory)."""
    # SQLite would walk the (contact_id, at) index and fetch each row from wherever it
    # lies in the table: twice as slow at 1,000,000 touches as one scan and a sort.
    hint = " NOT INDEXED" if connection.dialect.name == "sqlite" else ""
    # Streamed for this statement only (Connection.execution_options would change the
    # connection for every statement after it).
    result = connection.exec_driver_sql(
        f"SELECT contact_id, id, outcome, at FROM touches{hint} ORDER BY contact_id, at, id",
        execution_options={"yield_per": 10_000},
    )
    current: int | None = None
    group: list[tuple[int, str, Any]] = []
    for rows in result.partitions(10_000):
        for contact_id, id_, outcome, at in rows:
            if contact_id != current:
                if current is not None:
                    yield current, group
                current, group = contact_id, []
            group.append((id_, outcome, at))
    if current is not None:
        yield current, group


def _instant(value: Any) -> datetime:
    # SQLite hands back its naive-UTC text, PostgreSQL aware datetimes; only differences
    # between instants of one contact are used, so either works unchanged.
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def rebuild(connection: Connection, *, fresh: bool = False) -> None:
    """Recompute every contact's and touch's facts from the touches alone, in one
    ordered pass. ``fresh``: the columns were just added and hold their defaults, so
    only what differs from them is written."""
    if not fresh:
        _reset(connection)
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    # Driver-level executemany: the 300,000 rows of a big store skip SQLAlchemy's
    # per-row parameter processing (seconds of a migration).
    set_gap = f"UPDATE touches SET next_touch_us = {mark} WHERE id = {mark}"
    assignments = ", ".join(f"{name} = {mark}" for name in CONTACT_COLUMNS)
    set_facts = f"UPDATE contacts SET {assignments} WHERE id = {mark}"
    gaps: list[tuple[int, int]] = []
    contacts: list[tuple[Any, ...]] = []
    for contact_id, group in _by_contact(connection):
        facts = touch_facts.of([(outcome, _instant(at)) for _, outcome, at in group])
        gaps += (
            (gap, id_)
            for (id_, _, _), gap in zip(group, facts.next_touch_us, strict=True)
            if gap is not None
        )
        if facts.contact != DEFAULT:
            contacts.append((*_values(facts.contact).values(), contact_id))
    # Written after reading, in row order: pages are visited once, not once per contact
    # (a third of a million small tuples: tens of MB at 1,000,000 touches).
    gaps.sort(key=lambda row: row[1])
    if gaps:
        connection.exec_driver_sql(set_gap, gaps)
    if contacts:
        connection.exec_driver_sql(set_facts, contacts)


def _reset(connection: Connection) -> None:
    connection.execute(
        text("UPDATE touches SET next_touch_us = NULL WHERE next_touch_us IS NOT NULL")
    )
    assignments = ", ".join(f"{name} = :{name}" for name in CONTACT_COLUMNS)
    connection.execute(
        text(
            f"UPDATE contacts SET {assignments} WHERE attempts_before_connection IS NOT NULL "
            "OR outreach != 0 OR voicemail_run != 0 OR answered_runs != 0 OR visits != 0"
        ),
        _values(DEFAULT),
    )
