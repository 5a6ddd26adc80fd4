"""What the contact list marks beside a name, as bits kept on the contact's row: a
contact to call whose time zone nobody knows yet, a number kept as written."""

from __future__ import annotations

from followup_desktop.core.model import Contact

ZONE_UNKNOWN = 1  # has a phone, no time zone: "their time" would be the rep's guess
PHONE_UNCHECKED = 2  # a number libphonenumber could not check, kept as written


def marks_of(time_zone: str, has_phone: bool, phone_unchecked: bool) -> int:
    return (ZONE_UNKNOWN if has_phone and not time_zone else 0) | (
        PHONE_UNCHECKED if phone_unchecked else 0
    )


def contact_marks(contact: Contact) -> int:
    return marks_of(
        contact.time_zone,
        bool(contact.phones),
        any(not phone.checked for phone in contact.phones),
    )
