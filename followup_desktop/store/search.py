"""Contact search: FTS5 indexes on SQLite (the plan in ``search_plan``, shared with the
first look at start-up), LIKE elsewhere; and the indexes' upkeep during big imports."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from followup_desktop.core.text_search import query_words
from followup_desktop.store import search_plan
from followup_desktop.store.schema import ContactRow
from followup_desktop.store.search_plan import (
    FTS_TABLE,
    WORDS_TABLE,
    like_pattern,
    register_functions,
)

__all__ = ["FTS_TABLE", "WORDS_TABLE", "register_functions"]

# Page cache while a large import runs (negative: KiB), about 1 KiB a contact at 100k.
BULK_CACHE_KIB = -131072

_CONTACTS = ContactRow.__tablename__

# Created by migrations 0002 and 0003. A batch migration that copies `contacts` drops
# their triggers with the old table: such a migration must create them again.


@contextmanager
def bulk_loading(session: Session) -> Iterator[None]:
    """For large imports: the index triggers are set aside and both indexes rebuilt once
    at the end (when anything was written), 5× faster than row by row. Inside the
    caller's transaction, so a failure rolls the triggers back too. The trigger
    definitions are read from the database, so they stay whatever the migrations made
    them."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    triggers = set_triggers_aside(session)
    # Rows arrive in file order, so every index (name, company, e-mail, phone) is written
    # at random places; once those pages outgrow the default 2 MB cache, SQLite spills
    # dirty pages to the WAL mid-transaction and writes the same pages again and again
    # (100k contacts: 16 s instead of 4). A bigger cache for this one connection, for
    # the length of the import, keeps them in memory until the commit.
    (cache,) = session.execute(text("PRAGMA cache_size")).one()
    session.execute(text(f"PRAGMA cache_size = {BULK_CACHE_KIB}"))
    # Rows inserted, updated or deleted on this connection so far: when the load changed
    # none (the same file imported again), the indexes are still right as they are.
    changes = text("SELECT total_changes()")
    before = session.execute(changes).scalar_one()
    try:
        yield
        session.flush()  # the caller's last changes, while the triggers are still away
        if session.execute(changes).scalar_one() != before:
            rebuild(session)
        put_triggers_back(session, triggers)
    finally:
        # Back to the usual size, also after a failure (never hiding that failure).
        with suppress(SQLAlchemyError):
            session.execute(text(f"PRAGMA cache_size = {int(cache)}"))


def set_triggers_aside(session: Session) -> list[tuple[str, str]]:
    """Drops the index triggers on contacts (inside the caller's transaction), giving
    back their names and definitions (as the migrations made them) to put back."""
    triggers = [
        (str(name), str(sql))
        for name, sql in session.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
            {"t": _CONTACTS},
        )
    ]
    for name, _ in triggers:
        session.execute(text(f'DROP TRIGGER "{name}"'))
    return triggers


def put_triggers_back(session: Session, triggers: list[tuple[str, str]]) -> None:
    for _, sql in triggers:
        session.execute(text(sql))


def rebuild(session: Session) -> None:
    """Both indexes built again from every contact's search text."""
    for table in (FTS_TABLE, WORDS_TABLE):
        session.execute(text(f"INSERT INTO {table}({table}) VALUES ('rebuild')"))


def index_from(session: Session, first_id: int) -> None:
    """The contacts from ``first_id`` on (inserted with the triggers aside) added to
    both indexes, in one statement each."""
    for table in (FTS_TABLE, WORDS_TABLE):
        session.execute(
            text(
                f"INSERT INTO {table}(rowid, search_text)"
                f" SELECT id, search_text FROM {_CONTACTS} WHERE id >= :first"
            ),
            {"first": first_id},
        )


def _like(word: str) -> ColumnElement[bool]:
    return ContactRow.search_text.like(like_pattern(word), escape="\\")


def filter_contacts(
    session: Session, statement: Select[Any], typed: str, *, ordered: bool = True
) -> Select[Any]:
    """``statement`` narrowed to contacts matching ``typed``.

    ``ordered``: the statement reads a page in list order (ORDER BY an indexed column,
    LIMIT), so the plan is chosen for that; otherwise (a count) every match is visited.
    """
    words = query_words(typed)
    if not words:
        return statement
    if session.get_bind().dialect.name != "sqlite":
        return statement.where(*[_like(word) for word in words])
    connection = session.connection()

    def one_row(sql: str, parameters: Sequence[Any]) -> Sequence[Any]:
        # Straight to the driver (SQLite-only SQL anyway): the ORM's statement handling
        # costs more than this query does for most terms.
        return tuple(connection.exec_driver_sql(sql, tuple(parameters)).one())

    condition = search_plan.matching(typed, one_row, ordered=ordered)
    return statement.where(text(condition.sql).bindparams(**condition.parameters))


def match_ids_statement(typed: str) -> Select[Any]:
    """A portable statement selecting the ids of matching contacts (for tests and counts)."""
    return select(ContactRow.id).where(and_(*[_like(word) for word in query_words(typed)]))
