"""A team on one PostgreSQL server: ten reps logging calls at once on a book of a million
contacts (a hundred thousand each), each figure against a floor measured in the same run:

    python -m benchmarks.team [--contacts 1000000] [--reps 10] [--calls 40] [--every 0.5]

- ``log_call_p95_ms``: a call logged through ``CallService.log_call`` by each rep's own
  process, all ten at once (the touch, the engine's plan, the follow-ups, the contact's
  columns, the write's id, the server's rules and triggers). Floor: one touch row
  inserted and committed by the same login over psycopg, also ten at once.
- ``agenda_p95_ms``: the rep's Today (``FollowUpService.today_agenda``) while the others
  log calls. Floor: the agenda's own SQL (the rep's open follow-ups due by tonight, in
  order, a screenful) over psycopg.
- ``log_call_server_p95_ms``, ``agenda_server_p95_ms``: the same calls and Todays, the
  time spent at the server only (each statement's round trip and each commit, added up
  by SQLAlchemy's events in the rep's process), without the rep's own process's work.
  The issue's goal is at the server; on a team each rep's own work runs on their laptop.
- ``team_open_ms``: a rep's app opening the team's book in a fresh process (the schema
  check, the settings, the first agenda). Floor: a fresh process that connects with
  psycopg and runs ``SELECT 1``.

Each rep logs a call and reads Today every ``--every`` seconds (staggered, so calls
overlap), a pace hundreds of times a real rep's (a call every few minutes): the server
is busy, and the reps' own processes, which on a team each have a laptop, do not take
all of this machine's two cores from it. ``--every 0`` runs them flat out instead.

Goal (issue 22): log-call and agenda p95 under 20 ms each at the server on this machine.
Starts its own PostgreSQL (tests/postgres_server.py) listening on 127.0.0.1 with
passwords, as a team's server would. Prints one JSON object like ``benchmarks.run``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.run import figure

CONTACTS = 1_000_000
REPS = 10
CALLS = 40
EVERY_S = 0.5
PASSWORD = "bench-pw"


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[18] if len(times) >= 2 else times[0]


def _rep_url(port: int, login: str) -> str:
    return f"postgresql+psycopg://{login}:{PASSWORD}@127.0.0.1:{port}/postgres?sslmode=disable"


def _load(admin_url: str, contacts: int, reps: int) -> None:
    """The book, made by the server itself (generate_series): contacts shared out among
    the reps, a touch each, and an open follow-up for one in seven, due from a week ago to
    a week ahead (what a busy team's server holds)."""
    import psycopg

    from followup_desktop.services.team import add_rep, migrate

    migrate(admin_url)
    for rep in range(reps):
        add_rep(admin_url, f"rep{rep}", f"Rep {rep}", PASSWORD)
    conninfo = admin_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as db:
        db.execute(
            "INSERT INTO contacts (name, sort_name, company, title, time_zone, style, "
            "personal_notes, status, search_text, attempts, open_deal_value_minor, "
            "created_at, updated_at, owner) "
            "SELECT 'Contact ' || i, 'contact ' || i, 'Company ' || (i %% 5000), '', "
            "'Europe/Paris', 'to_the_point', '', 'active', 'contact ' || i, 1, 0, now(), "
            "now(), 'rep' || (i %% %s) FROM generate_series(1, %s) AS i",
            (reps, contacts),
        )
        db.execute(
            "INSERT INTO touches (contact_id, outcome, at, notes, created_at) "
            "SELECT id, 'voicemail', now() - interval '3 days', 'left a message', now() "
            "FROM contacts"
        )
        db.execute(
            "INSERT INTO follow_ups (contact_id, kind, step, due_at, agreed_local, "
            "agreed_zone, agreed, objective, state, attempt, urgent, sequence, created_at) "
            "SELECT id, 'call', 'retry-1', now() + (((id % 336) - 168) || ' hours')::interval, "
            "'', '', false, 'reach them', 'open', 1, false, 0, now() "
            # One in seven: seven is prime to the number of reps, so each has their share.
            "FROM contacts WHERE id % 7 = 0"
        )
        db.execute(
            "UPDATE contacts SET next_follow_up_at = f.due_at FROM follow_ups f "
            "WHERE f.contact_id = contacts.id AND f.state = 'open'"
        )
        db.execute("VACUUM ANALYZE")
        # The load's pages written out now, so that no checkpoint writing a million rows'
        # pages falls in the measured minute: the figures are the team's steady day.
        db.execute("CHECKPOINT")


def _rep_work(port: int, rep: int, calls: int, start_at: float, every: float, out: Any) -> None:
    """One rep's process: their app, then ``calls`` calls logged and as many Todays read,
    interleaved, one of each every ``every`` seconds from the agreed start (this rep's
    share of the period later); and the floors over psycopg."""
    import tempfile

    import psycopg

    from followup_desktop.core.model import Outcome
    from followup_desktop.paths import AppPaths
    from followup_desktop.services.call_requests import LogCall
    from followup_desktop.services.session import open_services

    login = f"rep{rep}"
    services = open_services(
        AppPaths(Path(tempfile.mkdtemp(prefix=f"bench-{login}-"))),
        database=_rep_url(port, login),
    )
    at_server = _server_clock(services.db.engine)
    own = [s.id for s in services.contacts.page(limit=500)]
    raw = psycopg.connect(
        host="127.0.0.1", port=port, dbname="postgres", user=login, password=PASSWORD
    )
    services.followups.today_agenda()  # warm: the first read loads the plan's modules
    pick = random.Random(rep)
    logged: list[float] = []
    agenda: list[float] = []
    log_floor: list[float] = []
    agenda_floor: list[float] = []
    logged_there: list[float] = []
    agenda_there: list[float] = []
    for number in range(calls):
        time.sleep(max(0.0, start_at + every * number - time.time()))
        contact_id = pick.choice(own)
        at_server[0] = 0.0
        started = time.perf_counter()
        services.calls.log_call(LogCall(contact_id, Outcome.VOICEMAIL, notes="bench"))
        logged.append((time.perf_counter() - started) * 1000)
        logged_there.append(at_server[0] * 1000)
        at_server[0] = 0.0
        started = time.perf_counter()
        services.followups.today_agenda()
        agenda.append((time.perf_counter() - started) * 1000)
        agenda_there.append(at_server[0] * 1000)
        started = time.perf_counter()
        with raw.transaction():
            raw.execute(
                "INSERT INTO touches (contact_id, outcome, at, notes, created_at) "
                "VALUES (%s, 'note', now(), 'floor', now())",
                (contact_id,),
            )
        log_floor.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        raw.execute(
            "SELECT f.id, f.contact_id, f.kind, f.step, f.due_at, f.objective, f.agreed, "
            "f.attempt, c.name, c.company, c.time_zone FROM follow_ups f "
            "JOIN contacts c ON c.id = f.contact_id WHERE f.state = 'open' "
            "AND f.due_at < now() + interval '12 hours' AND c.deleted_at IS NULL "
            "AND c.owner = current_user::text ORDER BY f.due_at, f.contact_id, f.id LIMIT 25"
        ).fetchall()
        raw.commit()
        agenda_floor.append((time.perf_counter() - started) * 1000)
    raw.close()
    services.close()
    out.put(
        {
            "log": logged,
            "agenda": agenda,
            "log_there": logged_there,
            "agenda_there": agenda_there,
            "log_floor": log_floor,
            "agenda_floor": agenda_floor,
        }
    )


def _server_clock(engine: Any) -> list[float]:
    """Seconds spent waiting on the server (each statement's round trip, and each
    commit's), added up in the returned list's one item as the app works."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    spent = [0.0]
    began: dict[str, float] = {}

    def before(*_: Any) -> None:
        began["statement"] = time.perf_counter()

    def after(*_: Any) -> None:
        spent[0] += time.perf_counter() - began.pop("statement", time.perf_counter())

    def committing(*_: Any) -> None:
        began["commit"] = time.perf_counter()

    def committed(*_: Any) -> None:
        if "commit" in began:
            spent[0] += time.perf_counter() - began.pop("commit")

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    event.listen(engine, "commit", committing)
    event.listen(Session, "after_commit", committed)
    return spent


_OPEN = """
import sys, time, tempfile
from pathlib import Path
started = time.perf_counter()
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import open_services
services = open_services(AppPaths(Path(tempfile.mkdtemp())), database=sys.argv[1])
services.followups.today_agenda()
print((time.perf_counter() - started) * 1000)
"""

_BARE = """
import sys, time
started = time.perf_counter()
import psycopg
with psycopg.connect(sys.argv[1]) as db:
    db.execute("SELECT 1").fetchone()
print((time.perf_counter() - started) * 1000)
"""


def _in_fresh_process(code: str, argument: str) -> float:
    result = subprocess.run(
        [sys.executable, "-c", code, argument], capture_output=True, text=True, check=True
    )
    return float(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=CONTACTS)
    parser.add_argument("--reps", type=int, default=REPS)
    parser.add_argument("--calls", type=int, default=CALLS)
    parser.add_argument("--every", type=float, default=EVERY_S)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.postgres_server import postgres_server

    with postgres_server(password=PASSWORD) as admin_url:
        port = int(admin_url.rsplit("port=", 1)[1])
        loading = time.perf_counter()
        _load(admin_url, args.contacts, args.reps)
        loaded_s = time.perf_counter() - loading
        context = multiprocessing.get_context("spawn")
        results = context.Queue()
        start_at = time.time() + 8 + args.reps  # every rep's app open before the first call
        workers = [
            context.Process(
                target=_rep_work,
                args=(
                    port,
                    rep,
                    args.calls,
                    start_at + args.every * rep / args.reps,
                    args.every,
                    results,
                ),
            )
            for rep in range(args.reps)
        ]
        for worker in workers:
            worker.start()
        measured = [results.get(timeout=1800) for _ in workers]
        for worker in workers:
            worker.join(timeout=60)
        every = {key: [t for m in measured for t in m[key]] for key in measured[0]}
        rep_url = _rep_url(port, "rep0")
        opens = [_in_fresh_process(_OPEN, rep_url) for _ in range(3)]
        bare = [
            _in_fresh_process(_BARE, rep_url.replace("postgresql+psycopg://", "postgresql://"))
            for _ in range(3)
        ]
    figures = {
        "log_call_p95_ms": figure(_p95(every["log"]), "ms", _p95(every["log_floor"])),
        "agenda_p95_ms": figure(_p95(every["agenda"]), "ms", _p95(every["agenda_floor"])),
        "log_call_server_p95_ms": figure(_p95(every["log_there"]), "ms", _p95(every["log_floor"])),
        "agenda_server_p95_ms": figure(
            _p95(every["agenda_there"]), "ms", _p95(every["agenda_floor"])
        ),
        "team_open_ms": figure(statistics.median(opens), "ms", statistics.median(bare)),
        "_data": {
            "contacts": args.contacts,
            "reps": args.reps,
            "calls_logged": len(every["log"]),
            "every_s": args.every,
            "loaded_s": round(loaded_s, 1),
        },
    }
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
