"""The service tests on PostgreSQL (issue: team server): with FOLLOWUP_TEST_STORE=postgresql
every store a test opens is a fresh database on one throw-away PostgreSQL server, cloned
from a template migrated once (CREATE DATABASE … TEMPLATE: a tenth of a second)."""

from __future__ import annotations

import atexit
import itertools
import os
from contextlib import ExitStack
from pathlib import Path

from sqlalchemy import create_engine, text

from followup_desktop.store import migrate
from followup_desktop.store.db import Database, make_engine
from tests.postgres_server import postgres_server

WANTED = os.environ.get("FOLLOWUP_TEST_STORE", "") == "postgresql"
_state: dict[str, object] = {}
_names = itertools.count(1)


def _server() -> str:
    if "url" not in _state:
        stack = ExitStack()
        atexit.register(stack.close)
        url = stack.enter_context(postgres_server())
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("CREATE DATABASE followup_template"))
        template = make_engine(_named(url, "followup_template"))
        migrate.upgrade(template)
        template.dispose()
        _state["url"], _state["admin"] = url, admin
    return str(_state["url"])


def _named(url: str, name: str) -> str:
    return url.replace("/postgres?", f"/{name}?", 1)


_by_path: dict[Path, str] = {}


def database_for(path: Path, _backups: Path | None = None) -> Database:
    """The PostgreSQL database standing for the file at ``path``: made fresh the first
    time a test opens it, the same one when it opens it again (a restart, a CLI call)."""
    url = _server()
    name = _by_path.get(path)
    if name is None:
        name = _by_path[path] = f"t{next(_names)}"
        with _state["admin"].connect() as connection:  # type: ignore[attr-defined]
            connection.execute(text(f"CREATE DATABASE {name} TEMPLATE followup_template"))
    return Database(make_engine(_named(url, name)))
