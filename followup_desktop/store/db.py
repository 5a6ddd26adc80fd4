"""Opening the store: engine, connection settings, migrations at start-up.

SQLite runs in WAL mode (readers never block the writer) with ``synchronous=FULL`` (a
commit that returned survives a power cut) and foreign keys on. pysqlite's own implicit
transactions are switched off and replaced by explicit BEGINs, so every unit of work,
DDL included, commits or rolls back whole.

One writer: every write goes through ``Database.writing()``, which serialises writers
inside the process; readers use ``Database.reading()`` and may run on any thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from followup_desktop.store import migrate, search
from followup_desktop.store.backup import backup_database, backup_name, folder_is_writable

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000

# The open unit of work a service hands from one store call to the next: services name it
# by this alias and never import SQLAlchemy themselves.
StoreSession = Session


class StoreUnavailable(Exception):
    """The database cannot be opened or migrated; the message is for the rep."""


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
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _sqlite_on_connect)

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


class Database:
    def __init__(self, engine: Engine, path: Path | None = None) -> None:
        self.engine = engine
        self.path = path
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._write_lock = threading.RLock()

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
        with self._write_lock, self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()
