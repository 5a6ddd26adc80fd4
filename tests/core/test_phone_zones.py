"""Where a number says a contact is, and how a number kept as written is dialled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import phonenumbers
import pytest
from phonenumbers import PhoneNumberType
from phonenumbers import timezone as tz

from followup_desktop.core.contact_rules import _RENAMED_ZONES, tel_uri, zone_for_number


@pytest.mark.parametrize(
    ("number", "zone"),
    [
        ("+4722123456", "Europe/Oslo"),  # a country with one clock
        ("+4740612345", "Europe/Oslo"),  # a mobile too (Svalbard keeps Oslo's clock)
        ("+447911123456", "Europe/London"),  # the Channel Islands keep London's clock
        ("+919876543210", "Asia/Kolkata"),  # libphonenumber says Asia/Calcutta
        ("+234 1 234 5678", "Africa/Lagos"),  # kept as written, its country still read
        ("+13125550142", "America/Chicago"),  # North America: the area code
        ("+12125550100", "America/New_York"),
        ("+14155550100", "America/Los_Angeles"),
        ("+12684641234", "America/Antigua"),
        ("+61291234567", "Australia/Sydney"),  # a desk line in a country of several clocks
    ],
)
def test_a_number_tells_the_zone_its_area_is_in(number: str, zone: str) -> None:
    assert zone_for_number(number) == zone


@pytest.mark.parametrize(
    "number",
    [
        "+18005550199",  # toll-free: anywhere in North America
        "+61412345678",  # an Australian mobile: Australia has several clocks
        "+34612345678",  # Madrid or the Canaries
        "+79161234567",  # Russia
        "+262692123456",  # Réunion and Mayotte share +262, not their clocks
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


def library_zones(number: phonenumbers.PhoneNumber) -> set[str]:
    """libphonenumber's own answer, with a North American number read by its area code
    (its answer for US and Canadian numbers, which do not tell mobiles apart)."""
    zones = tz.time_zones_for_number(number)
    if number.country_code == 1 and len(zones) > 1:
        zones = tz.time_zones_for_geographical_number(number)
    return {_RENAMED_ZONES.get(z, z) for z in zones if not z.startswith("Etc/")}


def one_clock(zones: set[str]) -> bool:
    moments = [datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=7 * n) for n in range(157)]
    clocks = {tuple(m.astimezone(ZoneInfo(z)).utcoffset() for m in moments) for z in zones}
    return len(clocks) == 1


EXAMPLES = [
    phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    for region in sorted(phonenumbers.SUPPORTED_REGIONS)
    for kind in (PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE)
    if (number := phonenumbers.example_number_for_type(region, kind)) is not None
]


def test_every_countrys_numbers_get_a_zone_only_where_they_have_one_clock() -> None:
    """libphonenumber's example desk and mobile numbers of every country: a zone where
    the library's answer keeps one clock, none where it could be several."""
    assert len(EXAMPLES) > 400
    wrong = []
    for e164 in EXAMPLES:
        zones = library_zones(phonenumbers.parse(e164))
        got = zone_for_number(e164)
        expected_one = bool(zones) and one_clock(zones)
        right = (got in zones) if expected_one else (got == "")
        if not right:
            wrong.append((e164, got, sorted(zones)[:4]))
    assert wrong == []
