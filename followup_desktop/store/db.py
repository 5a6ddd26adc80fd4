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
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from followup_desktop.store import migrate, search, write_check, write_guard
from followup_desktop.store.backup import backup_database, backup_name, folder_is_writable

log = logging.getLogger(__name__)

# How long a write waits for another writer (a 100k import holds the lock for seconds).
BUSY_TIMEOUT_MS = 60_000
WRITE = migrate.WRITE

# The open unit of work a service hands from one store call to the next: services name it
# by this alias and never import SQLAlchemy themselves.
StoreSession = Session


class StoreUnavailable(Exception):
    """The database cannot be opened or migrated; the message is for the rep."""


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


def make_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    engine = create_engine(url, connect_args={"check_same_thread": False}, hide_parameters=True)
    event.listen(engine, "connect", _sqlite_on_connect)

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        write = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


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
        self._write_lock = threading.RLock()
        # Set by the command line: one quick check of the file before the first write.
        self.check_before_first_write = False
        self._checked = False

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
        if has_tables and self.path is not None and self.path.exists():
            copy = backups / backup_name(f"before-migration-{current or 'none'}")
            backup_database(self.path, copy)
            log.info("backed up %s to %s before migrating", self.path, copy)
        migrate.upgrade(self.engine)

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error, one writer at a time."""
        write_guard.check()
        with self._write_lock, self._write_sessions() as session, session.begin():
            if self.check_before_first_write and not self._checked:
                self._quick_check(session)
            yield session

    def _quick_check(self, session: Session) -> None:
        # Inside the write transaction: nobody can change the file between check and write.
        if self.path is not None and write_check.unchanged_since_checked(self.path):
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
