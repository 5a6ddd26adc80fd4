""" "Try sample data": a believable book of contacts, the same every time (fixed seed)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from followup_desktop.core.cadence import CommitmentRequest
from followup_desktop.core.calendar import BusinessHours, zone
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.contact_rules import normalize_phone
from followup_desktop.core.model import Deal, DealStage, FollowUpKind, Outcome
from followup_desktop.exchange.records import ImportedContact
from followup_desktop.services.day_actions import DayActions
from followup_desktop.services.deals import DealService
from followup_desktop.services.followups import FollowUpService
from followup_desktop.services.importing import ImportReport
from followup_desktop.services.session import Services

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
    services: Services, now: datetime, seed: int = 20261122, days: int = 120
) -> ImportReport:
    """Sample contacts and four months of a rep's work, so every view looks real.

    Each contact's story is played through the follow-up engine on a clock of its own:
    a first touch some time in the last ``days``, then every step the engine planned is
    answered when it falls due (an answer, a voicemail, no answer, an e-mail sent…) until
    today. What is still planned is the rep's real agenda; deals move with the talks."""
    report = ImportReport()
    services.importing.import_items(sample_contacts(), report)
    play_sample_history(services, now, seed, days)
    return report


def play_sample_history(
    services: Services, now: datetime, seed: int = 20261122, days: int = 120
) -> None:
    """The history part of ``sample_history``, for contacts already there (slow: every
    step goes through the engine and its durable commit, ~10 s for 200 contacts)."""
    rng = random.Random(seed)
    clock = FixedClock(now)
    engine = FollowUpService(services.db, clock, services.settings)
    deals = DealService(services.db, clock)
    day_actions = DayActions(services.db, clock, engine)
    hours = BusinessHours.from_settings(services.settings.load())
    for summary in services.contacts.page(limit=1000):
        theirs = zone(services.contacts.get(summary.id).time_zone)
        _play(engine, day_actions, clock, deals, summary.id, now, days, rng, (theirs, hours))


def _play(
    engine: FollowUpService,
    day_actions: DayActions,
    clock: FixedClock,
    deals: DealService,
    contact_id: int,
    now: datetime,
    days: int,
    rng: random.Random,
    their_day: tuple[ZoneInfo, BusinessHours],
) -> None:
    # The first touch on a working day, during the rep's working hours.
    day = now - timedelta(days=rng.randint(1, days))
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    at = day.replace(hour=rng.randint(7, 15), minute=rng.choice([0, 15, 30, 45]))
    if at >= now:
        at = now - timedelta(hours=1)
    clock.set(at)
    first = rng.choices(
        [Outcome.VISIT, Outcome.INBOUND, Outcome.NO_ANSWER, Outcome.VOICEMAIL, Outcome.CONNECTED],
        [2, 2, 3, 3, 3],
    )[0]
    stage = 0
    if first in (Outcome.VISIT, Outcome.INBOUND, Outcome.CONNECTED):
        stage = _talk(engine, deals, contact_id, first, at, rng, their_day, stage)
    else:
        engine.log(contact_id, first, at)
    for _ in range(MAX_STEPS):
        open_now = engine.open_for(contact_id)
        planned = [f for f in open_now if f.kind is not FollowUpKind.TASK]
        # Promises are kept, an hour or so before they are due (before the next call).
        until = min([f.due_at for f in planned] + [now])
        for promise in (f for f in open_now if f.kind is FollowUpKind.TASK and f.due_at < until):
            if promise.id is not None:
                clock.set(max(at, promise.due_at - timedelta(hours=rng.choice([1, 3, 20]))))
                day_actions.delivered(promise.id)
        if not planned:
            return
        step = min(planned, key=lambda f: f.due_at)
        if rng.random() < GIVE_UP and step.id is not None and step.due_at < now:
            # The rep let this one go (the Stats view shows where): skipped, not left
            # overdue forever.
            clock.set(step.due_at)
            day_actions.skip(step.id, "let go")
            return
        # Reps are not always on time: a few minutes to an hour late, sometimes a day.
        at = step.due_at + timedelta(minutes=rng.choice([0, 2, 5, 10, 30, 60, 24 * 60]))
        if at >= now:
            return
        clock.set(at)
        if step.kind is FollowUpKind.EMAIL:
            engine.log(contact_id, Outcome.EMAIL_SENT, at, follow_up_id=step.id)
            continue
        outcome = rng.choices(
            [Outcome.CONNECTED, Outcome.VOICEMAIL, Outcome.NO_ANSWER, Outcome.NOT_NOW],
            [5 if step.agreed else 3, 3, 3, 1],
        )[0]
        if outcome is Outcome.CONNECTED:
            stage = _talk(engine, deals, contact_id, outcome, at, rng, their_day, stage, step.id)
            if stage >= len(STAGES):
                return
        else:
            engine.log(contact_id, outcome, at, follow_up_id=step.id)


def _talk(
    engine: FollowUpService,
    deals: DealService,
    contact_id: int,
    outcome: Outcome,
    at: datetime,
    rng: random.Random,
    their_day: tuple[ZoneInfo, BusinessHours],
    stage: int,
    follow_up_id: int | None = None,
) -> int:
    """A conversation: notes, usually an agreed next call, sometimes a promise; the deal
    moves a stage now and then, and is won or lost at the end."""
    stage = min(stage + rng.choice([0, 1, 1]), len(STAGES))
    notes = rng.choice(CALL_NOTES)
    if stage:
        value = rng.choice([2_500, 4_800, 7_500, 12_000, 25_000, 40_000]) * 100
        current = deals.current(contact_id)
        final = stage >= len(STAGES)
        won = rng.random() < 0.6
        deal_stage = (DealStage.WON if won else DealStage.LOST) if final else STAGES[stage - 1]
        deals.save(
            Deal(
                contact_id,
                "Pilot",
                current.value_minor if current else value,
                "EUR",
                deal_stage,
                id=current.id if current else None,
            )
        )
        if final:
            engine.log(contact_id, outcome, at, notes, follow_up_id=follow_up_id)
            return stage
    agreed = None
    if rng.random() < 0.9:
        agreed = _agreed_time(at, rng, *their_day)
    commitment = None
    if agreed is not None and rng.random() < 0.3:
        commitment = CommitmentRequest("proposal", agreed - timedelta(days=1))
    engine.log(
        contact_id,
        outcome,
        at,
        notes,
        agreed,
        rng.choice(OBJECTIVES),
        follow_up_id,
        commitment,
    )
    return stage


def _agreed_time(
    at: datetime, rng: random.Random, theirs: ZoneInfo, hours: BusinessHours
) -> datetime:
    """A call agreed one to nine days on, on the hour or half past, inside the contact's
    business hours on their clock: a prospect does not agree to 04:00 their time."""
    day = at.astimezone(theirs).date() + timedelta(days=rng.randint(1, 9))
    while not hours.is_business_day(day):
        day += timedelta(days=1)
    first, last = (_minute_of_day(moment) for moment in (hours.start, hours.latest_call()))
    minutes = rng.choice(range(first + (-first % 30), last + 1, 30) or range(first, first + 1))
    return datetime.combine(day, time(), theirs) + timedelta(minutes=minutes)


def _minute_of_day(moment: time) -> int:
    return moment.hour * 60 + moment.minute


MAX_STEPS = 40  # enough to reach today: what is left overdue is the last day or so
GIVE_UP = 0.05
STAGES = (DealStage.LEAD, DealStage.QUALIFIED, DealStage.PROPOSAL, DealStage.NEGOTIATION)


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
