"""Start-up paints the rep's day before the store is open: the window shows today's calls
from the first look, lets the rep look and type while the store opens, and is complete
once it has (``MainWindow.attach``)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, FollowUp, FollowUpKind
from followup_desktop.paths import AppPaths
from followup_desktop.services.first_look import first_paint
from followup_desktop.services.session import open_services
from followup_desktop.store import followups_repo
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.tasks import TaskRunner
from tests.ui.today_rows import today_texts

NOW = datetime(2026, 11, 24, 8, 50, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]


def make_store(tmp_path: Path) -> AppPaths:
    paths = AppPaths(tmp_path / "data")
    services = open_services(paths, FixedClock(NOW))
    ids = [
        services.contacts.add(Contact(name=name, company="Acme"))
        for name in ("Marcus O'Neil", "Jane Smith", "Priya Raman")
    ]
    with services.db.writing() as session:
        for n, contact_id in enumerate(ids):
            due = NOW + timedelta(hours=n - 1)  # one overdue, two later today
            follow_up = FollowUp(contact_id, FollowUpKind.CALL, "call-back", due, "catch up")
            followups_repo.add_follow_up(session, follow_up)
    services.contacts.add(Contact(name="Marta Diaz", company="Globex"))
    services.close()
    return paths


def in_a_fresh_process(probe: str) -> object:
    """What ``probe`` (Python printing one JSON value) prints in a new interpreter."""
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_day_shows_before_the_store_opens_and_the_window_completes_after(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    paths = make_store(tmp_path)
    clock = FixedClock(NOW)
    tasks = TaskRunner()
    window = MainWindow(None, tasks, first_paint=first_paint(paths.database, clock))
    qtbot.addWidget(window)
    window.show()
    shown = today_texts(window)
    assert [t for t in shown if "·" in t] == [
        "Marcus O'Neil · Acme",
        "Jane Smith · Acme",
        "Priya Raman · Acme",
    ]
    assert window.views.tabText(0) == "Today (3)"
    # What changes data waits for the store; looking, moving and typing do not.
    assert not window.new_action.isEnabled() and not window.import_action.isEnabled()
    assert not window.page.empty.isEnabled()
    assert window.contacts_action.isEnabled() and window.quit_action.isEnabled()
    window.search.setText("Mar")
    assert window.views.currentWidget() is window.page

    services = open_services(paths, clock)
    try:
        window.attach(services)
        assert window.attached
        assert window.new_action.isEnabled() and window.import_action.isEnabled()
        # The search typed while it opened is run now.
        qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=5000)
        names = {window.model.summary(r).name for r in range(2)}
        assert names == {"Marcus O'Neil", "Marta Diaz"}
        # The first look listed the whole day: the store, which reads the same
        # statements, is not asked again (the minute's look and any change do).
        assert not window.today.loading
        assert today_texts(window) == shown
        assert window.views.tabText(2) == "Pipeline" and window.views.tabText(3) == "Stats"
        assert window.insights is None  # built when first shown
        window.show_view(3)
        assert window.views.currentWidget() is window.insights.numbers
        assert window.views.widget(2) is window.insights.pipeline
        assert [window.views.tabText(n) for n in range(4)] == [
            "Today (3)",
            "Contacts",
            "Pipeline",
            "Stats",
        ]
    finally:
        tasks.wait()
        services.close()


def test_a_day_longer_than_the_first_look_lists_is_read_whole_once_the_store_opens(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from followup_desktop.core.agenda import FIRST_SCREENFUL

    paths = make_store(tmp_path)
    clock = FixedClock(NOW)
    services = open_services(paths, clock)
    late = [services.contacts.add(Contact(name=f"Late {n:02}")) for n in range(FIRST_SCREENFUL)]
    with services.db.writing() as session:
        for n, contact_id in enumerate(late):  # overdue, with Marcus: one past a screenful
            due = NOW - timedelta(days=1, minutes=n)
            followups_repo.add_follow_up(
                session, FollowUp(contact_id, FollowUpKind.CALL, "call-back", due, "")
            )
    services.close()
    tasks = TaskRunner()
    window = MainWindow(None, tasks, first_paint=first_paint(paths.database, clock))
    qtbot.addWidget(window)
    window.show()
    # A screenful of the oldest: Marcus, due an hour ago, is not listed yet.
    assert len([t for t in today_texts(window) if t.startswith("Late ")]) == FIRST_SCREENFUL
    assert "Marcus O'Neil · Acme" not in today_texts(window)
    services = open_services(paths, clock)
    try:
        window.attach(services)
        assert window.today.loading  # read again, a page this time
        qtbot.waitUntil(lambda: not window.today.loading, timeout=5000)
        assert "Marcus O'Neil · Acme" in today_texts(window)
    finally:
        tasks.wait()
        services.close()


def test_with_nothing_to_look_at_yet_the_window_says_it_is_opening(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(None, TaskRunner(), first_paint=None)
    qtbot.addWidget(window)
    window.show()
    assert window.today.empty.text() == "Opening your follow-ups…"
    assert window.today.stack.currentWidget() is window.today.empty


def test_what_paints_the_window_needs_no_store_modules() -> None:
    """SQLAlchemy (and what only the store needs) loads on a worker after the first paint,
    and a dialog's module when it is opened: the start-up module and what it imports must
    not pull them in. PySide6's import hook
    is taken out again once Qt is in."""
    probe = (
        "import builtins, json, sys\n"
        "import followup_desktop.ui.application\n"
        "print(json.dumps({'loaded': sorted(m for m in ('sqlalchemy', 'alembic', 'phonenumbers',"
        " 'icalendar', 'jeepney', 'followup_desktop.ui.restore_backup',"
        " 'followup_desktop.ui.relaunch', 'followup_desktop.core.currencies',"
        " 'followup_desktop.services.system_currency') if m in sys.modules),"
        " 'hooked': builtins.__import__ is"
        " getattr(builtins, '__feature_import__', None)}))\n"
    )
    assert in_a_fresh_process(probe) == {"loaded": [], "hooked": False}


def test_a_search_typed_just_after_the_first_paint_is_answered_before_the_store_opens(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The rep types 50 ms after the window appears: the list answers from the file while
    the store (and SQLAlchemy) still load (a call opened meanwhile: test_calls_before_store)."""
    from PySide6.QtTest import QTest

    paths = make_store(tmp_path)
    clock = FixedClock(NOW)
    tasks = TaskRunner()
    window = MainWindow(None, tasks, first_paint=first_paint(paths.database, clock))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.complete_frame()  # as start-up does after the first paint
    QTest.qWait(50)
    qtbot.keyClicks(window.search, "mar")
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=5000)
    assert not window.attached
    assert {window.model.summary(r).name for r in range(2)} == {"Marcus O'Neil", "Marta Diaz"}
    assert window.views.currentWidget() is window.page
    assert window.count_label.text() == "2 contacts found"
    window.search.clear()  # the whole list, from the file too
    qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=5000)
    assert window.count_label.text() == "4 contacts"
    tasks.wait()


def test_the_first_look_searches_without_the_store_modules(tmp_path: Path) -> None:
    """The search answered before the store opens runs with no SQLAlchemy loaded."""
    paths = make_store(tmp_path)
    probe = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from followup_desktop.core.clock import SystemClock\n"
        "from followup_desktop.services.first_look import first_paint\n"
        f"look = first_paint(Path({str(paths.database)!r}), SystemClock())\n"
        "names = [s.name for s in look.contacts.page('mar')]\n"
        "print(json.dumps({'names': names, 'count': look.contacts.count('mar'),"
        " 'loaded': 'sqlalchemy' in sys.modules}))\n"
    )
    assert in_a_fresh_process(probe) == {
        "names": ["Marcus O'Neil", "Marta Diaz"],
        "count": 2,
        "loaded": False,
    }
