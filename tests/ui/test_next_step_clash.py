"""The next-step form says when the time the customer chose lands on one of the rep's
meetings (read from their calendar), and says nothing otherwise."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from followup_desktop.ui.outcome_forms import NextStepForm

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
PARIS, CHICAGO = ZoneInfo("Europe/Paris"), ZoneInfo("America/Chicago")
MEETING = (datetime(2026, 11, 24, 15, 30, tzinfo=UTC), datetime(2026, 11, 24, 16, 30, tzinfo=UTC))


def test_a_time_on_a_meeting_is_said_under_the_field(qtbot) -> None:  # type: ignore[no-untyped-def]
    form = NextStepForm(CHICAGO, PARIS, (), lambda: NOW, busy=(MEETING,))
    qtbot.addWidget(form)
    form.when.set_instant(datetime(2026, 11, 24, 16, 0, tzinfo=UTC))  # 10:00 in Chicago
    assert form.rep_time.text() == (
        "= Tue 24 Nov 10:00 their time (17:00 yours) · ⚠ clashes with your meeting 16:30–17:30"
    )
    form.when.set_instant(MEETING[1] + timedelta(minutes=5))
    assert "clashes" not in form.rep_time.text()
