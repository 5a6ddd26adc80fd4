"""A rep's app that logs a call while the team server is away, then is killed.

    python -m tests.harness.offline_logger DATA_DIR DATABASE CONTACT_ID NOTES

Opens the team server (while it is up), prints "ready", waits for a line on stdin (the
test stops the server meanwhile), logs the call, prints "kept" once the app said so,
and waits to be killed."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from followup_desktop.core.model import Outcome
from followup_desktop.paths import AppPaths
from followup_desktop.services.call_requests import LogCall
from followup_desktop.services.session import open_services


def main(data_dir: str, database: str, contact_id: int, notes: str) -> None:
    services = open_services(AppPaths(Path(data_dir)), database=database)
    print("ready", flush=True)
    sys.stdin.readline()
    logged = services.calls.log_call(LogCall(contact_id, Outcome.CONNECTED, notes=notes))
    print("kept" if logged.kept else "written", flush=True)
    while True:
        time.sleep(60)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
