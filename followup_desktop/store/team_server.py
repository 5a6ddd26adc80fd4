"""A team's shared store on one PostgreSQL server: opened only at the schema this version
reads and writes, brought up to it on purpose (``followup db migrate``), and filled from
a rep's own file (``followup db copy``), checked row for row before it is committed.

A server is never migrated by merely opening it: several reps' apps of several versions
may reach it, and the one that migrates should be an admin's deliberate act, not the
first laptop to be updated.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from followup_desktop.store import migrate
from followup_desktop.store.db import Database, StoreUnavailable, make_engine
from followup_desktop.store.schema import Base, ContactRow

COPY_CHUNK = 2_000


class SchemaMismatch(StoreUnavailable):
    """The server's schema is not the one this version reads and writes."""


def describe(url: str) -> str:
    """The server as the rep may see it: never its password."""
    return make_url(url).render_as_string(hide_password=True)


def host_and_user(url: str) -> tuple[str, str]:
    parsed = make_url(url)
    return parsed.host or "", parsed.username or ""


def with_password(url: str, password: Callable[[str, str], str | None]) -> str:
    """``url`` with ``password(host, user)`` when it names a user and a host but no
    password of its own (else as it is)."""
    parsed = make_url(url)
    if not parsed.username or parsed.password or not parsed.host:
        return url
    found = password(parsed.host, parsed.username)
    if not found:
        return url
    return parsed.set(password=found).render_as_string(hide_password=False)


def open_team(url: str) -> Database:
    """The team's store at ``url``; SchemaMismatch (in plain words) unless its schema is
    exactly this version's, StoreUnavailable when it cannot be reached."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            current = migrate.current_revision(connection)
    except DBAPIError as error:
        engine.dispose()
        raise StoreUnavailable(
            f"cannot reach the team server {describe(url)}: {_reason(error)}"
        ) from None
    if current != migrate.HEAD:
        engine.dispose()
        raise SchemaMismatch(_mismatch(url, current))
    return Database(engine)


def _mismatch(url: str, current: str | None) -> str:
    where = f"the team server {describe(url)}"
    if current is None:
        return f"{where} holds no FollowUp data yet: an admin runs `followup --database URL db migrate`"
    if current in migrate.known_revisions():
        return (
            f"{where} is at schema {current}, older than this FollowUp's {migrate.HEAD}: "
            "an admin runs `followup --database URL db migrate` (every rep then updates)"
        )
    return (
        f"{where} is at schema {current}, newer than this FollowUp understands "
        f"({migrate.HEAD}): update FollowUp before using it"
    )


def migrate_team(url: str) -> tuple[str | None, str]:
    """Bring the server's schema up to this version's: (before, after). Refuses a schema
    newer than this version knows (an older FollowUp never downgrades a team)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            before = migrate.current_revision(connection)
        if before is not None and before not in migrate.known_revisions():
            raise SchemaMismatch(_mismatch(url, before))
        if before != migrate.HEAD:
            migrate.upgrade(engine)
        return before, migrate.HEAD
    except DBAPIError as error:
        raise StoreUnavailable(f"cannot migrate {describe(url)}: {_reason(error)}") from None
    finally:
        engine.dispose()


@dataclass(frozen=True, slots=True)
class CopyReport:
    rows: dict[str, int]  # by table, as copied and checked

    @property
    def contacts(self) -> int:
        return self.rows.get(ContactRow.__tablename__, 0)


class CopyRefused(Exception):
    """The copy was not made; the message says why (nothing changed anywhere)."""


def copy_store(source: Database, target: Database) -> CopyReport:
    """Every row of every table of ``source`` into ``target`` (empty, at the same schema),
    in one transaction, checked row for row (each table's rows read back and compared
    with the source's by a digest of their values) before it commits. The source is
    only read. CopyRefused when the target is not empty or the check finds a difference."""
    tables = [t for t in Base.metadata.sorted_tables]
    with source.engine.connect() as reading, target.engine.begin() as writing:
        if writing.execute(select(func.count()).select_from(ContactRow)).scalar():
            raise CopyRefused(
                "the target already holds contacts: nothing was copied (a copy goes "
                "into an empty store only, so nobody's data is mixed or overwritten)"
            )
        for table in reversed(tables):  # settings and seeds made at opening go
            writing.execute(table.delete())
        copied: dict[str, int] = {}
        for table in tables:
            copied[table.name] = _copy_table(reading, writing, table)
        if writing.dialect.name == "postgresql":
            _restart_sequences(writing, tables)
        for table in tables:
            if _digest(reading, table) != _digest(writing, table):
                raise CopyRefused(
                    f"the copy of {table.name} differs from the source: nothing was "
                    "copied (the target is as it was)"
                )
    return CopyReport(copied)


def _copy_table(reading: Connection, writing: Connection, table: Table) -> int:
    count = 0
    for chunk in _chunks(reading.execute(select(table)).mappings()):
        writing.execute(table.insert(), chunk)
        count += len(chunk)
    return count


def _chunks(rows: Any) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(dict(row))
        if len(chunk) >= COPY_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _restart_sequences(writing: Connection, tables: list[Table]) -> None:
    """Ids came with the rows: each serial sequence goes past the largest, so the next
    row a rep adds on the server gets a fresh id."""
    for table in tables:
        key = table.c.get("id")
        if key is None or not key.autoincrement or len(table.primary_key.columns) != 1:
            continue
        writing.execute(
            text(
                "SELECT setval(pg_get_serial_sequence(:table, 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            ),
            {"table": table.name},
        )


def _digest(connection: Connection, table: Table) -> str:
    """A digest of the table's rows in key order, each value as both databases give it
    back (times as UTC instants, so SQLite's and PostgreSQL's forms compare)."""
    keys = list(table.primary_key.columns) or list(table.columns)
    digest = hashlib.sha256()
    for row in connection.execute(select(table).order_by(*keys)):
        digest.update(repr(tuple(_plain(value) for value in row)).encode())
    return digest.hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _reason(error: DBAPIError) -> str:
    first = str(error.orig or error).strip().splitlines()
    return first[0] if first else type(error).__name__
