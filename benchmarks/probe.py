"""Child process of the benchmark runner: one measurement in a fresh interpreter.

    python -m benchmarks.probe bare|startup|startup-contacts|scroll|search|reminder DATA_DIR
    python -m benchmarks.probe startup-search DATA_DIR TYPED
    python -m benchmarks.probe startup-call DATA_DIR

Prints one JSON line. Times are from this process's own start (``psutil``-free: the
kernel's start time of the process in /proc), so interpreter start and imports count.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

from benchmarks.stats import p95


def _since_process_start_ms() -> float:
    """Milliseconds since the kernel started this process (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    with open("/proc/self/stat") as handle:
        start_ticks = int(handle.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as handle:
        uptime = float(handle.read().split()[0])
    return (uptime - start_ticks / ticks) * 1000


def _rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _wait_for_paint(app, table, has_rows=None) -> None:  # type: ignore[no-untyped-def]
    """Process events until ``table``'s viewport has painted with rows in it."""
    from PySide6.QtCore import QEvent, QObject

    painted: list[bool] = []
    has_rows = has_rows or (lambda: table.model().rowCount() > 0)

    class Watcher(QObject):
        def eventFilter(self, watched, event):  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.Paint and has_rows():
                painted.append(True)
            return False

    watcher = Watcher()
    table.viewport().installEventFilter(watcher)
    while not painted:
        app.processEvents()
    table.viewport().removeEventFilter(watcher)


def _wait_until(condition) -> None:  # type: ignore[no-untyped-def]
    """Wait in an event loop, as the app does (a busy loop would take Python's lock from
    the worker opening the store), looking every millisecond."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    poll = QTimer(interval=1)
    poll.timeout.connect(lambda: condition() and loop.quit())
    poll.start()
    if not condition():
        loop.exec()
    poll.stop()


def bare() -> dict[str, float]:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    table = QTableWidget(20, 5)
    for row in range(20):
        for column in range(5):
            table.setItem(row, column, QTableWidgetItem(f"{row},{column}"))
    window.setCentralWidget(table)
    window.resize(1000, 640)
    window.show()
    _wait_for_paint(app, table)
    return {"ms": _since_process_start_ms(), "rss_mb": _rss_mb()}


def _open_app(  # type: ignore[no-untyped-def]
    data_dir: str,
    view: str = "contacts",
    marks: dict[str, float] | None = None,
    at_paint=None,
):
    """The app's own start-up (``ui.application.Start``) up to a working window: the
    window painted first from the first look, then the store opened on a worker and the
    window completed. ``marks`` gets the milliseconds since process start of the first
    paint with rows (``painted``) and of the window completed (``ready``)."""
    from followup_desktop.ui.application import Start
    from followup_desktop.ui.look import apply_look
    from followup_desktop.ui.quit_signals import QuitOnSignals
    from followup_desktop.ui.single_instance import SingleInstance

    from followup_desktop.paths import AppPaths  # isort: skip
    from PySide6.QtWidgets import QApplication  # isort: skip

    marks = {} if marks is None else marks
    app = QApplication(sys.argv[:1])
    apply_look(app)
    paths = AppPaths(Path(data_dir))
    instance = SingleInstance(paths.data_dir)
    instance.claim()
    start = Start(app, paths, QuitOnSignals(app), instance)
    app._followup_start = start  # type: ignore[attr-defined]  (kept alive with the app)
    start.begin()
    window = start.window
    assert window is not None
    window.resize(1000, 640)
    if view == "today":
        # As the rep starts it: the window opens on Today; done when its list has painted
        # with the agenda's rows in it.
        tree = window.today.tree
        _wait_for_paint(app, tree, lambda: tree.topLevelItemCount() > 0)
        marks["painted"] = _since_process_start_ms()
        if at_paint is not None:
            at_paint(window)
    _wait_until(lambda: window.attached and not window.today.loading)
    marks["ready"] = _since_process_start_ms()
    if view == "contacts":
        # The list figures: the Contacts view (as its tab or Ctrl+K shows it), painted
        # with its first page.
        window.views.setCurrentWidget(window.page)
        _wait_for_paint(app, window.page.table)
        marks["painted"] = _since_process_start_ms()
    return app, window


def startup(data_dir: str, view: str) -> dict[str, float]:
    marks: dict[str, float] = {}
    _app, _window = _open_app(data_dir, view, marks)
    return {"ms": marks["painted"], "ready_ms": marks["ready"], "rss_mb": _rss_mb()}


def startup_search(data_dir: str, typed: str) -> dict[str, float]:
    """The rep types a search as soon as the window shows: milliseconds from the start of
    the process to its results in the list, and whether they came before the store was
    open (``before_store`` 1.0)."""
    answered: dict[str, float] = {}

    def type_search(window) -> None:  # type: ignore[no-untyped-def]
        def results() -> None:
            if "ms" not in answered and window.model.query == typed:
                answered["ms"] = _since_process_start_ms()
                answered["before_store"] = float(not window.attached)

        window.model.results_changed.connect(results)
        window.search.setText(typed)

    marks: dict[str, float] = {}
    _app, _window = _open_app(data_dir, "today", marks, at_paint=type_search)
    _wait_until(lambda: "ms" in answered)
    return {**answered, "painted_ms": marks["painted"], "ready_ms": marks["ready"]}


def startup_call(data_dir: str) -> dict[str, float]:
    """The rep opens Today's first call as soon as the window shows: milliseconds from
    the start of the process to its call screen shown, and whether it showed before the
    store was open (``before_store`` 1.0)."""
    shown: dict[str, float] = {}

    def open_first(window) -> None:  # type: ignore[no-untyped-def]
        from followup_desktop.core.model import FollowUpKind
        from followup_desktop.ui.today_page import Row, RowRole

        tree = window.today.tree
        rows = [tree.topLevelItem(r).data(0, RowRole) for r in range(tree.topLevelItemCount())]
        calls = [r for r in rows if isinstance(r, Row) and r.kind is FollowUpKind.CALL]
        if not calls:  # a data set without calls due today measures nothing here
            raise SystemExit("startup-call: Today lists no call to open")

        def opened(_call: object) -> None:
            if "ms" not in shown:
                shown["ms"] = _since_process_start_ms()
                shown["before_store"] = float(not window.attached)

        # As Return on the row does (``TodayPage.open_requested``); the screen shows once
        # its sheet is read on a worker, or the window says why it did not open.
        window.open_follow_up(calls[0].contact_id, calls[0].follow_up_id)
        window.work.call_shown.connect(opened)
        window.work.said.connect(lambda text: not_shown.append(text))
        window.work.failed.connect(lambda error, _details: not_shown.append(str(error)))

    not_shown: list[str] = []
    marks: dict[str, float] = {}
    _app, _window = _open_app(data_dir, "today", marks, at_paint=open_first)
    _wait_until(lambda: "ms" in shown or bool(not_shown))
    if "ms" not in shown:
        raise SystemExit(f"startup-call: the call did not open: {not_shown[0]}")
    return {**shown, "painted_ms": marks["painted"], "ready_ms": marks["ready"]}


def reminder(data_dir: str, count: int = 4) -> dict[str, object]:
    """How late reminders show against their planned moment, through the app's own
    scheduler (the ``ReminderTimer`` start-up started: real QTimers, the system clock,
    the 100k store).

    Follow-ups are planted so that their lead reminders fall a few seconds after the
    window is up, two seconds apart; the probe waits in the event loop, as the app does,
    and reads the lateness the timer itself records when it shows each one."""
    from datetime import UTC, datetime, timedelta

    from PySide6.QtCore import QEventLoop, QTimer

    from followup_desktop.core import settings as options
    from followup_desktop.core.model import FollowUp, FollowUpKind
    from followup_desktop.store import followups_repo

    app, window = _open_app(data_dir)
    services = window.services
    lead = timedelta(minutes=services.settings.load().get(options.REMINDER_LEAD_MIN))
    first = datetime.now(UTC) + timedelta(seconds=3)
    planted: set[int] = set()
    with services.db.writing() as session:
        for number in range(count):
            due = first + lead + timedelta(seconds=2 * number)
            follow_up = FollowUp(1 + number, FollowUpKind.CALL, "agreed-call", due, "probe")
            planted.add(followups_repo.add_follow_up(session, follow_up).id or 0)
    desk = app._followup_start.desk  # the app's own timer, started with the window
    assert desk is not None
    timer = desk.timer
    late_ms: list[float] = []
    loop = QEventLoop()

    def checked(due) -> None:  # type: ignore[no-untyped-def]
        shown = [r for r in due.decision.show if r.subject.id not in due.decision.snoozed_shown]
        recorded = timer.lateness[len(timer.lateness) - len(shown) :]
        for reminder, late in zip(shown, recorded, strict=True):
            if reminder.subject.id in planted and reminder.moment.value == "lead":
                late_ms.append(late * 1000)
        if len(late_ms) >= count:
            loop.quit()

    timer.checked.connect(checked)
    QTimer.singleShot(int((3 + 2 * count + 70) * 1000), loop.quit)  # never hang the run
    timer.reschedule()  # as after a logged call: the planted follow-ups are looked at
    loop.exec()
    return {
        "p50_ms": statistics.median(late_ms) if late_ms else -1.0,
        "max_ms": max(late_ms) if late_ms else -1.0,
        "shown": len(late_ms),
        "planted": count,
    }


def scroll(data_dir: str) -> dict[str, float]:
    app, window = _open_app(data_dir)
    table, model = window.page.table, window.model
    pages: list[float] = []
    while model.canFetchMore():
        started, had = time.perf_counter(), model.rowCount()
        model.fetchMore()  # read on a worker: the page counts once it is on screen
        while model.rowCount() == had and model.canFetchMore():
            app.processEvents()
        table.scrollToBottom()
        table.viewport().repaint()
        app.processEvents()
        pages.append((time.perf_counter() - started) * 1000)
    return {
        "rows": model.rowCount(),
        "page_ms_p50": statistics.median(pages) if pages else 0.0,
        "page_ms_p95": p95(pages),
        "rss_mb": _rss_mb(),
    }


def search(data_dir: str, queries_file: str) -> dict[str, object]:
    """Keystroke (the search box's text set) → model updated with the first page. The UI
    thread waits in its event loop, as it does in use, not in a busy loop."""
    from PySide6.QtCore import QEventLoop, QTimer

    _app, window = _open_app(data_dir)
    queries = json.loads(Path(queries_file).read_text())

    def settle(typed: str) -> float:
        if window.search.text().strip() == typed.strip():
            return 0.0  # nothing to search again
        loop = QEventLoop()
        updated: list[float] = []

        def changed() -> None:
            # Stamped when the model announces its new rows (after the window's own
            # handlers), not when this probe's nested loop gets round to returning.
            updated.append(time.perf_counter())
            loop.quit()

        window.model.results_changed.connect(changed)
        started = time.perf_counter()
        window.search.setText(typed)
        loop.exec()
        window.model.results_changed.disconnect(changed)
        return (updated[0] - started) * 1000

    def idle(seconds: float) -> None:
        # A typing pause: the event loop runs (paints, timers) for ``seconds``.
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    times: list[float] = []
    for query in queries:
        settle("")  # each query starts from the full list, as after clearing the box
        window.tasks.wait()  # with no count or search still running
        # and with that list painted, as the rep sees it before typing again (left
        # unpainted, its paint would run inside the next keystroke's time).
        idle(0.1)
        times.append(settle(query))
    return {"p50_ms": statistics.median(times), "p95_ms": p95(times), "count": len(times)}


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "bare":
        result: dict[str, object] = dict(bare())
    elif mode == "startup":
        result = dict(startup(sys.argv[2], "today"))
    elif mode == "startup-contacts":
        result = dict(startup(sys.argv[2], "contacts"))
    elif mode == "startup-search":
        result = dict(startup_search(sys.argv[2], sys.argv[3]))
    elif mode == "startup-call":
        result = dict(startup_call(sys.argv[2]))
    elif mode == "reminder":
        result = reminder(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 4)
    elif mode == "scroll":
        result = dict(scroll(sys.argv[2]))
    elif mode == "search":
        result = search(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(f"unknown probe {mode}")
    print(json.dumps(result), flush=True)
    os._exit(0)  # skip teardown: it is not what is being measured
