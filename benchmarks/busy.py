"""Logging calls while a large import runs in another process (`followup import`), as
a rep working in the app while a script imports: how long a logged call waits.

Each call goes through the service, as the app logs one (BEGIN IMMEDIATE: it waits its
turn behind the import's write transaction). The floor is the same call with nobody else
writing, on the same data folder, just before.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.stats import p95

ROOT = Path(__file__).resolve().parent.parent
PAUSE_S = 0.05  # a call is due every 50 ms for as long as the import runs


def log_call_during_import(csv_path: Path, work: Path) -> dict[str, Any]:
    from followup_desktop.core.model import Contact, Outcome
    from followup_desktop.paths import AppPaths
    from followup_desktop.services.session import open_services

    folder = work / "import-busy"
    services = open_services(AppPaths(folder))
    try:
        contact = services.contacts.add(Contact(name="Busy Line"))

        def log_one() -> float:
            started = time.perf_counter()
            services.followups.log(contact, Outcome.NO_ANSWER, datetime.now(UTC))
            return (time.perf_counter() - started) * 1000

        alone = [log_one() for _ in range(20)]
        command = ("--data-dir", str(folder), "import", str(csv_path))
        importer = subprocess.Popen(
            [sys.executable, "-m", "followup_desktop.cli", *command],
            cwd=ROOT,
            env={**os.environ},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        began = time.perf_counter()
        during: list[float] = []
        failures = 0
        due = began
        while importer.poll() is None:
            # Open loop: a call is due every PAUSE_S whatever happened to the last one, and
            # its time runs from when it was due (a rep kept waiting behind a blocked call
            # waits too), so one long wait is not counted as one slow call.
            due += PAUSE_S
            time.sleep(max(0.0, due - time.perf_counter()))
            try:
                log_one()
                during.append((time.perf_counter() - due) * 1000)
            except Exception:
                failures += 1
        import_s = time.perf_counter() - began
        out, err = importer.communicate()
        if importer.returncode != 0:
            raise RuntimeError(f"the import failed: {err.strip()}")
    finally:
        services.close()
    return {
        "p95_ms": p95(during),
        "floor_ms": p95(alone),
        "details": {
            "calls": len(during),
            "failed": failures,
            "over_100_ms": sum(1 for t in during if t > 100),
            "max_ms": round(max(during, default=0.0), 1),
            "import_s": round(import_s, 2),
            "import_summary": out.strip(),
        },
    }
