"""What other apps change on a team server, as it happens: PostgreSQL's LISTEN on the
channel migration 0017's triggers notify (a table's name, once a statement, after its
commit). This app's own statements are left out by their backend: the window already
showed what it wrote. A rep's own file has no feed (one app writes it)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from followup_desktop.core.changes import Area, Change
from followup_desktop.store.db import Database

CHANNEL = "followup_changes"
# What each table's change moves on screen: touches and follow-ups change the list's
# columns (next follow-up, attempts) as well as the day; a deal, the list's value column.
AREAS = {
    "contacts": Area.CONTACTS,
    "contact_phones": Area.CONTACTS,
    "contact_emails": Area.CONTACTS,
    "touches": Area.AGENDA | Area.CONTACTS,
    "follow_ups": Area.AGENDA | Area.CONTACTS,
    "deals": Area.DEALS | Area.CONTACTS,
}


class ChangeFeed:
    """One connection of its own, listening. ``wait`` is called on one thread only (the
    watcher's); psycopg connections are not shared between threads here."""

    def __init__(self, database: Database) -> None:
        self._engine = database.engine
        # Backends this app writes through: their notices are its own. A connection is
        # recorded as it is checked out, before any statement of it can notify.
        self._own: set[int] = set()
        event.listen(self._engine, "checkout", self._checked_out)
        pooled = self._engine.raw_connection()
        connection = pooled.driver_connection
        assert connection is not None  # a pooled connection that is open
        pooled.detach()  # ours alone, closed with the feed, never back in the pool
        connection.autocommit = True
        connection.execute(f"LISTEN {CHANNEL}")
        self._connection: Any = connection

    def _checked_out(self, dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        self._own.add(dbapi_connection.info.backend_pid)

    def wait(self, seconds: float) -> Change | None:
        """What others changed within ``seconds`` (notices in that time come as one), or
        None. Raises psycopg's OperationalError when the server went away."""
        areas = Area.NONE
        for notice in self._connection.notifies(timeout=seconds):
            if notice.pid not in self._own:
                areas |= AREAS.get(notice.payload, Area.NONE)
        return Change(areas) if areas else None

    def close(self) -> None:
        event.remove(self._engine, "checkout", self._checked_out)
        self._connection.close()  # also when the server went away: psycopg just lets go


def open_feed(database: Database) -> ChangeFeed | None:
    """The feed on a team server; None in a rep's own file."""
    if database.engine.dialect.name != "postgresql":
        return None
    return ChangeFeed(database)
