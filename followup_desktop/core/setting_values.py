"""A setting's value typed as text (the Settings dialog's text fields, `followup settings
set`) checked and turned into what the option holds, or refused in plain words.

One rule for both faces: a value the command line accepts is one the dialog accepts.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from followup_desktop.core import dialing
from followup_desktop.core import settings as options
from followup_desktop.core.calendar import check_days, check_year, parse_time
from followup_desktop.core.contact_rules import (
    InvalidField,
    normalize_email,
    phone_regions,
    validate_time_zone,
)
from followup_desktop.core.currencies import currency_code
from followup_desktop.core.missed_call_ladder import NUDGE_WINDOW_MIN
from followup_desktop.core.model import STYLE_WORDS, Style
from followup_desktop.core.settings import Option, Settings

# What the dialog's number fields allow.
LARGEST_NUMBER = 100_000

PROGRAMS = {"twinkle": "Twinkle", "linphone": "Linphone"}  # baresip writes itself lower-case

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}
TIME_OPTIONS = (
    options.BUSINESS_DAY_START,
    options.BUSINESS_DAY_END,
    options.SAME_DAY_CUTOFF,
    options.SAME_DAY_AT,
)
# Numbers the rules would not use as kept: they clamp the nudge into its window and a
# series or a check-in to at least 1. Refused here instead, so what Settings shows is
# what the rules do.
RANGES: dict[str, tuple[int, int]] = {
    options.NUDGE_AFTER_SECOND_MISS_MIN.key: NUDGE_WINDOW_MIN,
    options.VOICEMAIL_STEPS.key: (1, LARGEST_NUMBER),
    options.PARKED_CHECK_IN_DAYS.key: (1, LARGEST_NUMBER),
    options.NURTURE_EVERY_DAYS.key: (1, LARGEST_NUMBER),
}
CHOICES: dict[str, tuple[str, ...]] = {
    options.IMAP_SECURITY.key: ("tls", "starttls"),
    options.REP_DEFAULT_STYLE.key: tuple(style.value for style in Style),
}
# What each stored value means, in the words Settings lists it by: the store and
# `followup settings set` keep the values, so a value kept stays readable by older code.
WORDS: dict[str, dict[str, str]] = {
    options.IMAP_SECURITY.key: {
        "tls": "Encrypted from the start: SSL/TLS, usually port 993",
        "starttls": "Encrypted once connected: STARTTLS, usually port 143",
    },
    options.REP_DEFAULT_STYLE.key: {style.value: words for style, words in STYLE_WORDS.items()},
    # A dialler is also any command typed in the field; these are the ones named.
    options.DIAL_WITH.key: {
        dialing.SYSTEM: "Your phone app, the one that opens tel: links",
        dialing.COPY: "Copy the number, and I dial it myself",
        **{name: PROGRAMS.get(name, name) for name in dialing.PRESETS},
    },
}


def parse_setting(option: Option[Any], text: str) -> Any:
    """The value ``text`` means for ``option``; ValueError says why it cannot be kept."""
    try:
        return _parse(option, text.strip())
    except (InvalidField, ValueError) as error:
        raise ValueError(f"{option.label}: {error}") from None


def _parse(option: Option[Any], text: str) -> Any:
    # bool before int: a bool is an int to Python.
    if isinstance(option.default, bool):
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise ValueError(f"{text!r} is not yes or no (write true or false)")
    if isinstance(option.default, int):
        if not text.isdigit():
            raise ValueError(f"{text!r} is not a whole number")
        number = int(text)
        low, high = number_range(option)
        if high < LARGEST_NUMBER and not low <= number <= high:
            raise ValueError(f"{number} is outside {low}–{high}")
        if number < low:
            raise ValueError(f"{number} is less than {low}")
        if number > high:
            raise ValueError(f"{number} is more than {high:,}")
        return number
    choices = CHOICES.get(option.key)
    if choices is not None:
        if text not in choices:
            raise ValueError(
                f"{text!r} is not one of: {', '.join(said(option, c) for c in choices)}"
            )
        return text
    return _checked_text(option, text)


def said(option: Option[Any], value: str) -> str:
    """A stored value with its meaning, for the command line: "tls (Encrypted from…)"."""
    shown = value or "(empty)"
    words = WORDS.get(option.key, {}).get(value, value)
    return shown if words.lower() == value.lower() else f"{shown} ({words})"


def number_range(option: Option[Any]) -> tuple[int, int]:
    """The whole numbers ``option`` takes (the dialog's field allows only these)."""
    return RANGES.get(option.key, (0, LARGEST_NUMBER))


def check_together(settings: Settings) -> None:
    """ValueError for values that are fine one by one but not side by side: a business
    day that closes before it opens (the rules would use 09:00–17:00 instead)."""
    start = settings.get(options.BUSINESS_DAY_START)
    end = settings.get(options.BUSINESS_DAY_END)
    try:
        opens, closes = parse_time(start), parse_time(end)
    except ValueError:
        return  # each time on its own is checked by parse_setting
    if closes <= opens:
        raise ValueError(
            f"{options.BUSINESS_DAY_END.label}: {end} is not after the start of their"
            f" business day, {start}"
        )


def sync_address(text: str) -> str:
    """A CalDAV server as typed: a URL (https, or http to this computer) or a bare domain
    (found through /.well-known/caldav, RFC 6764)."""
    if any(c.isspace() for c in text):
        raise ValueError(f"{text!r} is not a server address")
    if "://" not in text:
        if "/" in text or "." not in text:
            raise ValueError(f"{text!r} is not a domain or an https:// address")
        return text.lower()
    scheme, rest = text.split("://", 1)
    host = rest.split("/", 1)[0].rsplit("@", 1)[-1].split(":", 1)[0]
    if scheme.lower() == "https" and host:
        return text
    if scheme.lower() == "http" and host in ("localhost", "127.0.0.1", "::1", "[::1]"):
        return text  # a server on this computer: the password never crosses a network
    raise ValueError(f"{text!r}: use an https:// address (http only to this computer)")


def _spacing(text: str) -> str:
    parts = [part.strip() for part in text.split(",")]
    if not all(part.isdigit() and int(part) >= 1 for part in parts):
        raise ValueError(f"{text!r} is not business days like 2,2,3 (whole numbers from 1)")
    return ",".join(str(int(part)) for part in parts)


def _checked_text(option: Option[Any], text: str) -> str:
    """Values a rule depends on are checked here, so a typo cannot break the rules later."""
    # Every text option is one line; a name or an address may reach an e-mail header.
    if any(unicodedata.category(c) == "Cc" for c in text):
        raise ValueError(f"{text!r} has a line break or a control character")
    if option is options.BUSINESS_DAYS:
        check_days(text)
        return text
    if not text:
        return text
    if option is options.REP_TIME_ZONE:
        return validate_time_zone(text)
    if option is options.IMAP_HOST and any(c.isspace() or c in "/:@" for c in text):
        raise ValueError(f"{text!r} is not a host name")
    if option is options.REP_EMAIL:
        return normalize_email(text)
    if option is options.DIAL_WITH and text.lower() != dialing.COPY:
        try:
            dialing.command(text, "+10000000000")
        except dialing.DialerSetting as error:
            raise ValueError(str(error)) from None
        return text
    if option is options.PHONE_REGION:
        region = text.upper()
        if region not in phone_regions():
            raise ValueError(f"{text!r} is not a country code like NO, GB or US")
        return region
    if option is options.REP_CURRENCY:
        return currency_code(text)
    if option is options.SYNC_URL:
        return sync_address(text)
    if option is options.VOICEMAIL_SPACING_DAYS:
        return _spacing(text)
    if option in (options.AWAY_FROM, options.AWAY_TO):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a day like 2026-12-21") from None
        check_year(day)
        return day.isoformat()
    if option in TIME_OPTIONS:
        try:
            parse_time(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a time like 09:00") from None
    return text
