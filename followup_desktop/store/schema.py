"""Tables, as SQLAlchemy 2 typed ORM classes. Portable SQL only: it must run on
PostgreSQL too; SQLite-only pieces (the search index) live in ``store/search.py``.

Instants are stored as timezone-aware UTC (``UtcDateTime``); money as integer minor
units plus an ISO currency code, so sums are exact.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    true,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC in and out; SQLite has no zone type, so the zone is applied on read."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        utc = value.astimezone(UTC)
        # SQLite stores text; keep it naive-UTC there so ordering stays lexical.
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ContactRow(Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Lower-cased name for case-insensitive ordering through a plain index (portable).
    sort_name: Mapped[str] = mapped_column(String(200))
    company: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(200), default="")
    time_zone: Mapped[str] = mapped_column(String(64), default="")
    style: Mapped[str] = mapped_column(String(20), default="to_the_point")
    personal_notes: Mapped[str] = mapped_column(Text, default="")
    # The rep's own notes (and what an import kept): never said to the contact.
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[str] = mapped_column(String(20), default="active")
    # Everything search looks at, in one lower-cased string, kept by the repository.
    search_text: Mapped[str] = mapped_column(Text, default="")
    # Denormalised for the list view's columns and sorting at 100k rows; kept by services.
    next_follow_up_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    open_deal_value_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    # The open deals' currency ("" when several), kept with their value for the list.
    open_deal_currency: Mapped[str] = mapped_column(String(3), default="", server_default="")
    # What the list marks (core.contact_marks), kept with the row: no query a page.
    marks: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # What the rep's numbers need from the contact's touches (core/touch_facts.py), kept
    # by store/touch_facts.py in the transaction that writes a touch.
    attempts_before_connection: Mapped[int | None] = mapped_column(Integer, nullable=True)
    outreach: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    voicemail_run: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    answered_runs: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    visits: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # The rep (database login) the contact belongs to on a team server; NULL in a rep's
    # own file. Set by the server at insert (migration 0014), which enforces it.
    owner: Mapped[str | None] = mapped_column(String(63), nullable=True, index=True)
    # Optimistic locking (migration 0016): each save of what the rep edits (name, company,
    # numbers, notes, status…) adds one, and is refused over a version it did not read.
    # When and by which login (set by the server on a team server; NULL in a file).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    changed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    changed_by: Mapped[str | None] = mapped_column(String(63), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    emails: Mapped[list[EmailRow]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="EmailRow.position"
    )
    phones: Mapped[list[PhoneRow]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="PhoneRow.position"
    )

    __table_args__ = (
        Index("ix_contacts_sort_name", "sort_name", "id"),
        Index("ix_contacts_company", "company", "id"),
        Index("ix_contacts_next_follow_up_at", "next_follow_up_at", "id"),
        Index("ix_contacts_attempts", "attempts", "id"),
        Index("ix_contacts_open_deal_value", "open_deal_value_minor", "id"),
    )


class EmailRow(Base):
    __tablename__ = "contact_emails"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    address: Mapped[str] = mapped_column(String(320))
    # Lower-cased address: the key duplicates are found by.
    address_key: Mapped[str] = mapped_column(String(320), index=True)
    label: Mapped[str] = mapped_column(String(40), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Mail to the address came back for good (migration 0024): when, and why in plain
    # words. Kept across the contact's saves while the address stays (contacts_repo).
    bounced_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    bounce_reason: Mapped[str] = mapped_column(String(200), default="", server_default="")

    contact: Mapped[ContactRow] = relationship(back_populates="emails")
    __table_args__ = (Index("ix_contact_emails_contact", "contact_id"),)


class PhoneRow(Base):
    __tablename__ = "contact_phones"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    # E.164 when checked; a number libphonenumber cannot check is kept as written.
    e164: Mapped[str] = mapped_column(String(64), index=True)
    label: Mapped[str] = mapped_column(String(40), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    checked: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    contact: Mapped[ContactRow] = relationship(back_populates="phones")
    __table_args__ = (Index("ix_contact_phones_contact", "contact_id"),)


class DealRow(Base):
    __tablename__ = "deals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200), default="")
    value_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    stage: Mapped[str] = mapped_column(String(20), default="lead", index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class TouchRow(Base):
    """Every call, voicemail, e-mail, visit or note: the history that is never deleted."""

    __tablename__ = "touches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    outcome: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    notes: Mapped[str] = mapped_column(Text, default="")
    follow_up_id: Mapped[int | None] = mapped_column(
        ForeignKey("follow_ups.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # For visits and connected calls: microseconds to the contact's next touch (NULL:
    # none yet, or another outcome). Kept by store/touch_facts.py.
    next_touch_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # A call timed on the call screen (Start timer, or dialled from it): NULL otherwise.
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)

    __table_args__ = (
        Index("ix_touches_contact_at", "contact_id", "at"),
        # Partial on both stores (WHERE … IS NOT NULL), as migration 0005 makes them: the
        # migrations build the schema, and naming PostgreSQL's option here would load its
        # dialect (about 20 ms) on every start on SQLite.
        # Only visits and connected calls with a next touch; covering, so the median, the
        # total and the visits followed up soon are read from the index alone.
        Index("ix_touches_next_touch_us", "next_touch_us", "outcome", "at"),
        # The touches answering a follow-up (agreed calls kept on the day).
        Index("ix_touches_follow_up", "follow_up_id", "at"),
    )


class FollowUpRow(Base):
    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    step: Mapped[str] = mapped_column(String(40))
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # For agreed times: the wall-clock time and zone the contact chose, as they said it.
    agreed_local: Mapped[str] = mapped_column(String(32), default="")
    agreed_zone: Mapped[str] = mapped_column(String(64), default="")
    agreed: Mapped[bool] = mapped_column(Boolean, default=False)
    objective: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(12), default="open")
    attempt: Mapped[int] = mapped_column(Integer, default=0)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    superseded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("follow_ups.id", ondelete="SET NULL"), nullable=True
    )
    # Calendar-invite identity: SEQUENCE grows each time the time changes and is re-sent.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    __table_args__ = (
        Index("ix_follow_ups_state_due", "state", "due_at"),
        Index("ix_follow_ups_contact_state", "contact_id", "state", "due_at"),
    )


class CommitmentRow(Base):
    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    asap: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(12), default="open")
    follow_up_id: Mapped[int | None] = mapped_column(
        ForeignKey("follow_ups.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class AppliedWriteRow(Base):
    """The id of each write sent by a rep's app that keeps writes while the team server
    is away (store/outbox.py): stored in the write's own transaction, so a write sent
    again is written once (migration 0018)."""

    __tablename__ = "applied_writes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    applied_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ReminderFiredRow(Base):
    """Which reminders were shown, so a restart never repeats one."""

    __tablename__ = "reminders_fired"

    follow_up_id: Mapped[int] = mapped_column(
        ForeignKey("follow_ups.id", ondelete="CASCADE"), primary_key=True
    )
    # "lead" (15 minutes before) or "due"; with the due time, so a moved follow-up reminds again.
    moment: Mapped[str] = mapped_column(String(8), primary_key=True)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime, primary_key=True)
    fired_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CallDraftRow(Base):
    """What the rep typed during a call, saved as it is typed, until the call is logged."""

    __tablename__ = "call_drafts"

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    follow_up_id: Mapped[int | None] = mapped_column(
        ForeignKey("follow_ups.id", ondelete="SET NULL"), nullable=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    # Script lines marked said, as a JSON list of their keys.
    said: Mapped[str] = mapped_column(Text, default="[]")
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ScriptCardRow(Base):
    __tablename__ = "script_cards"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    situation: Mapped[str] = mapped_column(String(40))
    variant: Mapped[str] = mapped_column(String(20), default="")
    part: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        Index("ix_script_cards_situation", "situation", "variant", "part", "position"),
    )


class SettingRow(Base):
    """One setting that differs from its default. On a team server the table also keys on
    ``rep`` (the login, set by the server: migration 0015), which the server uses to show
    each login only its own rows; the statements here never name it."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ImportSegmentRow(Base):
    """The contacts a large import has committed so far, by id range, until its last
    segment: a killed import's rows are taken back from here (store/contact_import.py)."""

    __tablename__ = "import_segments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch: Mapped[int] = mapped_column(Integer)
    first_id: Mapped[int] = mapped_column(Integer)
    last_id: Mapped[int] = mapped_column(Integer)


class CalendarEntryRow(Base):
    """What this store last put on the rep's CalDAV calendar for a follow-up: where, its
    ETag (every later write is conditional on it) and a digest of what was sent."""

    __tablename__ = "calendar_entries"

    follow_up_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    href: Mapped[str] = mapped_column(Text)
    uid: Mapped[str] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text, nullable=True)
    digest: Mapped[str] = mapped_column(String(64))
    sequence: Mapped[int] = mapped_column(Integer)  # SEQUENCE sent: one more each change
    synced_at: Mapped[datetime] = mapped_column(UtcDateTime)


class BusyTimeRow(Base):
    """A meeting on the rep's calendars (the next two weeks as last read): offered call
    times avoid it."""

    __tablename__ = "busy_times"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CardEntryRow(Base):
    """What this store last put in the rep's CardDAV address book for a contact."""

    __tablename__ = "card_entries"

    contact_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    href: Mapped[str] = mapped_column(Text)
    uid: Mapped[str] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text, nullable=True)
    digest: Mapped[str] = mapped_column(String(64))
    synced_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The vCard as both sides last agreed on it (None for cards put before revision 0013).
    card: Mapped[str | None] = mapped_column(Text, nullable=True)


class RepRow(Base):
    """A rep on a team server: the database login (which the server's rules key on) and
    the name shown to the team. Kept by the admin (``followup db add-rep``)."""

    __tablename__ = "reps"

    login: Mapped[str] = mapped_column(String(63), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
