"""Start-up holds Python's cyclic collector while the store's modules import, and gives
it back: a start that left it off would keep every cycle of objects the app lets go of,
and grow all day."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from followup_desktop.ui.application import Start
from followup_desktop.ui.quit_signals import QuitOnSignals
from followup_desktop.ui.single_instance import SingleInstance
from tests.ui.test_first_paint import make_store


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def _a_cycle_is_collected_unasked() -> bool:
    cycle = _Node()
    gone = weakref.ref(cycle)
    del cycle
    _made = [[] for _ in range(5000)]  # past the youngest generation's threshold
    return gone() is None


@pytest.fixture
def start(started: list[Start], tmp_path: Path) -> Iterator[Start]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    paths = make_store(tmp_path)
    started.append(Start(app, paths, QuitOnSignals(app), SingleInstance(paths.data_dir)))
    try:
        yield started[0]
    finally:
        gc.enable()  # whatever happened, not for the tests after this one


def test_cycles_are_collected_again_once_the_store_has_opened(qtbot, start: Start) -> None:  # type: ignore[no-untyped-def]
    assert not _a_cycle_is_collected_unasked()  # held while the store's modules import
    start.begin()
    qtbot.waitUntil(lambda: start.window is not None and start.window.attached, timeout=30_000)
    assert _a_cycle_is_collected_unasked()
    # What start-up made is in the collector's sight again once the window has settled.
    qtbot.waitUntil(lambda: gc.get_freeze_count() == 0, timeout=10_000)


def test_a_quit_before_the_store_opens_collects_again(start: Start) -> None:
    start.close()
    assert _a_cycle_is_collected_unasked()
