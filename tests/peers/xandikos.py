"""A throw-away Xandikos CalDAV/CardDAV server on loopback, with its default calendar and
address book for one user. Xandikos has no login of its own (it is run behind a web
server that does it), so the client's user name and password reach it unchecked: the
tests that need a refused password use Radicale."""

from __future__ import annotations

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


@dataclass(frozen=True)
class Xandikos:
    port: int
    user: str
    password: str

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


@contextmanager
def xandikos_server() -> Iterator[Xandikos]:
    try:
        import xandikos  # noqa: F401
    except ImportError:
        raise PeerMissing("xandikos is not installed (pip: the project's test extra)") from None
    root = Path(tempfile.mkdtemp(prefix="followup-xandikos-"))
    try:
        port = free_port()
        log = root / "xandikos.log"  # it logs every request: never into an unread pipe
        with log.open("ab") as written:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "xandikos.web",
                    "--defaults",
                    "-d",
                    str(root / "dav"),
                    "--state-dir",
                    str(root / "state"),
                    "--current-user-principal",
                    f"/{USER}/",
                    "-l",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "--no-detect-systemd",
                ],
                stdout=subprocess.DEVNULL,
                stderr=written,
            )
        try:
            wait_for_port(port, process, "xandikos", log=log)
            yield Xandikos(port, USER, PASSWORD)
        finally:
            stop(process)
    finally:
        shutil.rmtree(root, ignore_errors=True)
