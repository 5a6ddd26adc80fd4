"""Crash harness: a writer doing real app work, killed with SIGKILL at random moments.

    python -m tests.harness.crash --cycles 500 [--seed S] [--data-dir DIR]

Each cycle starts ``tests.harness.crash_writer`` on the same data folder and kills it:
mostly at a random moment after it reported ready (in the middle of writes, imports,
backups and migrations), sometimes while it is still starting (opening, migrating).
After every kill: the full database check passes, every acknowledged contact and
logged call is in the database, every backup file in the folder passes its check and
holds the contacts acknowledged before it, and no temporary file sits under a backup's
name. Exit status 1 and the first failures on any loss.
"""

from __future__ import annotations

import argparse
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from followup_desktop.paths import AppPaths
from followup_desktop.services import backups, maintenance

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Figures:
    cycles: int = 0
    killed_while_starting: int = 0
    killed_while_writing: int = 0
    acknowledged: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        writes = {k: n for k, n in self.acknowledged.items() if k != "opened"}
        acks = ", ".join(f"{kind} {n:,}" for kind, n in sorted(writes.items()))
        return (
            f"{self.cycles} cycles in {self.seconds:.0f} s: killed {self.killed_while_writing} "
            f"times while writing, {self.killed_while_starting} while starting or migrating; "
            f"{self.acknowledged['opened']} start-ups completed; acknowledged writes "
            f"{sum(writes.values()):,} ({acks}); lost or failed checks: {len(self.failures)}"
        )


def _read_acks(path: Path) -> list[list[str]]:
    if not path.exists():
        return []
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]


def _contents(database: Path) -> tuple[set[str], set[str]]:
    with sqlite3.connect(database) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM contacts")}
        notes = {row[0] for row in connection.execute("SELECT notes FROM touches")}
    return names, notes


def verify(paths: AppPaths, acks: list[list[str]]) -> list[str]:
    problems: list[str] = []
    if not paths.database.exists() and not acks:
        return []  # killed before it made the file: nothing was promised
    check = maintenance.check(paths.database)
    if not check.ok:
        return [f"database check failed: {check.verdict}"]
    if not acks:
        return []  # killed while it made the schema (rolled back whole): nothing promised
    names, notes = _contents(paths.database)
    contacts_so_far: list[str] = []
    for ack in acks:
        kind = ack[0]
        if kind == "contact":
            contacts_so_far.append(ack[1])
            if ack[1] not in names:
                problems.append(f"acknowledged contact {ack[1]!r} is missing")
        elif kind == "touch" and ack[1] not in notes:
            problems.append(f"acknowledged call {ack[1]!r} is missing")
        elif kind == "backup":
            backup = paths.backups / ack[1]
            if backup.exists():  # the rotation may have removed it since
                in_backup, _ = _contents(backup)
                wanted = set(contacts_so_far)
                if not wanted <= in_backup:
                    problems.append(f"backup {ack[1]} lacks {len(wanted - in_backup)} contacts")
    for info in backups.list_backups(paths.backups):
        verdict = maintenance.check(info.path)
        if not verdict.ok:
            problems.append(f"backup {info.path.name} fails its check: {verdict.verdict}")
    return problems


def _wait_ready(process: subprocess.Popen[str], timeout: float) -> bool:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    return bool(ready) and process.stdout.readline().strip() == "ready"


def run(cycles: int, seed: int, data_dir: Path, log: bool = True) -> Figures:
    rng = random.Random(seed)
    paths = AppPaths(data_dir)
    ack_file = data_dir.parent / f"{data_dir.name}.acks"
    figures = Figures()
    started = time.monotonic()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FOLLOWUP_DATA_DIR": str(data_dir)}
    for cycle in range(cycles):
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.harness.crash_writer",
                str(data_dir),
                str(ack_file),
                f"{seed}.{cycle}",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        if rng.random() < 0.15:
            time.sleep(rng.uniform(0.05, 0.6))  # while importing, opening or migrating
            figures.killed_while_starting += 1
        else:
            if not _wait_ready(process, 60):
                process.kill()
                _, err = process.communicate()
                figures.failures.append(f"cycle {cycle}: the writer did not start: {err[-2000:]}")
                break
            time.sleep(rng.uniform(0.0, 0.8))
            figures.killed_while_writing += 1
        if process.poll() is not None:
            _, err = process.communicate()
            figures.failures.append(f"cycle {cycle}: the writer stopped by itself: {err[-2000:]}")
            break
        process.send_signal(signal.SIGKILL)
        process.communicate()
        figures.cycles += 1
        acks = _read_acks(ack_file)
        problems = verify(paths, acks)
        if problems:
            figures.failures.extend(f"cycle {cycle}: {p}" for p in problems[:10])
            break
        if log and (cycle + 1) % 25 == 0:
            print(f"  {cycle + 1} cycles, {len(acks):,} acknowledged, all present", flush=True)
    figures.acknowledged = Counter(ack[0] for ack in _read_acks(ack_file))
    figures.seconds = time.monotonic() - started
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.harness.crash", description=__doc__)
    parser.add_argument("--cycles", type=int, default=500)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--data-dir", type=Path, default=None, help="default: a new temp dir")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="followup-crash-")) / "data"
    print(f"crash harness: {args.cycles} cycles, seed {seed}, data in {data_dir}", flush=True)
    figures = run(args.cycles, seed, data_dir)
    print(figures.summary())
    for failure in figures.failures:
        print(f"FAIL {failure}")
    return 1 if figures.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
