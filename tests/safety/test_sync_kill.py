"""A sync killed with SIGKILL at a random point among its writes, again and again,
against a real Radicale:
after every kill the store passes its full check, and once a sync is let finish the
calendar holds exactly one entry a planned call and the address book one card a contact,
nothing doubled and nothing missing, each entry recorded with the ETag the server has."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin

import caldav
import pytest

from followup_desktop.core import settings as options
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Outcome, Phone
from followup_desktop.services import maintenance
from followup_desktop.store import calendar_repo, cards_repo
from tests.peers.keyring_session import SecretService
from tests.peers.radicale import Radicale
from tests.rep_desk import rep_services

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 150
CYCLES = 12


def _sync(data: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "followup_desktop.cli", "--data-dir", str(data), "sync"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_sync_killed_at_any_moment_loses_nothing_and_doubles_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    radicale: Radicale,
    keyring_bus: SecretService,
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    url = f"http://127.0.0.1:{radicale.port}/"
    data = tmp_path / "data"
    chance = random.Random(20261204)
    killed_mid_way = 0
    with rep_services(tmp_path, monkeypatch, FixedClock(now), "Sam Rivers") as services:
        services.calendar.setup(url, radicale.user, radicale.password)
        ids = []
        for number in range(PEOPLE):
            contact_id = services.contacts.add(
                Contact(name=f"Contact {number:02}", phones=[Phone(f"+1212555{number:04}")])
            )
            agreed = now + timedelta(days=2, minutes=15 * number)
            services.followups.log(contact_id, Outcome.CONNECTED, agreed_next=agreed)
            ids.append(contact_id)
        calendar_url = services.settings.load().get(options.SYNC_CALENDAR)
        book_url = services.settings.load().get(options.SYNC_ADDRESS_BOOK)
        for cycle in range(CYCLES):
            # Work for every sync: each contact renamed, each agreed call moved a minute.
            for contact_id in ids:
                contact = services.contacts.get(contact_id)
                services.contacts.save(replace(contact, company=f"Company {cycle}"))
                (call,) = [f for f in services.followups.open_for(contact_id) if f.agreed]
                services.followups.move(call.id or 0, call.due_at + timedelta(minutes=1))
            # Killed among the calendar's writes one cycle, among the cards' the next.
            table = (
                ("calendar_entries", "follow_up_id")
                if cycle % 2
                else ("card_entries", "contact_id")
            )
            before = _etags(data, *table)
            target = chance.randint(1, PEOPLE - 1)  # entries written again before the kill
            process = _sync(data)
            deadline = time.monotonic() + 120
            while process.poll() is None and time.monotonic() < deadline:
                if _changed(before, _etags(data, *table)) >= target:
                    os.kill(process.pid, signal.SIGKILL)  # in the middle of its writes
                    killed_mid_way += 1
                    break
                time.sleep(0.01)
            process.wait()
            check = maintenance.check(data / "followup.sqlite3")
            assert check.ok, check.problems
        due = {c: next(f.due_at for f in services.followups.open_for(c) if f.agreed) for c in ids}
    assert killed_mid_way == CYCLES  # every kill landed among a sync's writes
    finished = _sync(data)
    assert finished.wait(timeout=300) == 0

    client = caldav.DAVClient(
        url=url, username=radicale.user, password=radicale.password, require_tls=False
    )
    events = [e.icalendar_component for e in client.calendar(url=calendar_url).events()]
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == PEOPLE == len(set(uids))  # one entry a call: none doubled or lost
    assert sorted(e.decoded("DTSTART") for e in events) == sorted(due.values())  # the latest
    cards = _cards(client, book_url)
    assert len(cards) == PEOPLE
    assert {org for org, _etag in cards.values()} == {f"Company {CYCLES - 1}"}
    with (
        rep_services(tmp_path, monkeypatch, FixedClock(now)) as services,
        services.db.reading() as session,
    ):
        recorded_cards = cards_repo.published(session)
        recorded_events = calendar_repo.published(session)
    assert len(recorded_cards) == len(recorded_events) == PEOPLE
    for entry in recorded_cards.values():  # each recorded with the ETag the server has
        assert cards[entry.href.rsplit("/", 1)[-1]][1] == entry.etag


def _etags(data: Path, table: str, key: str) -> dict[int, str]:
    """What the store has recorded of the server, read beside the running sync."""
    with sqlite3.connect(f"file:{data / 'followup.sqlite3'}?mode=ro", uri=True) as db:
        return dict(db.execute(f"SELECT {key}, etag FROM {table}").fetchall())


def _changed(before: dict[int, str], now: dict[int, str]) -> int:
    return sum(1 for contact_id, etag in now.items() if before.get(contact_id) != etag)


def _cards(client: caldav.DAVClient, book_url: str) -> dict[str, tuple[str, str]]:
    """The address book as the phone reads it: file name → (company, ETag)."""
    import vobject

    listing = client.propfind(
        book_url,
        '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop>'
        "</d:propfind>",
        depth=1,
    )
    found = {}
    for reply in listing.tree.iterfind("{DAV:}response"):
        href = reply.findtext("{DAV:}href") or ""
        if not href.endswith(".vcf"):
            continue
        got = client.request(urljoin(book_url, href), "GET", "", {"Accept": "text/vcard"})
        card = vobject.readOne(got.raw)
        found[href.rsplit("/", 1)[-1]] = (
            " ".join(card.org.value),
            reply.findtext(".//{DAV:}getetag") or "",
        )
    return found
