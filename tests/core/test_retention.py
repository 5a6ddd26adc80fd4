"""Backup rotation over a simulated year: 7 daily, 4 weekly, 6 monthly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from followup_desktop.core.retention import Retention, to_keep


def test_a_year_of_daily_backups_keeps_7_daily_4_weekly_6_monthly() -> None:
    start = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    kept: list[datetime] = []
    for day in range(365):
        now = start + timedelta(days=day)
        kept = to_keep([(t, t) for t in [*kept, now]], Retention())
    newest = start + timedelta(days=364)
    assert kept[0] == newest
    days = {t.date() for t in kept}
    # The last seven days are all there.
    assert {(newest - timedelta(days=n)).date() for n in range(7)} <= days
    # One per ISO week for the last four weeks, one per month for the last six months.
    assert len({t.isocalendar()[:2] for t in kept}) >= 4
    assert len({(t.year, t.month) for t in kept}) == 6
    assert len(kept) <= 7 + 4 + 6
    assert min(kept) >= newest - timedelta(days=31 * 6)


def test_several_backups_a_day_keep_the_newest_of_the_day() -> None:
    day = datetime(2026, 3, 2, tzinfo=UTC)
    times = [day + timedelta(hours=h) for h in (1, 5, 9)]
    assert to_keep([(t, t) for t in times], Retention(daily=1, weekly=0, monthly=0)) == [times[-1]]


def test_nothing_to_keep_from_nothing() -> None:
    assert to_keep([], Retention()) == []
