"""Which team server a data folder opens (Settings › Team server): kept in a small file
beside the book, never with a password; nothing typed can change the URL's parts; a
file that cannot be read opens the rep's own book, said in the log."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from followup_desktop.paths import AppPaths
from followup_desktop.services.team_choice import (
    CHOICE_FILE,
    TeamChoiceInvalid,
    TeamServer,
    choose,
    chosen,
    database_to_open,
)


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths(tmp_path / "data")


def test_the_choice_is_kept_beside_the_book_without_a_password(paths: AppPaths) -> None:
    server = TeamServer(" db.company.example ", "ana", "sales", 6543, "verify-full")
    choose(paths, server)
    assert chosen(paths) == TeamServer("db.company.example", "ana", "sales", 6543, "verify-full")
    kept = (paths.data_dir / CHOICE_FILE).read_text()
    assert "password" not in kept
    assert (paths.data_dir / CHOICE_FILE).stat().st_mode & 0o077 == 0  # the rep's only
    assert database_to_open(paths, "") == (
        "postgresql+psycopg://ana@db.company.example:6543/sales"
        "?sslmode=verify-full&sslrootcert=system&connect_timeout=5"
    )
    # --database / FOLLOWUP_DATABASE beat the choice; choosing none goes back to the file.
    assert database_to_open(paths, "postgresql+psycopg://bo@other/db") == (
        "postgresql+psycopg://bo@other/db"
    )
    choose(paths, None)
    assert chosen(paths) is None and database_to_open(paths, "") == ""


def test_what_is_typed_stays_in_its_part_of_the_url() -> None:
    url = TeamServer("10.0.0.7", "ana@corp/x?y", "my book#1").url()
    assert url == (
        "postgresql+psycopg://ana%40corp%2Fx%3Fy@10.0.0.7:5432/my%20book%231"
        "?sslmode=require&connect_timeout=5"
    )
    assert TeamServer("[::1]", "ana").url().startswith("postgresql+psycopg://ana@[::1]:5432/")


@pytest.mark.parametrize(
    ("server", "said"),
    [
        (TeamServer("", "ana"), "Server: type the team server's name"),
        (TeamServer("db.example/evil", "ana"), "'db.example/evil' is not a host name"),
        (TeamServer("ana@db.example", "ana"), "'ana@db.example' is not a host name"),
        (TeamServer("db example", "ana"), "'db example' is not a host name"),
        (TeamServer("db.example", "ana", port=0), "Port: 0 is not a port"),
        (TeamServer("db.example", " "), "User: type your login"),
        (TeamServer("db.example", "ana", database=""), "Database: type the database's name"),
        (TeamServer("db.example", "ana", tls="sometimes"), "'sometimes' is not one of"),
    ],
)
def test_a_field_that_cannot_be_used_is_named(server: TeamServer, said: str) -> None:
    with pytest.raises(TeamChoiceInvalid, match=said.replace("?", r"\?")):
        server.url()


@pytest.mark.parametrize(
    "content", ["{not json", '{"host": "db.example"}', '{"host": "a b", "user": "ana"}', "[]"]
)
def test_a_choice_that_cannot_be_read_opens_the_rep_s_own_book(
    paths: AppPaths, content: str, caplog: pytest.LogCaptureFixture
) -> None:
    paths.ensure()
    (paths.data_dir / CHOICE_FILE).write_text(content)
    with caplog.at_level(logging.WARNING):
        assert database_to_open(paths, "") == ""
    assert f"the team server chosen in {paths.data_dir / CHOICE_FILE} was not read" in caplog.text
