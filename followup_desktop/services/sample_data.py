""" "Try sample data": a believable book of contacts, the same every time (fixed seed)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from followup_desktop.core.contact_rules import normalize_phone
from followup_desktop.core.model import Outcome
from followup_desktop.exchange.records import ImportedContact
from followup_desktop.services.contacts import ContactService
from followup_desktop.services.followups import FollowUpService
from followup_desktop.services.importing import ImportReport, ImportService

FIRST = [
    "Jane",
    "Marcus",
    "Dana",
    "Priya",
    "Tom",
    "Aisha",
    "Luca",
    "Mei",
    "Omar",
    "Sofia",
    "Daniel",
    "Hannah",
    "Kenji",
    "Chloe",
    "Rafael",
    "Ingrid",
    "Samuel",
    "Fatima",
    "Noah",
    "Elena",
    "Victor",
    "Grace",
    "Mateo",
    "Amara",
    "Oliver",
    "Yuki",
    "Leila",
    "Ben",
    "Carmen",
    "Ravi",
]
LAST = [
    "Smith",
    "O'Neil",
    "Cruz",
    "Raman",
    "Becker",
    "Haddad",
    "Rossi",
    "Chen",
    "Farouk",
    "Novak",
    "Meyer",
    "Lindqvist",
    "Tanaka",
    "Dubois",
    "Alvarez",
    "Berg",
    "Okafor",
    "Khan",
    "Walsh",
    "Petrova",
    "Moreau",
    "Brooks",
    "Santos",
    "Mensah",
    "Wright",
    "Sato",
    "Nasser",
    "Cohen",
    "Ortega",
    "Iyer",
]
COMPANIES = (
    "Acme, Inc.",
    "Brightline Logistics",
    "Cruz Logistics",
    "Northwind Traders",
    "Blue Harbor Foods",
    "Keller & Sons",
    "Helios Solar",
    "Lumen Health",
    "Orbit Retail",
    "Pinecrest Dental",
    "Quarry Analytics",
    "Redwood Builders",
    "Silverline Media",
    "Tidewater Marine",
    "Umbra Design",
    "Vantage Fitness",
    "Willow Schools",
    "Zephyr Travel",
)
TITLES = (
    "VP Sales",
    "Owner",
    "Head of Operations",
    "Purchasing Manager",
    "CTO",
    "Office Manager",
    "Marketing Lead",
)
# (zone, phone prefix): numbers in the reserved fictional ranges where a country has them.
PLACES = (
    ("America/Chicago", "+1 312 555 0"),
    ("America/New_York", "+1 212 555 0"),
    ("America/Los_Angeles", "+1 415 555 0"),
    ("Europe/London", "+44 20 7946 0"),
    ("Europe/Berlin", "+49 30 901820"),
    ("Asia/Kolkata", "+91 80 4000 0"),
    ("Australia/Sydney", "+61 2 9990 0"),
)
NOTES = (
    "Two kids; coaches his daughter's football team on Saturdays.",
    "Runs marathons; training for Berlin.",
    "Loves sailing; just back from Croatia.",
    "Prefers e-mail before a call.",
    "",
)


def sample_contacts(count: int = 200, seed: int = 20261122) -> Iterator[ImportedContact]:
    rng = random.Random(seed)
    for number in range(1, count + 1):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        company = rng.choice(COMPANIES)
        zone, prefix = rng.choice(PLACES)
        domain = "".join(ch for ch in company.lower() if ch.isalnum())[:16] + ".example"
        local = "".join(ch for ch in f"{first}.{last}".lower() if ch.isalnum() or ch == ".")
        yield ImportedContact(
            source="sample data",
            line=number,
            name=f"{first} {last}",
            company=company,
            title=rng.choice(TITLES),
            emails=[f"{local}{number}@{domain}"],
            phones=[_phone(prefix, number)],
            notes=rng.choice(NOTES),
            time_zone=zone,
        )


def _phone(prefix: str, number: int) -> str:
    # Every prefix leaves three digits: distinct numbers for up to 999 contacts.
    return normalize_phone(f"{prefix}{number % 1000:03d}")


def sample_history(
    importing: ImportService,
    contacts: ContactService,
    followups: FollowUpService,
    now: datetime,
    seed: int = 20261122,
) -> ImportReport:
    """Sample contacts plus a few weeks of calls, so every view has something real in it.

    The history is logged through the follow-up engine, as a rep would have logged it."""
    report = ImportReport()
    importing.import_items(sample_contacts(), report)
    rng = random.Random(seed)
    for summary in contacts.page(limit=1000):
        scenario = rng.random()
        start = now - timedelta(days=rng.randint(3, 20), hours=rng.randint(0, 8))
        if scenario < 0.35:
            agreed = now + timedelta(days=rng.randint(0, 6), hours=rng.randint(1, 8))
            agreed = agreed.replace(minute=rng.choice([0, 15, 30, 45]), second=0, microsecond=0)
            followups.log(
                summary.id,
                Outcome.CONNECTED,
                start,
                rng.choice(CALL_NOTES),
                agreed,
                rng.choice(OBJECTIVES),
            )
        elif scenario < 0.55:
            for step in range(rng.randint(1, 4)):
                followups.log(summary.id, Outcome.VOICEMAIL, start + timedelta(days=2 * step))
        elif scenario < 0.65:
            followups.log(
                summary.id,
                Outcome.VISIT,
                now - timedelta(hours=rng.randint(1, 30)),
                "Visited their office.",
            )
        elif scenario < 0.75:
            followups.log(summary.id, Outcome.NO_ANSWER, start)
    return report


CALL_NOTES = (
    "Launch planned mid-August; target women 20–35.",
    "Budget approved for Q1; wants a pilot first.",
    "Comparing us with two other vendors.",
    "Needs sign-off from their CFO.",
)
OBJECTIVES = (
    "review the proposal and agree the pilot start",
    "walk through pricing options",
    "confirm the budget and timeline",
    "demo the reporting module",
)
