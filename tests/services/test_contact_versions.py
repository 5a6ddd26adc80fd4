"""Optimistic locking: a save made over a contact someone else saved since it was read
is refused, nothing written, and the refusal carries the contact as it is now, so the
rep is shown what changed and merges; nobody's change is ever lost unseen."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, ContactStatus, Deal, DealStage, Phone
from followup_desktop.services.contacts import ContactChanged
from followup_desktop.services.session import Services
from tests.harness.two_savers import check_no_lost_update, two_savers


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))


def dana(services: Services) -> int:
    return services.contacts.add(
        Contact(name="Dana Lee", company="Acme", phones=[Phone("+13125550142")])
    )


def test_a_save_over_a_newer_version_is_refused_and_shows_the_contact_now(
    services: Services,
) -> None:
    contact_id = dana(services)
    mine = services.contacts.get(contact_id)
    theirs = services.contacts.get(contact_id)
    theirs.company = "Acme Inc"
    services.contacts.save(theirs)
    mine.title = "Buyer"
    with pytest.raises(ContactChanged) as refused:
        services.contacts.save(mine)
    assert refused.value.theirs.company == "Acme Inc"
    assert refused.value.theirs.version == mine.version + 1
    assert refused.value.at is not None
    stored = services.contacts.get(contact_id)
    assert (stored.company, stored.title) == ("Acme Inc", "")  # nothing of mine written
    # Read again, the same edit saves.
    again = services.contacts.get(contact_id)
    again.title = "Buyer"
    assert services.contacts.save(again) == again.version + 1
    assert services.contacts.get(contact_id).title == "Buyer"


def test_each_save_is_one_version(services: Services) -> None:
    contact_id = dana(services)
    first = services.contacts.get(contact_id).version
    for serial in range(3):
        contact = services.contacts.get(contact_id)
        contact.personal_notes = f"note {serial}"
        services.contacts.save(contact)
    assert services.contacts.get(contact_id).version == first + 3


@pytest.mark.parametrize("elsewhere", ["status", "zone", "deal won"])
def test_a_change_made_by_the_desk_meanwhile_refuses_an_older_edit(
    services: Services, elsewhere: str
) -> None:
    """The qualifying answer, the zone picked on the call screen, a deal won: each saves
    the contact, so a contact dialog opened before them does not write over them."""
    contact_id = dana(services)
    opened = services.contacts.get(contact_id)
    if elsewhere == "status":
        services.calls.mark(contact_id, ContactStatus.SERIOUS)
    elif elsewhere == "zone":
        services.contacts.set_time_zone(contact_id, "America/Denver")
    else:
        services.deals.save(Deal(contact_id, "Pilot", 50_000, "USD", DealStage.WON))
    before = services.contacts.get(contact_id)
    opened.company = "Acme Inc"
    with pytest.raises(ContactChanged):
        services.deals.save_with_contact(opened, None)
    after = services.contacts.get(contact_id)
    assert (after.company, after.status, after.time_zone) == (
        "Acme",
        before.status,
        before.time_zone,
    )


def test_an_import_that_adds_to_a_contact_refuses_an_edit_opened_before_it(
    services: Services, tmp_path: Path
) -> None:
    contact_id = dana(services)
    opened = services.contacts.get(contact_id)
    sheet = tmp_path / "more.csv"
    sheet.write_text(
        "name,phone,title\nDana Lee,+1 312 555 0142,Head of buying\n", encoding="utf-8"
    )
    services.importing.import_files([sheet])
    assert services.contacts.get(contact_id).title == "Head of buying"
    opened.personal_notes = "Met at the fair"
    with pytest.raises(ContactChanged) as refused:
        services.contacts.save(opened)
    assert refused.value.theirs.title == "Head of buying"


@pytest.mark.sqlite_file
def test_two_processes_saving_one_contact_lose_no_update(
    services: Services, tmp_path: Path
) -> None:
    contact_id = dana(services)
    first = services.contacts.get(contact_id).version
    data = services.paths.data_dir
    results = two_savers((data, data), ("", ""), contact_id)
    check_no_lost_update(results, first, services.contacts.get(contact_id).personal_notes)


def test_deleted_contacts_are_stamped_and_listed_by_the_app_s_clock(
    services: Services, clock: FixedClock
) -> None:
    """Edit › Deleted contacts says when each went, latest first, by the app's clock."""
    dana_id = dana(services)
    marta_id = services.contacts.add(Contact(name="Marta Kowalska"))
    services.contacts.delete(dana_id)
    clock.advance(days=40)
    services.contacts.delete(marta_id)
    listed = [(d.name, d.deleted_at) for d in services.contacts.deleted()]
    assert listed == [
        ("Marta Kowalska", datetime(2027, 1, 16, 9, 0, tzinfo=UTC)),
        ("Dana Lee", datetime(2026, 12, 7, 9, 0, tzinfo=UTC)),
    ]
