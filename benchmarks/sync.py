"""The address book sync against a local Radicale, each figure against a floor measured
in the same run:

    python -m benchmarks.sync [--contacts 10000] [--runs 3]

- ``first_sync``: FollowUp's first sync of N contacts into an empty address book. Floor:
  the same N cards PUT by a bare ``caldav`` client into a twin Radicale at the same
  time (both servers pay Radicale's own cost, which grows with the book: it checks a new
  card's UID against every card already there).
- ``nothing_changed``: a sync when nothing changed on either side (goal: under 1 s).
  Floor: the bare sync-collection REPORT such a sync starts with.
- ``ten_here`` / ``ten_phone``: a sync after 10 contacts changed in FollowUp, or 10 cards
  on the phone. Floor: the same 10 PUTs (or listing and 10 GETs) by the bare client.

Prints one JSON object like ``benchmarks.run``. Starts its own Radicale servers and a
private Secret Service (the password lives in a keyring, as on a laptop).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from benchmarks.run import figure

BOOK = 10_000
RUNS = 3


def _median(times: list[float]) -> float:
    return statistics.median(times)


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return (time.perf_counter() - start) * 1000


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sync")
    parser.add_argument("--contacts", type=int, default=BOOK)
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args(argv)

    from tests.peers.keyring_session import secret_service
    from tests.peers.radicale import radicale_server

    with secret_service() as keyring, radicale_server() as ours, radicale_server() as twin:
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = keyring.bus_address
        return _measure(args.contacts, args.runs, ours, twin)


def _measure(count: int, runs: int, ours: Any, twin: Any) -> dict[str, Any]:
    from followup_desktop.core import settings as options
    from followup_desktop.core.clock import FixedClock
    from followup_desktop.core.model import Contact, Email, Phone
    from followup_desktop.exchange.carddav_book import AddressBookServer, Card, build_card
    from followup_desktop.exchange.dav_listing import listing
    from followup_desktop.paths import AppPaths
    from followup_desktop.services.session import open_services
    from followup_desktop.store import contacts_repo
    from tests.peers.dav_phone import Phone as PhoneClient
    from tests.peers.dav_phone import set_value
    from tests.peers.fixtures import DavServer

    folder = Path(tempfile.mkdtemp(prefix="followup-bench-sync-"))
    services = open_services(AppPaths(folder / "data"), FixedClock(datetime.now(UTC)))
    url = f"http://127.0.0.1:{ours.port}/"
    services.calendar.setup(url, ours.user, ours.password)
    with services.db.writing() as session:
        for i in range(count):
            contacts_repo.add(
                session,
                Contact(
                    name=f"Contact {i:05d}",
                    company=f"Company {i % 997}",
                    title="Buyer",
                    emails=[Email(f"c{i}@customer.example")],
                    phones=[Phone(f"+1312{i:07d}")],
                ),
            )

    bare = AddressBookServer(f"http://127.0.0.1:{twin.port}/", twin.user, twin.password)
    bare_book = bare.make_address_book().url
    cards = [
        build_card(
            Card(
                f"bench-{i}",
                f"Contact {i:05d}",
                f"Company {i % 997}",
                "Buyer",
                (f"+1312{i:07d}",),
                (f"c{i}@customer.example",),
                "From FollowUp.",
            )
        )
        for i in range(count)
    ]
    floor_ms: list[float] = []

    def bare_puts() -> None:
        floor_ms.append(
            _timed(
                lambda: [
                    bare.put_card(bare.card_url(bare_book, f"bench-{i}"), data, None, new=True)
                    for i, data in enumerate(cards)
                ]
            )
        )

    floor = threading.Thread(target=bare_puts)
    floor.start()
    report_box: list[Any] = []
    first = _timed(lambda: report_box.append(services.calendar.sync()))
    floor.join()
    assert report_box[0].cards.put == count, report_box[0]

    ours_client = AddressBookServer(url, ours.user, ours.password)
    book = services.settings.load().get(options.SYNC_ADDRESS_BOOK)
    token = listing(ours_client, book).token
    nothing = [_timed(services.calendar.sync) for _ in range(runs)]
    nothing_floor = [_timed(lambda: listing(ours_client, book, token)) for _ in range(runs)]

    ids = [s.id for s in services.contacts.page(limit=10 * runs + 10)]
    here, here_floor = [], []
    for run in range(runs):
        for contact_id in ids[run * 10 : run * 10 + 10]:
            contact = services.contacts.get(contact_id)
            contact.company = f"Changed {run}"
            services.contacts.save(contact)
        here.append(_timed(services.calendar.sync))
        hrefs = [bare.card_url(bare_book, f"bench-{run * 10 + k}") for k in range(10)]
        etags = [bare.card_etag(href) for href in hrefs]
        here_floor.append(
            _timed(
                lambda hrefs=hrefs, etags=etags, run=run: [
                    bare.put_card(href, cards[run * 10 + k], etag, new=False)
                    for k, (href, etag) in enumerate(zip(hrefs, etags, strict=True))
                ]
            )
        )

    phone = PhoneClient(DavServer(url, ours.user, ours.password), book)
    paths = sorted(phone.paths())
    there, there_floor = [], []
    for run in range(runs):
        before = listing(ours_client, book).token
        for path in paths[-(run + 1) * 10 : len(paths) - run * 10]:
            card, etag = phone.read(path)
            set_value(card, "title", f"Edited {run}")
            phone.write(path, card, etag)
        there.append(_timed(services.calendar.sync))

        def bare_pull(before: str = before) -> None:
            changed = listing(ours_client, book, before)
            for path in changed.present:
                ours_client.read_card(urljoin(book, path))

        there_floor.append(_timed(bare_pull))
    phone.close()
    bare.close()
    ours_client.close()
    services.close()

    return {
        "first_sync_ms": figure(first, "ms", floor_ms[0]),
        "first_sync_contacts": {"value": count, "unit": "contacts", "floor": None, "ratio": None},
        "nothing_changed_ms": figure(_median(nothing), "ms", _median(nothing_floor)),
        "ten_here_ms": figure(_median(here), "ms", _median(here_floor)),
        "ten_phone_ms": figure(_median(there), "ms", _median(there_floor)),
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
