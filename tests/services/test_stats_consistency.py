"""The kept stats facts after random histories: always what a rebuild from the touches
alone gives, and the figures always what the slow reference computes from every touch."""

from __future__ import annotations

import random
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

from followup_desktop.core.clock import FixedClock
from followup_desktop.store.db import Database
from tests.random_rep import (
    RandomRep,
    assert_figures_equal_the_reference,
    assert_kept_facts_equal_a_rebuild,
    work_at_random,
)

pytestmark = pytest.mark.sqlite_file  # the file itself: not in the PostgreSQL run

START = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
_TEMPLATE: list[Path] = []


def _fresh_database(folder: Path) -> Database:
    """A migrated store copied from one made once (migrating for every run is slow)."""
    if not _TEMPLATE:
        template = Path(tempfile.mkdtemp(prefix="followup-stats-template-"))
        Database.open(template / "f.sqlite3", template / "backups").close()
        _TEMPLATE.append(template)
    shutil.copy(_TEMPLATE[0] / "f.sqlite3", folder / "f.sqlite3")
    return Database.open(folder / "f.sqlite3", folder / "backups")


small = st.integers(min_value=0, max_value=40)


class RepAtWork(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="followup-stats-"))
        self.db = _fresh_database(self.folder)
        self.rep = RandomRep(self.db, FixedClock(START))

    @initialize(zones=st.lists(small, min_size=1, max_size=4))
    def a_book_of_contacts(self, zones: list[int]) -> None:
        for zone in zones:
            self.rep.add_contact(zone)

    @rule(zone=small)
    def add_contact(self, zone: int) -> None:
        self.rep.add_contact(zone)

    @rule(
        which=small,
        touches=st.lists(
            st.tuples(
                small,  # outcome
                small,  # how far back it is logged (often at the same instant)
                st.none() | st.integers(min_value=-30, max_value=200),  # an agreed time
                st.sampled_from([0, 0, 1, 6, 24, 24 * 3]),  # hours before the next one
            ),
            min_size=1,
            max_size=10,
        ),
    )
    def work_a_contact(self, which: int, touches: list[tuple[int, int, int | None, int]]) -> None:
        for outcome, back, agree, hours in touches:
            self.rep.log(which, outcome, back, agree)
            self.rep.wait(hours)

    @rule(which=small)
    def note_from_an_export(self, which: int) -> None:
        self.rep.note_from_an_export(which)

    @rule(hours=st.sampled_from([1, 5, 24, 24 * 15]))
    def wait(self, hours: int) -> None:
        self.rep.wait(hours)

    @rule(which=small)
    def win(self, which: int) -> None:
        self.rep.win(which)

    @rule(which=small, restore=st.booleans())
    def delete(self, which: int, restore: bool) -> None:
        self.rep.delete(which, restore)

    @rule(steps=st.integers(min_value=1, max_value=4))
    def series_length(self, steps: int) -> None:
        self.rep.series_length(steps)

    @rule()
    def check(self) -> None:
        assert_kept_facts_equal_a_rebuild(self.db)
        assert_figures_equal_the_reference(self.rep)

    def teardown(self) -> None:
        try:
            self.check()
        finally:
            self.db.close()
        shutil.rmtree(self.folder, ignore_errors=True)


RepAtWork.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_random_histories_keep_the_stats_true = RepAtWork.TestCase


def test_a_long_random_history_keeps_the_stats_true(tmp_path: Path) -> None:
    db = _fresh_database(tmp_path)
    try:
        work_at_random(RandomRep(db, FixedClock(START)), random.Random(20261201), 600, 100)
    finally:
        db.close()
