""" "Try sample data": a believable book of contacts, the same every time (fixed seed)."""

from __future__ import annotations

import random
from collections.abc import Iterator

from followup_desktop.core.contact_rules import normalize_phone
from followup_desktop.exchange.records import ImportedContact

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
