"""Two processes saving one contact SAVES times each (``contact_saver``), and what shows
that no update was lost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

SAVES = 100


def saver(data: Path, database: str, contact_id: int, token: str) -> subprocess.Popen[str]:
    given = (data, database, contact_id, token, SAVES)
    return subprocess.Popen(
        [sys.executable, "-m", "tests.harness.contact_saver", *map(str, given)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[2],
    )


def two_savers(
    data: tuple[Path, Path], database: tuple[str, str], contact_id: int
) -> list[dict[str, Any]]:
    """Two processes saving the same contact SAVES times each, started together."""
    savers = [
        saver(data[0], database[0], contact_id, "a"),
        saver(data[1], database[1], contact_id, "b"),
    ]
    for process in savers:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    for process in savers:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    results = []
    for process in savers:
        out, _ = process.communicate(timeout=300)
        assert process.returncode == 0
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def check_no_lost_update(results: list[dict[str, Any]], first: int, notes: str) -> None:
    """Every save is one version step of its own (none saved over the same version as
    another), each process's tokens are all in the notes, and each refusal showed a
    newer version than the one read."""
    made = sorted(v for r in results for v in r["made"])
    assert made == list(range(first + 1, first + 1 + 2 * SAVES))
    tokens = notes.split()
    assert sorted(tokens) == sorted(
        [f"a{i}" for i in range(SAVES)] + [f"b{i}" for i in range(SAVES)]
    )
    for result in results:
        assert all(shown > read for read, shown in result["conflicts"])
