"""Every setting declared once, typed, with its default (PRODUCT.md "Defaults").

The store keeps only values that differ from the default, as JSON text, so a new
setting needs no migration and a changed default reaches everyone who never touched it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Option(Generic[T]):
    key: str
    default: T
    label: str
    section: str = "General"
    # Said under the field in Settings: what the value may be, with an example.
    hint: str = ""

    def decode(self, raw: str) -> T:
        value = json.loads(raw)
        expected = type(self.default)
        if expected is float and isinstance(value, int):
            value = float(value)
        if not isinstance(value, expected):
            raise ValueError(f"{self.key}: expected {expected.__name__}, got {value!r}")
        return value

    def encode(self, value: T) -> str:
        return json.dumps(value)


REP_NAME = Option("rep.name", "", "Your name", "You")
REP_EMAIL = Option("rep.email", "", "Your e-mail", "You")
REP_TIME_ZONE = Option("rep.time_zone", "", "Your time zone (empty: this computer's)", "You")
PHONE_REGION = Option(
    "rep.phone_region",
    "",
    "Country for numbers without +code (empty: from the system locale)",
    "You",
)
# The currency a new deal starts in, and an empty pipeline is counted in; each deal keeps its own.
REP_CURRENCY = Option(
    "rep.currency", "", "Your currency, for new deals (empty: this computer's)", "You"
)
# The style a new contact starts with (core.model.Style's values); each contact keeps its own.
REP_DEFAULT_STYLE = Option(
    "rep.default_style",
    "to_the_point",
    "New contacts start as",
    "You",
)

REMINDER_LEAD_MIN = Option(
    "reminders.lead_minutes", 15, "Remind me before a call (minutes)", "Reminders"
)
COMMITMENT_LEAD_MIN = Option(
    "reminders.commitment_lead_minutes",
    60,
    "Remind me before a promise is due (minutes)",
    "Reminders",
)
START_AT_LOGIN = Option(
    "reminders.start_at_login", False, "Start FollowUp when I log in", "Reminders"
)

INVITE_ALARM_MIN = Option(
    "invites.alarm_minutes",
    15,
    "Alarm in the customer's invite (minutes before)",
    "E-mail and invites",
)
IMAP_HOST = Option("imap.host", "", "IMAP server for drafts (empty: none)", "E-mail and invites")
IMAP_PORT = Option("imap.port", 993, "IMAP port", "E-mail and invites")
IMAP_SECURITY = Option("imap.security", "tls", "IMAP connection security", "E-mail and invites")
IMAP_USER = Option("imap.user", "", "IMAP user name", "E-mail and invites")
IMAP_DRAFTS_FOLDER = Option(
    "imap.drafts_folder", "Drafts", "IMAP drafts folder", "E-mail and invites"
)

RETRY_AFTER_MISS_MIN = Option(
    "cadence.retry_after_miss_minutes",
    15,
    "Retry after a missed agreed call (minutes)",
    "Follow-up rules",
)
NUDGE_AFTER_SECOND_MISS_MIN = Option(
    "cadence.nudge_minutes",
    90,
    "Nudge e-mail after the second miss (minutes, 60–120)",
    "Follow-up rules",
)
VOICEMAIL_STEPS = Option("cadence.voicemail_steps", 7, "Voicemails in a series", "Follow-up rules")
VOICEMAIL_EMAIL_STEPS = Option(
    "cadence.voicemail_email_steps", 2, "E-mails mixed into a voicemail series", "Follow-up rules"
)
BUSINESS_DAY_START = Option(
    "cadence.business_day_start", "09:00", "Contacts' business day starts", "Follow-up rules"
)
BUSINESS_DAY_END = Option(
    "cadence.business_day_end", "17:00", "Contacts' business day ends", "Follow-up rules"
)
BUSINESS_DAYS = Option(
    "cadence.business_days", "Mon,Tue,Wed,Thu,Fri", "Contacts' business days", "Follow-up rules"
)
SAME_DAY_AT = Option(
    "cadence.same_day_at", "14:00", "Same-day follow-up not before (your time)", "Follow-up rules"
)
SAME_DAY_CUTOFF = Option(
    "cadence.same_day_cutoff",
    "15:00",
    "Same-day follow-up for visits before (your time)",
    "Follow-up rules",
)
PARKED_CHECK_IN_DAYS = Option(
    "cadence.parked_check_in_days",
    90,
    "Check in on parked contacts after (days)",
    "Follow-up rules",
)
SERIOUS_OR_CURIOUS_AFTER = Option(
    "cadence.serious_or_curious_after",
    8,
    "Ask serious-or-curious after touches without a connection",
    "Follow-up rules",
)
NURTURE_EVERY_DAYS = Option(
    "cadence.nurture_every_days",
    21,
    "Value touch for curious contacts every (days)",
    "Follow-up rules",
)
VALUE_TOUCH_AFTER_DAYS = Option(
    "cadence.value_touch_after_days",
    30,
    "Suggest a value touch after silence of (days)",
    "Follow-up rules",
)

SAME_DAY_MIN_GAP_MIN = Option(
    "cadence.same_day_min_gap_minutes",
    120,
    "Same-day follow-up at least this long after the visit (minutes)",
    "Follow-up rules",
)
NEXT_MORNING_OFFSET_MIN = Option(
    "cadence.next_morning_offset_minutes",
    30,
    "Next-morning follow-up this long after their business day opens (minutes)",
    "Follow-up rules",
)
VOICEMAIL_SPACING_DAYS = Option(
    "cadence.voicemail_spacing_days",
    "2,2,3,3,5,5,7",
    "Business days between voicemails in a series (the last number repeats)",
    "Follow-up rules",
)

DIAL_WITH = Option(
    "calls.dial_with",
    "",
    "Make calls with",
    "Calls",
    "Or type your phone program's command, with {number} where the number goes:"
    " myphone --call {number}",
)
DIAL_AS_LOCAL = Option(
    "calls.dial_as_local",
    False,
    "Hand numbers over as dialled in your country (not +code)",
    "Calls",
)
SYNC_URL = Option(
    "sync.url",
    "",
    "CalDAV server (https://… or a bare domain; empty: no sync)",
    "Calendar and address book",
)
SYNC_USER = Option("sync.user", "", "User name on that server", "Calendar and address book")
SYNC_CALENDAR = Option(
    "sync.calendar",
    "",
    "Calendar for agreed calls and promises (its address; empty: found or made)",
    "Calendar and address book",
)
SYNC_ADDRESS_BOOK = Option(
    "sync.address_book",
    "",
    "Address book for your contacts (its address; empty: found or made)",
    "Calendar and address book",
)
SYNC_RULE_STEPS = Option(
    "sync.rule_steps",
    False,
    "Also put the rules' retries and series steps on the calendar",
    "Calendar and address book",
)
AWAY_FROM = Option(
    "away.from",
    "",
    "First day away",
    "Away",
    "A day written like 2026-12-21; leave it empty when you are not away",
)
AWAY_TO = Option(
    "away.to", "", "Last day away", "Away", "The day before you are back, like 2027-01-03"
)
BACKUP_KEEP_DAILY = Option("backups.keep_daily", 7, "Daily backups to keep", "Backups")
BACKUP_KEEP_WEEKLY = Option("backups.keep_weekly", 4, "Weekly backups to keep", "Backups")
BACKUP_KEEP_MONTHLY = Option("backups.keep_monthly", 6, "Monthly backups to keep", "Backups")

ALL_OPTIONS: tuple[Option[Any], ...] = tuple(
    value for value in list(globals().values()) if isinstance(value, Option)
)
OPTIONS_BY_KEY: dict[str, Option[Any]] = {option.key: option for option in ALL_OPTIONS}


# Free-form UI state (window geometry …) is stored beside the options under this prefix.
UI_STATE_PREFIX = "ui."


class Settings:
    """Values of every option: the stored ones over the defaults."""

    def __init__(self, stored: dict[str, str] | None = None) -> None:
        self._values: dict[str, Any] = {}
        for key, raw in (stored or {}).items():
            option = OPTIONS_BY_KEY.get(key)
            if option is None:
                continue
            try:
                self._values[key] = option.decode(raw)
            except (ValueError, json.JSONDecodeError):
                # A damaged value falls back to the default rather than blocking start-up.
                continue

    def get(self, option: Option[T]) -> T:
        value = self._values.get(option.key, option.default)
        return value  # type: ignore[no-any-return]

    def with_value(self, option: Option[T], value: T) -> Settings:
        copy = Settings()
        copy._values = dict(self._values)
        copy._values[option.key] = value
        return copy

    def changed(self) -> dict[str, str]:
        """The stored form: only what differs from the defaults."""
        return {
            key: OPTIONS_BY_KEY[key].encode(value)
            for key, value in self._values.items()
            if value != OPTIONS_BY_KEY[key].default
        }
