"""Away for a holiday over a book of 200 open follow-ups: nothing fires or is due inside
the two weeks, agreed calls are listed to agree again (never moved), series steps keep
where they stood, the rules plan nothing inside, offered times start after it; and the
same from the terminal."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup_desktop import cli
from followup_desktop.cli_away import print_report
from followup_desktop.core import steps
from followup_desktop.core.away import AwayPeriod
from followup_desktop.core.cadence_model import CommitmentRequest
from followup_desktop.core.calendar import BusinessHours, is_business_moment
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, FollowUp, FollowUpKind, Outcome
from followup_desktop.core.settings import Settings
from followup_desktop.services.session import Services
from followup_desktop.store import calendar_repo, followups_repo

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # Monday 7 December, 10:00 in Paris
HOLIDAY = AwayPeriod(date(2026, 12, 21), date(2027, 1, 3))
BACK = datetime(2027, 1, 4, tzinfo=PARIS)  # Monday: the first day back, midnight
GONE = datetime(2026, 12, 21, tzinfo=PARIS)
ZONES = ("Europe/Paris", "America/New_York", "Asia/Tokyo", "Europe/London")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


def _book(services: Services) -> list[FollowUp]:
    """200 contacts, each with one open follow-up, every 4 h 40 min from now for 39 days:
    calls, e-mails and voicemail-series steps; every tenth call agreed."""
    zones = [ZONES[number % len(ZONES)] for number in range(200)]
    ids = [
        services.contacts.add(Contact(name=f"Contact {number:03}", time_zone=zone))
        for number, zone in enumerate(zones)
    ]
    made = []
    with services.db.writing() as session:
        for number, (contact_id, zone) in enumerate(zip(ids, zones, strict=True)):
            due = NOW + timedelta(hours=4, minutes=40) * number
            agreed = number % 10 == 0
            if agreed:
                kind, step, attempt = FollowUpKind.CALL, steps.AGREED, 0
            elif number % 3 == 0:
                kind, step, attempt = FollowUpKind.EMAIL, steps.NUDGE, 2
            else:
                kind, step, attempt = FollowUpKind.CALL, steps.voicemail_step(number % 7 + 1), 3
            made.append(
                followups_repo.add_follow_up(
                    session,
                    FollowUp(contact_id, kind, step, due, "talk it over", agreed, attempt=attempt),
                    agreed_zone=zone,
                )
            )
    return made


def _open(services: Services) -> dict[int, FollowUp]:
    with services.db.reading() as session:
        rows = followups_repo.due_between(session, None, NOW + timedelta(days=400))
    return {f.id or 0: f for f, *_ in rows}


def _inside(instant: datetime) -> bool:
    return GONE <= instant < BACK


def test_two_weeks_away_moves_the_rules_steps_after_it_and_lists_the_agreed_calls(
    services: Services, clock: FixedClock
) -> None:
    before = {f.id: f for f in _book(services)}
    inside_before = [f for f in before.values() if _inside(f.due_at)]
    assert len(inside_before) == 72  # the table below is about something

    report = services.away.set(HOLIDAY)

    after = _open(services)
    assert len(after) == 200  # nothing closed, nothing added
    agreed_inside = {f.id for f in inside_before if f.agreed}
    assert {a.follow_up.id for a in report.agreed_inside} == agreed_inside
    assert report.moved == len(inside_before) - len(agreed_inside)
    hours = BusinessHours.from_settings(Settings())
    for follow_up_id, follow_up in after.items():
        old = before[follow_up_id]
        # A step keeps what it is: the series goes on from where it stood.
        assert (follow_up.step, follow_up.attempt, follow_up.kind, follow_up.objective) == (
            old.step,
            old.attempt,
            old.kind,
            old.objective,
        )
        if not _inside(old.due_at) or old.agreed:
            assert follow_up.due_at == old.due_at  # outside, or agreed: never moved
            continue
        assert not _inside(follow_up.due_at)
        contact = services.contacts.find(follow_up.contact_id)
        assert contact is not None
        their_zone = ZoneInfo(contact.time_zone)
        # The first business day after (Monday 4 January wherever they are), in their hours.
        assert follow_up.due_at.astimezone(their_zone).date() == date(2027, 1, 4)
        assert is_business_moment(follow_up.due_at, their_zone, hours)
    assert report.text() == (
        f"Away Mon 21 Dec 2026 to Sun 3 Jan 2027. {report.moved} follow-ups moved to the "
        f"first business day after. {len(agreed_inside)} agreed calls inside: agree another "
        "time with each customer (nothing was moved for them)."
    )
    # Again: nothing moves twice.
    assert services.away.apply().moved == 0
    assert _open(services) == after


def test_a_promise_due_while_away_stays_where_she_put_it_and_is_said(
    services: Services, clock: FixedClock
) -> None:
    """Before: "send the pricing by Tuesday 22nd" made to a customer moved to 4 January
    without a word, though a promise logged while away stays where she put it."""
    jane = services.contacts.add(Contact(name="Jane Smith", time_zone="America/Chicago"))
    by = datetime(2026, 12, 22, 9, 0, tzinfo=UTC)  # Tuesday, inside the holiday
    promised = CommitmentRequest("the pricing", by)
    logged = services.followups.log(jane, Outcome.CONNECTED, NOW, commitment=promised)
    (promise,) = [f for f in logged.created if f.kind is FollowUpKind.TASK]
    assert promise.due_at == by

    report = services.away.set(HOLIDAY)

    assert _open(services)[promise.id or 0].due_at == by
    assert report.moved == 0
    assert [(p.name, p.follow_up.id) for p in report.promises_inside] == [
        ("Jane Smith", promise.id)
    ]
    assert report.text() == (
        "Away Mon 21 Dec 2026 to Sun 3 Jan 2027. 1 promise due inside: keep it before you "
        "go or tell the customer (it was not moved)."
    )
    out = io.StringIO()
    print_report(report, services, out)  # `followup away`
    assert out.getvalue().splitlines()[1:] == [
        "  Jane Smith: promise due Tue 22 Dec 10:00 your time · the pricing"
    ]
    # Logged while away, a promise stays where she put it too: one rule for both.
    clock.set(datetime(2026, 12, 22, 10, 0, tzinfo=UTC))
    later = CommitmentRequest("the contract", datetime(2026, 12, 23, 9, 0, tzinfo=UTC))
    again = services.followups.log(jane, Outcome.CONNECTED, clock.now(), commitment=later)
    (kept,) = [f for f in again.created if f.kind is FollowUpKind.TASK]
    assert kept.due_at == later.due_at


def test_while_away_no_reminder_fires_and_the_rules_plan_nothing_inside(
    services: Services, clock: FixedClock
) -> None:
    _book(services)
    services.away.set(HOLIDAY)
    clock.set(datetime(2026, 12, 18, 16, 0, tzinfo=UTC))  # Friday before, 17:00 in Paris
    jane = services.contacts.add(Contact(name="Jane Smith", time_zone="Europe/Paris"))
    logged = services.followups.log(jane, Outcome.NO_ANSWER)
    (retry,) = [f for f in logged.created if f.kind is FollowUpKind.CALL]
    assert retry.due_at >= BACK  # not Monday the 21st

    for day in range(21, 32):  # every minute-look of the holiday's mornings fires nothing
        clock.set(datetime(2026, 12, day, 9, 55, tzinfo=UTC))
        due = services.reminders.due_now()
        assert due.notices == ()
        services.reminders.mark_fired(due)
    today = services.reminders.today()
    assert today.paused_until == BACK
    # What the tray says: the last day away, as the rep set it, not the day back.
    assert today.away_until is not None
    assert AwayPeriod.last_day_to(today.away_until, today.rep_zone) == date(2027, 1, 3)

    clock.set(BACK.astimezone(UTC) + timedelta(hours=9))  # back, 09:00 on the Monday
    assert services.reminders.paused_until() is None
    assert services.reminders.due_now().notices != ()  # the moved steps remind again


@pytest.mark.parametrize(
    ("last", "zone"),
    [
        (date(2026, 10, 25), "Europe/Paris"),  # the clocks go back that night
        (date(2026, 3, 29), "Europe/Paris"),  # forward
        (date(2026, 11, 27), "Pacific/Auckland"),
        (date(2026, 11, 27), "America/Los_Angeles"),
    ],
)
def test_the_last_day_away_is_read_back_from_the_end_of_the_time_away(
    last: date, zone: str
) -> None:
    _start, end = AwayPeriod(last - timedelta(days=4), last).bounds(zone)
    assert AwayPeriod.last_day_to(end, zone) == last


def test_offered_times_start_after_the_holiday(services: Services, clock: FixedClock) -> None:
    clock.set(datetime(2026, 12, 17, 9, 0, tzinfo=UTC))  # the Thursday before
    services.away.set(HOLIDAY)
    sheet_slots = services.calls.opening(
        services.contacts.add(Contact(name="Jane Smith", time_zone="Europe/Paris"))
    ).sheet.offered_slots
    assert sheet_slots and all(slot >= BACK for slot in sheet_slots)


def test_offered_times_after_a_long_time_away_keep_clear_of_what_is_planned_after_it(
    services: Services, clock: FixedClock
) -> None:
    clock.set(datetime(2026, 12, 17, 9, 0, tzinfo=UTC))  # the Thursday before: back in 18 days
    services.away.set(HOLIDAY)
    jane = services.contacts.add(Contact(name="Jane Smith", time_zone="Europe/Paris"))
    tuesday, wednesday = (
        datetime(2027, 1, 5, 10, tzinfo=PARIS),
        datetime(2027, 1, 6, 14, tzinfo=PARIS),
    )
    assert services.calls.sheet(jane).offered_slots[:2] == (tuesday, wednesday)
    # Ana agreed to a call at Tuesday's 10:00 and a meeting fills Wednesday 14:00-15:00.
    ana = services.contacts.add(Contact(name="Ana Lopez", time_zone="Europe/Paris"))
    services.followups.log(ana, Outcome.CONNECTED, clock.now(), "", tuesday, "the demo")
    with services.db.writing() as session:
        calendar_repo.replace_busy(session, [(wednesday, wednesday + timedelta(hours=1))])
    offered = services.calls.sheet(jane).offered_slots
    assert offered[:2] == (tuesday + timedelta(minutes=30), wednesday + timedelta(hours=1))


def test_away_from_the_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Paris")
    data, clock = tmp_path / "data", FixedClock(NOW)

    def run(*argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        return (
            cli.main(["--data-dir", str(data), *argv], out, err, clock),
            out.getvalue(),
            err.getvalue(),
        )

    code, out, _ = run("contact", "add", "--name", "Priya Patel", "--time-zone", "Asia/Kolkata")
    priya = int(out)
    code, out, err = run(
        "log",
        str(priya),
        "--outcome",
        "connected",
        "--next",
        "2026-12-22T10:00+05:30",
        "--objective",
        "pilot",
    )
    assert code == 0, err
    assert run("away", "--from", "2026-12-21", "--to", "2027-01-03") == (
        0,
        "Away Mon 21 Dec 2026 to Sun 3 Jan 2027. 1 agreed call inside: agree another time "
        "with each customer (nothing was moved for them).\n"
        "  Priya Patel: agreed call Tue 22 Dec 10:00 their time · e-mail them other times: "
        "followup export email 1 --template suggested-times\n",
        "",
    )
    assert run("away")[1].startswith("Away Mon 21 Dec 2026 to Sun 3 Jan 2027.")
    assert run("settings", "get", "away.from")[1] == "2026-12-21\n"
    assert run("away", "--from", "2027-01-03", "--to", "2026-12-21") == (
        2,
        "",
        "followup: the last day (2026-12-21) is before the first (2027-01-03)\n",
    )
    assert run("away", "--from", "21/12/2026", "--to", "2027-01-03")[2] == (
        "followup: write the days as YYYY-MM-DD, like 2026-12-21\n"
    )
    assert run("away", "--clear") == (0, "Not away: reminders and plans as usual.\n", "")
    assert run("settings", "get", "away.from")[1] == "\n"
