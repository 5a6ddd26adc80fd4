"""FollowUp started on a full disk (a real tmpfs filled to the last byte): it says it
cannot start, never that it is "already running", and never offers to recover a
healthy file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup_desktop.core.model import Contact
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import open_services
from tests.desktop_session import XWindows, wait_until
from tests.safety.small_disk import fill, small_disk
from tests.ui.test_single_instance import finish, launch


@pytest.fixture
def windows() -> Iterator[XWindows]:
    found = XWindows(os.environ["DISPLAY"])
    yield found
    found.close()


def test_a_full_disk_is_not_another_followup_nor_damage(tmp_path: Path, windows: XWindows) -> None:
    with small_disk(tmp_path / "disk", "6m") as disk:
        data = disk / "data"
        services = open_services(AppPaths(data))
        services.contacts.add(Contact(name="Jane Smith"))
        services.close()
        before = (data / "followup.sqlite3").read_bytes()
        fill(disk)
        app = launch(data)
        try:
            wait_until(
                lambda: windows.viewable("FollowUp cannot start") or app.poll() is not None,
                "the start-up message",
                40,
            )
            assert app.poll() is None, finish(app)  # it did not hand over and exit
            assert not [t for t in windows.titles() if "damaged" in t.lower()]
        finally:
            output = finish(app)
        assert "already running" not in output
        assert (data / "followup.sqlite3").read_bytes() == before
