"""Validation and normalisation of what a rep types or imports about a contact."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

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

# Deliberately permissive: one @, a dot in the domain, no spaces or control characters.
# Real deliverability is the mail server's business; this catches typos and junk.
_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]{2,}$")


class InvalidField(ValueError):
    """A field that cannot be stored; the message says which and why, for a person."""


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


@lru_cache(maxsize=8192)
def _parsed_e164(raw: str, text: str, region: str) -> str:
    # phonenumbers costs 30-60 µs a number; exports repeat switchboards and shared lines.
    phonenumbers = _phonenumbers()
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as error:
        raise InvalidField(f"phone number {raw!r} is not a phone number ({error._msg})") from None
    if not phonenumbers.is_possible_number(number):
        raise InvalidField(f"phone number {raw!r} has the wrong number of digits")
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


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
def _zone_data() -> tuple[dict[str, tuple[str, ...]], int]:
    from phonenumbers import tzdata

    return tzdata.TIMEZONE_DATA, tzdata.TIMEZONE_LONGEST_PREFIX


def zone_for_number(number: str) -> str:
    """The one IANA time zone a number's country or area code is in, from
    libphonenumber's data (+47 → Europe/Oslo, +1 312 → America/Chicago), or "" where
    the number could be in several (Russia's mobiles, toll-free numbers) or nobody knows.
    A number kept as written still tells its country when it starts with "+".
    The longest known prefix wins, as in phonenumbers' own geographical look-up; done
    on the string, a dictionary look-up a digit, since an import asks 100,000 times."""
    if not number.startswith("+"):
        return ""
    digits = number[1:]
    if not (digits.isascii() and digits.isdigit()):  # as written: "+234 (0)1 234 5678"
        digits = "".join(ch for ch in digits if "0" <= ch <= "9")
    e164 = "+" + digits
    data, longest = _zone_data()
    for length in range(min(longest, len(e164) - 1), 0, -1):
        zones = data.get(e164[1 : 1 + length])
        if zones is not None:
            if len(zones) != 1 or zones[0].startswith("Etc/"):
                return ""
            return _RENAMED_ZONES.get(zones[0], zones[0])
    return ""


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


def validate_time_zone(name: str) -> str:
    text = name.strip()
    if not text:
        return ""
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidField(
            f"time zone {name!r} is not an IANA time zone (e.g. Europe/Paris)"
        ) from None
    return text


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
