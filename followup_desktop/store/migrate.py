"""Alembic, driven from code: the migration scripts ship inside the package.

Alembic itself is imported only when a migration has to run: on every ordinary start the
schema is already current, and reading the revision is one query (a tenth of a second of
start-up saved). ``HEAD`` (kept in ``schema_revision``) names the newest script; a test
keeps it true.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, inspect, text

from followup_desktop.store.schema_revision import HEAD as HEAD

if TYPE_CHECKING:
    from alembic.config import Config


MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The execution option that makes SQLite transactions begin IMMEDIATE (``store.db``):
# a migration is a write and waits its turn like any other.
WRITE = "followup_write"


class MigrationFailed(Exception):
    pass


def config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    """The newest script, read from the scripts themselves (slow; tests compare it to HEAD)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config()).get_current_head()


def known_revisions() -> set[str]:
    """Every schema revision this version's scripts know (slow: reads the scripts)."""
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(config()).walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade, with foreign keys off on SQLite (``_migrating``)."""
    from alembic import command

    with _migrating(engine) as cfg:
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Downgrade, with foreign keys off on SQLite (``_migrating``): dropping a column of
    contacts copies the table, and a copy with them on would take every e-mail and phone
    with the old table."""
    from alembic import command

    with _migrating(engine) as cfg:
        command.downgrade(cfg, revision)


@contextmanager
def _migrating(engine: Engine) -> Iterator[Any]:
    """An Alembic config on one connection with foreign keys off on SQLite: a batch
    table copy would otherwise fire ON DELETE CASCADE and silently delete child rows.
    Checked afterwards instead."""
    cfg = config()
    with engine.execution_options(**{WRITE: True}).connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Must run outside a transaction, where SQLite ignores it: use the raw driver.
            raw = connection.connection.dbapi_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys=OFF")
        cfg.attributes["connection"] = connection
        yield cfg
        if sqlite:
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            connection.rollback()
            raw = connection.connection.dbapi_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys=ON")
            if problems:
                raise MigrationFailed(f"foreign key check failed after migrating: {problems[:3]}")
