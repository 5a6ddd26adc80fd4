"""Reminders through the service and a real SQLite file: what was shown is stored, a
restart repeats nothing, a move reminds again, snoozes and pauses survive a restart."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from followup_desktop.core import settings as options
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Outcome
from followup_desktop.core.reminders import Gap
from followup_desktop.paths import AppPaths
from followup_desktop.services.reminders import Due
from followup_desktop.services.session import Services, open_services
from followup_desktop.store import db
from tests.harness.write_lock import write_lock_held

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 09:00 in Paris
CALL_AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 in Paris, 11:00 in Helsinki


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


def open_at(tmp_path: Path, clock: FixedClock) -> Services:
    return open_services(AppPaths(tmp_path / "data"), clock)


@pytest.fixture
def services(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Services]:
    monkeypatch.setenv("TZ", "Europe/Paris")
    opened = open_at(tmp_path, clock)
    yield opened
    opened.close()


def agree_call(services: Services, name: str = "Jane Smith", at: datetime = CALL_AT) -> int:
    contact_id = services.contacts.add(
        Contact(name=name, company="Acme, Inc.", time_zone="Europe/Helsinki")
    )
    result = services.followups.log(
        contact_id, Outcome.CONNECTED, NOW, agreed_next=at, objective="review the proposal"
    )
    (follow_up,) = [f for f in result.created if f.step == "agreed-call"]
    assert follow_up.id is not None
    return follow_up.id


def look(services: Services, gap: Gap = Gap.NONE) -> Due:
    due = services.reminders.due_now(gap)
    services.reminders.mark_fired(due)
    return due


def titles(due: Due) -> list[str]:
    return [n.title for n in due.notices]


def test_a_call_reminds_before_and_at_its_time_and_a_restart_repeats_nothing(
    services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    follow_up_id = agree_call(services)
    first = look(services, Gap.START)
    assert first.notices == ()
    assert first.next_wake - NOW <= timedelta(minutes=1)
    clock.set(CALL_AT - timedelta(minutes=15))
    before = look(services)
    assert titles(before) == ["Call Jane Smith at 10:00 (their 11:00)"]
    (shown,) = before.notices
    assert shown.body == "review the proposal\nin 15 min · Acme, Inc."
    assert (shown.follow_up_id, shown.missed) == (follow_up_id, False)
    assert look(services).notices == ()
    # Restart: a new process on the same file shows nothing again.
    services.close()
    again = open_at(tmp_path, clock)
    try:
        clock.advance(minutes=1)
        assert look(again, Gap.START).notices == ()
        clock.set(CALL_AT)
        assert [n.body.split("\n")[1] for n in look(again).notices] == ["now · Acme, Inc."]
    finally:
        again.close()


def test_a_crash_between_showing_and_storing_repeats_once_never_loses(
    services: Services, clock: FixedClock
) -> None:
    agree_call(services)
    look(services)
    clock.set(CALL_AT - timedelta(minutes=15))
    shown = services.reminders.due_now()
    assert len(shown.notices) == 1  # shown, then the process dies before mark_fired
    clock.advance(minutes=10)
    after = look(services, Gap.START)
    assert titles(after) == ["1 reminder missed while FollowUp was not running"]
    assert look(services).notices == ()


def test_a_suspend_shows_what_it_hid_once_grouped(services: Services, clock: FixedClock) -> None:
    for hour in range(5):
        agree_call(services, f"Person {hour}", CALL_AT + timedelta(hours=hour))
    look(services)
    clock.set(NOW + timedelta(hours=8))
    woke = look(services, Gap.SLEEP)
    assert titles(woke) == ["5 reminders missed while your computer was asleep"]
    assert woke.notices[0].body.splitlines()[0] == (
        "Call Person 0 at 10:00 (their 11:00) — review the proposal"
    )
    clock.advance(minutes=1)
    assert look(services).notices == ()


def test_a_moved_call_reminds_again_at_its_new_time(services: Services, clock: FixedClock) -> None:
    follow_up_id = agree_call(services)
    clock.set(CALL_AT - timedelta(minutes=15))
    assert len(look(services).notices) == 1
    services.followups.move(follow_up_id, CALL_AT + timedelta(hours=1))
    clock.advance(minutes=1)
    assert look(services).notices == ()
    clock.set(CALL_AT + timedelta(minutes=45))
    assert titles(look(services)) == ["Call Jane Smith at 11:00 (their 12:00)"]


def test_a_new_call_due_in_ten_minutes_reminds_at_once(
    services: Services, clock: FixedClock
) -> None:
    look(services)
    clock.set(CALL_AT - timedelta(minutes=10))
    look(services)
    agree_call(services)
    due = look(services)
    assert [n.body.splitlines()[1] for n in due.notices] == ["in 10 min · Acme, Inc."]


def test_snooze_and_pause_survive_a_restart(
    services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    follow_up_id = agree_call(services)
    look(services)
    clock.set(CALL_AT - timedelta(minutes=15))
    look(services)
    services.reminders.snooze(follow_up_id, 5)
    clock.advance(minutes=4)
    assert look(services).notices == ()
    services.close()
    again = open_at(tmp_path, clock)
    try:
        clock.advance(minutes=1)
        assert titles(look(again)) == ["Call Jane Smith at 10:00 (their 11:00)"]
        until = again.reminders.pause(60)
        assert again.reminders.paused_until() == until
        clock.set(CALL_AT + timedelta(minutes=5))
        assert look(again).notices == ()  # the call's time passed during the pause
        clock.set(until)
        assert [n.body.splitlines()[1] for n in look(again).notices] == ["50 min ago · Acme, Inc."]
        assert again.reminders.paused_until() is None
    finally:
        again.close()


def test_snooze_all_brings_back_what_showed_lately(services: Services, clock: FixedClock) -> None:
    agree_call(services, "Jane Smith")
    agree_call(services, "Ann Lee", CALL_AT + timedelta(minutes=5))
    look(services)
    clock.set(CALL_AT - timedelta(minutes=10))
    assert len(look(services).notices) == 2
    assert services.reminders.snooze_all(10) == 2
    clock.advance(minutes=9)
    assert look(services).notices == ()
    clock.advance(minutes=1)
    assert sorted(titles(look(services))) == [
        "Call Ann Lee at 10:05 (their 11:05)",
        "Call Jane Smith at 10:00 (their 11:00)",
    ]


def test_the_lead_follows_the_setting(services: Services, clock: FixedClock) -> None:
    services.settings.save(services.settings.load().with_value(options.REMINDER_LEAD_MIN, 30))
    agree_call(services)
    look(services)
    clock.set(CALL_AT - timedelta(minutes=30))
    assert [n.body.splitlines()[1] for n in look(services).notices] == ["in 30 min · Acme, Inc."]


def test_today_counts_the_calls_left(services: Services, clock: FixedClock) -> None:
    agree_call(services)
    agree_call(services, "Ann Lee", CALL_AT + timedelta(hours=2))
    today = services.reminders.today()
    assert today.count == 2 and today.overdue == 0
    assert [e.contact_name for e in today.upcoming] == ["Jane Smith", "Ann Lee"]


def test_resuming_a_pause_early_shows_what_came_due_on_time_not_as_missed(
    services: Services, clock: FixedClock
) -> None:
    agree_call(services)
    look(services)
    services.reminders.pause(60)
    clock.set(CALL_AT - timedelta(minutes=10))  # the 15-minute reminder came during the pause
    assert look(services).notices == ()
    services.reminders.resume()
    assert services.reminders.paused_until() is None
    resumed = look(services)
    assert titles(resumed) == ["Call Jane Smith at 10:00 (their 11:00)"]
    assert resumed.notices[0].body == "review the proposal\nin 10 min · Acme, Inc."
    assert not resumed.notices[0].missed
    clock.set(CALL_AT)
    assert [n.body.splitlines()[1] for n in look(services).notices] == ["now · Acme, Inc."]


@pytest.mark.sqlite_file  # another process holds the file's write lock
def test_a_reminder_shown_but_not_stored_is_not_shown_again_and_is_stored_later(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Europe/Paris")
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 300)  # a short wait, so it runs out here
    services = open_at(tmp_path, clock)
    try:
        agree_call(services)
        agree_call(services, "Ann Lee", CALL_AT + timedelta(minutes=2))
        look(services)
        clock.set(CALL_AT - timedelta(minutes=15))
        with another_writer(services):
            shown = services.reminders.due_now()
            assert titles(shown) == ["Call Jane Smith at 10:00 (their 11:00)"]
            with pytest.raises(sqlite3.OperationalError):  # the store stays busy: it says so
                services.reminders.mark_fired(shown)
            clock.advance(minutes=1)
            # The next look, a minute later, does not show Jane's reminder a second time.
            assert titles(services.reminders.due_now()) == []
            clock.advance(minutes=1)
            assert titles(services.reminders.due_now()) == ["Call Ann Lee at 10:02 (their 11:02)"]
        clock.advance(seconds=10)
        # Once the store answers, it keeps what was shown: nothing repeats, even after a
        # restart; Ann's reminder, not shown yet, is.
        assert titles(look(services)) == ["Call Ann Lee at 10:02 (their 11:02)"]
    finally:
        services.close()
    again = open_at(tmp_path, clock)
    try:
        clock.advance(minutes=1)
        assert look(again, Gap.START).notices == ()
    finally:
        again.close()


def another_writer(services: Services) -> AbstractContextManager[None]:
    """Another process holds the database's write lock, as a long import does."""
    return write_lock_held(services.paths.database)


@pytest.mark.sqlite_file  # another process holds the file's write lock
def test_a_snooze_whose_end_was_shown_but_not_stored_does_not_show_again(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Europe/Paris")
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 300)
    services = open_at(tmp_path, clock)
    try:
        follow_up_id = agree_call(services)
        look(services)
        clock.set(CALL_AT - timedelta(minutes=15))
        look(services)
        services.reminders.snooze(follow_up_id, 5)
        clock.advance(minutes=5)
        with another_writer(services):
            shown = services.reminders.due_now()
            assert titles(shown) == ["Call Jane Smith at 10:00 (their 11:00)"]
            with pytest.raises(sqlite3.OperationalError):
                services.reminders.mark_fired(shown)
            clock.advance(minutes=1)
            assert titles(services.reminders.due_now()) == []
        clock.advance(minutes=1)
        assert look(services).notices == ()
        clock.set(CALL_AT)  # its own time still reminds
        assert titles(look(services)) == ["Call Jane Smith at 10:00 (their 11:00)"]
    finally:
        services.close()


def test_a_look_says_which_reminders_on_screen_are_done_with(
    services: Services, clock: FixedClock
) -> None:
    calls = {name: agree_call(services, name) for name in ("Ann", "Bea", "Cy", "Di")}
    clock.set(CALL_AT - timedelta(minutes=15))
    (group,) = look(services).notices  # four at once: one notice for them all
    on_screen = set(group.about)
    assert {follow_up_id for follow_up_id, _ in on_screen} == set(calls.values())
    ann = services.followups.get(calls["Ann"])
    services.followups.log(ann.contact_id, Outcome.CONNECTED, follow_up_id=calls["Ann"])
    services.followups.move(calls["Bea"], CALL_AT + timedelta(hours=2))
    services.reminders.snooze(calls["Cy"], 10)
    due = services.reminders.due_now(Gap.NONE, on_screen)
    assert due.withdrawn == {(calls[name], CALL_AT) for name in ("Ann", "Bea", "Cy")}
