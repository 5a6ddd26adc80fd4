"""An agreed call opened long before its time says so: when it was agreed for, on both
clocks, and how far off it is, until it is within the reminder's lead."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from followup_desktop.core import call_sheet
from followup_desktop.core import settings as options
from followup_desktop.core.call_sheet import CallInputs
from followup_desktop.core.model import Contact, FollowUp, FollowUpKind
from followup_desktop.core.settings import Settings

AGREED = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)  # Monday, 10:00 in Chicago, 17:00 in Paris


def opened_at(now: datetime, zone: str = "America/Chicago", lead: int = 15):  # type: ignore[no-untyped-def]
    contact = Contact("Priya Raman", time_zone=zone, id=1)
    agreed = FollowUp(1, FollowUpKind.CALL, "agreed", AGREED, "pricing for 40 seats", True, id=7)
    settings = Settings().with_value(options.REMINDER_LEAD_MIN, lead)
    return call_sheet.build(CallInputs(contact, agreed, ()), settings, now, "Europe/Paris")


def test_opened_hours_early_it_says_when_it_was_agreed_for_and_how_far_off() -> None:
    now = AGREED - timedelta(hours=6, minutes=20)
    assert opened_at(now).early_for_agreed(now) == "Agreed for 17:00 (their 10:00), in 6 h 20 min"
    later = AGREED - timedelta(minutes=59, seconds=30)
    assert opened_at(now).early_for_agreed(later) == "Agreed for 17:00 (their 10:00), in 1 h"


def test_within_the_reminders_lead_or_after_the_time_it_says_nothing() -> None:
    now = AGREED - timedelta(minutes=15)
    assert opened_at(now).early_for_agreed(now) is None
    assert opened_at(now).early_for_agreed(AGREED + timedelta(minutes=5)) is None
    # The lead is the rep's setting: 30 minutes ahead, 20 minutes early is on time.
    now = AGREED - timedelta(minutes=20)
    assert opened_at(now, lead=30).early_for_agreed(now) is None
    assert opened_at(now).early_for_agreed(now) == "Agreed for 17:00 (their 10:00), in 20 min"


def test_on_their_clock_alone_when_it_reads_as_hers_and_not_on_another_day() -> None:
    now = AGREED - timedelta(hours=2)
    assert opened_at(now, "Europe/Berlin").early_for_agreed(now) == "Agreed for 17:00, in 2 h"
    day_before = AGREED - timedelta(days=1)
    sheet = opened_at(day_before)
    assert sheet.day_warning and sheet.early_for_agreed(day_before) is None
