"""Encryption as the rep chooses it in Settings › Team server, against a server that takes
encrypted connections only: the safest works against a server whose certificate the
computer trusts, as a browser's would."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

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
