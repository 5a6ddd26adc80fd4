"""Test-wide set-up: a real X display for the GUI tests, and no test ever touching the
user's own data.

``scripts/run-tests.sh`` provides the display (and a private D-Bus session). Run bare
(``.venv/bin/pytest``) with no ``DISPLAY``, this starts a private Xvfb itself, before any
QApplication exists, and stops it at the end.
"""

from __future__ import annotations

import os
import select
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup_desktop.core.clock import FixedClock
from followup_desktop.services.session import Services
from tests.peers.common import stop
from tests.rep_desk import rep_services

# Real peers (keyring, IMAP server) as fixtures for every test folder.
pytest_plugins = ["tests.peers.fixtures"]

_xvfb: subprocess.Popen[bytes] | None = None


@pytest.fixture
def services(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FixedClock
) -> Iterator[Services]:
    """Sam Rivers's services in Paris, on a fresh data folder, at the module's ``clock``
    (a module that needs other services defines its own)."""
    with rep_services(tmp_path, monkeypatch, clock, "Sam Rivers") as opened:
        yield opened


def _start_xvfb() -> str:
    """Start a private Xvfb and return its display (":N").

    ``-displayfd`` makes Xvfb choose a free display number and write it to our pipe once
    it accepts connections: no fixed number, no race with another X server.
    """
    global _xvfb
    read_end, write_end = os.pipe()
    command = ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24"]
    try:
        _xvfb = subprocess.Popen(
            [*command, "-nolisten", "tcp"], pass_fds=(write_end,), stderr=subprocess.DEVNULL
        )
    except FileNotFoundError:
        raise pytest.UsageError(
            "Xvfb is not installed: run scripts/bootstrap.sh (Debian package xvfb)"
        ) from None
    finally:
        os.close(write_end)
    with os.fdopen(read_end) as pipe:
        ready, _, _ = select.select([pipe], [], [], 30)
        number = pipe.readline().strip() if ready else ""
    if not number:
        _stop_xvfb()
        raise pytest.UsageError("Xvfb did not start within 30 s")
    return f":{number}"


def _stop_xvfb() -> None:
    global _xvfb
    if _xvfb is not None:
        stop(_xvfb)
        _xvfb = None


def pytest_configure(config: pytest.Config) -> None:
    # Real X windows (xcb) unless the caller chose otherwise (e.g. offscreen).
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    if os.environ["QT_QPA_PLATFORM"] == "xcb" and not os.environ.get("DISPLAY"):
        os.environ["DISPLAY"] = _start_xvfb()


def pytest_unconfigure(config: pytest.Config) -> None:
    _stop_xvfb()


@pytest.fixture(autouse=True)
def isolated_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own data folder and XDG folders (created on demand)."""
    monkeypatch.setenv("FOLLOWUP_DATA_DIR", str(tmp_path / "followup-data"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
