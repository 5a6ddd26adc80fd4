"""Sample data lives in a demo of its own, never in the rep's data: "Try sample data" on
a real profile starts a second FollowUp (a real process, a real X window) on DATA/demo,
which fills itself; the rep's database stays byte for byte as it was."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton, QToolBar

from followup_desktop.core import settings as options
from followup_desktop.core.model import Contact, Outcome
from followup_desktop.paths import DATABASE_NAME, AppPaths
from followup_desktop.services.session import Services, open_services
from followup_desktop.ui.demo_profile import DEMO_TITLE, open_demo
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.tasks import TaskRunner
from tests.desktop_session import XWindows, wait_until
from tests.ui.worker_thread import settled


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    opened = open_services(AppPaths(tmp_path / "data"))
    yield opened
    opened.close()


def shown_window(qtbot, services: Services) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(services, TaskRunner())
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def database_bytes(folder: Path) -> dict[str, bytes]:
    """The database and its write-ahead log, as they are on disk."""
    return {
        path.name: path.read_bytes()
        for path in sorted(folder.glob(f"{DATABASE_NAME}*"))
        if path.is_file()
    }


def count(database: Path, table: str) -> int:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
            return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.Error:  # not there yet, or being created
        return 0


def test_the_demo_says_what_it_is_and_fills_itself_off_the_ui_thread(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    demo = open_services(AppPaths(tmp_path / "data").demo_profile())
    try:
        window = shown_window(qtbot, demo)
        assert demo.paths.database == tmp_path / "data" / "demo" / DATABASE_NAME
        assert window.windowTitle() == DEMO_TITLE
        (band,) = [bar for bar in window.findChildren(QToolBar) if bar.objectName() == "demoBand"]
        assert band.isVisible()
        (leave,) = band.findChildren(QPushButton)
        assert leave.text() == "&Leave the demo"
        assert not window.sample_action.isVisible()
        qtbot.waitUntil(lambda: window.count_label.text() == "200 contacts", timeout=10_000)
        qtbot.waitUntil(
            lambda: "Sample data ready" in window.statusBar().currentMessage(), timeout=120_000
        )
        qtbot.waitUntil(lambda: window.today.count > 0)
        figures = demo.stats.compute()
        assert sum(t.count for t in figures.pipeline.stages) > 50
        assert demo.settings.load().get(options.REP_NAME) == "Sam Rivers"
        leave.click()
        assert not window.isVisible()
        window.tasks.wait()
    finally:
        demo.close()


def test_try_sample_data_opens_the_demo_apart_and_leaves_the_reps_data_byte_identical(
    qtbot, services: Services
) -> None:  # type: ignore[no-untyped-def]
    customer = services.contacts.add(Contact(name="Real Customer", company="Real Co"))
    services.followups.log(customer, Outcome.NO_ANSWER)
    window = shown_window(qtbot, services)
    settled(qtbot, window)  # the window's own first reads are done before the baseline
    data = services.paths.data_dir
    before = database_bytes(data)
    assert before, "the rep's database is on disk"

    started: list[int] = []

    def open_and_note(folder: Path) -> int | None:
        pid = open_demo(folder)  # the real thing: a second FollowUp process
        if pid is not None:
            started.append(pid)
        return pid

    window.commands.demo_opener = open_and_note
    window.sample_action.trigger()
    assert started, "the demo process started"
    demo_database = data / "demo" / DATABASE_NAME
    try:
        wait_until(lambda: count(demo_database, "contacts") == 200, "the demo's contacts", 60)
        wait_until(lambda: count(demo_database, "touches") > 0, "the demo's history", 180)
        windows = XWindows(os.environ["DISPLAY"])
        wait_until(lambda: windows.viewable(DEMO_TITLE), "the demo's window", 30)
        assert "Opening the demo" in window.statusBar().currentMessage()
    finally:
        os.kill(started[0], signal.SIGTERM)
        wait_until(lambda: not _alive(started[0]), "the demo to quit", 30)

    window.tasks.wait()
    assert database_bytes(data) == before
    assert services.contacts.count() == 1


def _alive(pid: int) -> bool:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return _is_running(pid)


def _is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"
