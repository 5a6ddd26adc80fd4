"""The address book and the calendar under real use: a thousand contacts edited on both
sides between two syncs, and a server that dies mid-session while the rep keeps working.

- 1,000 contacts published; 50 edited on the phone, 50 in FollowUp, 10 of them on both
  sides: after one sync both sides hold the same fields, each the one the rules say
  (every field of every contact compared), and a second sync transfers nothing.
- The server killed, edits made (a call moved twice, a contact added, one changed, one
  deleted, a new agreed call), the server back: everything arrives once, the last edit
  winning, and a further sync transfers nothing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from followup_desktop.core import settings as options
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.contact_rules import normalize_phone
from followup_desktop.core.model import Contact, Email, Outcome
from followup_desktop.core.model import Phone as Number
from followup_desktop.services.session import Services
from tests.peers.dav_phone import Phone, calendar_events, rev, set_value
from tests.peers.fixtures import DavServer
from tests.peers.radicale import radicale_server

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # Monday
BOOK = 1000
PHONE_EDITS = range(0, 50)
HERE_EDITS = [*range(0, 10), *range(50, 90)]
PHONE_NEWER = range(0, 5)  # of the ten edited on both sides; 5–9: FollowUp's is newer


# The passwords go to a private Secret Service (the shared ``services`` fixture opens
# the store; the keyring is reached only when a password is kept or read).
pytestmark = pytest.mark.usefixtures("keyring_bus")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


def _person(i: int) -> Contact:
    return Contact(
        name=f"Contact {i:04d}",
        company=f"Company {i}",
        title="Buyer",
        emails=[Email(f"c{i}@customer.example")],
        phones=[Number(f"+1312555{i:04d}")],
    )


def _expected(i: int) -> tuple[str, str, str, list[str], list[str]]:
    company, title, phones = f"Company {i}", "Buyer", [f"+1312555{i:04d}"]
    if i in PHONE_EDITS:
        company = f"Phone Co {i}"
        phones.append(f"+1415555{i:04d}")
    if i in HERE_EDITS and not (i in PHONE_EDITS and i in PHONE_NEWER):
        company = f"Here Co {i}"
    if i in HERE_EDITS:
        title = "Head of buying"
    return (f"Contact {i:04d}", company, title, sorted(phones), [f"c{i}@customer.example"])


def _here(services: Services) -> dict[str, tuple[str, str, str, list[str], list[str]]]:
    ids = [s.id for s in services.contacts.page(limit=BOOK + 10)]
    found = services.contacts.get_many(ids)
    return {
        c.name: (
            c.name,
            c.company,
            c.title,
            sorted(p.number for p in c.phones),
            sorted(e.address for e in c.emails),
        )
        for c in found.values()
    }


def _there(phone: Phone) -> dict[str, tuple[str, str, str, list[str], list[str]]]:
    seen = {}
    for card in phone.cards().values():
        seen[card.fn.value] = (
            card.fn.value,
            " ".join(card.org.value) if hasattr(card, "org") else "",
            card.title.value if hasattr(card, "title") else "",
            sorted(normalize_phone(str(t.value), "US") for t in card.contents.get("tel", [])),
            sorted(str(e.value) for e in card.contents.get("email", [])),
        )
    return seen


def test_a_thousand_contacts_edited_on_both_sides_agree_after_one_sync(
    services: Services, dav_server: DavServer
) -> None:
    services.calendar.setup(dav_server.url, dav_server.user, dav_server.password)
    phone = Phone(dav_server, services.settings.load().get(options.SYNC_ADDRESS_BOOK))
    ids = [services.contacts.add(_person(i)) for i in range(BOOK)]
    first = services.calendar.sync()
    assert (first.cards.put, first.problem) == (BOOK, "")

    # An hour after FollowUp's edits, on the app's clock (the one its saves are dated by).
    later = (NOW + timedelta(hours=1)).strftime("%Y%m%dT%H%M%SZ")
    paths = {phone.read(p)[0].fn.value: p for p in phone.paths()}
    for i in PHONE_EDITS:
        path = paths[f"Contact {i:04d}"]
        card, etag = phone.read(path)
        set_value(card, "org", f"Phone Co {i}")
        card.add("tel").value = f"+1 415 555 {i:04d}"
        if i in HERE_EDITS:
            rev(card, later if i in PHONE_NEWER else "20200101T000000Z")
        phone.write(path, card, etag)
    for i in HERE_EDITS:
        contact = services.contacts.get(ids[i])
        services.contacts.save(replace(contact, company=f"Here Co {i}", title="Head of buying"))

    report = services.calendar.sync()
    assert report.problem == ""
    assert (report.pulled.updated, report.pulled.read) == (len(PHONE_EDITS), len(PHONE_EDITS))
    assert len([n for n in report.news() if "changed on both sides" in n]) == 10
    expected = {f"Contact {i:04d}": _expected(i) for i in range(BOOK)}
    assert _here(services) == expected
    assert _there(phone) == expected

    again = services.calendar.sync()
    assert (again.transferred, again.cards.put, again.pulled.read) == (0, 0, 0)
    phone.close()


def _paris(day: int, hour: int) -> datetime:
    return datetime(2026, 12, day, hour - 1, 0, tzinfo=UTC)  # Paris is UTC+1 in December


def test_a_server_that_dies_mid_session_gets_everything_once_when_it_is_back(
    services: Services,
) -> None:
    with radicale_server() as radicale:
        url = f"http://127.0.0.1:{radicale.port}/"
        services.calendar.setup(url, radicale.user, radicale.password)
        settings = services.settings.load()
        server = DavServer(url, radicale.user, radicale.password, radicale)
        priya = services.contacts.add(
            Contact(name="Priya Patel", company="Acme", time_zone="Europe/Paris")
        )
        ben = services.contacts.add(
            Contact(name="Ben Ode", company="Odeon", time_zone="Europe/Paris")
        )
        gone = services.contacts.add(Contact(name="Gil Gone", time_zone="Europe/Paris"))
        logged = services.followups.log(priya, Outcome.CONNECTED, agreed_next=_paris(9, 16))
        (agreed,) = [f for f in logged.created if f.agreed]
        assert services.calendar.sync().problem == ""

        radicale.kill()
        services.followups.move(agreed.id or 0, _paris(10, 11))
        services.followups.move(agreed.id or 0, _paris(11, 14))  # the last move counts
        services.contacts.add(Contact(name="Cara Nou", company="Nouveau"))
        services.contacts.save(replace(services.contacts.get(ben), company="Odeon Films"))
        services.contacts.delete(gone)
        services.followups.log(ben, Outcome.CONNECTED, agreed_next=_paris(10, 15))
        away = services.calendar.sync()
        assert away.problem.startswith("the server cannot be reached")
        assert away.text().startswith("offline: 5 changes waiting")  # 2 entries, 3 cards

        radicale.start()
        back = services.calendar.sync()
        assert back.problem == ""
        assert (back.put, back.cards.put, back.cards.removed) == (2, 2, 1)
        events = calendar_events(server, settings.get(options.SYNC_CALENDAR))
        starts = sorted((str(e["SUMMARY"]).split(":")[0], e.decoded("DTSTART")) for e in events)
        assert starts == [
            ("Call Ben Ode (Odeon Films)", _paris(10, 15)),
            ("Call Priya Patel (Acme)", _paris(11, 14)),
        ]
        priya_event = next(e for e in events if "Priya" in str(e["SUMMARY"]))
        assert int(priya_event["SEQUENCE"]) == 1  # one write for both moves
        phone = Phone(server, settings.get(options.SYNC_ADDRESS_BOOK))
        cards = {name: card.org.value[0] for name, card in phone.cards().items()}
        assert cards == {"Priya Patel": "Acme", "Ben Ode": "Odeon Films", "Cara Nou": "Nouveau"}
        phone.close()
        assert services.calendar.sync().transferred == 0
