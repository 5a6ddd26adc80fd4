"""A team's shared store on one PostgreSQL server: opened only at the schema this version
reads and writes, brought up to it on purpose (``followup db migrate``), and filled from
a rep's own file (``followup db copy``), checked row for row before it is committed.

A server is never migrated by merely opening it: several reps' apps of several versions
may reach it, and the one that migrates should be an admin's deliberate act, not the
first laptop to be updated.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from followup_desktop.store import login_refusals, migrate
from followup_desktop.store.db import (
    Database,
    PasswordRefused,
    ServerAway,
    StoreUnavailable,
    make_engine,
)
from followup_desktop.store.schema import Base, ContactRow, RepRow
from followup_desktop.store.team_login import TeamLogin

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


def carries_password(url: str) -> bool:
    """``url`` has a password of its own: the keyring's is not looked up for it."""
    return bool(make_url(url).password)


def with_new_password(url: str, password: str) -> str:
    """``url`` with ``password``, in place of any it has: one the rep has just typed."""
    return make_url(url).set(password=password).render_as_string(hide_password=False)


# A server that answers while starting, stopping or full: it will take the login later.
_PASSING = (
    "the database system is",  # starting up, shutting down, in recovery mode
    "accepting connections",
    "too many clients",
    "remaining connection slots",
)
# What a server's answer about encryption means: its TLS and the login's choice disagree.
_TLS = ("SSL", "certificate")


def _refused(error: DBAPIError) -> bool:
    """The server answered the login with a refusal (a wrong password, an unknown login or
    database, TLS it does not offer or a certificate that does not hold), which trying
    again will not change. psycopg gives a failed connection no SQLSTATE; the server's
    own refusal is the message it sent, marked FATAL."""
    said = str(error.orig)
    if any(passing in said for passing in _PASSING):
        return False
    return "FATAL:" in said or any(word in said for word in _TLS)


def open_team(url: str) -> Database:
    """The team's store at ``url``; SchemaMismatch (in plain words) unless its schema is
    exactly this version's, ServerAway when it does not answer, PasswordRefused when it
    refuses the password (or the login), StoreUnavailable when it refuses otherwise (TLS,
    a certificate, a database it does not have)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            current = migrate.current_revision(connection)
    except DBAPIError as error:
        engine.dispose()
        if _refused(error):
            if login_refusals.refuses_password(str(error.orig or error)):
                raise PasswordRefused(_refusal(url, error)) from None
            raise StoreUnavailable(_refusal(url, error)) from None
        raise ServerAway(
            f"cannot reach the team server {describe(url)}: {_reason(error)}"
        ) from None
    if current != migrate.HEAD:
        engine.dispose()
        raise SchemaMismatch(_mismatch(url, current))
    database = Database(engine)
    database.team_login = TeamLogin(engine)
    return database


def _refusal(url: str, error: DBAPIError) -> str:
    """The server's refusal in words the rep can act on, else as libpq said it."""
    parsed = make_url(url)
    words = login_refusals.said(str(error.orig or error), parsed.host or "", parsed.username or "")
    return words or f"cannot reach the team server {describe(url)}: {_reason(error)}"


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


# A rep's login: what PostgreSQL takes unquoted, so it reads the same in psql and here.
_LOGIN = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_RESERVED = {"followup_rep", "followup_manager", "postgres", "public"}


class RepRefused(ValueError):
    """The rep was not added; the message says why (nothing changed)."""


def add_rep(url: str, login: str, name: str, password: str, manager: bool) -> bool:
    """A login for a rep on the team server at ``url`` (its password set again when the
    login exists), granted ``followup_rep`` (and ``followup_manager``), and named in
    ``reps``; True when the login was made. Run by the admin who migrated the server."""
    if not _LOGIN.fullmatch(login) or login in _RESERVED:
        raise RepRefused(
            f"{login!r} cannot be a rep's login: lower-case letters, digits and _ "
            "(a letter or _ first), and not one of FollowUp's own roles"
        )
    if not password:
        raise RepRefused("no password was given: nobody was added")
    from psycopg import sql

    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            if migrate.current_revision(connection) != migrate.HEAD:
                raise SchemaMismatch(_mismatch(url, migrate.current_revision(connection)))
            made = not connection.execute(
                text("SELECT 1 FROM pg_roles WHERE rolname = :login"), {"login": login}
            ).first()
            raw = connection.connection.driver_connection
            assert raw is not None
            # A role and its password cannot be bound parameters: quoted by psycopg.
            verb = sql.SQL("CREATE ROLE" if made else "ALTER ROLE")
            raw.execute(
                sql.SQL("{} {} LOGIN PASSWORD {}").format(
                    verb, sql.Identifier(login), sql.Literal(password)
                )
            )
            roles = ["followup_rep", *(["followup_manager"] if manager else [])]
            for role in roles:
                raw.execute(
                    sql.SQL("GRANT {} TO {}").format(sql.Identifier(role), sql.Identifier(login))
                )
            if not manager:
                raw.execute(
                    sql.SQL("REVOKE followup_manager FROM {}").format(sql.Identifier(login))
                )
            connection.execute(
                text(
                    "INSERT INTO reps (login, name, created_at) VALUES (:login, :name, :now) "
                    "ON CONFLICT (login) DO UPDATE SET name = EXCLUDED.name"
                ),
                {"login": login, "name": name, "now": datetime.now(UTC)},
            )
    except DBAPIError as error:
        raise StoreUnavailable(f"cannot add {login} on {describe(url)}: {_reason(error)}") from None
    finally:
        engine.dispose()
    return made


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
    # The reps are the server's own (its logins), not part of a book: a copy onto the
    # server keeps them, and a book copied back has none.
    tables = [t for t in Base.metadata.sorted_tables if t is not RepRow.__table__]
    with source.engine.connect() as reading, target.engine.begin() as writing:
        if writing.dialect.name == "postgresql" and not _bound_by_no_rule(writing):
            raise CopyRefused(
                "a book is copied onto a team server by its admin (the login that migrated "
                "it): a rep's login sees only its own rows, so it could not check the "
                "server is empty. Nothing was copied"
            )
        if writing.execute(select(func.count()).select_from(ContactRow)).scalar():
            raise CopyRefused(
                "the target already holds contacts: nothing was copied (a copy goes "
                "into an empty store only, so nobody's data is mixed or overwritten)"
            )
        for table in reversed(tables):  # settings and seeds made at opening go
            writing.execute(table.delete())
        # A file's contacts have no owner: on a server they become the copying login's.
        fills = {ContactRow.__tablename__: _owner_fill(writing)}
        copied: dict[str, int] = {}
        for table in tables:
            copied[table.name] = _copy_table(reading, writing, table, fills.get(table.name))
        if writing.dialect.name == "postgresql":
            _restart_sequences(writing, tables)
        for table in tables:
            if _digest(reading, table, fills.get(table.name)) != _digest(writing, table):
                raise CopyRefused(
                    f"the copy of {table.name} differs from the source: nothing was "
                    "copied (the target is as it was)"
                )
    return CopyReport(copied)


def _bound_by_no_rule(connection: Connection) -> bool:
    """The login owns the tables (the admin who migrated) or is a superuser: the server's
    row rules (migration 0014) do not narrow what it sees."""
    return bool(
        connection.execute(
            text(
                "SELECT pg_has_role(current_user, tableowner, 'MEMBER') "
                "OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
                "FROM pg_tables WHERE schemaname = 'public' AND tablename = 'contacts'"
            )
        ).scalar()
    )


def _owner_fill(writing: Connection) -> dict[str, Any]:
    if writing.dialect.name != "postgresql":
        return {}
    return {"owner": writing.execute(text("SELECT current_user")).scalar_one()}


def _filled(row: dict[str, Any], fill: dict[str, Any] | None) -> dict[str, Any]:
    """``row`` with ``fill``'s values where it has none."""
    if fill:
        row.update({key: value for key, value in fill.items() if row.get(key) is None})
    return row


def _copy_table(
    reading: Connection, writing: Connection, table: Table, fill: dict[str, Any] | None
) -> int:
    count = 0
    for chunk in _chunks(reading.execute(select(table)).mappings()):
        chunk = [_filled(row, fill) for row in chunk]
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
        # An integer key with a sequence ("auto" is also set on a text key like a UUID's).
        key = table.autoincrement_column
        if key is None or key.name != "id":
            continue
        writing.execute(
            text(
                "SELECT setval(pg_get_serial_sequence(:table, 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            ),
            {"table": table.name},
        )


def _digest(connection: Connection, table: Table, fill: dict[str, Any] | None = None) -> str:
    """A digest of the table's rows in key order, each value as both databases give it
    back (times as UTC instants, so SQLite's and PostgreSQL's forms compare), with
    ``fill``'s values where a row has none (as the copy wrote them)."""
    keys = list(table.primary_key.columns) or list(table.columns)
    digest = hashlib.sha256()
    for row in connection.execute(select(table).order_by(*keys)).mappings():
        values = _filled(dict(row), fill).values()
        digest.update(repr(tuple(_plain(value) for value in values)).encode())
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
