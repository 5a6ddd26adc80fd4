"""The domain's plain data: what a contact, a touch, a follow-up and a commitment are.

Instants are timezone-aware UTC ``datetime`` objects. A contact's time zone is an IANA
name; an agreed time keeps the wall-clock time the contact chose plus that zone, so a
later change of the zone's rules cannot move it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class Style(enum.StrEnum):
    """How a contact likes to be spoken to (PRODUCT.md practice 14)."""

    TO_THE_POINT = "to_the_point"
    PERSONAL = "personal"


# A style as the rep reads it (the contact form, Settings), never its stored value.
STYLE_WORDS = {Style.TO_THE_POINT: "Gets to the point", Style.PERSONAL: "Likes a personal word"}


class ContactStatus(enum.StrEnum):
    ACTIVE = "active"
    SERIOUS = "serious"
    CURIOUS = "curious"
    PARKED = "parked"
    WON = "won"
    LOST = "lost"


class Outcome(enum.StrEnum):
    """What happened on a touch; the CLI spells these with hyphens."""

    CONNECTED = "connected"
    VOICEMAIL = "voicemail"
    NO_ANSWER = "no-answer"
    VISIT = "visit"
    EMAIL_SENT = "email-sent"
    WRONG_NUMBER = "wrong-number"
    NOT_NOW = "not-now"
    INBOUND = "inbound"
    REPLIED = "replied"
    NOTE = "note"


class FollowUpKind(enum.StrEnum):
    CALL = "call"
    EMAIL = "email"
    TASK = "task"


class FollowUpState(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    SUPERSEDED = "superseded"
    CANCELLED = "cancelled"


class DealStage(enum.StrEnum):
    LEAD = "lead"
    QUALIFIED = "qualified"
    PROPOSAL = "proposal"
    NEGOTIATION = "negotiation"
    WON = "won"
    LOST = "lost"


class CommitmentState(enum.StrEnum):
    OPEN = "open"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class CameBack:
    """Mail to an address came back for good (a delivery failure): when, and why in
    plain words ("mailbox unavailable")."""

    at: datetime
    reason: str


@dataclass(frozen=True, slots=True)
class Email:
    address: str
    label: str = ""
    # Kept by the store (set from the INBOX, gone when the address changes or mail from
    # it comes in), never by an edit: two copies of an address are the same address.
    came_back: CameBack | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Phone:
    """A phone number: E.164 ("+13125550142") when ``checked``; a number libphonenumber
    calls impossible (a Lagos landline as people write it) is kept exactly as written,
    unchecked, and still shown, copied and dialled."""

    number: str
    label: str = ""
    checked: bool = True


@dataclass(slots=True)
class Contact:
    name: str
    company: str = ""
    title: str = ""
    emails: list[Email] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    time_zone: str = ""
    style: Style = Style.TO_THE_POINT
    # Said in the call (the ♥ line, a script's {personal_notes}) to one who likes it.
    personal_notes: str = ""
    # The rep's own notes, and what an import kept: never in a script, a draft or an invite.
    notes: str = ""
    status: ContactStatus = ContactStatus.ACTIVE
    id: int | None = None
    # The stored version this copy was read at (0: never stored). A save over a newer
    # version is refused (``store.contacts_repo.ContactChanged``): two people editing one
    # contact never overwrite each other unseen. Not part of what the contact *is*.
    version: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Touch:
    contact_id: int
    outcome: Outcome
    at: datetime
    notes: str = ""
    follow_up_id: int | None = None
    id: int | None = None
    # A call timed on the call screen: when the timer started and how long it ran.
    started_at: datetime | None = None
    seconds: int | None = None


@dataclass(frozen=True, slots=True)
class FollowUp:
    contact_id: int
    kind: FollowUpKind
    step: str
    due_at: datetime
    objective: str = ""
    agreed: bool = False
    state: FollowUpState = FollowUpState.OPEN
    attempt: int = 0
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Commitment:
    contact_id: int
    description: str
    due_at: datetime
    asap: bool = False
    state: CommitmentState = CommitmentState.OPEN
    follow_up_id: int | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Deal:
    contact_id: int
    title: str
    value_minor: int
    currency: str = "EUR"
    stage: DealStage = DealStage.LEAD
    id: int | None = None


@dataclass(frozen=True, slots=True)
class ScriptCard:
    situation: str
    part: str
    text: str
    variant: str = ""
    position: int = 0
    id: int | None = None


@dataclass(frozen=True, slots=True)
class CallDraft:
    """A call in progress: what the rep typed and ticked, kept until the call is logged."""

    contact_id: int
    follow_up_id: int | None = None
    notes: str = ""
    said: tuple[str, ...] = ()  # keys of the script lines marked said
    started_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CallTimer:
    """The call screen's timer: started when the rep dialled or pressed Start timer,
    stopped when they chose how the call went (None: still running when the call is
    logged)."""

    started_at: datetime
    ended_at: datetime | None = None

    def kept(self, logged_at: datetime) -> tuple[datetime, int]:
        """The start and whole seconds on the call, as a touch keeps them; a clock that
        went back never makes a call of negative length."""
        end = self.ended_at or logged_at
        return self.started_at, max(0, round((end - self.started_at).total_seconds()))


class ContactSort(enum.StrEnum):
    """Columns the contact list can be ordered by."""

    NAME = "name"
    COMPANY = "company"
    NEXT_FOLLOW_UP = "next_follow_up"
    ATTEMPTS = "attempts"
    DEAL_VALUE = "deal_value"
    OWNER = "owner"  # the rep's login, on a team server


@dataclass(frozen=True, slots=True)
class DeletedContact:
    """A contact the rep deleted: hidden, history and all, until restored."""

    id: int
    name: str
    company: str
    deleted_at: datetime


@dataclass(frozen=True, slots=True)
class ContactSummary:
    """One row of the contact list: only what the list shows, and what it marks: a
    contact to call whose time zone nobody knows yet, a phone number kept as written."""

    id: int
    name: str
    company: str
    next_follow_up_at: datetime | None
    attempts: int
    open_deal_value_minor: int
    zone_unknown: bool = False
    phone_unchecked: bool = False
    deal_currency: str = ""  # of the open deals; "" when they are in several
    owner: str = ""  # the rep's login on a team server ("" in a rep's own file)
