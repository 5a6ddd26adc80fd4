"""pytest fixtures over the real peers, for the tests that save drafts and invites through
the service and through the GUI: a private Secret Service keyring, a Dovecot IMAP server
and a Radicale CalDAV server."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.peers.dovecot import Dovecot, dovecot_server
from tests.peers.keyring_session import SecretService, secret_service
from tests.peers.radicale import Radicale, radicale_server
from tests.peers.xandikos import xandikos_server


@pytest.fixture
def no_keyring(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """No keyring unless a test starts one: never the caller's own D-Bus session."""
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-bus")
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)


@pytest.fixture
def keyring_bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[SecretService]:
    with secret_service() as service:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", service.bus_address)
        yield service


@pytest.fixture
def imap() -> Iterator[Dovecot]:
    with dovecot_server(tls=True) as server:
        yield server


@pytest.fixture
def radicale() -> Iterator[Radicale]:
    with radicale_server() as server:
        yield server


@dataclass(frozen=True)
class DavServer:
    """A CalDAV and CardDAV account on a real server: its address and login, and the
    Radicale process when it is one (``radicale.kill()``/``start()``)."""

    url: str
    user: str
    password: str
    radicale: Radicale | None = None


@pytest.fixture(params=["radicale", "xandikos"])
def dav_server(request: pytest.FixtureRequest) -> Iterator[DavServer]:
    if request.param == "radicale":
        with radicale_server() as radicale:
            url = f"http://127.0.0.1:{radicale.port}/"
            yield DavServer(url, radicale.user, radicale.password, radicale)
    else:
        with xandikos_server() as xandikos:
            yield DavServer(xandikos.url, xandikos.user, xandikos.password)
