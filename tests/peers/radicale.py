"""A throw-away Radicale 3 CalDAV server on loopback (RECIPES.md, "Calendar invites"):
htpasswd auth, storage in a temp folder, one calendar for the rep."""

from __future__ import annotations

import base64
import http.client
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.peers.common import PeerMissing, free_port, stop, wait_for_port

USER = "rep"
PASSWORD = "calendar-pw"
CALENDAR = f"/{USER}/followup/"


@dataclass
class Radicale:
    port: int
    user: str
    password: str
    config: Path | None = None
    process: subprocess.Popen[bytes] | None = None

    def kill(self) -> None:
        """The server gone at once (SIGKILL), as a crashed or unplugged one is."""
        assert self.process is not None
        self.process.kill()
        self.process.wait()

    def start(self) -> None:
        """Back on the same port with the same storage."""
        assert self.config is not None
        self.process = _launch(self.config)
        wait_for_port(self.port, self.process, "radicale", log=_log(self.config))

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(
                method, path, body, {"Authorization": f"Basic {token}", **(headers or {})}
            )
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def put_event(self, name: str, data: bytes) -> int:
        status, _ = self.request(
            "PUT", f"{CALENDAR}{name}", data, {"Content-Type": "text/calendar; charset=utf-8"}
        )
        return status

    def get_event(self, name: str) -> bytes:
        status, body = self.request("GET", f"{CALENDAR}{name}")
        assert status == 200, f"GET {name}: HTTP {status}"
        return body


@contextmanager
def radicale_server() -> Iterator[Radicale]:
    try:
        import radicale  # noqa: F401
    except ImportError:
        raise PeerMissing("radicale is not installed (pip: the project's test extra)") from None
    root = Path(tempfile.mkdtemp(prefix="followup-radicale-"))
    try:
        port = free_port()
        (root / "users").write_text(f"{USER}:{PASSWORD}\n")
        config = root / "config"
        config.write_text(
            f"""[server]
hosts = 127.0.0.1:{port}
[auth]
type = htpasswd
htpasswd_filename = {root}/users
htpasswd_encryption = plain
delay = 0
[rights]
type = owner_only
[storage]
filesystem_folder = {root}/collections
[logging]
level = warning
"""
        )
        process = _launch(config)
        server = Radicale(port, USER, PASSWORD, config, process)
        try:
            wait_for_port(port, process, "radicale", log=_log(config))
            status, body = server.request(
                "MKCALENDAR",
                CALENDAR,
                b'<?xml version="1.0"?><C:mkcalendar xmlns:C="urn:ietf:params:xml:ns:caldav"/>',
                {"Content-Type": "application/xml"},
            )
            assert status == 201, f"MKCALENDAR: HTTP {status} {body[:300]!r}"
            yield server
        finally:
            if server.process is not None:
                stop(server.process)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _launch(config: Path) -> subprocess.Popen[bytes]:
    with _log(config).open("ab") as log:  # never an unread pipe, which blocks when full
        return subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=log,
        )


def _log(config: Path) -> Path:
    return config.with_name("radicale.log")
