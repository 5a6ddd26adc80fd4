"""`followup-desktop` as a real process: it starts, creates its data, and stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from followup_desktop import __version__
from followup_desktop.core.model import Contact
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import open_services


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


def test_a_data_folder_that_is_a_file_is_said_in_a_window(tmp_path: Path) -> None:
    """`followup-desktop --data-dir` given the database itself: a window says what is
    wrong and where to point it (there was only a traceback on a terminal, and no
    window), and the file is left as it was."""
    from tests.desktop_session import XWindows, wait_until
    from tests.ui.test_single_instance import finish, launch

    services = open_services(AppPaths(tmp_path))
    services.contacts.add(Contact(name="Jane Smith"))
    services.close()
    database = tmp_path / "followup.sqlite3"
    before = database.read_bytes()
    windows = XWindows(os.environ["DISPLAY"])
    app = launch(database)
    try:
        wait_until(
            lambda: windows.viewable("FollowUp cannot start") or app.poll() is not None,
            "the start-up message",
            40,
        )
        assert app.poll() is None, finish(app)  # the message waits for the rep
    finally:
        output = finish(app)
        windows.close()
    assert "Traceback" not in output, output
    (line,) = output.splitlines()
    assert f"{database} is a file, not a folder" in line, output
    assert database.read_bytes() == before
