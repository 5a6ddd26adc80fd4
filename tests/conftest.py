"""Test-wide set-up: a real X display for the GUI tests, and no test ever touching the
user's own data.

``scripts/run-tests.sh`` provides the display; run bare (``.venv/bin/pytest``) this
starts a private Xvfb itself, before any QApplication exists.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

_xvfb: subprocess.Popen[bytes] | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _xvfb
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    if os.environ["QT_QPA_PLATFORM"] != "xcb" or os.environ.get("DISPLAY"):
        return
    read_end, write_end = os.pipe()
    _xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as handle:
        display = handle.readline().strip()
    if not display:
        raise pytest.UsageError("Xvfb did not start: install xvfb (scripts/bootstrap.sh does)")
    os.environ["DISPLAY"] = f":{display}"


def pytest_unconfigure(config: pytest.Config) -> None:
    if _xvfb is not None:
        _xvfb.terminate()
        _xvfb.wait(timeout=10)


@pytest.fixture(autouse=True)
def isolated_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own data and XDG folders."""
    monkeypatch.setenv("FOLLOWUP_DATA_DIR", str(tmp_path / "followup-data"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
