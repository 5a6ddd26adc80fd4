"""The benchmark runner: every figure against a floor measured in the same run.

    python -m benchmarks.run [--contacts 100000] [--touches 1000000] [--open 50000] [--data DIR]
                             [--runs 5] [--queries 200] [--reminders 4]

Prints one JSON object: {"figure": {"value", "unit", "floor", "ratio"}, ...}. Needs a
display (scripts/with-display.sh provides a private Xvfb). Data is generated once per
size into benchmarks/data/ (deterministic seed) and reused. ``--runs`` and ``--queries``
exist so a test can run the whole thing on a tiny book in seconds.
"""

from __future__ import annotations

import argparse
import compileall
import json
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.busy import log_call_during_import
from benchmarks.generate import generate, settle_in
from benchmarks.stats import p95

ROOT = Path(__file__).resolve().parent
RUNS = 5
EARLY_SEARCH = "smi"  # typed at the first paint: a common name start in the generated book


def _significant(number: float, digits: int = 4) -> float:
    # Four significant digits: a 0.004 ms floor on a tiny book must not print as 0.
    return float(f"{number:.{digits}g}")


def figure(value: float, unit: str, floor: float | None) -> dict[str, Any]:
    ratio = _significant(value / floor) if floor else None
    return {
        "value": round(value, 2) if abs(value) >= 1 else _significant(value),
        "unit": unit,
        "floor": None if floor is None else _significant(floor),
        "ratio": ratio,
    }


def probe(*args: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.probe", *args],
        capture_output=True,
        text=True,
        cwd=ROOT.parent,
        timeout=900,
    )
    if result.returncode != 0:  # what the probe said, not only its exit status
        said = result.stderr.strip().splitlines()[-5:]
        raise RuntimeError(f"probe {args[0]} failed ({result.returncode}): " + " / ".join(said))
    return json.loads(result.stdout.strip().splitlines()[-1])


def median_probe(*args: str, runs: int = RUNS) -> dict[str, float]:
    results = [probe(*args) for _ in range(runs)]
    return {key: statistics.median(run[key] for run in results) for key in results[0]}


def queries(database: Path, count: int = 200, seed: int = 7) -> list[str]:
    """1–6 characters: pieces of real names, companies, e-mails and phones, plus rare and
    absent strings, so both dense and empty results are measured."""
    rng = random.Random(seed)
    with sqlite3.connect(database) as connection:
        texts = [
            row[0]
            for row in connection.execute(
                "SELECT search_text FROM contacts ORDER BY random() LIMIT 2000"
            )
        ]
    chosen: list[str] = []
    for index in range(count):
        length = 1 + index % 6
        if index % 5 == 4:
            chosen.append("".join(rng.choice("qxzjvwk") for _ in range(length)))  # rare or absent
            continue
        text = rng.choice(texts).replace(" ", "")
        start = rng.randrange(0, max(1, len(text) - length))
        chosen.append(text[start : start + length])
    return chosen


def raw_search_floor(database: Path, typed: list[str]) -> list[float]:
    """The same SQL the app runs, replayed straight through sqlite3 (no ORM, no Qt)."""
    from sqlalchemy import event

    from followup_desktop.store import contacts_repo, search
    from followup_desktop.store.db import Database

    db = Database.open(database)
    captured: list[list[tuple[str, Any]]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            captured[-1].append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    for query in typed:
        captured.append([])
        with db.reading() as session:
            contacts_repo.page(session, query, limit=200)
    db.close()
    raw = sqlite3.connect(database)
    search.register_functions(raw)  # the app's own SQL function for word starts
    times: list[float] = []
    for statements in captured:
        started = time.perf_counter()
        for statement, parameters in statements:
            raw.execute(statement, parameters).fetchall()
        times.append((time.perf_counter() - started) * 1000)
    raw.close()
    return times


def import_figures(csv_path: Path, work: Path) -> dict[str, Any]:
    """CSV import of every row through the service, against a raw executemany of the same
    rows (already parsed) into the same schema, the search indexes built as the app
    builds them for a large file."""
    from followup_desktop.core.text_search import fold, search_text
    from followup_desktop.paths import AppPaths
    from followup_desktop.services.importing import ImportReport
    from followup_desktop.services.session import open_services
    from followup_desktop.store import search
    from followup_desktop.store.db import Database

    services = open_services(AppPaths(work / "import-app"))
    started = time.perf_counter()
    report = ImportReport()
    services.importing.import_file(csv_path, report)
    seconds = time.perf_counter() - started
    services.close()

    raw_path = work / "import-raw" / "followup.sqlite3"
    Database.open(raw_path).close()
    import csv as csv_module

    with csv_path.open(encoding="utf-8") as handle:
        rows = list(csv_module.reader(handle))[1:]
    stamp = "2026-11-23 12:00:00"
    connection = sqlite3.connect(raw_path, isolation_level=None)
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute(f"PRAGMA cache_size = {search.BULK_CACHE_KIB}")  # as the app's import
    started = time.perf_counter()
    connection.execute("BEGIN")
    # The search indexes as the app builds them for a large file (and its page cache):
    # triggers set aside, both indexes rebuilt once at the end (row-by-row triggers would make the floor
    # slower than the app, and the ratio flattering).
    triggers = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'contacts'"
    ).fetchall()
    for name, _ in triggers:
        connection.execute(f'DROP TRIGGER "{name}"')
    connection.executemany(
        "INSERT INTO contacts (id, name, sort_name, company, title, time_zone, style, personal_notes, status, "
        "search_text, attempts, open_deal_value_minor, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, '', '', 'to_the_point', '', 'active', ?, 0, 0, ?, ?)",
        (
            (
                i,
                name,
                fold(name),
                company,
                search_text(name, company, "", [email], [phone]),
                stamp,
                stamp,
            )
            for i, (name, company, email, phone) in enumerate(rows, start=1)
        ),
    )
    connection.executemany(
        "INSERT INTO contact_emails (contact_id, address, address_key, label, position) VALUES (?, ?, ?, '', 0)",
        ((i, row[2], row[2].casefold()) for i, row in enumerate(rows, start=1)),
    )
    connection.executemany(
        "INSERT INTO contact_phones (contact_id, e164, label, position) VALUES (?, ?, '', 0)",
        ((i, row[3]) for i, row in enumerate(rows, start=1)),
    )
    for table in ("contact_search", "contact_words"):
        connection.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
    for _, sql in triggers:
        connection.execute(sql)
    connection.execute("COMMIT")
    floor = time.perf_counter() - started
    connection.close()
    return {
        "import_100k_s": figure(seconds, "s", floor),
        "_import": {"imported": report.imported, "rejected": report.rejected},
    }


def engine_figures(database: Path) -> dict[str, Any]:
    """Today's agenda over the open follow-ups, and logging an outcome with its plan."""
    from datetime import UTC, datetime

    from sqlalchemy import event

    from followup_desktop.core.clock import FixedClock
    from followup_desktop.core.model import Outcome
    from followup_desktop.paths import AppPaths
    from followup_desktop.services.call_requests import LogCall
    from followup_desktop.services.session import open_services

    clock = FixedClock(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    services = open_services(AppPaths(database.parent), clock)
    start, end = services.followups.today()
    # What the Today view loads (a page of each group and their counts); warmed first,
    # as in a running app, with the SQL it runs captured for the floor.
    captured: list[tuple[str, Any]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            captured.append((statement, parameters))

    event.listen(services.db.engine, "before_cursor_execute", capture)
    today = services.followups.today_agenda()
    event.remove(services.db.engine, "before_cursor_execute", capture)
    today_times = []
    for _ in range(20):
        started = time.perf_counter()
        today = services.followups.today_agenda()
        today_times.append((time.perf_counter() - started) * 1000)
    raw = sqlite3.connect(database)
    today_floor = []
    for _ in range(20):
        started = time.perf_counter()
        for statement, parameters in captured:
            raw.execute(statement, parameters).fetchall()
        today_floor.append((time.perf_counter() - started) * 1000)
    # The whole agenda (``followup agenda``), against its one query through sqlite3.
    services.followups.agenda(start, end)
    agenda_times = []
    for _ in range(10):
        started = time.perf_counter()
        entries = services.followups.agenda(start, end)
        agenda_times.append((time.perf_counter() - started) * 1000)
    floor_times = []
    for _ in range(10):
        started = time.perf_counter()
        raw.execute(
            "SELECT f.*, c.name, c.company, c.time_zone FROM follow_ups f JOIN contacts c ON c.id = f.contact_id "
            "WHERE f.state = 'open' AND f.due_at < ? AND c.deleted_at IS NULL ORDER BY f.due_at, f.id",
            (end.replace(tzinfo=None).isoformat(sep=" "),),
        ).fetchall()
        floor_times.append((time.perf_counter() - started) * 1000)
    rng = random.Random(3)
    people = raw.execute("SELECT max(id) FROM contacts").fetchone()[0]
    log_times = []
    for _ in range(50):
        contact_id = rng.randint(1, min(1000, people))
        started = time.perf_counter()
        services.calls.log_call(  # the call screen's and `followup log`'s one use case
            LogCall(contact_id, rng.choice([Outcome.NO_ANSWER, Outcome.VOICEMAIL]), at=clock.now())
        )
        log_times.append((time.perf_counter() - started) * 1000)
    commit_times = []
    for _ in range(50):
        started = time.perf_counter()
        with raw:
            raw.execute("PRAGMA synchronous=FULL")
            raw.execute(
                "INSERT INTO touches (contact_id, outcome, at, notes, created_at) VALUES (1, 'note', ?, '', ?)",
                ("2026-11-23 12:00:00", "2026-11-23 12:00:00"),
            )
        commit_times.append((time.perf_counter() - started) * 1000)
    raw.close()
    services.close()
    return {
        "agenda_ms": figure(statistics.median(today_times), "ms", statistics.median(today_floor)),
        "agenda_full_ms": figure(
            statistics.median(agenda_times), "ms", statistics.median(floor_times)
        ),
        "log_call_ms": figure(statistics.median(log_times), "ms", statistics.median(commit_times)),
        "_agenda": {
            "today_view_rows": len(today.entries),
            "today_view_counts": [today.page.overdue, today.page.upcoming],
            "full_agenda_rows": len(entries),
            "log_call_p95_ms": round(p95(log_times), 2),
        },
    }


def stats_figures(database: Path) -> dict[str, Any]:
    """Every figure of the Pipeline and Stats views (what `followup stats` prints), against
    the cheapest question about every touch: a count through sqlite3."""
    from datetime import UTC, datetime

    from followup_desktop.core.clock import FixedClock
    from followup_desktop.paths import AppPaths
    from followup_desktop.services.session import open_services

    clock = FixedClock(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    services = open_services(AppPaths(database.parent), clock)
    services.stats.compute()  # warm the statement cache and the pages, as a running app has
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        services.stats.compute()
        times.append((time.perf_counter() - started) * 1000)
    services.close()
    raw = sqlite3.connect(database)
    raw.execute("SELECT count(*) FROM touches").fetchall()
    floor_times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        raw.execute("SELECT count(*) FROM touches").fetchall()
        floor_times.append((time.perf_counter() - started) * 1000)
    raw.close()
    return {
        "stats_ms": figure(statistics.median(times), "ms", statistics.median(floor_times)),
        "_stats": {"stats_max_ms": round(max(times), 2)},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="FollowUp benchmarks")
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--touches", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=50_000)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=RUNS, help="fresh processes per start-up")
    parser.add_argument("--queries", type=int, default=200, help="searches typed")
    parser.add_argument("--reminders", type=int, default=4, help="reminders planted")
    args = parser.parse_args()
    data = args.data or ROOT / "data" / f"c{args.contacts}-t{args.touches}-o{args.open}"
    if not (data / "followup.sqlite3").exists():
        print(f"generating {data} …", file=sys.stderr)
        generate(data, args.contacts, args.touches, args.open)
    # As an installed FollowUp starts: with its bytecode compiled (pip and the bundle
    # compile at install). Run from a checkout where PYTHONDONTWRITEBYTECODE is set, every
    # start would compile the app's modules again, which no installed copy does.
    compileall.compile_dir(ROOT.parent / "followup_desktop", quiet=1)
    work = Path(tempfile.mkdtemp(prefix="followup-bench-"))
    try:
        app_data = work / "app"
        shutil.copytree(data, app_data)
        settle_in(app_data / "followup.sqlite3")
        results: dict[str, Any] = {}
        bare = median_probe("bare", runs=args.runs)
        started = median_probe("startup", str(app_data), runs=args.runs)
        results["startup_ms"] = figure(started["ms"], "ms", bare["ms"])
        # The window complete: the store open, every action enabled, Today read from it.
        results["startup_ready_ms"] = figure(started["ready_ms"], "ms", bare["ms"])
        listed = median_probe("startup-contacts", str(app_data), runs=args.runs)
        results["startup_contacts_ms"] = figure(listed["ms"], "ms", bare["ms"])
        # A search typed the moment the window shows, answered from the file while the
        # store still opens (issue 23's "the rep can act before the window is ready").
        searched_early = median_probe("startup-search", str(app_data), EARLY_SEARCH, runs=args.runs)
        results["startup_search_ms"] = figure(searched_early["ms"], "ms", bare["ms"])
        results["_startup_search"] = {
            "typed": EARLY_SEARCH,
            "answered_before_the_store_opened": searched_early["before_store"] == 1.0,
            "ready_ms": searched_early["ready_ms"],
        }
        # Today's first call opened the moment the window shows: its call screen, read
        # from the file while the store still opens (``services.early_desk``).
        called_early = median_probe("startup-call", str(app_data), runs=args.runs)
        results["startup_call_ms"] = figure(called_early["ms"], "ms", bare["ms"])
        results["_startup_call"] = {
            "shown_before_the_store_opened": called_early["before_store"] == 1.0,
            "ready_ms": called_early["ready_ms"],
        }

        typed = queries(app_data / "followup.sqlite3", args.queries)
        (work / "queries.json").write_text(json.dumps(typed))
        searched = probe("search", str(app_data), str(work / "queries.json"))
        floor_times = raw_search_floor(app_data / "followup.sqlite3", typed)
        results["search_p50_ms"] = figure(searched["p50_ms"], "ms", statistics.median(floor_times))
        results["search_p95_ms"] = figure(searched["p95_ms"], "ms", p95(floor_times))

        # Before the engine figures: their floor writes raw touches the facts don't know.
        results.update(stats_figures(app_data / "followup.sqlite3"))
        results.update(engine_figures(app_data / "followup.sqlite3"))
        results.update(import_figures(data / "contacts.csv", work))
        busy = log_call_during_import(data / "contacts.csv", work)
        results["log_call_during_import_p95_ms"] = figure(busy["p95_ms"], "ms", busy["floor_ms"])
        results["_log_call_during_import"] = busy["details"]

        scrolled = probe("scroll", str(app_data))
        results["scroll_ms"] = figure(scrolled["page_ms_p95"], "ms per page (p95)", None)
        results["rss_mb"] = figure(scrolled["rss_mb"], "MB", bare["rss_mb"])

        late = probe("reminder", str(app_data), str(args.reminders))
        results["reminder_delay_ms"] = figure(late["max_ms"], "ms (latest of the planted)", None)
        results["_reminders"] = late
        results["_data"] = {
            "contacts": args.contacts,
            "touches": args.touches,
            "open_follow_ups": args.open,
            "rows_scrolled": scrolled["rows"],
            "search_queries": len(typed),
        }
        print(json.dumps(results, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
