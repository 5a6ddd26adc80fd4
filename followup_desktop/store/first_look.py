"""The first look at a SQLite store, through the standard library's sqlite3 alone.

Start-up paints the Today view from this while SQLAlchemy (a third of a second to import
on a modest laptop) loads and the store opens for real: the rep sees their day at about
the cost of a bare window. Read-only by construction (``mode=ro``: it never creates the
database, migrates or writes it), and only for a store already at this code's schema
revision; anything else (no file, an older or newer schema, a damaged file) answers
``None`` and start-up takes the ordinary path. The statements are the ones
``followups_repo.due_between`` and ``count_due`` run, and a test holds the two readers
to the same rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from followup_desktop.core.model import ContactSort, ContactSummary, FollowUp, FollowUpState
from followup_desktop.store.plain_rows import sort_value, summary, with_contact
from followup_desktop.store.schema_revision import HEAD

if TYPE_CHECKING:
    from followup_desktop.store import search_plan

_DUE = (
    "FROM follow_ups f JOIN contacts c ON c.id = f.contact_id "
    "WHERE f.state = :open AND f.due_at < :end AND c.deleted_at IS NULL"
)


# ``contacts_repo``'s list: its columns, and the column each order sorts on.
_SUMMARY = (
    "contacts.id, contacts.name, contacts.company, contacts.next_follow_up_at, "
    "contacts.attempts, contacts.open_deal_value_minor, contacts.marks, "
    "contacts.open_deal_currency, contacts.owner"
)
_SORT_COLUMNS = {
    ContactSort.NAME: "contacts.sort_name",
    ContactSort.COMPANY: "contacts.company",
    ContactSort.NEXT_FOLLOW_UP: "contacts.next_follow_up_at",
    ContactSort.ATTEMPTS: "contacts.attempts",
    ContactSort.DEAL_VALUE: "contacts.open_deal_value_minor",
    ContactSort.OWNER: "contacts.owner",
}


def stamp(instant: datetime) -> str:
    # As SQLAlchemy binds a UTC time for SQLite: naive UTC, always with microseconds
    # (the comparison with stored text is lexical, so the form must match).
    return instant.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


class FirstLook:
    """One read-only connection; use as a context manager, which reads in one transaction
    (every statement sees the file as it was at the first, as the store's own reads do)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._searches = False  # the search's SQL functions registered (``_matching``)

    @classmethod
    def open(cls, database: Path) -> Self | None:
        if not database.is_file():
            return None
        try:
            connection = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error:
            return None
        try:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.Error:
            revision = None
        if revision is None or revision[0] != HEAD:
            connection.close()
            return None
        return cls(connection)

    def __enter__(self) -> Self:
        # sqlite3 begins no transaction for a SELECT: each would see its own moment.
        self._connection.execute("BEGIN")
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._connection.close()

    def settings(self) -> dict[str, str]:
        return dict(self._connection.execute("SELECT key, value FROM settings").fetchall())

    def due_between(
        self, start: datetime | None, end: datetime, limit: int
    ) -> list[tuple[FollowUp, str, str, str]]:
        """``followups_repo.due_between``: open follow-ups due before ``end`` (and from
        ``start``) with their contact's name, company and zone, in agenda order."""
        where, parameters = self._where(start, end)
        rows = self._connection.execute(
            "SELECT f.id, f.contact_id, f.kind, f.step, f.due_at, f.objective, f.agreed, "
            f"f.attempt, c.name, c.company, c.time_zone {where} "
            "ORDER BY f.due_at, f.contact_id, f.id LIMIT :limit",
            {**parameters, "limit": limit},
        )
        return [_with_contact(row) for row in rows]

    def count_due(self, start: datetime | None, end: datetime, limit: int) -> int:
        """``followups_repo.count_due``: how many ``due_between`` would list, up to ``limit``."""
        if start is not None and start >= end:
            return 0
        where, parameters = self._where(start, end)
        row = self._connection.execute(
            f"SELECT count(*) FROM (SELECT f.id {where} LIMIT :limit)",
            {**parameters, "limit": limit},
        ).fetchone()
        return int(row[0]) if row else 0

    # The contact list, as ``contacts_repo`` reads it on a file --------------------------
    def page(
        self,
        typed: str = "",
        sort: ContactSort = ContactSort.NAME,
        descending: bool = False,
        after: ContactSummary | None = None,
        limit: int = 200,
    ) -> list[ContactSummary]:
        """``contacts_repo.page``: one page of the list, after the row ``after``."""
        column = _SORT_COLUMNS[sort]
        matching = self._matching(typed, ordered=True)
        where, parameters = [f"({matching.sql})"], dict(matching.parameters)
        if after is not None:
            value = sort_value(after, sort)
            if isinstance(value, datetime):
                value = stamp(value)
            where.append(_after(column, value is None, descending))
            parameters.update(after_value=value, after_id=after.id)
        order = "DESC NULLS LAST" if descending else "ASC NULLS FIRST"
        rows = self._connection.execute(
            f"SELECT {_SUMMARY} FROM contacts WHERE contacts.deleted_at IS NULL "
            f"AND {' AND '.join(where)} "
            f"ORDER BY {column} {order}, contacts.id {'DESC' if descending else 'ASC'} "
            "LIMIT :limit",
            {**parameters, "limit": limit},
        )
        return [_summary(row) for row in rows]

    def summaries(self, ids: Sequence[int]) -> list[ContactSummary]:
        """``contacts_repo.summaries``: the list's columns for these live contacts."""
        marks = ", ".join("?" * len(ids))
        rows = self._connection.execute(
            f"SELECT {_SUMMARY} FROM contacts "
            f"WHERE contacts.id IN ({marks}) AND contacts.deleted_at IS NULL",
            list(ids),
        )
        return [_summary(row) for row in rows]

    def count(self, typed: str = "") -> int:
        """``contacts_repo.count``: how many live contacts match ``typed``."""
        matching = self._matching(typed, ordered=False)
        row = self._connection.execute(
            "SELECT count(contacts.id) FROM contacts "
            f"WHERE contacts.deleted_at IS NULL AND ({matching.sql})",
            matching.parameters,
        ).fetchone()
        return int(row[0]) if row else 0

    def _matching(self, typed: str, *, ordered: bool) -> search_plan.Condition:
        # Only a search needs them, and no search comes before the first paint.
        from followup_desktop.store import search_plan

        connection = self._connection
        if not self._searches:
            search_plan.register_functions(connection)
            self._searches = True

        def one_row(sql: str, parameters: Sequence[Any]) -> Sequence[Any]:
            return tuple(connection.execute(sql, tuple(parameters)).fetchone() or ())

        return search_plan.matching(typed, one_row, ordered=ordered)

    @staticmethod
    def _where(start: datetime | None, end: datetime) -> tuple[str, dict[str, object]]:
        parameters: dict[str, object] = {"open": FollowUpState.OPEN.value, "end": stamp(end)}
        if start is None:
            return _DUE, parameters
        return f"{_DUE} AND f.due_at >= :start", {**parameters, "start": stamp(start)}


def _with_contact(row: tuple[Any, ...]) -> tuple[FollowUp, str, str, str]:
    # sqlite3 hands back the stored text and integers that SQLAlchemy's column types
    # would have turned into an aware time and a flag.
    return with_contact((*row[:4], _utc(row[4]), row[5], bool(row[6]), *row[7:]))


def _summary(row: tuple[Any, ...]) -> ContactSummary:
    # The next follow-up as sqlite3 hands it back: stored text, naive UTC.
    contact_id, name, company, due, attempts, deal, marks, currency, owner = row
    moment = None if due is None else _utc(due)
    return summary(contact_id, name, company, moment, attempts, deal, marks, currency, owner)


def _utc(stored: str) -> datetime:
    return datetime.fromisoformat(stored).replace(tzinfo=UTC)


def _after(column: str, empty: bool, descending: bool) -> str:
    """``contacts_repo._after`` in SQL: rows after (``:after_value``, ``:after_id``) in
    list order; empty values (NULL) sort first ascending, last descending."""
    row = f"({column}, contacts.id)"
    if not descending:
        if empty:
            return f"(({column} IS NULL AND contacts.id > :after_id) OR {column} IS NOT NULL)"
        return f"{row} > (:after_value, :after_id)"
    if empty:
        return f"({column} IS NULL AND contacts.id < :after_id)"
    return f"({row} < (:after_value, :after_id) OR {column} IS NULL)"
