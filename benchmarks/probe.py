"""Child process of the benchmark runner: one measurement in a fresh interpreter.

    python -m benchmarks.probe bare|startup|scroll|search DATA_DIR

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


def _wait_for_paint(app, table) -> None:  # type: ignore[no-untyped-def]
    """Process events until ``table``'s viewport has painted with rows in it."""
    from PySide6.QtCore import QEvent, QObject

    painted: list[bool] = []

    class Watcher(QObject):
        def eventFilter(self, watched, event):  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.Paint and table.model().rowCount() > 0:
                painted.append(True)
            return False

    watcher = Watcher()
    table.viewport().installEventFilter(watcher)
    while not painted:
        app.processEvents()
    table.viewport().removeEventFilter(watcher)


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


def _open_app(data_dir: str):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from followup_desktop.paths import AppPaths
    from followup_desktop.services.session import open_services
    from followup_desktop.ui.look import apply_look
    from followup_desktop.ui.main_window import MainWindow
    from followup_desktop.ui.tasks import TaskRunner

    app = QApplication(sys.argv[:1])
    apply_look(app)
    services = open_services(AppPaths(Path(data_dir)))
    tasks = TaskRunner()
    window = MainWindow(services, tasks)
    # The window opens on Today; the figures are about the contact list, so show it (as
    # the Contacts tab or Ctrl+K does) and wait for its table to paint.
    window.views.setCurrentWidget(window.page)
    window.resize(1000, 640)
    window.show()
    _wait_for_paint(app, window.page.table)
    return app, window


def startup(data_dir: str) -> dict[str, float]:
    _app, _window = _open_app(data_dir)
    return {"ms": _since_process_start_ms(), "rss_mb": _rss_mb()}


def scroll(data_dir: str) -> dict[str, float]:
    app, window = _open_app(data_dir)
    table, model = window.page.table, window.model
    pages: list[float] = []
    while model.canFetchMore():
        started = time.perf_counter()
        model.fetchMore()
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
    from PySide6.QtCore import QEventLoop

    _app, window = _open_app(data_dir)
    queries = json.loads(Path(queries_file).read_text())

    def settle(typed: str) -> float:
        if window.search.text().strip() == typed.strip():
            return 0.0  # nothing to search again
        loop = QEventLoop()
        window.model.results_changed.connect(loop.quit)
        started = time.perf_counter()
        window.search.setText(typed)
        loop.exec()
        elapsed = (time.perf_counter() - started) * 1000
        window.model.results_changed.disconnect(loop.quit)
        return elapsed

    times: list[float] = []
    for query in queries:
        settle("")  # each query starts from the full list, as after clearing the box
        window.tasks.wait()  # and with no count or search still running
        times.append(settle(query))
    return {"p50_ms": statistics.median(times), "p95_ms": p95(times), "count": len(times)}


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "bare":
        result: dict[str, object] = dict(bare())
    elif mode == "startup":
        result = dict(startup(sys.argv[2]))
    elif mode == "scroll":
        result = dict(scroll(sys.argv[2]))
    elif mode == "search":
        result = search(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(f"unknown probe {mode}")
    print(json.dumps(result), flush=True)
    os._exit(0)  # skip teardown: it is not what is being measured
