"""Two reps and a manager on a throw-away PostgreSQL team server, each with their own
login over TCP (SCRAM passwords): the ``team_server`` fixture (tests/store/conftest.py)
and how a test connects as one of them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import psycopg

from followup_desktop.services.team import add_rep, migrate
from tests.postgres_server import postgres_server

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
ADMIN_PASSWORD = "admin-pw"
PASSWORDS = {"ana": "ana pw", "bo": "bo's pw", "maria": "maria-pw"}


@contextmanager
def team_server() -> Iterator[tuple[str, int]]:
    """The server's URL (as its admin) and port, with Ana and Bo (reps) and Maria (their
    manager)."""
    with postgres_server(password=ADMIN_PASSWORD) as url:
        migrate(url)  # the admin (the tables' owner)
        add_rep(url, "ana", "Ana Lima", PASSWORDS["ana"])
        add_rep(url, "bo", "Bo Berg", PASSWORDS["bo"])
        add_rep(url, "maria", "Maria Ruiz", PASSWORDS["maria"], manager=True)
        yield url, int(url.rsplit("port=", 1)[1])


def as_rep(port: int, login: str) -> str:
    password = PASSWORDS[login].replace("'", "%27").replace(" ", "%20")
    return f"postgresql+psycopg://{login}:{password}@127.0.0.1:{port}/postgres?sslmode=disable"


def raw(port: int, login: str) -> psycopg.Connection:
    return psycopg.connect(
        host="127.0.0.1", port=port, dbname="postgres", user=login, password=PASSWORDS[login]
    )
