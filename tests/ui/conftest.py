"""The main window over the requesting module's ``services`` fixture, with its task runner
drained and any draft previews closed at the end (modules with their own set-up define
their own ``window``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from followup_desktop.core.clock import FixedClock
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import Services, open_services
from followup_desktop.store.write_guard import ENV as FORBID_UI_THREAD_WRITES
from followup_desktop.store.write_guard import READS_ENV as FORBID_UI_THREAD_READS
from followup_desktop.ui.application import Start
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.tasks import TaskRunner
from tests.team_logins import NOW, as_rep, team_server
from tests.ui.starts import close_start


@pytest.fixture(autouse=True)
def no_store_work_on_the_ui_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every write the screens make runs on the writer thread and every read on a worker:
    one from ui/ on the UI thread fails the test (``store.write_guard``)."""
    monkeypatch.setenv(FORBID_UI_THREAD_WRITES, "followup_desktop/ui/")
    monkeypatch.setenv(FORBID_UI_THREAD_READS, "followup_desktop/ui/")


@pytest.fixture
def window(qtbot, services: Services) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    tasks = TaskRunner()
    main = MainWindow(services, tasks)
    qtbot.addWidget(main)
    main.show()
    # Shortcuts reach only the active window: a busy machine activates it late.
    main.activateWindow()
    qtbot.waitActive(main)
    yield main
    for dialog in main.drafts:
        dialog.close()
    # A window closed by the test must not sync later, when the test's keyring is gone
    # and the suite's own session would answer with a prompt nobody sees.
    main.calendar_watch.stop()
    tasks.wait()


@pytest.fixture
def team(tmp_path: Path) -> Iterator[tuple[int, Services, Services]]:
    """A team server's port, Ana's app on it and Maria's (her manager)."""
    with team_server() as (_url, port):
        opened = [
            open_services(AppPaths(tmp_path / login), FixedClock(NOW), database=as_rep(port, login))
            for login in ("ana", "maria")
        ]
        yield port, opened[0], opened[1]
        for services in opened:
            services.close()


@pytest.fixture
def started(qtbot, tmp_path: Path) -> Iterator[list[Start]]:  # type: ignore[no-untyped-def]
    """The app's starts made by a test, closed after it (their window and workers)."""
    starts: list[Start] = []
    yield starts
    for start in starts:
        close_start(start)
