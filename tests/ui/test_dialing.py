"""Ctrl+D and the Call button on the call screen hand the number to the rep's dialer (a
real process: a script that writes down what it was given) and start the call timer; a
dialer that cannot start is said on the screen, which stays, and nothing starts."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from followup_desktop.core import settings as options
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Phone
from followup_desktop.services.session import Services
from followup_desktop.ui.main_window import MainWindow
from tests.rep_desk import rep_services
from tests.ui.worker_thread import shown_call

NOW = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)


@pytest.fixture
def services(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    with rep_services(tmp_path, monkeypatch, FixedClock(NOW), "Sam Rivers") as opened:
        yield opened


def _fake_dialer(tmp_path: Path) -> tuple[str, Path]:
    """A dialer command, and the file where it writes the arguments it was given."""
    record = tmp_path / "dialled.json"
    script = tmp_path / "dialer.py"
    script.write_text(
        f"import json, sys\nopen({str(record)!r}, 'w').write(json.dumps(sys.argv[1:]))\n",
        encoding="utf-8",
    )
    return f'"{sys.executable}" "{script}" --call {{number}}', record


def _use(services: Services, dialer: str, local: bool = False) -> None:
    settings = services.settings.load().with_value(options.DIAL_WITH, dialer)
    services.settings.save(settings.with_value(options.DIAL_AS_LOCAL, local))


def test_ctrl_d_hands_the_number_to_the_dialer_and_starts_the_timer(
    qtbot, window: MainWindow, services: Services, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialer, record = _fake_dialer(tmp_path)
    _use(services, dialer)
    jane = services.contacts.add(Contact(name="Jane Smith", phones=[Phone("+13125550142")]))
    call = shown_call(qtbot, window, jane)
    assert call.header.timer.text() == "" and call.header.call_button.isEnabled()
    qtbot.keyClick(call, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(record.exists, timeout=10_000)
    qtbot.waitUntil(lambda: record.read_text(encoding="utf-8") != "")
    assert json.loads(record.read_text(encoding="utf-8")) == ["--call", "+13125550142"]
    assert call.saved_state.text() == "Calling +13125550142…"
    assert call.header.timer.text() != ""  # the call timer runs from the dial
    assert not call.header.start_button.isEnabled()
    call.close()


def test_a_number_kept_as_written_goes_over_exactly_and_a_local_one_as_dialled_at_home(
    qtbot, window: MainWindow, services: Services, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialer, record = _fake_dialer(tmp_path)
    _use(services, dialer, local=True)
    services.settings.save(services.settings.load().with_value(options.PHONE_REGION, "GB"))
    lagos = Phone("+234 1 234 5678", checked=False)
    chidi = services.contacts.add(
        Contact(name="Chidi Okafor", phones=[lagos, Phone("+442079460958")])
    )
    call = shown_call(qtbot, window, chidi)
    qtbot.mouseClick(call.header.call_button, Qt.MouseButton.LeftButton)  # the first number
    qtbot.waitUntil(lambda: record.exists() and record.read_text(encoding="utf-8") != "")
    assert json.loads(record.read_text(encoding="utf-8")) == ["--call", "+234 1 234 5678"]
    record.unlink()
    call.dial("+442079460958")  # as its link on the screen asks
    qtbot.waitUntil(lambda: record.exists() and record.read_text(encoding="utf-8") != "")
    assert json.loads(record.read_text(encoding="utf-8")) == ["--call", "02079460958"]
    call.close()


def test_a_dialer_that_cannot_start_is_said_and_nothing_starts(
    qtbot, window: MainWindow, services: Services, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _use(services, f"{tmp_path / 'no-such-dialer'} {{number}}")
    jane = services.contacts.add(Contact(name="Jane Smith", phones=[Phone("+13125550142")]))
    call = shown_call(qtbot, window, jane)
    qtbot.keyClick(call, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert call.problem.isVisible()
    assert call.problem.text() == (
        f"⚠ Not dialled: the dialer '{tmp_path / 'no-such-dialer'}' could not be started."
    )
    assert call.header.timer.text() == "" and call.isVisible()
    call.close()
