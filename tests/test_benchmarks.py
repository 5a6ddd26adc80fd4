"""The benchmark runner keeps working: the whole of it, on a tiny book, in a fresh
process on this test run's display. Only that every figure is produced (never how fast:
speed is read from the full run, against its floors)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _figures(module: str, *arguments: str) -> dict:  # type: ignore[type-arg]
    """The figures ``python -m module arguments`` prints, run in a fresh process."""
    result = subprocess.run(
        [sys.executable, "-m", module, *arguments],
        cwd=ROOT,
        env={**os.environ},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_the_runner_prints_every_figure_for_a_tiny_book(tmp_path: Path) -> None:
    figures = _figures(
        "benchmarks.run",
        "--contacts=1200",
        "--touches=5000",
        "--open=600",
        f"--data={tmp_path / 'data'}",
        "--runs=1",
        "--queries=12",
        "--reminders=2",
    )
    with_floor = [
        "startup_ms",
        "startup_ready_ms",
        "startup_contacts_ms",
        "startup_search_ms",
        "startup_call_ms",
        "search_p50_ms",
        "search_p95_ms",
        "agenda_ms",
        "agenda_full_ms",
        "log_call_ms",
        "stats_ms",
        "import_100k_s",
        "log_call_during_import_p95_ms",
        "rss_mb",
    ]
    for name in [*with_floor, "scroll_ms", "reminder_delay_ms"]:
        assert figures[name]["value"] >= 0, name
    for name in with_floor:
        assert figures[name]["floor"] > 0 and figures[name]["ratio"] > 0, name
    # The first paint comes before the window is complete.
    assert figures["startup_ms"]["value"] <= figures["startup_ready_ms"]["value"]
    assert set(figures["_startup_call"]) == {"shown_before_the_store_opened", "ready_ms"}
    assert figures["_import"] == {"imported": 1200, "rejected": 0}
    assert figures["_log_call_during_import"]["failed"] == 0
    assert figures["_log_call_during_import"]["calls"] > 0
    assert figures["_data"]["rows_scrolled"] == 1200
    assert figures["_data"]["search_queries"] == 12
    assert figures["_reminders"]["shown"] == figures["_reminders"]["planted"] == 2


def test_the_sync_benchmark_prints_every_figure_for_a_tiny_book() -> None:
    figures = _figures("benchmarks.sync", "--contacts=40", "--runs=1")
    assert figures["contacts"]["value"] == 40
    for name in ("first_pull_ms", "nothing_changed_ms", "ten_here_ms", "ten_phone_ms"):
        assert figures[name]["value"] > 0 and figures[name]["floor"] > 0, name


def test_the_team_benchmark_prints_every_figure_for_a_tiny_team() -> None:
    figures = _figures("benchmarks.team", "--contacts=300", "--reps=2", "--calls=2")
    assert figures["_data"]["calls_logged"] == 4
    names = ("log_call_p95_ms", "agenda_p95_ms", "log_call_server_p95_ms", "agenda_server_p95_ms")
    for name in (*names, "team_open_ms"):
        assert figures[name]["value"] > 0 and figures[name]["floor"] > 0, name
    # The server's part of a call is part of the call's time in the rep's process.
    assert figures["log_call_server_p95_ms"]["value"] <= figures["log_call_p95_ms"]["value"]
