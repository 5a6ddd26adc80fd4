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
    parser.add_argument(
        "--first-sync",
        action="store_true",
        help="FollowUp writes the whole book first (about an hour for 10,000 on Radicale); "
        "without it the phone's book is seeded on the server and FollowUp takes it in",
    )
    args = parser.parse_args(argv)

    from tests.peers.keyring_session import secret_service
    from tests.peers.radicale import radicale_server

    with secret_service() as keyring, radicale_server() as ours, radicale_server() as twin:
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = keyring.bus_address
        return _measure(args.contacts, args.runs, ours, twin, args.first_sync)


def _measure(count: int, runs: int, ours: Any, twin: Any, first_sync: bool) -> dict[str, Any]:
    from followup_desktop.core import settings as options
    from followup_desktop.core.clock import FixedClock
    from followup_desktop.exchange.carddav_book import AddressBookServer, Card, build_card
    from followup_desktop.exchange.dav_listing import listing
    from followup_desktop.paths import AppPaths
    from followup_desktop.services.session import open_services
    from tests.peers.dav_phone import Phone as PhoneClient
    from tests.peers.dav_phone import set_value
    from tests.peers.fixtures import DavServer

    folder = Path(tempfile.mkdtemp(prefix="followup-bench-sync-"))
    services = open_services(AppPaths(folder / "data"), FixedClock(datetime.now(UTC)))
    url = f"http://127.0.0.1:{ours.port}/"
    services.calendar.setup(url, ours.user, ours.password)
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
    figures: dict[str, Any] = {
        "contacts": {"value": count, "unit": "contacts", "floor": None, "ratio": None}
    }
    bare = AddressBookServer(f"http://127.0.0.1:{twin.port}/", twin.user, twin.password)
    bare_book = bare.make_address_book().url
    if first_sync:
        figures["first_sync_ms"] = _first_sync(services, count, cards, bare, bare_book)
    else:
        figures["first_pull_ms"] = _first_pull(services, cards, ours, bare, bare_book)
    bare_paths = sorted(listing(bare, bare_book).present)
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
        # The floor: ten cards of the twin's book written over (If-Match), as they are.
        urls = [urljoin(bare_book, p) for p in bare_paths[run * 10 : run * 10 + 10]]
        copies = [bare.read_card(u) for u in urls]
        here_floor.append(
            _timed(
                lambda urls=urls, copies=copies: [
                    bare.put_card(u, copy[0], copy[1], new=False)
                    for u, copy in zip(urls, copies, strict=True)
                    if copy is not None
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

    return figures | {
        "nothing_changed_ms": figure(_median(nothing), "ms", _median(nothing_floor)),
        "ten_here_ms": figure(_median(here), "ms", _median(here_floor)),
        "ten_phone_ms": figure(_median(there), "ms", _median(there_floor)),
    }


def _first_sync(
    services: Any, count: int, cards: list[bytes], bare: Any, bare_book: str
) -> dict[str, Any]:
    """FollowUp writes the whole book; the floor: a bare client PUTs the same cards into
    a twin Radicale at the same time (both pay Radicale's growing PUT)."""
    from followup_desktop.core.model import Contact, Email, Phone
    from followup_desktop.store import contacts_repo

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
    return figure(first, "ms", floor_ms[0])


def _first_pull(
    services: Any, cards: list[bytes], ours: Any, bare: Any, bare_book: str
) -> dict[str, Any]:
    """The phone's book (the same cards) is on the server first, put there whole (Radicale
    takes a collection in one PUT: the harness's shortcut, never FollowUp's); FollowUp's
    first sync takes every card in as a contact. The floor: the same book on a twin
    Radicale listed and every card read by a bare client."""
    from followup_desktop.core import settings as options
    from followup_desktop.exchange.carddav_book import AddressBookServer
    from followup_desktop.exchange.dav_listing import listing

    book = services.settings.load().get(options.SYNC_ADDRESS_BOOK)
    whole = b"".join(cards).decode()
    ours_client = AddressBookServer(f"http://127.0.0.1:{ours.port}/", ours.user, ours.password)
    for client, url in ((ours_client, book), (bare, bare_book)):
        put = client.client.request(url, "PUT", whole, {"Content-Type": "text/vcard"})
        assert put.status in (200, 201), put.status
        listing(client, url)  # the server's own cache of the book, built before timing
    report_box: list[Any] = []
    first = _timed(lambda: report_box.append(services.calendar.sync()))
    assert report_box[0].pulled.new == len(cards), report_box[0].pulled

    def bare_pull() -> None:
        for path in listing(bare, bare_book).present:
            bare.read_card(urljoin(bare_book, path))

    floor = _timed(bare_pull)
    ours_client.close()
    return figure(first, "ms", floor)


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
