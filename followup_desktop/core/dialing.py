"""Handing a number to the rep's dialer: the system's ``tel:`` handler, the clipboard, or
a softphone's command line (Settings › Calls, ``calls.dial_with``).

A command is split as a shell would split it (quotes kept together) but never run by a
shell: ``{number}`` is put into the arguments as it is, so nothing in a number (one kept
as written: "+234 1 234 5678; rm") can become a second command.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from enum import Enum

from followup_desktop.core.contact_rules import tel_uri
from followup_desktop.core.model import Phone

NUMBER = "{number}"
# Softphones with a command line, by the name the setting may give instead of a command.
PRESETS = {
    "twinkle": 'twinkle --cmd "call {number}"',
    "baresip": 'baresip -e "/dial {number}"',
    "linphone": 'linphone "tel:{number}"',
}
SYSTEM, COPY = "", "copy"


class DialBy(Enum):
    TEL_LINK = "tel"  # the desktop's handler for tel: links
    CLIPBOARD = "copy"  # the rep dials by hand
    COMMAND = "command"  # a softphone's command line


@dataclass(frozen=True, slots=True)
class Dial:
    by: DialBy
    number: str  # what the dialer is handed
    target: tuple[str, ...] = ()  # the tel: link, or the command and its arguments


class DialerSetting(ValueError):
    """The setting names no dialer (the message says what it should be)."""


def handed_over(phone: Phone, local: str | None = None) -> str:
    """The number as the dialer gets it: E.164, or (``local``: the rep's country) as dialled
    there; one kept as written, exactly as written."""
    if not phone.checked or local is None:
        return phone.number
    import phonenumbers

    try:
        parsed = phonenumbers.parse(phone.number, None)
    except phonenumbers.NumberParseException:
        return phone.number
    dialled = phonenumbers.format_number_for_mobile_dialing(parsed, local, with_formatting=False)
    return dialled or phone.number


def dial(setting: str, phone: Phone, local: str | None = None) -> Dial:
    """How to dial ``phone`` with the dialer ``setting`` names."""
    number = handed_over(phone, local)
    chosen = setting.strip()
    if chosen == SYSTEM:
        return Dial(DialBy.TEL_LINK, number, (tel_uri(number),))
    if chosen.lower() == COPY:
        return Dial(DialBy.CLIPBOARD, number)
    return Dial(DialBy.COMMAND, number, command(chosen, number))


def command(setting: str, number: str) -> tuple[str, ...]:
    """The program and its arguments: a preset's, or the rep's own with ``{number}`` (put
    at the end when the command does not say where)."""
    template = PRESETS.get(setting.lower(), setting)
    try:
        words = shlex.split(template)
    except ValueError as error:
        raise DialerSetting(f"the dialer command does not read ({error})") from None
    if not words:
        raise DialerSetting("the dialer command is empty")
    if not any(NUMBER in word for word in words):
        words.append(NUMBER)
    return tuple(word.replace(NUMBER, number) for word in words)
