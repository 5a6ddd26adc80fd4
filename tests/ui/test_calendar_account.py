"""File › Calendar account…: typed, checked against a real Radicale on a worker, kept;
the window then syncs by itself and says so in the status bar, and a wrong password is
said in the dialog, which stays."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from followup_desktop.core import settings as options
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Outcome
from followup_desktop.services.session import Services
from followup_desktop.store import calendar_repo, contacts_repo
from followup_desktop.ui.main_window import MainWindow
from tests.peers.keyring_session import SecretService
from tests.peers.radicale import Radicale
from tests.rep_desk import rep_services

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def services(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keyring_bus: SecretService
) -> Iterator[Services]:
    with rep_services(tmp_path, monkeypatch, FixedClock(NOW), "Sam Rivers") as opened:
        yield opened


def _fill(qtbot, dialog, url: str, user: str, password: str) -> None:  # type: ignore[no-untyped-def]
    for field, text in ((dialog.url, url), (dialog.user, user), (dialog.password, password)):
        field.clear()
        qtbot.keyClicks(field, text)


def test_connecting_keeps_the_account_and_the_window_syncs_by_itself(
    qtbot, window: MainWindow, services: Services, radicale: Radicale
) -> None:  # type: ignore[no-untyped-def]
    priya = services.contacts.add(Contact(name="Priya Patel", time_zone="Europe/Paris"))
    services.followups.log(
        priya, Outcome.CONNECTED, agreed_next=datetime(2026, 12, 9, 15, tzinfo=UTC)
    )
    window.commands.open_calendar_account()
    dialog = window.calendar_dialog
    url = f"http://127.0.0.1:{radicale.port}/"
    _fill(qtbot, dialog, url, radicale.user, "wrong")
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith("⚠ Not connected"), timeout=10_000)
    assert "refused the user name or the password" in dialog.outcome.text()
    assert dialog.isVisible() and services.settings.load().get(options.SYNC_URL) == ""

    _fill(qtbot, dialog, url, radicale.user, radicale.password)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.calendar_line.text() == "Calendar: synced 10:00", timeout=15_000)
    assert services.settings.load().get(options.SYNC_URL) == url
    with services.db.reading() as session:
        assert len(calendar_repo.published(session)) == 1  # the agreed call is out


def test_find_calendars_lists_the_account_and_the_rep_chooses_one(
    qtbot, window: MainWindow, services: Services, radicale: Radicale
) -> None:  # type: ignore[no-untyped-def]
    window.commands.open_calendar_account()
    dialog = window.calendar_dialog
    url = f"http://127.0.0.1:{radicale.port}/"
    _fill(qtbot, dialog, url, radicale.user, radicale.password)
    qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith("✓"), timeout=10_000)
    names = [dialog.calendar_choice.itemText(i) for i in range(dialog.calendar_choice.count())]
    assert names[0].startswith("FollowUp (its own") and len(names) == 2  # and the rep's own
    assert services.settings.load().get(options.SYNC_URL) == ""  # nothing kept by looking
    dialog.calendar_choice.setCurrentIndex(1)
    chosen = dialog.calendar_choice.currentData()
    assert chosen.endswith("/rep/followup/")
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.calendar_line.text().startswith("Calendar: synced"), timeout=15_000
    )
    settings = services.settings.load()
    assert settings.get(options.SYNC_CALENDAR) == chosen
    assert settings.get(options.SYNC_ADDRESS_BOOK)  # FollowUp's own book, made


def test_a_first_big_sync_shows_its_progress_then_hides_it(
    qtbot, window: MainWindow, services: Services, radicale: Radicale
) -> None:  # type: ignore[no-untyped-def]
    with services.db.writing() as session:
        for i in range(120):
            contacts_repo.add(session, Contact(name=f"Contact {i:03d}"))
    services.calendar.setup(f"http://127.0.0.1:{radicale.port}/", radicale.user, radicale.password)
    bar = window.calendar_watch.bar
    seen: list[tuple[int, int, bool]] = []
    bar.valueChanged.connect(lambda value: seen.append((value, bar.maximum(), bar.isVisible())))
    window.calendar_watch.sync()
    qtbot.waitUntil(
        lambda: window.calendar_line.text().startswith("Calendar: synced"), timeout=30_000
    )
    assert (20, 120, True) in seen and (100, 120, True) in seen
    assert seen[-1][0] == 120 and not bar.isVisible()
