"""Business hours and wall-clock arithmetic across zones and DST changes, with fixed
instants; the properties over zones × gap and fold moments are in test_calendar_properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.core.calendar import (
    BusinessHours,
    WallClock,
    add_business_days,
    at_local,
    clash,
    is_business_moment,
    local_now,
    next_business_moment,
    next_business_morning,
    parse_days,
    same_local_time_next_business_day,
    same_time_business_days_later,
    same_time_days_later,
    setting_time,
    suggested_slots,
    taken_times,
    wall_clock_kind,
    zone,
)
from followup_desktop.core.settings import (
    BUSINESS_DAY_END,
    BUSINESS_DAY_START,
    BUSINESS_DAYS,
    SAME_DAY_CUTOFF,
    Settings,
)

HOURS = BusinessHours()
NY = ZoneInfo("America/New_York")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone_name", "day", "wall", "kind", "expected_utc"),
    [
        # Spring forward: the skipped time moves forward by the gap (RFC 5545).
        ("America/New_York", date(2026, 3, 8), time(2, 30), WallClock.GAP, utc(2026, 3, 8, 7, 30)),
        ("Europe/London", date(2026, 3, 29), time(1, 30), WallClock.GAP, utc(2026, 3, 29, 1, 30)),
        ("Europe/Paris", date(2026, 3, 29), time(2, 30), WallClock.GAP, utc(2026, 3, 29, 1, 30)),
        # Lord Howe springs forward by only 30 minutes (02:00 → 02:30, +10:30 → +11:00).
        (
            "Australia/Lord_Howe",
            date(2026, 10, 4),
            time(2, 15),
            WallClock.GAP,
            utc(2026, 10, 3, 15, 45),
        ),
        ("America/St_Johns", date(2026, 3, 8), time(2, 30), WallClock.GAP, utc(2026, 3, 8, 6, 0)),
        # Chatham: 02:45 → 03:45 (+12:45 → +13:45).
        ("Pacific/Chatham", date(2026, 9, 27), time(3, 0), WallClock.GAP, utc(2026, 9, 26, 14, 15)),
        # Autumn fold: the first occurrence, still on summer time.
        (
            "America/New_York",
            date(2026, 11, 1),
            time(1, 30),
            WallClock.FOLD,
            utc(2026, 11, 1, 5, 30),
        ),
        (
            "Europe/London",
            date(2026, 10, 25),
            time(1, 30),
            WallClock.FOLD,
            utc(2026, 10, 25, 0, 30),
        ),
        ("Europe/Paris", date(2026, 10, 25), time(2, 30), WallClock.FOLD, utc(2026, 10, 25, 0, 30)),
        (
            "Australia/Lord_Howe",
            date(2026, 4, 5),
            time(1, 45),
            WallClock.FOLD,
            utc(2026, 4, 4, 14, 45),
        ),
        (
            "America/St_Johns",
            date(2026, 11, 1),
            time(1, 30),
            WallClock.FOLD,
            utc(2026, 11, 1, 4, 0),
        ),
        ("Pacific/Chatham", date(2026, 4, 5), time(3, 0), WallClock.FOLD, utc(2026, 4, 4, 13, 15)),
        # No DST at all; odd offsets.
        ("Asia/Kolkata", date(2026, 3, 29), time(2, 30), WallClock.NORMAL, utc(2026, 3, 28, 21, 0)),
        (
            "Asia/Kathmandu",
            date(2026, 3, 29),
            time(2, 30),
            WallClock.NORMAL,
            utc(2026, 3, 28, 20, 45),
        ),
    ],
)
def test_at_local_resolves_gaps_forward_and_folds_to_the_first(
    zone_name: str, day: date, wall: time, kind: WallClock, expected_utc: datetime
) -> None:
    assert wall_clock_kind(day, wall, zone_name) is kind
    instant = at_local(day, wall, zone_name)
    assert instant == expected_utc
    assert instant.tzinfo is UTC


def test_the_gap_shift_is_the_size_of_the_gap() -> None:
    lord_howe = ZoneInfo("Australia/Lord_Howe")
    assert at_local(date(2026, 10, 4), time(2, 15), lord_howe).astimezone(lord_howe).time() == (
        time(2, 45)
    )
    assert at_local(date(2026, 3, 8), time(2, 30), NY).astimezone(NY).time() == time(3, 30)


@pytest.mark.parametrize(
    ("zone_name", "instant", "expected"),
    [
        ("America/New_York", utc(2026, 11, 23, 13, 0), utc(2026, 11, 23, 14, 0)),  # Mon 08:00
        ("America/New_York", utc(2026, 11, 23, 15, 0), utc(2026, 11, 23, 15, 0)),  # inside
        ("America/New_York", utc(2026, 11, 23, 22, 0), utc(2026, 11, 24, 14, 0)),  # 17:00 shut
        ("America/New_York", utc(2026, 11, 27, 23, 0), utc(2026, 11, 30, 14, 0)),  # Fri 18:00
        ("America/New_York", utc(2026, 11, 28, 15, 0), utc(2026, 11, 30, 14, 0)),  # Saturday
        ("Asia/Kathmandu", utc(2026, 11, 23, 3, 0), utc(2026, 11, 23, 3, 15)),  # +05:45
        ("Asia/Kolkata", utc(2026, 11, 23, 11, 29), utc(2026, 11, 23, 11, 29)),  # 16:59
        ("Asia/Kolkata", utc(2026, 11, 23, 11, 30), utc(2026, 11, 24, 3, 30)),  # 17:00
        ("America/St_Johns", utc(2026, 11, 23, 12, 0), utc(2026, 11, 23, 12, 30)),  # -03:30
        # Chatham (+13:45 in November): Sunday 22:00 UTC is Monday 11:45 there.
        ("Pacific/Chatham", utc(2026, 11, 22, 22, 0), utc(2026, 11, 22, 22, 0)),
        ("Pacific/Chatham", utc(2026, 11, 20, 6, 0), utc(2026, 11, 22, 19, 15)),  # Fri 19:45
        # Lord Howe (+11:00 in November): Monday 09:00 there is Sunday 22:00 UTC.
        ("Australia/Lord_Howe", utc(2026, 11, 21, 0, 0), utc(2026, 11, 22, 22, 0)),
        # The Monday after New York springs forward: 09:00 EDT.
        ("America/New_York", utc(2026, 3, 8, 7, 30), utc(2026, 3, 9, 13, 0)),
    ],
)
def test_next_business_moment(zone_name: str, instant: datetime, expected: datetime) -> None:
    assert next_business_moment(instant, zone_name, HOURS) == expected
    assert is_business_moment(expected, zone_name, HOURS)


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Fri → Mon
        (date(2026, 11, 23), 5, date(2026, 11, 30)),
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # Sat → Mon
        (date(2026, 11, 23), 0, date(2026, 11, 23)),
        (date(2026, 11, 30), -1, date(2026, 11, 27)),
    ],
)
def test_add_business_days_skips_weekends(start: date, count: int, expected: date) -> None:
    assert add_business_days(start, count, HOURS) == expected


def test_same_local_time_next_business_day_keeps_the_wall_clock_across_dst() -> None:
    # Friday 6 March 10:00 New York (EST) → Monday 9 March 10:00 (EDT): a UTC hour apart.
    start = at_local(date(2026, 3, 6), time(10, 0), NY)
    later = same_local_time_next_business_day(start, NY, HOURS)
    assert later.astimezone(NY).replace(tzinfo=None) == datetime(2026, 3, 9, 10, 0)
    assert later - start == timedelta(days=3) - timedelta(hours=1)


@pytest.mark.parametrize(
    ("wall", "expected"),
    [(time(19, 30), time(16, 45)), (time(7, 0), time(9, 0)), (time(11, 20), time(11, 20))],
)
def test_same_time_later_clamps_into_a_callable_slot(wall: time, expected: time) -> None:
    instant = at_local(date(2026, 11, 23), wall, NY)
    later = same_time_business_days_later(instant, 1, NY, HOURS)
    assert later.astimezone(NY).replace(tzinfo=None) == datetime.combine(
        date(2026, 11, 24), expected
    )


def test_same_time_days_later_keeps_the_hour_over_a_dst_change() -> None:
    # 90 days from Thursday 3 September 10:00 Paris crosses the October change.
    start = at_local(date(2026, 9, 3), time(10, 0), "Europe/Paris")
    later = same_time_days_later(start, 90, "Europe/Paris", HOURS)
    assert later.astimezone(ZoneInfo("Europe/Paris")).replace(tzinfo=None) == datetime(
        2026, 12, 2, 10, 0
    )


def test_next_business_morning_is_after_the_given_day() -> None:
    # Rep's Monday evening; a Tokyo contact is already in Tuesday: Tuesday morning there.
    tokyo = ZoneInfo("Asia/Tokyo")
    at = utc(2026, 11, 23, 15, 0)  # Tue 00:00 Tokyo
    morning = next_business_morning(at, date(2026, 11, 23), tokyo, HOURS, timedelta(minutes=30))
    assert morning.astimezone(tokyo).replace(tzinfo=None) == datetime(2026, 11, 24, 9, 30)
    # A Chicago contact is still in Monday morning: not today, Tuesday.
    chicago = ZoneInfo("America/Chicago")
    morning = next_business_morning(at, date(2026, 11, 23), chicago, HOURS, timedelta(minutes=30))
    assert morning.astimezone(chicago).replace(tzinfo=None) == datetime(2026, 11, 24, 9, 30)


def test_settings_shape_the_hours_and_damaged_ones_fall_back() -> None:
    settings = (
        Settings()
        .with_value(BUSINESS_DAYS, "Sun,Mon,Tue,Wed,Thu")
        .with_value(BUSINESS_DAY_START, "8:30")
        .with_value(BUSINESS_DAY_END, "18:00")
    )
    hours = BusinessHours.from_settings(settings)
    assert (hours.days, hours.start, hours.end) == (
        frozenset({6, 0, 1, 2, 3}),
        time(8, 30),
        time(18, 0),
    )
    for option, value in (
        (BUSINESS_DAYS, "nope"),
        (BUSINESS_DAY_START, "nine"),
        (BUSINESS_DAY_END, "08:00"),  # before the start
    ):
        assert BusinessHours.from_settings(Settings().with_value(option, value)) == HOURS
    assert setting_time(Settings().with_value(SAME_DAY_CUTOFF, "25:99"), SAME_DAY_CUTOFF) == time(
        15, 0
    )
    assert parse_days("mon, TUE,Friday,xyz") == frozenset({0, 1, 4})


def test_unknown_or_empty_zone_falls_back_to_the_reps() -> None:
    assert zone("", "Europe/Paris") == ZoneInfo("Europe/Paris")
    assert zone("Mars/Olympus", "Europe/Paris") == ZoneInfo("Europe/Paris")
    assert zone("", "") == ZoneInfo("UTC")


def test_local_now_is_the_contacts_clock_or_the_reps() -> None:
    now = utc(2026, 11, 23, 15, 0)
    assert local_now(now, "Asia/Kathmandu", "Europe/Paris").strftime("%H:%M") == "20:45"
    assert local_now(now, "", "Europe/Paris").strftime("%H:%M") == "16:00"


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        next_business_moment(datetime(2026, 11, 23, 9, 0), NY, HOURS)


def test_suggested_slots_are_on_the_next_business_days_inside_their_hours() -> None:
    paris = ZoneInfo("Europe/Paris")
    # Friday 16:00 in Paris: the offers start on Monday, skipping the weekend.
    now = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    slots = suggested_slots(now, paris, BusinessHours())
    assert [s.astimezone(paris).strftime("%a %H:%M") for s in slots] == [
        "Mon 10:00",
        "Tue 14:00",
        "Wed 10:00",
    ]
    assert all(is_business_moment(s, paris, BusinessHours()) for s in slots)


def test_suggested_slots_respect_short_business_days() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    hours = BusinessHours.from_strings("Mon,Tue,Wed,Thu,Fri", "09:00", "12:00")
    slots = suggested_slots(datetime(2026, 11, 23, 0, 0, tzinfo=UTC), tokyo, hours)
    # The afternoon offer is clamped to the last call slot before closing.
    assert [s.astimezone(tokyo).strftime("%a %H:%M") for s in slots] == [
        "Tue 10:00",
        "Wed 11:45",
        "Thu 10:00",
    ]


def test_suggested_slots_fit_the_reps_hours_too() -> None:
    chicago, paris = ZoneInfo("America/Chicago"), ZoneInfo("Europe/Paris")
    now = datetime(2026, 11, 23, 16, 58, tzinfo=UTC)  # Monday, 10:58 in Chicago
    alone = suggested_slots(now, chicago, HOURS)
    assert [s.astimezone(paris).strftime("%a %H:%M") for s in alone] == [
        "Tue 17:00",  # 10:00 in Chicago: the rep's evening
        "Wed 21:00",
        "Thu 17:00",
    ]
    both = suggested_slots(now, chicago, HOURS, rep_zone=paris)
    # Their 09:00-17:00 and the rep's 09:00-17:00 share 09:00-10:00 Chicago time; the last
    # call starts 15 minutes before the rep's closing.
    assert [s.astimezone(chicago).strftime("%a %H:%M") for s in both] == [
        "Tue 09:45",
        "Wed 09:45",
        "Thu 09:45",
    ]
    for slot in both:
        assert is_business_moment(slot, chicago, HOURS) and is_business_moment(slot, paris, HOURS)


def test_suggested_slots_in_the_same_zone_are_unchanged_by_the_reps_hours() -> None:
    paris = ZoneInfo("Europe/Paris")
    now = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    assert suggested_slots(now, paris, HOURS, rep_zone=paris) == suggested_slots(now, paris, HOURS)


def test_suggested_slots_skip_days_the_rep_does_not_work() -> None:
    # The hours both share are Tokyo's early morning, New York's evening the day before:
    # Tokyo's Monday morning is New York's Sunday, so that day is skipped.
    tokyo, new_york = ZoneInfo("Asia/Tokyo"), ZoneInfo("America/New_York")
    hours = BusinessHours.from_strings("Mon,Tue,Wed,Thu,Fri", "08:00", "20:00")
    now = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)  # Wednesday 09:00 in Tokyo
    slots = suggested_slots(now, tokyo, hours, rep_zone=new_york)
    for slot in slots:
        assert is_business_moment(slot, tokyo, hours) and is_business_moment(slot, new_york, hours)
    assert [s.astimezone(tokyo).strftime("%a") for s in slots] == ["Thu", "Fri", "Tue"]


def test_suggested_slots_fall_back_to_their_hours_when_no_hour_is_shared() -> None:
    sydney, london = ZoneInfo("Australia/Sydney"), ZoneInfo("Europe/London")
    now = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
    assert suggested_slots(now, london, HOURS, rep_zone=sydney) == suggested_slots(
        now, london, HOURS
    )


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Mon,Tue,Wed,Thu,Fri", {0, 1, 2, 3, 4}),
        ("Mon-Fri", {0, 1, 2, 3, 4}),  # once read as Mondays only
        ("mon - fri", {0, 1, 2, 3, 4}),
        ("Fri-Mon", {4, 5, 6, 0}),
        ("Sat, Sun", {5, 6}),
        ("Monday,Wednesday", {0, 2}),
    ],
)
def test_business_days_read_lists_and_ranges(text: str, days: set[int]) -> None:
    from followup_desktop.core.calendar import BusinessHours, check_days, parse_days

    assert parse_days(text) == days
    assert check_days(text) == days
    assert BusinessHours.from_strings(text, "09:00", "17:00").days == days


@pytest.mark.parametrize(
    ("text", "reason"),
    [("Mon-Fry", "'Mon-Fry' is not a day"), ("", "at least one day"), ("9am", "'9am' is not")],
)
def test_business_days_that_cannot_be_read_are_refused_in_words(text: str, reason: str) -> None:
    from followup_desktop.core.calendar import check_days

    with pytest.raises(ValueError, match=reason):
        check_days(text)


def test_offered_slots_step_around_the_reps_meetings() -> None:
    paris = ZoneInfo("Europe/Paris")
    now = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday
    free = suggested_slots(now, paris, BusinessHours(), rep_zone=paris)
    assert [f"{s.astimezone(paris):%a %H:%M}" for s in free] == [
        "Tue 10:00",
        "Wed 14:00",
        "Thu 10:00",
    ]
    tuesday_10 = free[0]
    meetings = (
        # Tuesday 09:30–11:00: the 10:00 offer moves to 11:00, when it ends.
        (tuesday_10 - timedelta(minutes=30), tuesday_10 + timedelta(hours=1)),
        # Wednesday 13:00–17:00: nothing left of the afternoon that day; Thursday instead.
        (free[1] - timedelta(hours=1), free[1] + timedelta(hours=3)),
    )
    slots = suggested_slots(now, paris, BusinessHours(), rep_zone=paris, busy=meetings)
    assert [f"{s.astimezone(paris):%a %H:%M}" for s in slots] == [
        "Tue 11:00",
        "Thu 14:00",
        "Fri 10:00",
    ]
    assert all(clash(s, meetings) is None for s in slots)
    assert clash(tuesday_10, meetings) == meetings[0]
    # A call of 30 minutes starting 20 minutes before a meeting overlaps it too.
    assert clash(tuesday_10 - timedelta(minutes=50), meetings) == meetings[0]
    assert clash(tuesday_10 - timedelta(minutes=60), meetings) is None


def test_a_calendar_taken_for_weeks_still_offers_three_times() -> None:
    """Every working minute of the next month taken (meetings back to back, calls agreed
    every quarter of an hour): the script still has three times to say, where the call
    screen could not open at all (its "{slot_3}" had nothing to name)."""
    paris = ZoneInfo("Europe/Paris")
    now = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    quarter = timedelta(minutes=15)
    agreed = [now + quarter * n for n in range(4 * 24 * 35)]
    busy = taken_times([(now, now + timedelta(days=35))], agreed)
    slots = suggested_slots(now, paris, BusinessHours(), rep_zone=paris, busy=busy)
    assert len(slots) == 3
    assert slots == suggested_slots(now, paris, BusinessHours(), rep_zone=paris)


def test_overlapping_meetings_and_calls_move_an_offer_past_them_all() -> None:
    """A meeting 09:30–10:15 and calls agreed at 10:10 and 10:40 (each held half an hour):
    the Tuesday 10:00 offer moves past all of them, to 11:10, where a call fits."""
    paris = ZoneInfo("Europe/Paris")
    now = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    tuesday_10 = suggested_slots(now, paris, BusinessHours(), rep_zone=paris)[0]
    meeting = (tuesday_10 - timedelta(minutes=30), tuesday_10 + timedelta(minutes=15))
    calls = [tuesday_10 + timedelta(minutes=10), tuesday_10 + timedelta(minutes=40)]
    busy = taken_times([meeting], calls)
    slots = suggested_slots(now, paris, BusinessHours(), rep_zone=paris, busy=busy)
    assert f"{slots[0].astimezone(paris):%a %H:%M}" == "Tue 11:10"
    assert all(clash(s, busy) is None for s in slots)
