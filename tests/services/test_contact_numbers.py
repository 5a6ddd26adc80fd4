"""What the rep types about a contact's numbers: a zone read from them, a number the
rep knows better than libphonenumber kept as written once seen, never silently."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from followup_desktop.core import settings as options
from followup_desktop.core.contact_rules import InvalidField, normalize_phone
from followup_desktop.core.model import Phone
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import Services, open_services


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    opened = open_services(AppPaths(tmp_path / "data"))
    yield opened
    opened.close()


def test_a_new_contact_takes_the_zone_its_number_is_in(services: Services) -> None:
    built = services.contacts.build("Kari Nordmann", phones=["+47 22 12 34 56"])
    assert built.time_zone == "Europe/Oslo"
    chosen = services.contacts.build("Kari", phones=["+47 22 12 34 56"], time_zone="Asia/Tokyo")
    assert chosen.time_zone == "Asia/Tokyo"  # what the rep chose wins
    split = services.contacts.build("Sam", phones=["+1 212 555 0100", "+1 312 555 0142"])
    assert split.time_zone == ""  # two zones: asked, not guessed


def test_a_number_not_checked_is_kept_only_when_the_rep_has_seen_it(
    services: Services,
) -> None:
    with pytest.raises(InvalidField, match="wrong number of digits"):
        services.contacts.build("Chidi", phones=["+234 1 234 5678"])
    kept = services.contacts.build(
        "Chidi", phones=["+234 1 234 5678", "+1 312 555 0142"], unchecked={"+234 1 234 5678"}
    )
    assert kept.phones == [Phone("+234 1 234 5678", checked=False), Phone("+13125550142")]
    contact_id = services.contacts.add(kept)
    stored = services.contacts.get(contact_id)
    assert stored.phones == kept.phones
    (row,) = services.contacts.page()
    # Lagos and Chicago: the zone is asked, not guessed.
    assert (row.phone_unchecked, row.zone_unknown) == (True, True)
    # Corrected to a number libphonenumber knows: checked, and the mark goes.
    fixed = services.contacts.build("Chidi", phones=["+234 203 312 3456"], unchecked=set())
    fixed.id, fixed.version = contact_id, stored.version
    services.contacts.save(fixed)
    (row,) = services.contacts.page()
    assert services.contacts.get(contact_id).phones[0].checked
    assert services.contacts.get(contact_id).time_zone == "Africa/Lagos"
    assert (row.phone_unchecked, row.zone_unknown) == (False, False)


def test_a_contact_to_call_without_a_zone_is_marked(services: Services) -> None:
    services.contacts.add(services.contacts.build("Pat Mobile", phones=["+34 612 34 56 78"]))
    services.contacts.add(services.contacts.build("Eve Mail", emails=["eve@x.example"]))
    marks = {row.name: (row.zone_unknown, row.phone_unchecked) for row in services.contacts.page()}
    # No phone, nobody to call: their time matters less than a mark on every e-mail contact.
    assert marks == {"Pat Mobile": (True, False), "Eve Mail": (False, False)}


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("+1 312 555 0142 ext. 12", "+1 312-555-0142 ext. 12"),
        ("(312) 555-0143 x7", "+1 312-555-0143 ext. 7"),
        ("+34 91 123 45 67 ext. 204", "+34 911 23 45 67 ext. 204"),
    ],
)
def test_a_number_with_an_extension_keeps_it(services: Services, typed: str, kept: str) -> None:
    """E.164 has no room for an extension: the number is kept whole, not checked, rather
    than reaching the switchboard only."""
    built = services.contacts.build("Ana", phones=[typed])
    assert built.phones == [Phone(kept, checked=False)]
    assert built.time_zone  # it still tells where they are


@pytest.mark.parametrize("typed", ["03-1234-5678", "+1 031 234 5678", "+1 112 555 0142"])
def test_a_number_from_elsewhere_is_not_taken_for_a_north_american_one(
    services: Services, typed: str
) -> None:
    """Before, a Tokyo number typed without +81 by a rep in the US was kept as
    "+1 031 234 5678", marked checked: no North American area code starts with 0 or 1,
    so the dialer would reach no one. She is told to write its country code."""
    services.settings.save(services.settings.load().with_value(options.PHONE_REGION, "US"))
    with pytest.raises(InvalidField, match="not a North American number: write it with its"):
        services.contacts.build("Kenji", phones=[typed])
    written_in_full = services.contacts.build("Kenji", phones=["+81 3-1234-5678"])
    assert written_in_full.phones == [Phone("+81312345678")]


@pytest.mark.parametrize(("typed", "region"), [("555 0100", "US"), ("7946 0958", "GB")])
def test_a_local_number_without_its_area_code_is_not_taken_for_a_whole_one(
    services: Services, typed: str, region: str
) -> None:
    """Before, "555 0100" became "+1 5550100", marked checked: a number no one can dial."""
    with pytest.raises(InvalidField, match="missing its area code"):
        normalize_phone(typed, region)
