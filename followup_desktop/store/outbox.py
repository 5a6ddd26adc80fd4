"""The writes kept on this laptop while the team server is away: a small SQLite file of
its own beside the rep's profile (``outbox.sqlite3``), in the order they were made.

Each write is kept with its id (a UUID, made when the rep pressed the button), which the
server remembers once the write is on it (``applied_writes``, migration 0018): a write
sent twice (its first attempt reached the server but the answer did not come back) is
written once. Commits are synced (WAL, synchronous=FULL): a write the rep was told is
kept survives a kill or a power cut. A write the server refuses for good (its contact
was deleted meanwhile) is set aside with the reason, never dropped."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

OUTBOX_NAME = "outbox.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS kept (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    kept_at TEXT NOT NULL,
    problem TEXT NOT NULL DEFAULT ''
)
"""


@dataclass(frozen=True, slots=True)
class Kept:
    id: str
    kind: str
    body: dict[str, Any]
    kept_at: datetime
    problem: str = ""


class Outbox:
    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _open(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=10, isolation_level=None)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute(_SCHEMA)
            yield db

    def keep(self, write_id: str, kind: str, body: dict[str, Any], latest: bool = False) -> None:
        """Kept, durably, once this returns; the same id kept twice is kept once (the
        first), or with ``latest`` the last, in the place of the last."""
        verb = "INSERT OR REPLACE" if latest else "INSERT OR IGNORE"
        with self._open() as db:
            db.execute(
                f"{verb} INTO kept (id, kind, body, kept_at) VALUES (?, ?, ?, ?)",
                (write_id, kind, json.dumps(body), datetime.now(UTC).isoformat()),
            )

    def find(self, write_id: str) -> Kept | None:
        """The write kept with ``write_id`` (still to send or set aside), if any."""
        found = self._kept("id = ?", (write_id,))
        return found[0] if found else None

    def to_send(self, write_id: str) -> dict[str, Any] | None:
        """What the write kept with ``write_id`` says, while it is still to send (not set
        aside): the notes or the contact the rep kept, shown again."""
        kept = self.find(write_id)
        return None if kept is None or kept.problem else kept.body

    def waiting(self) -> list[Kept]:
        """What is still to send, oldest first (those set aside are not)."""
        return self._kept("problem = ''")

    def set_aside(self) -> list[Kept]:
        """Writes the server refused for good, with why."""
        return self._kept("problem <> ''")

    def _kept(self, which: str, values: tuple[str, ...] = ()) -> list[Kept]:
        if not self.path.exists():
            return []
        with self._open() as db:
            rows = db.execute(
                f"SELECT id, kind, body, kept_at, problem FROM kept WHERE {which} ORDER BY seq",
                values,
            ).fetchall()
        return [Kept(i, k, json.loads(b), datetime.fromisoformat(t), p) for i, k, b, t, p in rows]

    def sent(self, write_id: str) -> None:
        """Written to the server (or no longer to be: a draft the server now has newer)."""
        if not self.path.exists():
            return
        with self._open() as db:
            db.execute("DELETE FROM kept WHERE id = ?", (write_id,))

    def forget_set_aside(self, write_id: str) -> bool:
        """The rep has done with a write set aside: let go (False: none set aside so)."""
        if not self.path.exists():
            return False
        with self._open() as db:
            gone = db.execute("DELETE FROM kept WHERE id = ? AND problem <> ''", (write_id,))
            return gone.rowcount > 0

    def refused(self, write_id: str, problem: str) -> None:
        with self._open() as db:
            db.execute("UPDATE kept SET problem = ? WHERE id = ?", (problem or "refused", write_id))
