"""Opening the store: engine, connection settings, migrations at start-up.

SQLite runs in WAL mode (readers never block the writer) with ``synchronous=FULL`` (a
commit that returned survives a power cut) and foreign keys on. pysqlite's own implicit
transactions are switched off and replaced by explicit BEGINs, so every unit of work,
DDL included, commits or rolls back whole.

One writer: every write goes through ``Database.writing()``, which serialises writers
inside the process and opens its transaction with ``BEGIN IMMEDIATE``: the write lock is
taken up front, so a writer in another process (an import, a script, the tray app) makes
it wait its turn (up to ``BUSY_TIMEOUT_MS``) instead of failing at once, as a deferred
``BEGIN`` that later upgrades to a write does. Readers use ``Database.reading()`` (a
deferred ``BEGIN``: they never wait for writers) and may run on any thread.

SQL parameters (names, e-mails, notes) never appear in an error's text or the log: the
engine hides them (``hide_parameters``).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from followup_desktop.store import migrate, search, write_check, write_guard, writer_turns
from followup_desktop.store.backup import backup_database, folder_is_writable, new_backup_path

if TYPE_CHECKING:
    from followup_desktop.store.team_login import TeamLogin

log = logging.getLogger(__name__)

# How long a write waits for another writer (a 100k import holds the lock for seconds).
BUSY_TIMEOUT_MS = 60_000
WRITE = migrate.WRITE
# A write transaction whose commit need not reach the disk at once (a segment of a large
# import, which is taken back if cut): the next synced commit syncs it too.
UNSYNCED = "followup_unsynced"

# The open unit of work a service hands from one store call to the next: services name it
# by this alias and never import SQLAlchemy themselves.
StoreSession = Session


class StoreUnavailable(Exception):
    """The database cannot be opened or migrated; the message is for the rep."""


class ServerAway(StoreUnavailable):
    """The team server did not answer (down, unreachable, shutting down): worth trying
    again, unlike a refused login or another schema."""


class PasswordRefused(StoreUnavailable):
    """The team server refused the login's password (changed on the server, or a login
    it does not know): only another password will do, and the same one tried again
    counts towards the server's lock-out."""


class NewerStore(StoreUnavailable):
    """The file was written by a later FollowUp: its schema is one this version has no
    script for. The message says so and what to do (update FollowUp)."""


class StoreDamaged(Exception):
    """The quick check before the first write failed: nothing is written into the file.
    The message is for the rep."""


def _sqlite_on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # Take transaction control away from pysqlite: SQLAlchemy's "begin" hook issues BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    search.register_functions(dbapi_connection)


# A server's parallel workers take ~5 ms to start on a busy server, more than the desk's
# reads (a screenful of Today, a count capped at 500) take alone: only the big sums (a
# manager's numbers over a million rows) are worth them. PostgreSQL's default is 1000.
PARALLEL_SETUP_COST = 20_000


def _server_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # A statement, not the connection's options: a pooler (PgBouncer) refuses those, and
    # they would replace any the rep's URL gives.
    with dbapi_connection.cursor() as cursor:
        cursor.execute(f"SET parallel_setup_cost = {PARALLEL_SETUP_COST}")
    dbapi_connection.commit()


def make_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
        event.listen(engine, "connect", _server_on_connect)
        return engine
    engine = create_engine(url, connect_args={"check_same_thread": False}, hide_parameters=True)
    event.listen(engine, "connect", _sqlite_on_connect)

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        options = connection.get_execution_options()
        if options.get(WRITE, False):
            raw = connection.connection.driver_connection
            # Set per transaction (SQLite refuses it inside one): FULL, a commit that
            # returned survives a power cut, unless this writer said it need not.
            raw.execute(f"PRAGMA synchronous = {'NORMAL' if options.get(UNSYNCED) else 'FULL'}")
            _begin_immediate(raw)
        else:
            connection.exec_driver_sql("BEGIN")

    return engine


def _begin_immediate(raw: sqlite3.Connection) -> None:
    """``BEGIN IMMEDIATE``, waiting for the writer in (up to ``BUSY_TIMEOUT_MS``) by
    trying again every millisecond: SQLite's own busy handler sleeps longer and longer
    (up to 100 ms a try), and would sleep through the moment an import steps aside."""
    try:
        raw.execute("BEGIN IMMEDIATE")
        return
    except sqlite3.OperationalError as error:
        if not _busy(error):
            raise
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    raw.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if not _busy(error) or time.monotonic() > deadline:
                    raise
            time.sleep(0.001)
    finally:
        raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _busy(error: sqlite3.OperationalError) -> bool:
    return getattr(error, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED") or (
        "locked" in str(error)
    )


def missing_tables(database: Database) -> list[str]:
    """The tables this version needs that ``database`` lacks."""
    from followup_desktop.store.schema import Base

    with database.engine.connect() as connection:
        present = set(inspect(connection).get_table_names())
    needed = {*Base.metadata.tables, search.FTS_TABLE, search.WORDS_TABLE, "alembic_version"}
    return sorted(needed - present)


class Database:
    def __init__(self, engine: Engine, path: Path | None = None) -> None:
        self.engine = engine
        self.path = path
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(
            engine.execution_options(**{WRITE: True}), expire_on_commit=False
        )
        self._unsynced_sessions = sessionmaker(
            engine.execution_options(**{WRITE: True, UNSYNCED: True}), expire_on_commit=False
        )
        self._write_lock = threading.RLock()
        # Writers wait their turn at a turnstile beside the file, which a long import
        # watches to step aside (store/writer_turns.py).
        self.turnstile = (
            writer_turns.Turnstile(path)
            if path is not None and writer_turns.available() and engine.dialect.name == "sqlite"
            else None
        )
        # Set by the command line: one quick check of the file before the first write.
        self.check_before_first_write = False
        self._checked = False
        # A team server's login: the password its server refused, and one the rep typed.
        self.team_login: TeamLogin | None = None

    @classmethod
    def open(cls, path: Path, backups: Path | None = None) -> Database:
        """Open (creating if needed) and migrate to the newest schema, backing up first."""
        path.parent.mkdir(parents=True, exist_ok=True)
        if not folder_is_writable(path.parent):
            raise StoreUnavailable(
                f"the data folder {path.parent} is read-only: FollowUp needs to write there. "
                "Make it writable, or choose another folder with --data-dir."
            )
        engine = make_engine(f"sqlite:///{path}")
        database = cls(engine, path)
        try:
            database.migrate(backups or path.parent / "backups")
        except DBAPIError as error:
            engine.dispose()
            reason = str(error.orig) if error.orig is not None else str(error)
            raise StoreUnavailable(f"cannot read {path}: {reason}") from error
        except Exception:
            engine.dispose()
            raise
        return database

    def migrate(self, backups: Path) -> None:
        with self.engine.connect() as connection:
            current = migrate.current_revision(connection)
            has_tables = bool(inspect(connection).get_table_names())
        if current == migrate.HEAD:
            return
        if current is not None and current not in migrate.known_revisions():
            # A rep back on an older FollowUp: no script leads from a later schema, and a
            # backup of it at every try would only push good ones out of the rotation.
            raise NewerStore(
                f"{self.path or 'the database'} was written by a newer FollowUp (schema "
                f"{current}; this one reads up to {migrate.HEAD}): update FollowUp to open it"
            )
        if has_tables and self.path is not None and self.path.exists():
            copy = new_backup_path(backups, f"before-migration-{current or 'none'}")
            backup_database(self.path, copy)
            log.info("backed up %s to %s before migrating", self.path, copy)
        migrate.upgrade(self.engine)

    @contextmanager
    def writing(self, *, synced: bool = True) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error, one writer at a
        time. ``synced=False``: the commit may reach the disk with the next synced one.

        A writer waits its turn at the turnstile (then for this process's other
        writers, then for the store), so a long import, here or in another process,
        sees it waiting and steps aside; once its transaction has begun, the next writer
        may queue."""
        write_guard.check()
        sessions = self._write_sessions if synced else self._unsynced_sessions
        with ExitStack() as turn:
            if self.turnstile is not None:
                turn.enter_context(self.turnstile.holding(BUSY_TIMEOUT_MS / 1000))
            with self._write_lock, sessions() as session, session.begin():
                session.connection()  # BEGIN IMMEDIATE: in, once the writer before is done
                turn.close()
                if self.check_before_first_write and not self._checked:
                    self._quick_check(session)
                yield session

    def _quick_check(self, session: Session) -> None:
        # Inside the write transaction: nobody can change the file between check and write.
        # A file's check: a server (PostgreSQL) keeps its own integrity.
        if self.engine.dialect.name != "sqlite" or (
            self.path is not None and write_check.unchanged_since_checked(self.path)
        ):
            self._checked = True
            return
        started = time.perf_counter()
        try:
            rows = session.connection().exec_driver_sql("PRAGMA quick_check").fetchall()
            problems = [str(row[0]) for row in rows]
        except DBAPIError as error:
            if type(error.orig) is not sqlite3.DatabaseError:  # "malformed": damage
                raise  # a full disk, a lock: not damage
            problems = [str(error.orig)]
        if problems != ["ok"]:
            log.error("quick check before writing failed: %s", problems[:5])
            if self.path is not None:
                write_check.forget_checked(self.path)
            raise StoreDamaged(
                f"the database {self.path or ''} is damaged, so nothing was written to it: "
                "restore a backup with `followup db restore` (see `followup db check`)"
            )
        log.info("quick check before writing: ok (%.0f ms)", (time.perf_counter() - started) * 1000)
        self._checked = True

    @contextmanager
    def reading(self) -> Iterator[Session]:
        write_guard.check_read()
        with self._sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()
        if self._checked and self.path is not None:
            write_check.remember_checked(self.path)
        # Closed again later (a restore closes the store before the app's quit does),
        # the file in place then may be another one: it is not noted as checked.
        self._checked = False
