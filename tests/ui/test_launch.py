"""`followup-desktop` as a real process: it starts, creates its data, and stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from followup_desktop import __version__


def test_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "followup_desktop", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"FollowUp {__version__}"


def test_starts_on_its_data_folder_and_quits_on_sigterm(tmp_path: Path) -> None:
    data = tmp_path / "data"
    process = subprocess.Popen(
        [sys.executable, "-m", "followup_desktop", "--data-dir", str(data)],
        env={**os.environ},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not (data / "followup.sqlite3").exists() and time.monotonic() < deadline:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            time.sleep(0.1)
        assert (data / "followup.sqlite3").exists()
        time.sleep(1.0)  # the window is up and the start-up checks ran
        assert process.poll() is None
        assert (data / "logs" / "followup.log").exists()
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    assert "Traceback" not in (process.stderr.read() if process.stderr else "")
