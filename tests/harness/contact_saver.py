"""One of the processes that save one contact over and over, as two reps (or two windows)
would: each save reads the contact, adds a token to its notes and saves it; a save the
store refuses because the other process saved first is read again and retried.

    python -m tests.harness.contact_saver DATA_DIR DATABASE CONTACT_ID TOKEN COUNT

DATABASE is a URL, or "" for the data folder's own file. It prints "ready", waits for a
line on stdin (both start together), then one JSON line: the version each of its saves
made, and each conflict as (the version it had read, the version it was shown).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from followup_desktop.paths import AppPaths
from followup_desktop.services.contacts import ContactChanged
from followup_desktop.services.session import open_services


def main(data_dir: str, database: str, contact_id: int, token: str, count: int) -> None:
    services = open_services(AppPaths(Path(data_dir)), database=database)
    print("ready", flush=True)
    sys.stdin.readline()
    made: list[int] = []
    conflicts: list[tuple[int, int]] = []
    for serial in range(count):
        while True:
            contact = services.contacts.get(contact_id)
            read_at = contact.version
            contact.personal_notes = f"{contact.personal_notes} {token}{serial}".strip()
            try:
                made.append(services.contacts.save(contact))
            except ContactChanged as changed:
                conflicts.append((read_at, changed.theirs.version))
                continue
            break
    services.close()
    print(json.dumps({"made": made, "conflicts": conflicts}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]))
