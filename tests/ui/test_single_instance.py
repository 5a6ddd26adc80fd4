"""One FollowUp per data folder, with real processes: a second launch hands over to the
first (and can open a contact there), a kill -9 leaves nothing that blocks the next
start, and two launches in the same instant end with one running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup_desktop.core.model import Contact
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import open_services
from tests.desktop_session import XWindows, wait_until


def launch(data: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "followup_desktop", "--data-dir", str(data), *args],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    services = open_services(AppPaths(folder))
    try:
        services.contacts.add(Contact(name="Jane Smith", company="Acme, Inc."))
    finally:
        services.close()
    return folder


@pytest.fixture
def windows() -> Iterator[XWindows]:
    found = XWindows(os.environ["DISPLAY"])
    yield found
    found.close()


def finish(process: subprocess.Popen[str]) -> str:
    if process.poll() is None:
        process.terminate()
    out, _ = process.communicate(timeout=30)
    return out or ""


def test_a_second_launch_hands_over_and_opens_the_contact_in_the_first(
    data: Path, windows: XWindows
) -> None:
    first = launch(data)
    try:
        wait_until(lambda: windows.viewable("FollowUp"), "the first window", 30)
        second = launch(data)
        assert second.wait(timeout=30) == 0, finish(second)
        assert first.poll() is None
        assert len(windows.viewable("FollowUp")) == 1, "no second window"
        third = launch(data, "--open-contact", "1")
        assert third.wait(timeout=30) == 0, finish(third)
        wait_until(lambda: windows.viewable("Call — Jane Smith"), "the call screen", 20)
        assert first.poll() is None
    finally:
        output = finish(first)
    assert "Traceback" not in output, output


def test_after_kill_9_the_next_launch_starts_and_then_answers(
    data: Path, windows: XWindows
) -> None:
    first = launch(data)
    wait_until(lambda: windows.viewable("FollowUp"), "the first window", 30)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert (data / "followup-desktop.lock").exists(), "a kill -9 leaves its lock behind"
    wait_until(lambda: not windows.viewable("FollowUp"), "the killed window to go", 10)
    started = time.monotonic()
    again = launch(data)
    try:
        wait_until(lambda: windows.viewable("FollowUp"), "a new first window", 30)
        print(f"\nstarted after kill -9 in {time.monotonic() - started:.2f} s")
        assert again.poll() is None, finish(again)
        second = launch(data, "--open-contact", "1")
        assert second.wait(timeout=30) == 0, finish(second)
        wait_until(lambda: windows.viewable("Call — Jane Smith"), "the call screen", 20)
    finally:
        output = finish(again)
    assert "Traceback" not in output, output


def test_two_launches_at_once_leave_one_running(data: Path, windows: XWindows) -> None:
    launches = [launch(data), launch(data)]
    try:
        wait_until(
            lambda: sum(p.poll() is None for p in launches) == 1, "one of them to hand over", 40
        )
        (handed_over,) = [p for p in launches if p.poll() is not None]
        assert handed_over.returncode == 0, finish(handed_over)
        wait_until(lambda: windows.viewable("FollowUp"), "the window", 30)
        time.sleep(1)
        assert len(windows.viewable("FollowUp")) == 1
    finally:
        outputs = [finish(p) for p in launches]
    assert not any("Traceback" in out for out in outputs), outputs
