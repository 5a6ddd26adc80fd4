"""Corruption harness: copies of a rep's database with random bytes overwritten.

    python -m tests.harness.corruption --cases 100 [--seed S]

The damage models a bad sector, a torn write or a sync tool writing garbage: one to
three runs of 16 bytes to 8 KiB of random bytes at random offsets. For each case:

- the full check (``followup db check``) must call the file damaged, unless the bytes
  only landed where SQLite keeps nothing (the contents read back identical): "harmless";
  damage that changed what the app reads without the check noticing is a miss;
- the app's recovery keeps the damaged file byte for byte under a ``.damaged-…`` name,
  and the newest good backup, restored, passes the check, holds what was backed up, and
  opens as the app opens it.

Figures: detected by the start-up quick_check, by the full check, harmless, missed.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import random
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Email, Outcome, Phone
from followup_desktop.paths import AppPaths
from followup_desktop.services import backups, maintenance
from followup_desktop.services.session import open_services

START = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


@dataclass
class Figures:
    cases: int = 0
    quick_check: int = 0
    full_check: int = 0
    harmless: int = 0
    missed: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{self.cases} damaged copies in {self.seconds:.0f} s: {self.full_check} detected by "
            f"the full check ({self.quick_check} already by the start-up quick_check), "
            f"{self.harmless} harmless (bytes SQLite never reads), {len(self.missed)} missed; "
            f"recovery failures: {len(self.failures)}"
        )


def make_rep_database(paths: AppPaths, contacts: int = 400, calls: int = 600) -> None:
    """A few months of a rep's work, with search indexes, notes, phones and e-mails."""
    rng = random.Random(7)
    clock = FixedClock(START)
    services = open_services(paths, clock)
    ids = []
    for n in range(contacts):
        ids.append(
            services.contacts.add(
                Contact(
                    name=f"{rng.choice(['Jane', 'José', 'Priya', 'Søren', 'Li'])} Person{n}",
                    company=f"Company {n % 37}",
                    emails=[Email(f"person{n}@example.com")],
                    phones=[Phone(f"+1312555{n:04d}")],
                    personal_notes="likes golf; " * rng.randint(0, 20),
                )
            )
        )
    outcomes = (Outcome.CONNECTED, Outcome.VOICEMAIL, Outcome.NO_ANSWER)
    for n in range(calls):
        clock.advance(minutes=rng.randint(5, 240))
        services.followups.log(
            rng.choice(ids),
            rng.choice(outcomes),
            notes=f"call {n}: " + "budget talk " * rng.randint(0, 30),
        )
    services.close()


def rows(database: Path) -> dict[str, list[tuple[object, ...]]] | None:
    """Everything the app can read, table by table; None when it cannot all be read."""
    try:
        with contextlib.closing(
            sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        ) as connection:
            tables = [
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
                )
            ]
            return {
                t: sorted(connection.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
                for t in tables
            }
    except sqlite3.Error:
        return None


def damage(path: Path, rng: random.Random) -> list[tuple[int, int]]:
    data = bytearray(path.read_bytes())
    runs = []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        length = int(2 ** rng.uniform(4, 13))  # 16 bytes … 8 KiB
        offset = rng.randrange(0, max(1, len(data) - length))
        garbage = bytes(rng.randrange(256) for _ in range(length))
        data[offset : offset + length] = garbage
        runs.append((offset, length))
    path.write_bytes(bytes(data))
    return runs


def run(cases: int, seed: int, work: Path) -> Figures:
    figures = Figures()
    started = time.monotonic()
    rng = random.Random(seed)
    source = AppPaths(work / "source")
    make_rep_database(source)
    good = backups.take_backup(source, "daily", FixedClock(START + timedelta(days=1)))
    original = rows(source.database)
    backed_up = rows(good.path)
    assert original is not None and backed_up is not None
    for case in range(cases):
        paths = AppPaths(work / f"case-{case:04d}")
        paths.backups.mkdir(parents=True)
        shutil.copyfile(source.database, paths.database)
        shutil.copyfile(good.path, paths.backups / good.path.name)
        runs = damage(paths.database, rng)
        damaged_bytes = paths.database.read_bytes()
        figures.cases += 1
        quick = maintenance.check(paths.database, full=False)
        full = maintenance.check(paths.database)
        if not quick.ok:
            figures.quick_check += 1
        if full.ok:
            if rows(paths.database) == original:
                figures.harmless += 1
            else:
                figures.missed.append(f"case {case}: damage at {runs} changed rows unnoticed")
            shutil.rmtree(paths.data_dir)
            continue
        figures.full_check += 1
        problem = _recover(paths, damaged_bytes, backed_up)
        if problem:
            figures.failures.append(f"case {case} (damage at {runs}): {problem}")
        else:
            shutil.rmtree(paths.data_dir)
    figures.seconds = time.monotonic() - started
    return figures


def _recover(
    paths: AppPaths, damaged_bytes: bytes, backed_up: dict[str, list[tuple[object, ...]]]
) -> str:
    """What the recovery dialog does on "Restore backup"; a problem or ""."""
    newest = backups.newest_good_backup(paths.backups)
    if newest is None:
        return "the good backup was not offered"
    backups.restore(paths, newest.path, label="damaged")
    kept = list(paths.data_dir.glob("followup.sqlite3.damaged-*"))
    kept = [k for k in kept if not k.name.endswith(("-wal", "-shm"))]
    if len(kept) != 1 or kept[0].read_bytes() != damaged_bytes:
        return f"the damaged file was not kept as it was: {kept}"
    if not maintenance.check(paths.database).ok:
        return "the restored database fails its check"
    if rows(paths.database) != backed_up:
        return "the restored database does not hold what was backed up"
    services = open_services(paths)
    try:
        if not services.contacts.page(limit=5):
            return "the restored database opens empty"
    finally:
        services.close()
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.harness.corruption", description=__doc__)
    parser.add_argument("--cases", type=int, default=100)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    # Restoring over a damaged file logs that it could not be backed up first: expected.
    logging.basicConfig(level=logging.ERROR)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    work = Path(tempfile.mkdtemp(prefix="followup-corruption-"))
    print(f"corruption harness: {args.cases} cases, seed {seed}, work in {work}", flush=True)
    figures = run(args.cases, seed, work)
    print(figures.summary())
    for line in figures.missed + figures.failures:
        print(f"FAIL {line}")
    return 1 if figures.missed or figures.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
