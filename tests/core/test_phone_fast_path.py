"""normalize_phone answers plainly written North American numbers without phonenumbers;
whatever is typed, its answer (the E.164 number, or the reason it is refused) must be the
one phonenumbers itself gives."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from followup_desktop.core.contact_rules import InvalidField, normalize_phone, not_a_number

NANP_REGIONS = sorted(phonenumbers.region_codes_for_country_code(1))
REGIONS = [*NANP_REGIONS, "GB", "DE", "FR", "IN", "AU", "MX", "", "us", "XX"]
SEPARATORS = ["", "", "", " ", "-", ".", "(", ")", " - ", ") ", "  "]
PREFIXES = ["", "", "+", "+1", "+1 ", "1", "1-", "1 (", "(", "+(1) ", "00", "001 ", "tel:+1"]


def phonenumbers_answer(raw: str, region: str) -> str:
    """What normalize_phone answered before it had a fast path: phonenumbers alone."""
    text = raw.strip()
    if not text:
        raise InvalidField("phone number is empty")
    if text.lower().startswith("tel:"):
        text = text[4:]
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region or "US")
    except phonenumbers.NumberParseException as error:
        raise InvalidField(not_a_number(raw, error)) from None
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible == phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY:
        raise InvalidField(f"phone number {raw!r} is missing its area code")
    if possible != phonenumbers.ValidationResult.IS_POSSIBLE:
        raise InvalidField(f"phone number {raw!r} has the wrong number of digits")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if e164[:3] in ("+10", "+11"):  # no North American area code starts with 0 or 1
        raise InvalidField(
            f"phone number {raw!r} is not a North American number: "
            "write it with its country code, starting with +"
        )
    if number.extension:
        raise InvalidField(f"phone number {raw!r} has an extension ({number.extension})")
    return e164


def outcome(function: object, raw: str, region: str) -> tuple[str, str]:
    try:
        return "ok", function(raw, region)  # type: ignore[operator]
    except InvalidField as error:
        return "refused", str(error)


@st.composite
def written_numbers(draw: st.DrawFn) -> str:
    """Ten or so digits as people write them: prefixes, separators anywhere, area codes
    and exchanges starting with any digit, a digit too many or too few."""
    digits = draw(st.text(alphabet="0123456789", min_size=6, max_size=13))
    parts = [draw(st.sampled_from(PREFIXES))]
    for digit in digits:
        parts.extend((draw(st.sampled_from(SEPARATORS)), digit))
    parts.append(draw(st.sampled_from(["", "", " ", ")", "-", " x12", "#"])))
    return "".join(parts)


@settings(max_examples=2000, deadline=None)
@given(
    raw=st.one_of(
        written_numbers(),
        st.text(alphabet="0123456789+ ().-", max_size=40),
        st.text(max_size=20),
    ),
    region=st.sampled_from(REGIONS),
)
@example(raw="+13120000001", region="US")
@example(raw="(312) 555-0142", region="US")
@example(raw="312.555.0142", region="CA")
@example(raw="1 312 555 0142", region="JM")
@example(raw="3125550142", region="GB")
@example(raw="+1 112 555 0142", region="US")
@example(raw="+1 312 555 0142", region="XX")
@example(raw="3" + " " * 250 + "125550142", region="US")
@example(raw="+१३१२५५५०१४२", region="US")
def test_every_answer_is_the_one_phonenumbers_gives(raw: str, region: str) -> None:
    assert outcome(normalize_phone, raw, region) == outcome(phonenumbers_answer, raw, region)


@pytest.mark.parametrize(
    ("raw", "region", "e164"),
    [
        ("(312) 555-0142", "US", "+13125550142"),
        ("1-312-555-0142", "CA", "+13125550142"),
        ("+1 312.555.0142", "DE", "+13125550142"),
        ("0044 20 7946 0000", "US", "+442079460000"),
        ("020 7946 0000", "GB", "+442079460000"),
    ],
)
def test_written_forms_become_e164(raw: str, region: str, e164: str) -> None:
    assert normalize_phone(raw, region) == e164
