"""The writer the crash harness kills: real app operations, each acknowledged only after
the service call returned (i.e. after its commit), one line per write in the ack file.

    python -m tests.harness.crash_writer DATA_DIR ACK_FILE SEED

Operations, chosen at random: add a contact, log a call with a unique note, import a CSV
file of five contacts, take a backup (with the rotation), and a migration (down to the
previous schema and up again through the app's own start-up, which backs up first).
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from followup_desktop.core.model import Contact, Email, Outcome
from followup_desktop.paths import AppPaths
from followup_desktop.services import backups
from followup_desktop.services.session import Services, open_services
from followup_desktop.store import migrate
from followup_desktop.store.db import make_engine

OUTCOMES = (Outcome.CONNECTED, Outcome.VOICEMAIL, Outcome.NO_ANSWER, Outcome.NOT_NOW)


class Acks:
    """Appends go straight to the kernel (no user-space buffer): a SIGKILL cannot lose
    a line that ``write`` returned for, and cannot tear one either (O_APPEND, one call)."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def __call__(self, *fields: object) -> None:
        os.write(self._fd, ("\t".join(str(f) for f in fields) + "\n").encode())


def main(data_dir: str, ack_path: str, seed: str) -> None:
    paths = AppPaths(Path(data_dir))
    ack = Acks(Path(ack_path))
    rng = random.Random(seed)
    services = open_services(paths)
    ack("opened", seed)
    print("ready", flush=True)
    contact_ids = [s.id for s in services.contacts.page(limit=50)]
    serial = 0
    while True:
        serial += 1
        token = f"{seed}-{serial}"
        roll = rng.random()
        if serial == 1 and seed.endswith(("0", "5")):
            roll = 1.0  # every fifth writer migrates first: kills land inside migrations
        if roll < 0.35 or not contact_ids:
            name = f"Crash {token}"
            contact_ids.append(
                services.contacts.add(Contact(name=name, emails=[Email(f"c{token}@example.com")]))
            )
            ack("contact", name)
        elif roll < 0.8:
            note = f"call {token}"
            services.followups.log(rng.choice(contact_ids), rng.choice(OUTCOMES), notes=note)
            ack("touch", note)
        elif roll < 0.92:
            names = [f"Imported {token} {n}" for n in range(5)]
            csv_file = paths.data_dir.parent / f"import-{token}.csv"
            csv_file.write_text(
                "name,email\n"
                + "".join(f"{n},i{token}-{i}@example.com\n" for i, n in enumerate(names)),
                encoding="utf-8",
            )
            report = services.importing.import_files([csv_file])
            csv_file.unlink()
            assert report.rejected == 0, report.summary()
            for name in names:
                ack("contact", name)
        elif roll < 0.97:
            info = backups.back_up_now(paths, services.settings.load())
            ack("backup", info.path.name, len(contact_ids))
        else:
            services = _migrate_down_and_up(services, paths)
            ack("migrated", migrate.HEAD)


def _migrate_down_and_up(services: Services, paths: AppPaths) -> Services:
    services.close()
    engine = make_engine(f"sqlite:///{paths.database}")
    try:
        migrate.downgrade(engine, "0003")
    finally:
        engine.dispose()
    return open_services(paths)  # backs up, then upgrades: as a new version's first start


if __name__ == "__main__":
    main(*sys.argv[1:4])
