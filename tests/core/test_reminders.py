"""The due/missed rules of reminders (journey J3), with an injected clock: whatever the
clock and the computer do, each reminder is shown once and none is lost."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from followup_desktop.core import steps
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import FollowUp, FollowUpKind
from followup_desktop.core.reminders import (
    POLL,
    Decision,
    FiredKey,
    Gap,
    Moment,
    Reminder,
    Subject,
    Timing,
    decide,
    detect_gap,
    headline,
    moments,
    notice,
    notices,
    one_line,
    without,
)

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
TIMING = Timing(call_lead=timedelta(minutes=15), commitment_lead=timedelta(minutes=60))


def call(
    id_: int,
    due: datetime,
    name: str = "Jane Smith",
    zone: str = "",
    step: str = steps.AGREED,
    kind: FollowUpKind = FollowUpKind.CALL,
    objective: str = "review the proposal",
) -> Subject:
    follow_up = FollowUp(id_, kind, step, due.astimezone(UTC), objective, id=id_)
    return Subject(follow_up, name, "Acme, Inc.", zone)


class Desk:
    """The scheduler's loop without Qt: look, show, store, remember when it looked."""

    def __init__(self, subjects: list[Subject], clock: FixedClock) -> None:
        self.subjects = subjects
        self.clock = clock
        self.fired: set[FiredKey] = set()
        self.last_check: datetime | None = None
        self.shown: list[tuple[int, str]] = []  # (follow-up id, moment), in showing order
        self.missed: list[int] = []
        self.snoozes: dict[int, datetime] = {}
        self.paused_until: datetime | None = None
        self.presented: list[FiredKey] = []  # every reminder stored as shown, in order

    def look(self) -> Decision:
        now = self.clock.now()
        decision = decide(
            self.subjects,
            self.fired,
            now,
            self.last_check,
            TIMING,
            self.snoozes,
            self.paused_until,
        )
        self.shown += [(r.subject.id, r.moment.value) for r in decision.show]
        self.missed += [r.subject.id for r in decision.missed]
        self.presented += decision.fired
        self.fired |= set(decision.fired)
        for done in decision.snoozes_done:
            self.snoozes.pop(done, None)
        self.last_check = now
        return decision

    def run_until(self, end: datetime) -> None:
        """Wake when the decision says, as a timer would."""
        while self.clock.now() < end:
            wake = self.look().next_wake
            assert wake > self.clock.now()
            assert wake - self.clock.now() <= POLL
            self.clock.set(min(wake, end))
        self.look()


def at(day: str, hhmm: str, tz: ZoneInfo = PARIS) -> datetime:
    return datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=tz)


def test_a_call_reminds_fifteen_minutes_before_and_at_the_time_exactly_on_schedule() -> None:
    clock = FixedClock(at("2026-11-23", "09:00"))
    desk = Desk([call(1, at("2026-11-23", "10:00"))], clock)
    wakes = []
    while clock.now() < at("2026-11-23", "10:30"):
        decision = desk.look()
        if decision.show:
            wakes.append((clock.now(), decision.show[0].moment))
        clock.set(decision.next_wake)
    assert wakes == [
        (at("2026-11-23", "09:45"), Moment.LEAD),
        (at("2026-11-23", "10:00"), Moment.DUE),
    ]
    assert desk.missed == []


def test_which_steps_remind_when() -> None:
    due = at("2026-11-23", "14:00")
    kinds = {
        "agreed": call(1, due),
        "retry": call(2, due, step=steps.RETRY),
        "nudge": call(3, due, step=steps.NUDGE, kind=FollowUpKind.EMAIL),
        "promise": call(4, due, step=steps.COMMITMENT, kind=FollowUpKind.TASK),
        "find number": call(5, due, step=steps.FIND_NUMBER, kind=FollowUpKind.TASK),
    }
    planned = {name: [(r.moment, r.at) for r in moments(s, TIMING)] for name, s in kinds.items()}
    assert planned == {
        "agreed": [(Moment.LEAD, due - timedelta(minutes=15)), (Moment.DUE, due)],
        "retry": [(Moment.DUE, due)],
        "nudge": [(Moment.DUE, due)],
        "promise": [(Moment.LEAD, due - timedelta(minutes=60)), (Moment.DUE, due)],
        "find number": [(Moment.DUE, due)],
    }


def test_a_promise_reminds_an_hour_before_and_says_send_it_now_at_the_promised_time() -> None:
    """On Monday at 15:02 Sam promised Pierre the proposal by Tuesday 09:00. Finished
    early, it is held until then (practice 3): at 08:00 he is reminded it is coming due,
    and at 09:00 to send it now. Before, nothing came at 09:00; the row just turned
    overdue. A restart after either shows neither again."""
    clock = FixedClock(at("2026-11-23", "15:02"))
    due = at("2026-11-24", "09:00")
    promise = call(
        4,
        due,
        "Pierre Durand",
        step=steps.COMMITMENT,
        kind=FollowUpKind.TASK,
        objective="the proposal",
    )
    desk = Desk([promise], clock)
    shown: list[tuple[datetime, str]] = []
    while clock.now() < at("2026-11-24", "10:00"):
        decision = desk.look()
        shown += [
            (clock.now(), notice(r, "Europe/Paris", clock.now()).title) for r in decision.show
        ]
        clock.set(decision.next_wake)
    assert shown == [
        (at("2026-11-24", "08:00"), "Promised to Pierre Durand for 09:00"),
        (at("2026-11-24", "09:00"), "Send the proposal to Pierre Durand now: promised for 09:00"),
    ]
    after_restart = Desk([promise], clock)
    after_restart.fired, after_restart.last_check = set(desk.fired), desk.last_check
    after_restart.run_until(clock.now() + timedelta(hours=1))
    assert after_restart.shown == [] and after_restart.missed == []


def test_a_promise_made_as_soon_as_possible_is_not_said_to_be_for_the_minute_it_was_made() -> None:
    """At 15:05 Sam promised Priya the pricing sheet as soon as possible. Its reminder read
    "promised for 15:05", as if she had been given 15:05; its time is only when it was made."""
    made = at("2026-11-23", "15:05")
    promise = call(
        6,
        made,
        "Priya Nair",
        step=steps.COMMITMENT_ASAP,
        kind=FollowUpKind.TASK,
        objective="the pricing sheet",
    )
    desk = Desk([promise], FixedClock(made))
    (shown,) = desk.look().show
    assert notice(shown, "Europe/Paris", made).title == (
        "Send the pricing sheet to Priya Nair now: promised as soon as possible"
    )
    assert headline(promise, "Europe/Paris", made) == "Promised to Priya Nair as soon as possible"


def test_a_retry_after_a_missed_agreed_call_says_it_is_the_retry() -> None:
    """It keeps the agreed call's objective, and read "Call Jane Smith at 16:16 (their
    10:16) / review the proposal · now", the agreed call itself."""
    due = at("2026-11-23", "16:16")
    retry = call(7, due, zone="America/New_York", step=steps.RETRY)
    shown = notice(moments(retry, TIMING)[0], "Europe/Paris", due)
    assert shown.title == "Call Jane Smith at 16:16 (their 10:16)"
    assert shown.body == (
        "Retry call (they missed the agreed one): review the proposal\nnow · Acme, Inc."
    )
    bare = call(8, due, step=steps.RETRY, objective="")
    assert one_line(moments(bare, TIMING)[0], "Europe/Paris", due) == (
        "Call Jane Smith at 16:16 — Retry call (they missed the agreed one)"
    )


def test_a_group_and_the_tray_say_a_promise_in_the_words_of_its_own_notice() -> None:
    """Four at 09:00, grouped: the promise's line read "Promised to Pierre Durand for 09:00
    — the proposal" where its own notice says to send it now. Before its time, the
    tray's line says what its notice an hour before says."""
    now = at("2026-11-24", "09:00")
    promise = call(
        4,
        now,
        "Pierre Durand",
        step=steps.COMMITMENT,
        kind=FollowUpKind.TASK,
        objective="the proposal",
    )
    calls = [call(i, now, name=f"Person {i}", objective="") for i in range(1, 4)]
    decision = decide([promise, *calls], set(), now, now - timedelta(minutes=1), TIMING)
    (grouped,) = notices(decision, "Europe/Paris", now, Gap.NONE)
    assert grouped.title == "4 reminders due now"
    assert "Send the proposal to Pierre Durand now: promised for 09:00" in grouped.body.split("\n")
    (alone,) = [r for r in decision.show if r.subject.id == 4]
    assert notice(alone, "Europe/Paris", now).title in grouped.body.split("\n")
    # The tray lists what is still to come as due at its time.
    listed = Reminder(promise, Moment.DUE, now)
    earlier = now - timedelta(hours=2)
    assert one_line(listed, "Europe/Paris", earlier) == (
        "Promised to Pierre Durand for 09:00 — the proposal"
    )


def test_the_search_for_a_right_number_is_reminded_as_what_it_is() -> None:
    """Before: "For Jane Smith at 09:30", which read like a call to make."""
    due = at("2026-11-24", "09:30")
    search = call(
        5,
        due,
        zone="America/Chicago",
        step=steps.FIND_NUMBER,
        kind=FollowUpKind.TASK,
        objective=steps.default_objective(steps.FIND_NUMBER),
    )
    shown = notice(moments(search, TIMING)[0], "Europe/Paris", due)
    # Her own work, on her clock: it said "(their 02:30)", Chicago's night.
    assert shown.title == "Find the right number for Jane Smith at 09:30"
    assert shown.body == "the number on file reached someone else\nnow · Acme, Inc."
    assert (shown.contact_id, shown.follow_up_id) == (5, 5)


def test_eight_hours_asleep_with_twenty_due_shows_twenty_once_grouped() -> None:
    clock = FixedClock(at("2026-11-23", "08:00"))
    subjects = [call(i, at("2026-11-23", "08:30") + timedelta(minutes=20 * i)) for i in range(20)]
    desk = Desk(subjects, clock)
    desk.look()
    clock.advance(hours=8)  # the lid closes at 08:00 and opens at 16:00
    decision = desk.look()
    assert sorted(desk.missed) == list(range(20))
    assert decision.show == ()
    assert len(notices(decision, "Europe/Paris", clock.now(), Gap.SLEEP)) == 1
    assert notices(decision, "Europe/Paris", clock.now(), Gap.SLEEP)[0].title == (
        "20 reminders missed while your computer was asleep"
    )
    desk.run_until(clock.now() + timedelta(hours=2))
    assert sorted(desk.missed) == list(range(20)) and desk.shown == []
    # both moments of each (before and at the time) are stored, each once
    assert len(desk.presented) == len(set(desk.presented)) == 40


def test_a_restart_after_firing_repeats_nothing_and_a_kill_before_storing_repeats_once() -> None:
    clock = FixedClock(at("2026-11-23", "09:00"))
    subjects = [call(1, at("2026-11-23", "10:00")), call(2, at("2026-11-23", "10:30"))]
    desk = Desk(subjects, clock)
    desk.run_until(at("2026-11-23", "10:16"))
    assert desk.shown == [(1, "lead"), (1, "due"), (2, "lead")]
    # A new process: the fired set comes from the store, the last look too.
    again = Desk(subjects, clock)
    again.fired, again.last_check = set(desk.fired), desk.last_check
    clock.advance(minutes=1)
    assert again.look().show == () and again.missed == []
    # Killed after showing 2's due reminder but before storing it: shown again, once.
    clock.set(at("2026-11-23", "10:30"))
    shown = decide(subjects, again.fired, clock.now(), again.last_check, TIMING)
    assert [r.key[:2] for r in shown.show] == [(2, "due")]
    clock.advance(minutes=5)
    after_restart = Desk(subjects, clock)
    after_restart.fired, after_restart.last_check = set(again.fired), again.last_check
    after_restart.look()
    assert after_restart.missed == [2]
    after_restart.run_until(clock.now() + timedelta(hours=1))
    assert after_restart.missed == [2] and after_restart.shown == []


def test_clock_jumps_an_hour_and_a_day_either_way_lose_nothing_and_repeat_nothing() -> None:
    for jump in (timedelta(hours=1), timedelta(days=1), -timedelta(hours=1), -timedelta(days=1)):
        clock = FixedClock(at("2026-11-23", "09:00"))
        subjects = [
            call(i, at("2026-11-23", "09:20") + timedelta(minutes=10 * i)) for i in range(12)
        ]
        desk = Desk(subjects, clock)
        desk.run_until(at("2026-11-23", "09:40"))
        before = list(desk.shown)
        clock.set(clock.now() + jump)
        desk.run_until(clock.now() + timedelta(days=2))
        # every reminder presented (on time or in a missed group), none twice
        everything = {r.key for s in subjects for r in moments(s, TIMING)}
        assert set(desk.presented) == everything, jump
        assert len(desk.presented) == len(everything), jump
        assert not set(desk.missed) & {i for i, m in before if m == "due"}, jump
        if jump > timedelta(0):
            assert desk.missed, "what the jump skipped is shown as missed"
        else:
            assert desk.missed == [], "going back in time replays nothing"


def test_a_follow_up_created_ten_minutes_before_its_time_reminds_at_once() -> None:
    now = at("2026-11-23", "09:50")
    subject = call(1, at("2026-11-23", "10:00"))  # created just now: 09:45 has passed
    decision = decide([subject], set(), now, now - timedelta(minutes=1), TIMING)
    assert [r.moment for r in decision.show] == [Moment.LEAD] and decision.missed == ()


def test_a_moved_follow_up_reminds_again() -> None:
    clock = FixedClock(at("2026-11-23", "09:00"))
    first = call(1, at("2026-11-23", "10:00"))
    desk = Desk([first], clock)
    desk.run_until(at("2026-11-23", "09:50"))
    assert desk.shown == [(1, "lead")]
    desk.subjects = [call(1, at("2026-11-23", "11:00"))]
    desk.run_until(at("2026-11-23", "11:01"))
    assert desk.shown == [(1, "lead"), (1, "lead"), (1, "due")]


def test_snooze_shows_it_again_later_and_pause_holds_everything_until_it_ends() -> None:
    clock = FixedClock(at("2026-11-23", "09:00"))
    desk = Desk([call(1, at("2026-11-23", "10:00")), call(2, at("2026-11-23", "10:20"))], clock)
    desk.run_until(at("2026-11-23", "09:45"))
    assert desk.shown == [(1, "lead")]
    desk.snoozes[1] = at("2026-11-23", "09:50")
    desk.run_until(at("2026-11-23", "09:55"))
    assert desk.shown == [(1, "lead"), (1, "lead")] and desk.snoozes == {}
    desk.paused_until = at("2026-11-23", "10:30")
    desk.run_until(at("2026-11-23", "10:29"))
    assert len(desk.shown) == 2
    desk.run_until(at("2026-11-23", "10:31"))
    assert desk.shown[2:] == [(1, "due"), (2, "due")] and desk.missed == []


def test_a_snooze_of_a_follow_up_no_longer_open_is_dropped() -> None:
    now = at("2026-11-23", "09:00")
    decision = decide([], set(), now, now, TIMING, {7: now + timedelta(minutes=5)})
    assert decision.snoozes_done == (7,)


def test_a_snoozed_call_moved_to_tomorrow_waits_for_its_own_time() -> None:
    """Snoozed at its 09:45 reminder, then moved to tomorrow: the snooze ends without a
    "Call Jane Smith tomorrow at 10:00 · in 1449 min"; tomorrow reminds as planned."""
    clock = FixedClock(at("2026-11-23", "09:00"))
    desk = Desk([call(1, at("2026-11-23", "10:00"))], clock)
    desk.run_until(at("2026-11-23", "09:45"))
    assert desk.shown == [(1, "lead")]
    desk.snoozes[1] = at("2026-11-23", "09:50")
    desk.subjects = [call(1, at("2026-11-24", "10:00"))]
    desk.run_until(at("2026-11-23", "09:55"))
    assert desk.shown == [(1, "lead")] and desk.snoozes == {}
    desk.run_until(at("2026-11-24", "10:01"))
    assert desk.shown == [(1, "lead"), (1, "lead"), (1, "due")] and desk.missed == []


def test_dst_change_days_remind_on_the_true_instant() -> None:
    cases = [
        # Paris springs forward 02:00 → 03:00: a 03:10 call is 15 min after 01:55 local.
        (at("2026-03-29", "03:10"), PARIS, at("2026-03-29", "01:55")),
        # New York falls back: 01:30 happens twice; the second one (EST) is its own call.
        (datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NEW_YORK), NEW_YORK, None),
        (at("2026-10-25", "02:30"), PARIS, None),
        (at("2026-03-08", "03:05", NEW_YORK), NEW_YORK, at("2026-03-08", "01:50", NEW_YORK)),
    ]
    for due, tz, lead_local in cases:
        due_utc = due.astimezone(UTC)
        subject = call(1, due_utc)
        lead = moments(subject, TIMING)[0]
        assert due_utc - lead.at == timedelta(minutes=15)
        if lead_local is not None:
            assert lead.at == lead_local.astimezone(UTC)
        clock = FixedClock(due_utc - timedelta(hours=3))
        desk = Desk([subject], clock)
        desk.run_until(due_utc + timedelta(hours=3))
        assert desk.shown == [(1, "lead"), (1, "due")] and desk.missed == []
        assert headline(subject, str(tz), due_utc).endswith(f"{due.astimezone(tz):%H:%M}")


def test_both_occurrences_of_a_repeated_hour_remind_separately() -> None:
    # Aware arithmetic in one zone is wall-clock arithmetic: work in UTC.
    first = datetime(2026, 10, 25, 2, 30, fold=0, tzinfo=PARIS).astimezone(UTC)
    second = datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=PARIS).astimezone(UTC)
    assert second - first == timedelta(hours=1)
    clock = FixedClock(first - timedelta(hours=1))
    desk = Desk([call(1, first), call(2, second, name="Ann Lee")], clock)
    desk.run_until(second + timedelta(minutes=5))
    assert desk.shown == [(1, "lead"), (1, "due"), (2, "lead"), (2, "due")]


def test_the_words_give_who_when_in_both_clocks_and_why() -> None:
    now = at("2026-11-23", "09:45")
    subject = call(1, at("2026-11-23", "10:00"), zone="Europe/London")
    shown = notice(moments(subject, TIMING)[0], "Europe/Paris", now)
    assert shown.title == "Call Jane Smith at 10:00 (their 09:00)"
    assert shown.body == "review the proposal\nin 15 min · Acme, Inc."
    assert (shown.contact_id, shown.follow_up_id, shown.can_snooze) == (1, 1, True)
    # Between the two DST changes New York is five hours behind Paris, not six.
    march = call(2, at("2026-03-20", "16:00"), zone="America/New_York")
    assert headline(march, "Europe/Paris", at("2026-03-20", "15:45")) == (
        "Call Jane Smith at 16:00 (their 11:00)"
    )
    same_zone = call(3, at("2026-11-23", "10:00"), zone="Europe/Paris")
    assert headline(same_zone, "Europe/Paris", now) == "Call Jane Smith at 10:00"


def test_a_long_lead_says_how_soon_in_hours() -> None:
    subject = call(1, at("2026-11-23", "12:30"), zone="Europe/London")
    lead = moments(subject, TIMING)[0]
    said = [
        notice(lead, "Europe/Paris", at("2026-11-23", hour)).body.split("\n")[1]
        for hour in ("11:01", "10:00", "09:45")
    ]
    assert said == ["in 89 min · Acme, Inc.", "in 2 h 30 · Acme, Inc.", "in 2 h 45 · Acme, Inc."]
    assert notice(lead, "Europe/Paris", at("2026-11-23", "10:30")).body.endswith(
        "in 2 h · Acme, Inc."
    )


def test_many_at_once_are_grouped_and_one_missed_still_opens_its_call() -> None:
    now = at("2026-11-23", "10:00")
    many = [call(i, now, name=f"Person {i}") for i in range(5)]
    decision = decide(many, set(), now, now - timedelta(minutes=1), TIMING)
    grouped = notices(decision, "Europe/Paris", now, Gap.NONE)
    assert [n.title for n in grouped] == ["5 reminders due now"]
    later = now + timedelta(minutes=30)
    one = decide(many[:1], set(), later, now - timedelta(hours=2), TIMING)
    missed = notices(one, "Europe/Paris", later, Gap.START)
    assert missed[0].title == "1 reminder missed while FollowUp was not running"
    assert missed[0].contact_id == 0 and missed[0].missed


def test_sleep_and_clock_changes_are_told_apart() -> None:
    assert detect_gap(60.0, 60.0, 60.0) is Gap.NONE
    assert detect_gap(8 * 3600.0, 60.0, 8 * 3600.0) is Gap.SLEEP
    assert detect_gap(3660.0, 60.0, 60.0) is Gap.CLOCK_FORWARD
    assert detect_gap(60.0 - 3600.0, 60.0, 60.0) is Gap.CLOCK_BACK
    assert detect_gap(86460.0, 60.0, None) is Gap.SLEEP  # no boot clock: assume sleep


def test_their_clock_has_a_day_only_when_it_is_not_the_reps_day_at_the_call() -> None:
    # 02:00 on Monday in Paris is still Sunday evening in New York; the call at 15:00 is
    # at 10:00 on Monday for both: no day to add.
    night = at("2026-10-26", "02:00")
    subject = call(1, at("2026-10-26", "15:00"), zone="America/New_York")
    assert headline(subject, "Europe/Paris", night) == "Call Jane Smith at 15:00 (their 10:00)"
    # At 23:00 in Paris, 08:00 in Sydney is already Tuesday there.
    sydney = call(2, at("2026-11-23", "23:00"), zone="Australia/Sydney")
    assert headline(sydney, "Europe/Paris", at("2026-11-23", "20:00")) == (
        "Call Jane Smith at 23:00 (their Tue 24 Nov 09:00)"
    )
    # A call tomorrow for the rep says the day on the rep's clock; theirs is the same day.
    tomorrow = call(3, at("2026-11-24", "16:00"), zone="America/New_York")
    assert headline(tomorrow, "Europe/Paris", at("2026-11-23", "20:00")) == (
        "Call Jane Smith at Tue 24 Nov 16:00 (their 10:00)"
    )


def test_a_group_says_again_what_is_left_of_it_and_nothing_once_all_is_done() -> None:
    now = at("2026-11-23", "10:00")
    due = now - timedelta(hours=1)  # while the computer slept
    many = [call(i, due, name=f"Person {i}", objective="") for i in range(1, 8)]
    decision = decide(many, set(), now, now - timedelta(hours=3), TIMING)
    (grouped,) = notices(decision, "Europe/Paris", now, Gap.SLEEP)
    assert grouped.body.endswith("and 2 more in Today")
    done = [(s.id, s.follow_up.due_at) for s in many]
    left = without(grouped, done[:2])
    assert left is not None
    assert left.title == "5 reminders missed while your computer was asleep"
    # The sixth and seventh, past the list before, are listed now.
    assert left.body.splitlines() == [f"Call Person {i} at 09:00" for i in range(3, 8)]
    assert left.about == tuple(done[2:]) and left.contact_id is None
    last = without(left, done[2:6])
    assert last is not None and last.title == "1 reminder missed while your computer was asleep"
    assert (last.contact_id, last.follow_up_id, last.can_snooze) == (7, 7, True)  # opens it
    assert without(last, done) is None
    assert without(grouped, []) is grouped
