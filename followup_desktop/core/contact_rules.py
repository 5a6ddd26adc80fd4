"""Validation and normalisation of what a rep types or imports about a contact."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import UTC, datetime, timedelta
from functools import cache, lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, available_timezones

from followup_desktop.core.model import Contact, Phone

if TYPE_CHECKING:
    from types import ModuleType


FALLBACK_REGION = "US"

# North American numbers written plainly: an optional "+", then only ASCII digits and the
# usual separators. phonenumbers takes 30-60 µs for one; a 100,000-row import is full of
# them. Anything else (letters, extensions, other countries, odd lengths) goes to
# phonenumbers itself. tests/core/test_phone_fast_path.py checks the answers agree.
_NANP_E164 = re.compile(r"\+1[2-9][0-9]{9}", re.ASCII)
_PLAIN_NUMBER = re.compile(r"\+?[0-9 ().-]{10,30}", re.ASCII)
_NANP_NATIONAL = re.compile(r"1?([2-9][0-9]{9})", re.ASCII)
_SEPARATORS = str.maketrans("", "", " ().-")
_NOT_NANP = frozenset({"+10", "+11"})

# Deliberately permissive: one @, a dot in the domain, no spaces or control characters.
# Real deliverability is the mail server's business; this catches typos and junk.
_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]{2,}$")


class InvalidField(ValueError):
    """A field that cannot be stored; the message says which and why, for a person."""


class HasExtension(InvalidField):
    """A number with an extension: E.164 has no room for it, so the number is kept, not
    checked, in ``written`` ("+1 312-555-0142 ext. 12") rather than without it."""

    def __init__(self, message: str, written: str) -> None:
        super().__init__(message)
        self.written = written


def normalize_phone(raw: str, region: str = FALLBACK_REGION) -> str:
    """``raw`` as E.164 ("+13125550142"), or InvalidField with the reason."""
    text = raw.strip()
    if not text:
        raise InvalidField("phone number is empty")
    if text[:4].lower() == "tel:":
        text = text[4:]
    if text.startswith("00"):
        text = "+" + text[2:]
    if (fast := _plain_nanp(text, region or FALLBACK_REGION)) is not None:
        return fast
    return _parsed_e164(raw, text, region or FALLBACK_REGION)


@cache
def _phonenumbers() -> ModuleType:
    """phonenumbers (60 ms and a megabyte to import) on the first number that needs it:
    the window's start-up validates none."""
    import phonenumbers

    return phonenumbers


def phone_regions() -> tuple[str, ...]:
    """Every country code ("NO", "GB") a national number can be read for."""
    return tuple(sorted(_phonenumbers().SUPPORTED_REGIONS))


@cache
def _nanp_regions() -> frozenset[str]:
    return frozenset(_phonenumbers().region_codes_for_country_code(1))


def not_a_number(raw: str, error: Exception) -> str:
    """Why ``raw`` could not be read as a number (``error`` is phonenumbers'
    NumberParseException), in a rep's words: the library's own message ("The string
    supplied did not seem to be a phone number.") is a programmer's."""
    refused = _phonenumbers().NumberParseException
    why = {
        refused.INVALID_COUNTRY_CODE: "starts with a country code no country has",
        refused.TOO_SHORT_AFTER_IDD: "is too short to be a phone number",
        refused.TOO_SHORT_NSN: "is too short to be a phone number",
        refused.TOO_LONG: "is too long to be a phone number",
    }.get(getattr(error, "error_type", None), "is not a phone number")
    return f"phone number {raw!r} {why}"


@lru_cache(maxsize=8192)
def _parsed_e164(raw: str, text: str, region: str) -> str:
    # phonenumbers costs 30-60 µs a number; exports repeat switchboards and shared lines.
    phonenumbers = _phonenumbers()
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as error:
        raise InvalidField(not_a_number(raw, error)) from None
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible == phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY:
        # "555 0100": dialled from inside its area only; "+1 5550100" would reach no one.
        raise InvalidField(f"phone number {raw!r} is missing its area code")
    if possible != phonenumbers.ValidationResult.IS_POSSIBLE:
        raise InvalidField(f"phone number {raw!r} has the wrong number of digits")
    e164 = str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    if e164[:3] in _NOT_NANP:
        # No North American area code starts with 0 or 1: "03-1234-5678" read in the US
        # is a number from elsewhere without its country code, and "+1 031…" would
        # reach no one.
        raise InvalidField(
            f"phone number {raw!r} is not a North American number: "
            "write it with its country code, starting with +"
        )
    if number.extension:
        written = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        raise HasExtension(f"phone number {raw!r} has an extension ({number.extension})", written)
    return e164


def _plain_nanp(text: str, region: str) -> str | None:
    """E.164 for a plainly written North American number, as phonenumbers would give it:
    "+1" and a ten-digit number whose area code does not start with 0 or 1, or those ten
    digits (with or without the leading 1) for a region that dials them. None otherwise."""
    if _NANP_E164.fullmatch(text):  # already E.164: what most exports hold
        return text
    if not _PLAIN_NUMBER.fullmatch(text):
        return None
    digits = text.translate(_SEPARATORS)
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("1"):
            return None
    elif region not in _nanp_regions():
        return None
    national = _NANP_NATIONAL.fullmatch(digits)
    return None if national is None else "+1" + national.group(1)


def format_phone(e164: str) -> str:
    """A readable international form for display ("+1 312-555-0142")."""
    phonenumbers = _phonenumbers()
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


# libphonenumber's data still spells some zones by their old names; a picker lists the new.
_RENAMED_ZONES = {
    "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
    "America/Godthab": "America/Nuuk",
    "Asia/Calcutta": "Asia/Kolkata",
    "Asia/Katmandu": "Asia/Kathmandu",
    "Asia/Rangoon": "Asia/Yangon",
    "Atlantic/Faeroe": "Atlantic/Faroe",
    "Pacific/Enderbury": "Pacific/Kanton",
    "Pacific/Ponape": "Pacific/Pohnpei",
    "Pacific/Truk": "Pacific/Chuuk",
}


@cache
def _zone_data() -> tuple[dict[str, tuple[str, ...]], int, frozenset[str]]:
    from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, tzdata

    codes = frozenset(str(code) for code in COUNTRY_CODE_TO_REGION_CODE)
    return tzdata.TIMEZONE_DATA, tzdata.TIMEZONE_LONGEST_PREFIX, codes


def zone_for_number(number: str) -> str:
    """The time zone a number says its owner is in, from libphonenumber's data, or ""
    where it could be several: the rep is asked rather than given a guess.

    The country decides where it keeps one clock (+47 → Europe/Oslo, +91 →
    Asia/Kolkata); elsewhere libphonenumber's reading of the number: a desk line by its
    area (+61 2 → Sydney), a mobile not at all (it goes wherever its owner lives). Zones
    that keep the same clock count as one (Norway's Svalbard and Oslo). North American
    numbers go by their area code (+1 312 → America/Chicago), as libphonenumber does for
    them: a US number does not tell a mobile from a desk line, and the area code is the
    region's. A number kept as written still tells its country when it starts with "+".
    Done on the string, a dictionary look-up a digit: an import asks 100,000 times."""
    if not number.startswith("+"):
        return ""
    digits = number[1:].split(" ext. ", 1)[0]  # an extension says nothing of where
    if not (digits.isascii() and digits.isdigit()):  # as written: "+234 (0)1 234 5678"
        digits = "".join(ch for ch in digits if "0" <= ch <= "9")
    data, _longest, calling_codes = _zone_data()
    code = digits[:1]
    if code not in calling_codes:
        code = digits[:2] if digits[:2] in calling_codes else digits[:3]
        if code not in calling_codes:
            return ""
    head = digits[:4]
    area = _head_zones(head) if head not in _split_heads() else _longest_match(digits)
    if code == "1":
        return _one_clock(code, area, area)
    # Most countries keep one clock: their calling code answers. Where it does not, the
    # number's own type and area do, as libphonenumber reads them (a desk line in Sydney
    # is in Sydney; an Australian mobile could be anywhere): 30-60 µs, for few numbers.
    return _one_clock(code, data.get(code, ()), area) or _by_number(digits)


@lru_cache(maxsize=8192)
def _by_number(digits: str) -> str:
    phonenumbers = _phonenumbers()
    from phonenumbers import timezone

    try:
        number = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return ""
    zones = tuple(timezone.time_zones_for_number(number))
    return _one_clock(str(number.country_code), zones, zones)


def _longest_match(digits: str) -> tuple[str, ...]:
    data, longest, _codes = _zone_data()
    for length in range(min(longest, len(digits)), 0, -1):
        zones = data.get(digits[:length])
        if zones is not None:
            return zones
    return ()


@cache
def _split_heads() -> frozenset[str]:
    """First four digits under which the data goes deeper: only there does a number's
    area need more of its digits (+1 312 does not: all of it is Chicago)."""
    return frozenset(key[:4] for key in _zone_data()[0] if len(key) > 4)


@cache
def _head_zones(head: str) -> tuple[str, ...]:
    return _longest_match(head)


@lru_cache(maxsize=1024)
def _one_clock(code: str, zones: tuple[str, ...], area: tuple[str, ...]) -> str:
    """The zone when ``zones`` all keep one clock, else "". Named as the number's area
    names it where that is one of them, else as most of the country's areas are named
    (a British mobile is in Europe/London, not Guernsey)."""
    known = tuple(z for z in zones if not z.startswith("Etc/"))
    if not known or not _same_clock(known):
        return ""
    named = area[0] if len(area) == 1 and area[0] in known else _most_named(code, known)
    return _RENAMED_ZONES.get(named, named)


def _most_named(code: str, known: tuple[str, ...]) -> str:
    data = _zone_data()[0]
    counts = Counter(
        zone for prefix, zones in data.items() if prefix.startswith(code) for zone in zones
    )
    return max(known, key=lambda zone: (counts[zone], zone))


# Every week of three years: two zones with the same offset at each keep one clock.
_SAMPLES = tuple(
    datetime(2026, 1, 1, 12, tzinfo=UTC) + timedelta(days=7 * week) for week in range(157)
)


def _same_clock(zones: tuple[str, ...]) -> bool:
    offsets = {
        tuple(moment.astimezone(ZoneInfo(z)).utcoffset() for moment in _SAMPLES) for z in zones
    }
    return len(offsets) == 1


def tel_uri(number: str) -> str:
    """A ``tel:`` link for a stored number: E.164 as it is; a number kept as written
    keeps only its digits (and a leading +), since a URI has no spaces (RFC 3966); an
    extension ("x 12") is for the person who answers, not for the dialler."""
    number = re.split(r"[A-Za-z]", number, maxsplit=1)[0]
    digits = "".join(ch for ch in number if ch.isascii() and ch.isdigit())
    return f"tel:+{digits}" if number.lstrip().startswith("+") else f"tel:{digits}"


def shown_phone(phone: Phone) -> str:
    """A stored number as a person reads it: "+91 98765 43210"; one kept as written,
    as written."""
    return format_phone(phone.number) if phone.checked else phone.number


def normalize_email(raw: str) -> str:
    text = raw.strip()
    if text[:7].lower() == "mailto:":
        text = text[7:]
    if not _EMAIL.match(text) or not text.isprintable():
        raise InvalidField(f"e-mail {raw!r} is not an e-mail address")
    local, domain = text.rsplit("@", 1)
    lowered = domain.lower()
    return text if lowered == domain else f"{local}@{lowered}"


@lru_cache(maxsize=1)
def time_zone_names() -> tuple[str, ...]:
    """IANA zone names for pickers, without the legacy aliases nobody types."""
    names = {
        name
        for name in available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/"))
    }
    return tuple(sorted(names | {"UTC"}))


@lru_cache(maxsize=1)
def _zones_by_lower() -> dict[str, str]:
    """ "europe/paris" → "Europe/Paris": every zone's name, as it is spelt."""
    return {zone.casefold(): zone for zone in available_timezones()}


@lru_cache(maxsize=1)
def _zones_by_place() -> dict[str, tuple[str, ...]]:
    """ "los angeles" → ("America/Los_Angeles",): each zone under the place that names it."""
    places: dict[str, tuple[str, ...]] = {}
    for name in time_zone_names():
        place = name.rsplit("/", 1)[-1].replace("_", " ").casefold()
        places[place] = (*places.get(place, ()), name)
    return places


def validate_time_zone(name: str) -> str:
    """A zone's name, from its name or the place that names it, as a rep types it ("Los
    Angeles", "oslo"): the pickers invite "type where they are"."""
    text = name.strip()
    if not text:
        return ""
    # By the list, not by opening the file: on a Mac's or Windows' case-blind disk
    # ZoneInfo("singapore") opens, and a Linux colleague's FollowUp could not read it.
    if (spelt := _zones_by_lower().get(text.casefold())) is not None:
        return spelt
    found = _zones_by_place().get(" ".join(text.replace("_", " ").split()).casefold(), ())
    if found and (len(found) == 1 or _same_clock(found)):  # an old alias beside it
        return found[0]
    if found:
        raise InvalidField(f"time zone {name!r} could be {' or '.join(found)}: pick one")
    raise InvalidField(
        f"time zone {name!r} is not a place FollowUp knows: pick the nearest city from the"
        " list (e.g. Europe/Paris)"
    )


def clean_text(value: str, limit: int = 500) -> str:
    """One line of text: control characters dropped, whitespace collapsed, length capped."""
    # isprintable() is the fast, C-level answer for nearly every real value.
    text = (
        value
        if value.isprintable()
        else "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in value)
    )
    return " ".join(text.split())[:limit]


def validated_contact(contact: Contact) -> Contact:
    """A cleaned copy of ``contact``, or InvalidField naming the first problem."""
    name = clean_text(contact.name, 200)
    if not name:
        raise InvalidField("name is empty")
    contact.name = name
    contact.company = clean_text(contact.company, 200)
    contact.title = clean_text(contact.title, 200)
    contact.time_zone = validate_time_zone(contact.time_zone)
    return contact
