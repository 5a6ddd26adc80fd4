"""The sample data's story as a rep reads it in the demo: the calls her prospects agreed
to are at hours they work."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time
from pathlib import Path

import pytest

from followup_desktop.core.calendar import local
from followup_desktop.paths import AppPaths
from followup_desktop.services.importing import ImportReport
from followup_desktop.services.sample_data import play_sample_history, sample_contacts
from followup_desktop.services.session import Services, open_services

NOW = datetime(2026, 11, 22, 17, 0, tzinfo=UTC)


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    opened = open_services(AppPaths(tmp_path / "data"))
    yield opened
    opened.close()


def test_every_agreed_call_is_inside_the_contact_s_business_hours(services: Services) -> None:
    """Agreed times were set on the UTC clock: "agreed for Mon 23 Nov 04:00 their time"
    in Los Angeles, a call header saying "(outside their hours)"."""
    services.importing.import_items(sample_contacts(60), ImportReport())
    play_sample_history(services, NOW, days=30)
    agreed = []
    for summary in services.contacts.page(limit=100):
        theirs = services.contacts.get(summary.id).time_zone
        for step in services.followups.open_for(summary.id):
            if step.agreed:
                agreed.append((theirs, local(step.due_at, theirs)))
    assert len(agreed) >= 10  # enough of them, in every kind of zone
    assert {theirs for theirs, _ in agreed} >= {"America/Los_Angeles", "Australia/Sydney"}
    outside = [
        (theirs, f"{at:%a %H:%M}")
        for theirs, at in agreed
        if at.weekday() >= 5 or not time(9, 0) <= at.time() <= time(16, 45)
    ]
    assert outside == []
