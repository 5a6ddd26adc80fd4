"""One FollowUp per data folder, with real processes: a second launch hands over to the
first (and can open a contact there), a kill -9 leaves nothing that blocks the next
start, two launches in the same instant end with one running, and the start after a
recovery gets the window."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from followup_desktop.core import settings as options
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Outcome
from followup_desktop.paths import AppPaths
from followup_desktop.services import backups, maintenance
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


def damaged_after_a_backup(folder: Path) -> None:
    """A backup two days old (so the start takes the daily one, checking the file whole),
    then text that is no longer UTF-8: the file opens, its full check fails."""
    paths = AppPaths(folder)
    services = open_services(paths, FixedClock(datetime.now(UTC) - timedelta(days=2)))
    try:
        services.settings.save(services.settings.load().with_value(options.REP_NAME, "Sam"))
        contact = services.contacts.add(Contact(name="Saved Before"))
        services.followups.log(contact, Outcome.CONNECTED, notes="fine")
    finally:
        services.close()
    backups.take_backup(paths, "daily", FixedClock(datetime.now(UTC) - timedelta(days=2)))
    with sqlite3.connect(paths.database) as connection:
        connection.execute("UPDATE touches SET notes = CAST(x'41ff42' AS TEXT)")
    connection.close()


def _holder(data: Path) -> int | None:
    """The process holding the data folder (its lock names it), if it is alive."""
    try:
        pid = int((data / "followup-desktop.lock").read_text().split()[0])
        os.kill(pid, 0)
    except (OSError, ValueError, IndexError):
        return None
    return pid


def _other_starts(data: Path, first: int) -> set[int]:
    """FollowUps started on ``data`` (their command line names it) other than ``first``."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == first:
            continue
        try:
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue  # gone meanwhile
        if str(data).encode() in arguments and any(b"followup_desktop" in a for a in arguments):
            found.add(int(entry.name))
    return found


def _starts_while_held(data: Path, first: subprocess.Popen[str]) -> list[int]:
    """Watches, while ``first`` runs, for a FollowUp started on ``data`` while ``first``
    still holds it: the list it fills names each one seen so."""
    seen: list[int] = []

    def watch() -> None:
        while first.poll() is None:
            # Started first, then the holder read: both true at that later instant.
            started = _other_starts(data, first.pid)
            if started and _holder(data) == first.pid:
                seen.extend(started - set(seen))
            time.sleep(0.002)

    threading.Thread(target=watch, daemon=True).start()
    return seen


def test_after_recovery_the_restart_gets_the_window(tmp_path: Path, windows: XWindows) -> None:
    """Damage found while FollowUp runs: the rep restores the backup, and FollowUp starts
    again on it once the old one has let go of the data folder, so the new start gets
    the window. Started before, it could find the folder still taken and hand its window
    to the one quitting ("already running"): no FollowUp left at all."""
    data = tmp_path / "data"
    damaged_after_a_backup(data)
    first = launch(data)
    try:
        (dialog,) = wait_until(
            lambda: windows.viewable("FollowUp's data file is damaged"), "the recovery dialog", 60
        )
        early = _starts_while_held(data, first)
        windows.press_return(dialog)  # its default button: Restore backup
        assert first.wait(timeout=30) == 0
        assert early == [], "started again before the old one let go of the data folder"
        again = wait_until(lambda: _holder(data), "a new FollowUp holding the data folder", 30)
        assert again != first.pid
        wait_until(lambda: windows.viewable("FollowUp"), "the window of the new start", 30)
        time.sleep(1)  # still there: not a hand-over that exits
        assert _holder(data) == again and len(windows.viewable("FollowUp")) == 1
        assert maintenance.check(data / "followup.sqlite3").ok  # the backup, in place
    finally:
        # The new starts first: they hold the output the first one handed them.
        for pid in _other_starts(data, first.pid):
            os.kill(pid, signal.SIGTERM)
        wait_until(lambda: not _other_starts(data, first.pid), "the new start to quit", 30)
        output = finish(first)
    assert "Traceback" not in output, output
    assert len(list(data.glob("followup.sqlite3.damaged-*Z"))) == 1  # kept beside it
