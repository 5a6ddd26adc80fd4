"""Ctrl+D and the Call button on the call screen hand the number to the rep's dialer (a
real process: a script that writes down what it was given, started as a command or as the
desktop's registered ``tel:`` handler) and start the call timer, whose start and length
the logged touch keeps; a dialer that cannot start is said on the screen, which stays,
and nothing starts."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from followup_desktop.core import settings as options
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.contact_timeline import EntryKind
from followup_desktop.core.model import Contact, Outcome, Phone
from followup_desktop.services.session import Services
from followup_desktop.store import followups_repo
from followup_desktop.ui.main_window import MainWindow
from tests.ui.worker_thread import shown_call

NOW = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


def _fake_dialer(tmp_path: Path) -> tuple[str, Path]:
    """A dialer command, and the file where it writes the arguments it was given."""
    script, record = _recorder(tmp_path)
    return f'"{sys.executable}" "{script}" --call {{number}}', record


def _recorder(tmp_path: Path) -> tuple[Path, Path]:
    """A script that writes down its arguments, and the file it writes them to."""
    record = tmp_path / "dialled.json"
    script = tmp_path / "dialer.py"
    script.write_text(
        f"import json, sys\nopen({str(record)!r}, 'w').write(json.dumps(sys.argv[1:]))\n",
        encoding="utf-8",
    )
    return script, record


def _written(record: Path) -> list[str]:
    text = record.read_text(encoding="utf-8") if record.exists() else ""
    return json.loads(text) if text else []


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


def test_the_header_says_which_button_dials_and_which_only_times(
    qtbot, window: MainWindow, services: Services, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """ "Call" and "Start call" side by side: a rep could not tell which one dials. The
    one that only times a call she dials herself now says so."""
    dialer, record = _fake_dialer(tmp_path)
    _use(services, dialer)
    jane = services.contacts.add(Contact(name="Jane Smith", phones=[Phone("+13125550142")]))
    call = shown_call(qtbot, window, jane)
    buttons = {b.text(): b for b in call.header.findChildren(QPushButton) if b.text() != "Copy"}
    assert set(buttons) == {"Call", "Start timer"}
    qtbot.mouseClick(buttons["Start timer"], Qt.MouseButton.LeftButton)
    assert call.header.timer.text() != ""  # timed, not dialled
    assert not record.exists()
    qtbot.mouseClick(buttons["Call"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: record.exists() and record.read_text(encoding="utf-8") != "")
    assert json.loads(record.read_text(encoding="utf-8")) == ["--call", "+13125550142"]
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
    call.commands.dial("+442079460958")  # as its link on the screen asks
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


def test_the_desktops_tel_handler_gets_the_link_and_the_touch_keeps_the_calls_length(
    qtbot,
    window: MainWindow,
    services: Services,
    clock: FixedClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    # A softphone registered for tel: links in a private desktop (the default dialer
    # setting), found the way xdg-open finds it on a rep's laptop.
    script, record = _recorder(tmp_path)
    data, config = tmp_path / "xdg-data", tmp_path / "xdg-config"
    (data / "applications").mkdir(parents=True)
    (data / "applications" / "fake-softphone.desktop").write_text(
        "[Desktop Entry]\nType=Application\nName=Fake softphone\n"
        f"Exec={sys.executable} {script} %u\nMimeType=x-scheme-handler/tel;\n",
        encoding="utf-8",
    )
    config.mkdir()
    (config / "mimeapps.list").write_text(
        "[Default Applications]\nx-scheme-handler/tel=fake-softphone.desktop\n", encoding="utf-8"
    )
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    for desktop in ("XDG_CURRENT_DESKTOP", "DESKTOP_SESSION", "KDE_FULL_SESSION"):
        monkeypatch.delenv(desktop, raising=False)
    jane = services.contacts.add(Contact(name="Jane Smith", phones=[Phone("+13125550142")]))
    call = shown_call(qtbot, window, jane)
    qtbot.keyClick(call, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _written(record) != [], timeout=10_000)
    assert _written(record) == ["tel:+13125550142"]
    clock.advance(minutes=4, seconds=5)
    call._tick()  # the screen's one-second tick, now rather than in a second
    assert call.header.timer.text() == "on the call 04:05"
    qtbot.keyClick(call, Qt.Key.Key_N)  # how it went: the timer stops here
    assert call.header.timer.text() == "call took 04:05"
    clock.advance(seconds=40)  # the rep reads the plan before saving it
    qtbot.waitUntil(call.plan.accept_button.isEnabled)
    qtbot.keyClick(call.plan.accept_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.call_window(jane) is None)
    with services.db.reading() as session:
        (touch,) = followups_repo.touches(session, jane)
    assert (touch.outcome, touch.started_at, touch.seconds) == (Outcome.NO_ANSWER, NOW, 245)
    assert touch.at == NOW + timedelta(minutes=4, seconds=45)
    history = services.followups.history(jane)
    assert [e.what for e in history if e.kind is EntryKind.TOUCH] == [
        "Call: no answer (4 min 05 s)"
    ]


def test_back_to_the_call_lets_the_timer_run_on_and_an_untimed_call_keeps_no_length(
    qtbot, window: MainWindow, services: Services, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    jane = services.contacts.add(Contact(name="Jane Smith", phones=[Phone("+13125550142")]))
    call = shown_call(qtbot, window, jane)
    qtbot.keyClick(call, Qt.Key.Key_N)  # no timer was started: nothing to stop
    assert call.header.timer.text() == ""
    qtbot.waitUntil(call.plan.accept_button.isEnabled)
    qtbot.keyClick(call.plan.accept_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.call_window(jane) is None)
    call = shown_call(qtbot, window, jane)
    call.start_call()
    clock.advance(seconds=30)
    qtbot.keyClick(call, Qt.Key.Key_N)
    assert call.header.timer.text() == "call took 00:30"
    qtbot.keyClick(call, Qt.Key.Key_Escape)  # not over after all: back to the call
    clock.advance(seconds=50)
    call._tick()
    assert call.header.timer.text() == "on the call 01:20"
    qtbot.keyClick(call, Qt.Key.Key_N)
    qtbot.waitUntil(call.plan.accept_button.isEnabled)
    qtbot.keyClick(call.plan.accept_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.call_window(jane) is None)
    with services.db.reading() as session:
        untimed, timed = followups_repo.touches(session, jane)
    assert (untimed.started_at, untimed.seconds) == (None, None)
    assert (timed.started_at, timed.seconds) == (NOW, 80)
