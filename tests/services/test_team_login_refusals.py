"""A login the team server refuses, as the rep meets it in Settings › Team server › Test
connection and on the command line: a server that takes encrypted connections only, a
certificate the laptop does or does not trust, a password changed on the server. Each
said in words with a way out, the server's own line after them; the safest Encryption
works against a server whose certificate the computer trusts, as a browser's would."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from followup_desktop import cli
from followup_desktop.services.team import add_rep, migrate, try_server
from followup_desktop.services.team_choice import TeamServer
from followup_desktop.store.db import StoreUnavailable
from tests.postgres_server import postgres_server, server_certificate

PASSWORD = "admin-pw"


@pytest.fixture
def tls_server() -> Iterator[tuple[str, int]]:
    """A migrated team server that takes TLS connections only, with Ana as a rep."""
    with postgres_server(password=PASSWORD, tls_only=True) as url:
        migrate(url)
        add_rep(url, "ana", "Ana Lima", "ana pw")
        yield url, int(url.rsplit("port=", 1)[1])


def _test_connection(port: int, tls: str, password: str = "ana pw") -> str:
    try:
        return try_server(TeamServer("127.0.0.1", "ana", "postgres", port, tls), password)
    except StoreUnavailable as refused:
        return str(refused)


def test_the_safest_encryption_checks_the_certificate_against_the_computer_s_trusted_ones(
    tls_server: tuple[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, port = tls_server
    # The laptop trusts the server's certificate (as one from a known authority is).
    monkeypatch.setenv("SSL_CERT_FILE", str(server_certificate(url)))
    monkeypatch.delenv("PGSSLROOTCERT", raising=False)
    assert _test_connection(port, "verify-full") == (
        "Connected to 127.0.0.1 as ana: the team's book is there (0 contacts) "
        "at this FollowUp's schema."
    )


def test_a_certificate_the_computer_does_not_trust_is_said_with_a_way_out(
    tls_server: tuple[str, int], monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    _url, port = tls_server
    monkeypatch.setenv("SSL_CERT_FILE", "/dev/null")  # trusts no authority at all
    monkeypatch.delenv("PGSSLROOTCERT", raising=False)
    said = _test_connection(port, "verify-full")
    assert said.startswith(
        "the team server 127.0.0.1's certificate is not one this computer trusts "
        "(self-signed, or from an authority it does not know): ask your admin to have it "
        "trusted here, or choose Encryption “Required (encrypted, certificate not checked)” "
        "in Settings › Team server"
    ), said
    assert _test_connection(port, "require").startswith("Connected to 127.0.0.1 as ana")


def test_encryption_off_against_a_server_that_requires_it_says_which_to_choose(
    tls_server: tuple[str, int],
) -> None:
    _url, port = tls_server
    said = _test_connection(port, "disable")
    assert said.startswith(
        "the team server 127.0.0.1 takes encrypted connections only: choose an Encryption "
        "that requires it in Settings › Team server"
    ), said
    assert "pg_hba" not in said.split(" (the server said:")[0]


def test_a_password_changed_on_the_server_is_said_with_where_to_type_the_new_one(
    tls_server: tuple[str, int], tmp_path: object
) -> None:
    url, port = tls_server
    add_rep(url, "ana", "Ana Lima", "ana's new pw")  # the admin set a new one
    said = _test_connection(port, "require")
    assert said.startswith(
        "the team server 127.0.0.1 refused the password of ana: if it was changed, type "
        "the new one in Settings › Team server (or `followup settings set-password team`)"
    ), said
    out, err = io.StringIO(), io.StringIO()
    rep_url = f"postgresql+psycopg://ana:ana%20pw@127.0.0.1:{port}/postgres?sslmode=require"
    code = cli.main(["--data-dir", str(tmp_path), "--database", rep_url, "agenda"], out, err)
    assert code == 1 and out.getvalue() == ""
    assert err.getvalue().startswith("followup: the team server 127.0.0.1 refused the password")
    assert "Traceback" not in err.getvalue() and "ana pw" not in err.getvalue()
    assert _test_connection(port, "require", "ana's new pw").startswith("Connected")
