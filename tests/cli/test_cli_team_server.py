"""The team server's set-up from the command line, on a real PostgreSQL: an app refuses a
server whose schema is not its own (none yet, older, newer) in plain words; `db migrate`
brings it up; `db copy --to` puts a rep's book there, checked row for row, leaving the
book as it was, and the same commands then work against the server; `db copy --from`
brings a server's book into an empty data folder; a copy into a store that holds
contacts is refused with nothing changed."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from followup_desktop import cli
from followup_desktop.store.schema_revision import HEAD  # what `db migrate` must reach
from tests.postgres_server import postgres_server


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def server() -> Iterator[str]:
    with postgres_server() as url:
        yield url


def _book(folder: Path) -> None:
    for name, email in (("Priya Patel", "priya@buyer.example"), ("Ben Ode", "ben@odeon.example")):
        code, _, _ = run(
            "--data-dir", str(folder), "contact", "add", "--name", name, "--email", email
        )
        assert code == 0
    code, _, err = run(
        "--data-dir", str(folder), "log", "1", "--outcome", "connected",
        "--next", "2026-12-09T15:00:00+00:00", "--objective", "review the proposal",
    )  # fmt: skip
    assert code == 0, err


def test_a_server_without_this_schema_is_refused_then_migrated(server: str, tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    code, out, err = run("--data-dir", data, "--database", server, "contacts")
    assert code == 1 and out == ""
    assert "holds no FollowUp data yet: an admin runs `followup --database URL db migrate`" in err
    assert run("--data-dir", data, "--database", server, "db", "migrate")[:2] == (
        0,
        f"{_shown(server)}: schema none → {HEAD}\n",
    )
    assert run("--data-dir", data, "--database", server, "db", "migrate")[1] == (
        f"{_shown(server)}: already at schema {HEAD}\n"
    )
    assert run("--data-dir", data, "--database", server, "contacts", "--json")[:2] == (0, "[]\n")

    engine = create_engine(server)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    code, _, err = run("--data-dir", data, "--database", server, "contacts")
    assert code == 1 and "is at schema 9999, newer than this FollowUp understands" in err
    code, _, err = run("--data-dir", data, "--database", server, "db", "migrate")
    assert code == 1 and "newer than this FollowUp understands" in err  # never downgraded
    engine.dispose()


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def test_a_book_goes_onto_the_server_checked_and_comes_back(server: str, tmp_path: Path) -> None:
    mine, again = str(tmp_path / "mine"), str(tmp_path / "again")
    _book(tmp_path / "mine")
    local_contacts = run("--data-dir", mine, "contacts", "--json")[1]
    local_agenda = run("--data-dir", mine, "agenda", "--to", "2026-12-31T00:00:00+00:00", "--json")
    assert run("--data-dir", mine, "--database", server, "db", "migrate")[0] == 0

    code, out, err = run("--data-dir", mine, "db", "copy", "--to", server)
    assert (code, err) == (0, "")
    assert out.startswith("copied 2 contacts (") and "checked row for row" in out
    assert run("--data-dir", mine, "contacts", "--json")[1] == local_contacts  # unchanged
    team = ("--data-dir", mine, "--database", server)
    assert run(*team, "contacts", "--json")[1] == local_contacts
    assert run(*team, "agenda", "--to", "2026-12-31T00:00:00+00:00", "--json") == local_agenda
    # The server goes on from there: a contact added gets a fresh id.
    assert run(*team, "contact", "add", "--name", "Cara Nou")[1] == "3\n"

    code, _, err = run("--data-dir", mine, "db", "copy", "--to", server)
    assert code == 1 and "already holds contacts: nothing was copied" in err
    assert len(json.loads(run(*team, "contacts", "--json")[1])) == 3

    code, out, err = run("--data-dir", again, "db", "copy", "--from", server)
    assert (code, err) == (0, "")
    names = [c["name"] for c in json.loads(run("--data-dir", again, "contacts", "--json")[1])]
    assert sorted(names) == ["Ben Ode", "Cara Nou", "Priya Patel"]


def test_a_url_without_a_password_takes_the_keyrings(tmp_path: Path, keyring_bus) -> None:  # type: ignore[no-untyped-def]
    import sys

    url = "postgresql+psycopg://sam@db.example/followup"
    sys.stdin = io.StringIO("s3cret\n")
    try:
        code, out, err = run(
            "--data-dir", str(tmp_path), "--database", url, "settings", "set-password", "team"
        )
    finally:
        sys.stdin = sys.__stdin__
    assert (code, err) == (0, "")
    assert out == "the team server password for sam at db.example is in the system keyring\n"
    from followup_desktop.services.team import with_password

    assert with_password(url) == "postgresql+psycopg://sam:s3cret@db.example/followup"
    assert with_password("postgresql+psycopg://ana@db.example/followup").endswith(
        "ana@db.example/followup"
    )
    from followup_desktop.paths import AppPaths

    stored = AppPaths(tmp_path).database.read_bytes()
    assert b"s3cret" not in stored  # in the keyring only, never in the data folder
