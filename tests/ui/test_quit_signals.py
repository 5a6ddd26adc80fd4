"""SIGTERM and SIGINT (a logout, a service manager, Ctrl+C in a terminal) end the real app
cleanly, running or still starting: exit code 0, the store closed (no WAL left beside the
database), the instance lock released."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup_desktop.services import maintenance
from followup_desktop.store.schema_revision import HEAD
from tests.desktop_session import XWindows, wait_until

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def windows() -> Iterator[XWindows]:
    found = XWindows(os.environ["DISPLAY"])
    yield found
    found.close()


def launch(data: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "followup_desktop", "--data-dir", str(data)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def assert_closed_cleanly(app: subprocess.Popen[str], data: Path, number: int) -> None:
    try:
        assert app.wait(timeout=20) == 0
    finally:
        if app.poll() is None:
            app.kill()
        output = app.communicate(timeout=10)[0]
    assert "Traceback" not in output, output
    assert (data / "followup.sqlite3").exists()
    assert not (data / "followup.sqlite3-wal").exists(), "the store was not closed"
    assert not (data / "followup-desktop.lock").exists(), "the instance lock was not released"
    log = (data / "logs" / "followup.log").read_text(encoding="utf-8")
    assert f"quitting on signal {signal.Signals(number).name}" in log


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_quits_the_running_app_cleanly(
    tmp_path: Path, windows: XWindows, number: int
) -> None:
    data = tmp_path / "data"
    app = launch(data)
    try:
        wait_until(lambda: windows.viewable("FollowUp"), "the window", 30)
        # The window comes up first; the store opens beside it.
        wait_until(lambda: (data / "followup.sqlite3-wal").exists(), "the store open", 30)
    finally:
        app.send_signal(number)
    assert_closed_cleanly(app, data, number)


def test_a_signal_while_starting_quits_once_started(tmp_path: Path) -> None:
    """The store is created and migrated on a worker while the window is already up: a
    logout then must not leave a half-made store behind. The signal comes as soon as the
    database file appears (its creation under way); FollowUp waits for the store, then
    quits, and the store is whole and current."""
    data = tmp_path / "data"
    app = launch(data)
    try:
        wait_until(lambda: (data / "followup.sqlite3").exists(), "the store being made", 30)
    finally:
        app.send_signal(signal.SIGTERM)
    assert_closed_cleanly(app, data, signal.SIGTERM)
    assert maintenance.check(data / "followup.sqlite3", full=True).ok
    with sqlite3.connect(data / "followup.sqlite3") as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
