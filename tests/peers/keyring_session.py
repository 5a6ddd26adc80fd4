"""A real Secret Service (gnome-keyring-daemon) in a private D-Bus session.

Nothing here touches the caller's own session bus or keyring: a private ``dbus-daemon``
is started, gnome-keyring-daemon runs with HOME and the XDG folders in a temp folder and
is unlocked with a password on stdin (RECIPES.md, "Keyring"). The context manager yields
the bus address; the pytest side sets DBUS_SESSION_BUS_ADDRESS to it for one test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.peers.common import binary, stop

KEYRING_PASSWORD = "unlock-me"


@dataclass(frozen=True)
class SecretService:
    bus_address: str
    home: Path


def _wait_for_secrets(address: str, timeout: float = 20.0) -> None:
    import secretstorage
    from jeepney.io.blocking import open_dbus_connection

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with closing(open_dbus_connection(address)) as connection:
                if secretstorage.check_service_availability(connection):
                    return
        except (OSError, ConnectionError):
            pass
        time.sleep(0.05)
    raise RuntimeError("gnome-keyring-daemon did not offer org.freedesktop.secrets in time")


@contextmanager
def secret_service() -> Iterator[SecretService]:
    dbus = binary("dbus-daemon", "dbus-daemon")
    keyring_daemon = binary("gnome-keyring-daemon", "gnome-keyring")
    home = Path(tempfile.mkdtemp(prefix="followup-keyring-"))
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(home / "run"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    for name in ("run", "data", "config", "cache"):
        (home / name).mkdir(mode=0o700)
    bus = subprocess.Popen(
        [dbus, "--session", "--nofork", "--nopidfile", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    daemon: subprocess.Popen[bytes] | None = None
    try:
        assert bus.stdout is not None
        address = bus.stdout.readline().decode().strip()
        if not address:
            raise RuntimeError("dbus-daemon printed no address")
        env["DBUS_SESSION_BUS_ADDRESS"] = address
        daemon = subprocess.Popen(
            [keyring_daemon, "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        assert daemon.stdin is not None
        daemon.stdin.write(KEYRING_PASSWORD.encode())
        daemon.stdin.close()
        _wait_for_secrets(address)
        yield SecretService(address, home)
    finally:
        if daemon is not None:
            stop(daemon)
        stop(bus)
        shutil.rmtree(home, ignore_errors=True)
