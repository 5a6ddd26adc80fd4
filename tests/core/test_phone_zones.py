"""Where a number says a contact is, and how a number kept as written is dialled."""

from __future__ import annotations

import pytest

from followup_desktop.core.contact_rules import tel_uri, zone_for_number


@pytest.mark.parametrize(
    ("number", "zone"),
    [
        ("+4722123456", "Europe/Oslo"),  # a country with one zone
        ("+919876543210", "Asia/Kolkata"),  # libphonenumber says Asia/Calcutta
        ("+13125550142", "America/Chicago"),  # an area code
        ("+12125550100", "America/New_York"),
        ("+14155550100", "America/Los_Angeles"),
        ("+61291234567", "Australia/Sydney"),  # Australia has several: 02 is Sydney's
    ],
)
def test_a_number_tells_the_zone_its_area_is_in(number: str, zone: str) -> None:
    assert zone_for_number(number) == zone


@pytest.mark.parametrize(
    "number",
    [
        "+18005550199",  # toll-free: anywhere in North America
        "+447911123456",  # a UK mobile: Britain, Jersey, Guernsey or the Isle of Man
        "123456",  # kept as written: no country at all
        "",
    ],
)
def test_a_number_that_could_be_in_several_zones_tells_none(number: str) -> None:
    assert zone_for_number(number) == ""


@pytest.mark.parametrize(
    ("written", "uri"),
    [
        ("+13125550142", "tel:+13125550142"),
        ("+234 1 234 5678", "tel:+23412345678"),
        ("(0)1 234-5678 ext. 12", "tel:012345678"),  # the extension is for the person
        ("55556666", "tel:55556666"),
    ],
)
def test_a_number_kept_as_written_is_dialled_by_its_digits(written: str, uri: str) -> None:
    assert tel_uri(written) == uri
