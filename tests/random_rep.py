"""A rep working at random through the services (contacts, calls, visits, agreed
times, notes, wins, deletions, a changed series length, backdated logs and ties in
time), and the two checks the kept stats facts must pass whatever was done: they equal
a rebuild from the touches alone, and the figures equal the slow reference."""

from __future__ import annotations

import math
import random
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from followup_desktop.core import settings as options
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Deal, DealStage, Outcome, Touch
from followup_desktop.services.contacts import ContactService, FixedDefaults
from followup_desktop.services.deals import DealService
from followup_desktop.services.followups import FollowUpService
from followup_desktop.services.settings import SettingsService
from followup_desktop.services.stats import StatsService, as_json
from followup_desktop.store import followups_repo, touch_facts
from followup_desktop.store.db import Database
from followup_desktop.store.schema import ContactRow, TouchRow
from tests.services import stats_reference

ZONES = ("Europe/Paris", "America/New_York", "Asia/Kolkata", "")
# Few distinct instants, so touches often share one (ties are ordered by id).
BACKDATED = (timedelta(0), timedelta(0), timedelta(hours=1), timedelta(days=1), timedelta(days=3))
OUTCOMES = tuple(Outcome)


class RandomRep:
    def __init__(self, db: Database, clock: FixedClock) -> None:
        self.db, self.clock = db, clock
        self.contacts = ContactService(db, FixedDefaults(), clock)
        self.settings = SettingsService(db)
        self.followups = FollowUpService(db, clock, self.settings)
        self.deals = DealService(db, clock)
        self.stats = StatsService(db, clock, self.followups)
        self.ids: list[int] = []
        self.deleted: set[int] = set()

    def add_contact(self, zone: int) -> None:
        name = f"Person {len(self.ids)}"
        self.ids.append(self.contacts.add(Contact(name=name, time_zone=ZONES[zone % len(ZONES)])))

    def _contact(self, which: int, deleted: bool = False) -> int | None:
        """A contact the rep can work on (or, with ``deleted``, any contact)."""
        chosen = [i for i in self.ids if deleted or i not in self.deleted]
        return chosen[which % len(chosen)] if chosen else None

    def log(self, which: int, outcome: int, back: int, agree_in_hours: int | None) -> None:
        contact_id = self._contact(which)
        if contact_id is None:
            return
        chosen = OUTCOMES[outcome % len(OUTCOMES)]
        at = self.clock.now() - BACKDATED[back % len(BACKDATED)]
        agreed = None
        if agree_in_hours is not None and chosen is Outcome.CONNECTED:
            agreed = self.clock.now() + timedelta(hours=agree_in_hours)
        self.followups.log(contact_id, chosen, at, agreed_next=agreed)

    def note_from_an_export(self, which: int) -> None:
        """A touch written straight through the store, as the e-mail export records one."""
        contact_id = self._contact(which)
        if contact_id is None:
            return
        with self.db.writing() as session:
            followups_repo.add_touch(
                session, Touch(contact_id, Outcome.NOTE, self.clock.now(), "draft saved")
            )

    def wait(self, hours: int) -> None:
        self.clock.set(self.clock.now() + timedelta(hours=hours))

    def win(self, which: int) -> None:
        contact_id = self._contact(which)
        if contact_id is not None:
            self.deals.save(Deal(contact_id, "deal", 10_000, "EUR", DealStage.WON))

    def delete(self, which: int, restore: bool) -> None:
        contact_id = self._contact(which, deleted=True)
        if contact_id is None:
            return
        if restore:
            self.contacts.undelete(contact_id)
            self.deleted.discard(contact_id)
        elif contact_id not in self.deleted:
            self.contacts.delete(contact_id)
            self.deleted.add(contact_id)

    def series_length(self, steps: int) -> None:
        self.settings.save(self.settings.load().with_value(options.VOICEMAIL_STEPS, steps))


def _rows(session: Session) -> tuple[list[Any], list[Any]]:
    columns = [getattr(ContactRow, name) for name in touch_facts.CONTACT_COLUMNS]
    contacts = session.execute(select(ContactRow.id, *columns).order_by(ContactRow.id)).all()
    touches = session.execute(select(TouchRow.id, TouchRow.next_touch_us).order_by(TouchRow.id))
    return [tuple(row) for row in contacts], [tuple(row) for row in touches.all()]


def assert_kept_facts_equal_a_rebuild(db: Database) -> None:
    with db.reading() as session:
        kept = _rows(session)
    with db.engine.connect() as connection, connection.begin() as transaction:
        touch_facts.rebuild(connection)
        rebuilt = _rows(Session(bind=connection))
        transaction.rollback()
    assert kept == rebuilt


def _approx_means(value: Any) -> Any:
    """The fast mean of hours is exact; the reference summed rounded floats."""
    if isinstance(value, dict):
        return {
            key: _Near(inner)
            if key == "mean" and isinstance(inner, float)
            else _approx_means(inner)
            for key, inner in value.items()
        }
    if isinstance(value, list):
        return [_approx_means(inner) for inner in value]
    return value


class _Near:
    def __init__(self, value: float) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, float) and math.isclose(self.value, other, rel_tol=1e-12)

    def __repr__(self) -> str:
        return f"≈{self.value!r}"


def assert_figures_equal_the_reference(rep: RandomRep) -> None:
    fast = as_json(rep.stats.compute())
    with rep.db.reading() as session:
        slow = as_json(stats_reference.compute(session, rep.clock.now(), rep.followups.rep_zone()))
    assert _approx_means(slow) == fast


def work_at_random(rep: RandomRep, rng: random.Random, steps: int, check_every: int) -> None:
    """``steps`` random actions, mostly logging (often at one instant, often backdated),
    with both checks every ``check_every`` actions and at the end."""
    for _ in range(3):
        rep.add_contact(rng.randrange(len(ZONES)))
    rep.series_length(rng.randint(1, 3))
    for step in range(1, steps + 1):
        which = rng.randrange(1000)
        action = rng.random()
        if action < 0.6:
            agree = rng.choice([None, None, rng.randint(-30, 200)])
            # Voicemails often, so series reach their end.
            outcome = (
                OUTCOMES.index(Outcome.VOICEMAIL)
                if rng.random() < 0.35
                else rng.randrange(len(OUTCOMES))
            )
            rep.log(which, outcome, rng.randrange(len(BACKDATED)), agree)
        elif action < 0.75:
            rep.wait(rng.choice([1, 3, 6, 24, 24 * 3, 24 * 16]))
        elif action < 0.8:
            rep.add_contact(rng.randrange(len(ZONES)))
        elif action < 0.85:
            rep.note_from_an_export(which)
        elif action < 0.9:
            rep.win(which)
        elif action < 0.95:
            rep.delete(which, restore=rng.random() < 0.5)
        else:
            rep.series_length(rng.randint(1, 4))
        if step % check_every == 0 or step == steps:
            assert_kept_facts_equal_a_rebuild(rep.db)
            assert_figures_equal_the_reference(rep)
