"""A realistic, deterministic book of contacts for benchmarks.

    python -m benchmarks.generate OUT_DIR [--contacts 100000] [--touches 1000000] [--open 50000]

Writes OUT_DIR/followup.sqlite3 (migrated schema, search index built by its triggers) and
OUT_DIR/contacts.csv (the same people as a Google-style CSV, for the import benchmark).
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from followup_desktop.core import settings as options
from followup_desktop.core.text_search import fold, search_text
from followup_desktop.services.sample_data import FIRST as SAMPLE_FIRST
from followup_desktop.services.sample_data import LAST as SAMPLE_LAST
from followup_desktop.store import touch_facts
from followup_desktop.store.db import Database, make_engine

SEED = 20261122
FIRST = [
    *SAMPLE_FIRST,
    "José",
    "Zoë",
    "Björn",
    "Siobhan",
    "Kwame",
    "Anya",
    "Tariq",
    "Mira",
    "Hugo",
    "Ines",
]
LAST = [
    *SAMPLE_LAST,
    "Müller",
    "García",
    "Nguyen",
    "Kowalski",
    "Johansson",
    "Schmidt",
    "Rahman",
    "Costa",
    "Adeyemi",
    "Park",
]
WORDS = [
    "Acme",
    "Bright",
    "Harbor",
    "North",
    "Wind",
    "Solar",
    "Lumen",
    "Orbit",
    "Pine",
    "Quarry",
    "Red",
    "Silver",
    "Tide",
    "Umbra",
    "Vantage",
    "Willow",
    "Zephyr",
    "Delta",
    "Crest",
    "Summit",
    "Blue",
    "Iron",
    "Maple",
    "Cedar",
]
SUFFIX = [
    "Inc.",
    "Ltd",
    "GmbH",
    "Logistics",
    "Foods",
    "Health",
    "Retail",
    "Dental",
    "Analytics",
    "Builders",
    "Media",
    "Marine",
    "Design",
    "Fitness",
    "Travel",
    "& Sons",
]
ZONES = [
    "America/Chicago",
    "America/New_York",
    "America/Los_Angeles",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Paris",
    "Asia/Kolkata",
    "Australia/Sydney",
    "",
]
OUTCOMES = ["connected", "voicemail", "no-answer", "email-sent", "visit", "voicemail", "no-answer"]


def people(count: int, rng: random.Random) -> Iterator[dict[str, str]]:
    for number in range(1, count + 1):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        company = f"{rng.choice(WORDS)}{rng.choice(WORDS).lower()} {rng.choice(SUFFIX)}"
        local = fold(f"{first}.{last}").replace("'", "").replace(" ", "")
        yield {
            "name": f"{first} {last}",
            "company": company,
            "email": f"{local}{number}@{fold(company).split()[0]}.example",
            "phone": f"+1312{number % 10_000_000:07d}",
            "zone": rng.choice(ZONES),
        }


def generate(out: Path, contacts: int, touches: int, open_follow_ups: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    database_path = out / "followup.sqlite3"
    for leftover in out.glob("followup.sqlite3*"):
        leftover.unlink()
    Database.open(database_path, out / "backups").close()
    rng = random.Random(SEED)
    now = datetime(2026, 11, 23, 12, 0)
    rows = list(people(contacts, rng))
    with (out / "contacts.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Name", "Organization 1 - Name", "E-mail 1 - Value", "Phone 1 - Value"])
        writer.writerows([r["name"], r["company"], r["email"], r["phone"]] for r in rows)
    connection = sqlite3.connect(database_path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")  # generation only; the app itself runs FULL
    stamp = now.isoformat(sep=" ")
    with connection:
        connection.executemany(
            "INSERT INTO contacts (id, name, sort_name, company, title, time_zone, style, personal_notes, status, "
            "search_text, attempts, open_deal_value_minor, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, '', ?, 'to_the_point', '', 'active', ?, ?, ?, ?, ?)",
            (
                (
                    i,
                    r["name"],
                    fold(r["name"]),
                    r["company"],
                    r["zone"],
                    search_text(r["name"], r["company"], "", [r["email"]], [r["phone"]]),
                    rng.randint(0, 9),
                    rng.choice([0, 0, 0, 250_000, 1_200_000, 4_500_000]),
                    stamp,
                    stamp,
                )
                for i, r in enumerate(rows, start=1)
            ),
        )
        connection.executemany(
            "INSERT INTO contact_emails (contact_id, address, address_key, label, position) VALUES (?, ?, ?, '', 0)",
            ((i, r["email"], r["email"].casefold()) for i, r in enumerate(rows, start=1)),
        )
        connection.executemany(
            "INSERT INTO contact_phones (contact_id, e164, label, position) VALUES (?, ?, '', 0)",
            ((i, r["phone"]) for i, r in enumerate(rows, start=1)),
        )
    batch = 100_000
    for start in range(0, touches, batch):
        with connection:
            connection.executemany(
                "INSERT INTO touches (contact_id, outcome, at, notes, created_at) VALUES (?, ?, ?, '', ?)",
                (
                    (
                        rng.randint(1, contacts),
                        rng.choice(OUTCOMES),
                        (now - timedelta(minutes=rng.randint(1, 60 * 24 * 365))).isoformat(sep=" "),
                        stamp,
                    )
                    for _ in range(min(batch, touches - start))
                ),
            )
    with connection:
        due = [
            (
                rng.randint(1, contacts),
                now + timedelta(minutes=rng.randint(-60 * 24 * 3, 60 * 24 * 30)),
            )
            for _ in range(open_follow_ups)
        ]
        connection.executemany(
            "INSERT INTO follow_ups (contact_id, kind, step, due_at, agreed_local, agreed_zone, agreed, objective, "
            "state, attempt, urgent, sequence, created_at) VALUES (?, 'call', 'agreed-call', ?, '', '', 1, "
            "'review the proposal', 'open', 1, 0, 0, ?)",
            ((contact_id, when.isoformat(sep=" "), stamp) for contact_id, when in due),
        )
        connection.execute(
            "UPDATE contacts SET next_follow_up_at = (SELECT min(due_at) FROM follow_ups f "
            "WHERE f.contact_id = contacts.id AND f.state = 'open')"
        )
    connection.close()
    # The touches went in raw: work out the facts the stats read, as the migration does.
    engine = make_engine(f"sqlite:///{database_path}")
    with engine.begin() as facts:
        touch_facts.rebuild(facts, fresh=True)
    engine.dispose()
    connection = sqlite3.connect(database_path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.execute("ANALYZE")
    connection.close()
    settle_in(database_path)


REP_NAME = "Sam Rivers"


def settle_in(database_path: Path) -> None:
    """The book as a rep's, past their first day: their name is set (in the settings'
    own stored form), so the first-run page, which asks for it once, is not open over
    the window being measured. Run on every copy the benchmarks use: a book generated
    before this step is settled in too."""
    encoded = options.REP_NAME.encode(REP_NAME)
    with sqlite3.connect(database_path) as connection:
        connection.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (options.REP_NAME.key, encoded),
        )
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--touches", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=50_000)
    args = parser.parse_args()
    generate(args.out, args.contacts, args.touches, args.open)
    print(args.out / "followup.sqlite3")


if __name__ == "__main__":
    main()
