"""Contacts in and out of the database, as core model objects."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, text, tuple_, update
from sqlalchemy.orm import Session, selectinload

from followup_desktop.core.cadence_model import ContactHistory
from followup_desktop.core.contact_marks import (
    contact_marks,
    marks_of,
)
from followup_desktop.core.model import (
    CameBack,
    Contact,
    ContactSort,
    ContactStatus,
    ContactSummary,
    Deal,
    DeletedContact,
    Email,
    Phone,
    Style,
)
from followup_desktop.core.text_search import fold, search_text
from followup_desktop.store import deals_repo, followups_repo, owners, reps_repo, search
from followup_desktop.store.bulk_insert import insert_tuples, update_tuples
from followup_desktop.store.owners import my_own
from followup_desktop.store.plain_rows import contact_model, sort_value, summary
from followup_desktop.store.schema import ContactRow, EmailRow, PhoneRow, RepRow

SORT_COLUMNS: dict[ContactSort, Any] = {
    ContactSort.NAME: ContactRow.sort_name,
    ContactSort.COMPANY: ContactRow.company,
    ContactSort.NEXT_FOLLOW_UP: ContactRow.next_follow_up_at,
    ContactSort.ATTEMPTS: ContactRow.attempts,
    ContactSort.DEAL_VALUE: ContactRow.open_deal_value_minor,
    ContactSort.OWNER: ContactRow.owner,
}


def to_model(row: ContactRow) -> Contact:
    return contact_model(row, row.emails, row.phones)


def column_values(contact: Contact) -> dict[str, Any]:
    """The contact's own columns, derived ones (sort and search keys) included."""
    return {
        "name": contact.name,
        "sort_name": fold(contact.name),
        "company": contact.company,
        "title": contact.title,
        "time_zone": contact.time_zone,
        "style": contact.style.value,
        "personal_notes": contact.personal_notes,
        "notes": contact.notes,
        "status": contact.status.value,
        "search_text": search_text(
            contact.name,
            contact.company,
            contact.title,
            (e.address for e in contact.emails),
            (p.number for p in contact.phones),
        ),
        "marks": contact_marks(contact),
    }


# What column_values gives for a new contact, as plain tuples for a bulk insert: the
# columns each row brings, then those every new contact shares.
NEW_COLUMNS = (
    *("id", "name", "sort_name", "company", "title", "time_zone", "personal_notes", "notes"),
    *("search_text", "marks"),
)


def new_row(
    contact_id: int,
    name: str,
    company: str,
    title: str,
    time_zone: str,
    notes: tuple[str, str],
    emails: list[str],
    phones: list[str],
    phones_unchecked: bool = False,
) -> tuple[Any, ...]:
    """A new contact's NEW_COLUMNS, derived ones as column_values derives them; ``notes``
    are its personal notes and its own."""
    searched = search_text(name, company, title, emails, phones)
    marks = marks_of(time_zone, bool(phones), phones_unchecked)
    return (contact_id, name, fold(name), company, title, time_zone, *notes, searched, marks)


def new_row_constants(now: datetime) -> dict[str, Any]:
    """The columns every new contact starts with, as column_values and the schema give."""
    blank = Contact(name="")
    return {
        "style": blank.style.value,
        "status": blank.status.value,
        "attempts": 0,
        "open_deal_value_minor": 0,
        "created_at": now,
        "updated_at": now,
    }


def email_values(contact_id: int | None, contact: Contact) -> list[dict[str, Any]]:
    return [
        {
            "contact_id": contact_id,
            "address": e.address,
            "address_key": e.address.casefold(),
            "label": e.label,
            "position": i,
        }
        for i, e in enumerate(contact.emails)
    ]


def phone_values(contact_id: int | None, contact: Contact) -> list[dict[str, Any]]:
    return [
        {
            "contact_id": contact_id,
            "e164": p.number,
            "label": p.label,
            "checked": p.checked,
            "position": i,
        }
        for i, p in enumerate(contact.phones)
    ]


def apply(row: ContactRow, contact: Contact) -> None:
    """Copy ``contact`` onto ``row``, children and derived columns included."""
    for column, value in column_values(contact).items():
        setattr(row, column, value)
    # Mail that came back stays marked on an address the save keeps (an edit of the
    # name, a card synced); an address changed is another one, not marked.
    came_back = {
        e.address_key: {"bounced_at": e.bounced_at, "bounce_reason": e.bounce_reason}
        for e in row.emails
        if e.bounced_at is not None
    }
    row.emails = [
        EmailRow(
            **{k: v for k, v in values.items() if k != "contact_id"},
            **came_back.get(values["address_key"], {}),
        )
        for values in email_values(None, contact)
    ]
    row.phones = [
        PhoneRow(**{k: v for k, v in values.items() if k != "contact_id"})
        for values in phone_values(None, contact)
    ]


def add(session: Session, contact: Contact, now: datetime | None = None) -> int:
    """Store a new contact, added ``now`` (the app's clock; the computer's when None)."""
    row = ContactRow()
    apply(row, contact)
    if now is not None:
        row.created_at = row.updated_at = now
    session.add(row)
    session.flush()
    contact.id = row.id
    return row.id


def _live(session: Session, contact_id: int, *, lock: bool = False) -> ContactRow | None:
    row = session.get(
        ContactRow,
        contact_id,
        options=[selectinload(ContactRow.emails), selectinload(ContactRow.phones)],
        with_for_update=lock or None,
    )
    if row is None or row.deleted_at is not None:
        return None
    return row


def get(session: Session, contact_id: int, *, to_change: bool = False) -> Contact | None:
    """The live contact, or None. ``to_change``: read inside the writing transaction that
    saves it, the row locked until then (on a server: SELECT … FOR UPDATE; a file has
    one writer anyway), so the version it carries is still the stored one at the save."""
    row = _live(session, contact_id, lock=to_change)
    return None if row is None else to_model(row)


def contact_history(session: Session, contact_id: int) -> ContactHistory | None:
    """What the cadence rules read about a live contact: zone, status and style (one
    indexed row, without the e-mails and phones ``get`` loads with two more queries), its
    touches, open follow-ups and recent ones. None when there is no such live contact."""
    row = session.execute(
        select(ContactRow.time_zone, ContactRow.status, ContactRow.style).where(
            ContactRow.id == contact_id, ContactRow.deleted_at.is_(None)
        )
    ).first()
    if row is None:
        return None
    return ContactHistory(
        contact_id=contact_id,
        time_zone=row.time_zone,
        status=ContactStatus(row.status),
        touches=followups_repo.touches(session, contact_id),
        open_follow_ups=followups_repo.open_follow_ups(session, contact_id),
        recent_follow_ups=followups_repo.recent_follow_ups(session, contact_id),
        style=Style(row.style),
    )


def get_many(session: Session, ids: Iterable[int]) -> dict[int, Contact]:
    """The live contacts among ``ids``, by id. Three plain column queries: loading ORM
    rows with their collections costs ~90 µs a contact (9 s for a 100k re-import)."""
    wanted = list(ids)
    if not wanted:
        return {}
    found: dict[int, Contact] = {}
    contacts = session.execute(
        select(
            *(ContactRow.id, ContactRow.name, ContactRow.company, ContactRow.title),
            *(ContactRow.time_zone, ContactRow.style, ContactRow.personal_notes),
            *(ContactRow.notes, ContactRow.status, ContactRow.version),
        ).where(ContactRow.id.in_(wanted), ContactRow.deleted_at.is_(None))
    )
    for contact_id, name, company, title, zone, style, personal, notes, status, version in contacts:
        found[contact_id] = Contact(
            id=contact_id,
            name=name,
            company=company,
            title=title,
            time_zone=zone,
            style=Style(style),
            personal_notes=personal,
            notes=notes,
            status=ContactStatus(status),
            version=version,
        )
    if not found:
        return found
    live = list(found)
    emails = session.execute(
        select(EmailRow.contact_id, EmailRow.address, EmailRow.label)
        .where(EmailRow.contact_id.in_(live))
        .order_by(EmailRow.contact_id, EmailRow.position, EmailRow.id)
    )
    for contact_id, address, label in emails:
        found[contact_id].emails.append(Email(address, label))
    phones = session.execute(
        select(PhoneRow.contact_id, PhoneRow.e164, PhoneRow.label, PhoneRow.checked)
        .where(PhoneRow.contact_id.in_(live))
        .order_by(PhoneRow.contact_id, PhoneRow.position, PhoneRow.id)
    )
    for contact_id, number, label, checked in phones:
        found[contact_id].phones.append(Phone(number, label, checked))
    return found


# The columns ``save_grown`` writes of a contact, its key first.
_GROWN_COLUMNS = (
    *("id", "company", "title", "time_zone", "status", "personal_notes", "notes"),
    *("search_text", "marks"),
)


@dataclass(frozen=True, slots=True)
class Grown:
    """A stored contact that only gained: company, title, time zone, status or notes
    filled or extended (its name and style as stored), e-mails and phones appended after
    the first ``emails_stored`` and ``phones_stored``, and ``deals`` added."""

    contact: Contact
    emails_stored: int
    phones_stored: int
    deals: Sequence[Deal] = ()


def save_grown(session: Session, grown: Sequence[Grown], now: datetime) -> None:
    """Save contacts that only gained (``now``), in three statements for all of them: their
    own columns updated, the new e-mails and phones inserted. ``save`` rewrites a contact's
    e-mails and phones through the ORM, ~1 ms a contact (100 s for a 100k re-import
    that adds a number to everyone)."""
    if not grown:
        return
    session.flush()  # straight to the connection below: nothing of the ORM's may follow
    updated = []
    for g in grown:
        c = g.contact
        searched = column_values(c)["search_text"]
        marks = contact_marks(c)
        own = (c.company, c.title, c.time_zone, c.status.value, c.personal_notes, c.notes)
        updated.append((c.id, *own, searched, marks))
    connection = session.connection()
    update_tuples(connection, ContactRow, _GROWN_COLUMNS, updated, {"updated_at": now})
    _count_changes(connection, [g.contact.id for g in grown if g.contact.id is not None], now)
    emails: list[tuple[Any, ...]] = []
    phones: list[tuple[Any, ...]] = []
    for g in grown:
        contact_id, contact = g.contact.id, g.contact
        for position in range(g.emails_stored, len(contact.emails)):
            address = contact.emails[position]
            emails.append(
                (contact_id, address.address, address.address.casefold(), address.label, position)
            )
        for position in range(g.phones_stored, len(contact.phones)):
            phone = contact.phones[position]
            phones.append((contact_id, phone.number, phone.label, phone.checked, position))
    insert_tuples(
        connection, EmailRow, ("contact_id", "address", "address_key", "label", "position"), emails
    )
    insert_tuples(
        connection, PhoneRow, ("contact_id", "e164", "label", "checked", "position"), phones
    )
    added = [replace(d, contact_id=g.contact.id) for g in grown if g.contact.id for d in g.deals]
    deals_repo.add_imported(session, added, now)


def order_phones(session: Session, contact_id: int, numbers: Sequence[str]) -> None:
    """The contact's stored phones put in the order of ``numbers`` (after ``save_grown``,
    which only appends): one statement a number, for the few contacts that need it."""
    connection = session.connection()
    for position, number in enumerate(numbers):
        connection.execute(
            update(PhoneRow)
            .where(PhoneRow.contact_id == contact_id, PhoneRow.e164 == number)
            .values(position=position)
        )


# Ids a statement in ``_count_changes``: well under SQLite's 32,766 variables.
_IDS_A_STATEMENT = 10_000


def _count_changes(connection: Any, ids: Sequence[int], now: datetime) -> None:
    """One more version for each of ``ids``, changed ``now`` (an import's grown
    contacts): an edit opened before the import is then shown what the import added."""
    for start in range(0, len(ids), _IDS_A_STATEMENT):
        connection.execute(
            update(ContactRow)
            .where(ContactRow.id.in_(ids[start : start + _IDS_A_STATEMENT]))
            .values(version=ContactRow.version + 1, changed_at=now, updated_at=now)
        )


class ContactChanged(RuntimeError):
    """The contact was saved by someone else (or elsewhere) since this copy was read:
    ``theirs`` is it as stored now, ``by`` who saved it (a rep's name, else their login;
    "" in a rep's own file), ``at`` when."""

    def __init__(self, theirs: Contact, by: str, at: datetime | None) -> None:
        who = f" by {by}" if by else ""
        when = f" at {at:%H:%M} UTC" if at else ""
        super().__init__(f"{theirs.name} was changed{who}{when} since it was opened")
        self.theirs, self.by, self.at = theirs, by, at


def save(session: Session, contact: Contact, now: datetime) -> int | None:
    """Update an existing contact, changed ``now`` (the app's clock): its new version, or
    None when it no longer exists. Raises ``ContactChanged`` when the stored version is
    not the one ``contact`` was read at. ``contact`` itself is left as it is: the
    transaction may still roll back."""
    if contact.id is None:
        raise ValueError("save() needs a contact with an id")
    row = _live(session, contact.id, lock=True)
    if row is None:
        return None
    if row.version != contact.version:
        raise ContactChanged(to_model(row), _name_of(session, row.changed_by), row.changed_at)
    apply(row, contact)
    row.version += 1
    row.changed_at = row.updated_at = now
    return row.version


def _name_of(session: Session, login: str | None) -> str:
    if not login:
        return ""
    name = session.scalar(select(RepRow.name).where(RepRow.login == login))
    return name or login


def deleted(session: Session, most: int) -> list[DeletedContact]:
    """The contacts deleted, the latest first (at most ``most``): what can be restored."""
    rows = session.execute(
        select(ContactRow.id, ContactRow.name, ContactRow.company, ContactRow.deleted_at)
        .where(ContactRow.deleted_at.is_not(None), *my_own(session))
        .order_by(ContactRow.deleted_at.desc(), ContactRow.id.desc())
        .limit(most)
    )
    return [DeletedContact(i, name, company, at) for i, name, company, at in rows if at]


def set_deleted(session: Session, contact_id: int, deleted_at: datetime | None) -> bool:
    """Soft delete at ``deleted_at`` (the service's clock), or undo with None: the history
    stays, the contact leaves every list. False when it was not live (or not deleted)."""
    deleting = deleted_at is not None
    result = session.execute(
        update(ContactRow)
        .where(
            ContactRow.id == contact_id,
            ContactRow.deleted_at.is_(None) if deleting else ContactRow.deleted_at.is_not(None),
        )
        .values(deleted_at=deleted_at)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _listed(session: Session, typed: str, *, ordered: bool, team: bool = False) -> Select[Any]:
    """The live contacts matching ``typed``: the login's own on a team server, unless
    ``team`` asks for every one the server lets the login read (a manager's, the team's)."""
    statement = select(ContactRow).where(
        ContactRow.deleted_at.is_(None), *(() if team else my_own(session))
    )
    return search.filter_contacts(session, statement, typed, ordered=ordered)


def listed_ids(session: Session) -> list[int]:
    """The ids of the live contacts the list shows, in its order by name."""
    statement = _listed(session, "", ordered=False).with_only_columns(ContactRow.id)
    return list(session.scalars(statement.order_by(SORT_COLUMNS[ContactSort.NAME], ContactRow.id)))


def _after(column: Any, value: Any, last_id: int, descending: bool) -> ColumnElement[bool]:
    """Rows after (``value``, ``last_id``) in list order: keyset paging, so the 500th page
    costs what the first does. Empty values (NULL) sort first ascending, last descending."""
    if not descending:
        if value is None:
            return or_(and_(column.is_(None), ContactRow.id > last_id), column.is_not(None))
        return tuple_(column, ContactRow.id) > tuple_(value, last_id)
    if value is None:
        return and_(column.is_(None), ContactRow.id < last_id)
    return or_(tuple_(column, ContactRow.id) < tuple_(value, last_id), column.is_(None))


# What a row of the list shows, in ``ContactSummary``'s order.
_SUMMARY_COLUMNS = (
    ContactRow.id,
    ContactRow.name,
    ContactRow.company,
    ContactRow.next_follow_up_at,
    ContactRow.attempts,
    ContactRow.open_deal_value_minor,
    ContactRow.marks,
    ContactRow.open_deal_currency,
    ContactRow.owner,
)


def page(
    session: Session,
    typed: str = "",
    sort: ContactSort = ContactSort.NAME,
    descending: bool = False,
    after: ContactSummary | None = None,
    limit: int = 200,
    team: bool = False,
) -> list[ContactSummary]:
    """One page of the list, starting after the row ``after`` (the first page without);
    ``team``: the team's contacts, not only the login's own (``_listed``)."""
    statement = page_statement(session, typed, sort, descending, after, limit, team)
    # Plain columns through Core: the ORM's result machinery adds nothing to tuples here.
    rows = session.connection().execute(statement).all()  # one fetchall, not a fetch a row
    return [summary(*row) for row in rows]


def page_statement(
    session: Session,
    typed: str = "",
    sort: ContactSort = ContactSort.NAME,
    descending: bool = False,
    after: ContactSummary | None = None,
    limit: int = 200,
    team: bool = False,
) -> Select[*tuple[Any, ...]]:
    """The query ``page`` runs (the search plan is chosen when it is built)."""
    column = SORT_COLUMNS[sort]
    if descending:
        order = [column.desc().nulls_last(), ContactRow.id.desc()]
    else:
        order = [column.asc().nulls_first(), ContactRow.id.asc()]
    statement = _listed(session, typed, ordered=True, team=team).with_only_columns(
        *_SUMMARY_COLUMNS
    )
    if after is not None:
        statement = statement.where(_after(column, sort_value(after, sort), after.id, descending))
    return statement.order_by(*order).limit(limit)


def summaries(session: Session, ids: Sequence[int]) -> list[ContactSummary]:
    """The list's columns for these contacts (in no particular order; deleted ones left
    out): rows of the list read again after the view let go of them."""
    statement = select(*_SUMMARY_COLUMNS).where(
        ContactRow.id.in_(list(ids)), ContactRow.deleted_at.is_(None)
    )
    rows = session.connection().execute(statement).all()
    return [summary(*row) for row in rows]


def count(session: Session, typed: str = "", team: bool = False) -> int:
    listed = _listed(session, typed, ordered=False, team=team)
    statement = listed.with_only_columns(func.count(ContactRow.id))
    return int(session.scalar(statement) or 0)


def ids_by_email(session: Session, addresses: Iterable[str]) -> dict[str, int]:
    """One live contact for each of ``addresses`` that has one: the first added, when
    several share it (``all_by_email``)."""
    return {key: ids[0] for key, ids in all_by_email(session, addresses).items()}


def all_by_email(session: Session, addresses: Iterable[str]) -> dict[str, list[int]]:
    """Every live contact with each of ``addresses`` (lower-cased), the first added first:
    two contacts may share one (a shared inbox, a person entered twice)."""
    keys = list({address.casefold() for address in addresses})
    if not keys:
        return {}
    rows = session.execute(
        select(EmailRow.address_key, EmailRow.contact_id)
        .join(ContactRow, ContactRow.id == EmailRow.contact_id)
        .where(EmailRow.address_key.in_(keys), ContactRow.deleted_at.is_(None))
        .order_by(EmailRow.contact_id)
    )
    found: dict[str, list[int]] = {}
    for key, contact_id in rows:
        ids = found.setdefault(key, [])
        if contact_id not in ids:  # the same address twice on one contact
            ids.append(contact_id)
    return found


def mark_came_back(session: Session, contact_id: int, address: str, came: CameBack) -> bool:
    """Mark the contact's ``address``: mail to it came back for good. False when the
    contact has no such address (any more)."""
    marked = session.execute(
        update(EmailRow)
        .where(EmailRow.contact_id == contact_id, EmailRow.address_key == address.casefold())
        .values(bounced_at=came.at, bounce_reason=came.reason[:200])
    )
    return bool(getattr(marked, "rowcount", 0))


def came_back_among(session: Session, addresses: Iterable[str]) -> set[str]:
    """Those of ``addresses`` (lower-cased) marked somewhere as not taking mail."""
    keys = {a.casefold() for a in addresses}
    if not keys:
        return set()
    rows = session.scalars(
        select(EmailRow.address_key).where(
            EmailRow.address_key.in_(keys), EmailRow.bounced_at.is_not(None)
        )
    )
    return set(rows)


def clear_came_back(session: Session, address: str, since: datetime) -> list[int]:
    """Unmark ``address`` wherever mail to it came back before ``since`` (mail from it came
    in then: it takes mail again). The contacts whose address it was."""
    cleared = session.execute(
        update(EmailRow)
        .where(
            EmailRow.address_key == address.casefold(),
            EmailRow.bounced_at.is_not(None),
            EmailRow.bounced_at <= since,
        )
        .values(bounced_at=None, bounce_reason="")
        .returning(EmailRow.contact_id)
    )
    return sorted(set(cleared.scalars()))


def people_by_phone(session: Session, numbers: Iterable[str]) -> list[tuple[str, str, int]]:
    """(number, folded name, contact id) for every live contact with one of ``numbers``:
    an importer merges a record into a contact on the same name *and* phone, never on a
    shared phone alone (a switchboard is many people)."""
    keys = list(set(numbers))
    if not keys:
        return []
    rows = session.execute(
        select(PhoneRow.e164, ContactRow.sort_name, PhoneRow.contact_id)
        .join(ContactRow, ContactRow.id == PhoneRow.contact_id)
        .where(PhoneRow.e164.in_(keys), ContactRow.deleted_at.is_(None))
    )
    return [(e164, sort_name, contact_id) for e164, sort_name, contact_id in rows]


def people_without_keys(session: Session, names: Iterable[str]) -> list[tuple[str, str, int]]:
    """(folded name, company, contact id) for every live contact with one of these
    folded ``names`` and neither an e-mail nor a phone: a record with nothing else to
    tell people apart matches only such a contact."""
    keys = list(set(names))
    if not keys:
        return []
    has_email = select(EmailRow.id).where(EmailRow.contact_id == ContactRow.id).exists()
    has_phone = select(PhoneRow.id).where(PhoneRow.contact_id == ContactRow.id).exists()
    rows = session.execute(
        select(ContactRow.sort_name, ContactRow.company, ContactRow.id).where(
            ContactRow.sort_name.in_(keys), ContactRow.deleted_at.is_(None), ~has_email, ~has_phone
        )
    )
    return [(sort_name, company, contact_id) for sort_name, company, contact_id in rows]


@dataclass(frozen=True, slots=True)
class Namesake:
    """A live contact as an import compares it with a record of the same name."""

    sort_name: str  # the folded name
    contact_id: int
    name: str
    company: str
    keyless: bool  # neither an e-mail nor a phone


def _keys_exist() -> ColumnElement[bool]:
    has_email = select(EmailRow.id).where(EmailRow.contact_id == ContactRow.id).exists()
    has_phone = select(PhoneRow.id).where(PhoneRow.contact_id == ContactRow.id).exists()
    return or_(has_email, has_phone)


def namesakes(session: Session, names: Iterable[str]) -> list[Namesake]:
    """Every live contact with one of these folded ``names``, in id order."""
    keys = list(set(names))
    if not keys:
        return []
    rows = session.execute(
        select(
            ContactRow.sort_name, ContactRow.id, ContactRow.name, ContactRow.company, _keys_exist()
        )
        .where(ContactRow.sort_name.in_(keys), ContactRow.deleted_at.is_(None))
        .order_by(ContactRow.id)
    )
    return [
        Namesake(sort_name, contact_id, name, company, not keyed)
        for sort_name, contact_id, name, company, keyed in rows
    ]


def keyless_names(session: Session) -> set[str]:
    """The folded names of the live contacts with neither an e-mail nor a phone (few in a
    book: a name with nothing to reach the person by)."""
    rows = session.scalars(
        select(ContactRow.sort_name).where(ContactRow.deleted_at.is_(None), ~_keys_exist())
    )
    return set(rows)


class HandOverRefused(ValueError):
    """The contact was not handed over; the message says why (nothing changed)."""


def check_hand_over(session: Session, contact_id: int, login: str) -> None:
    """HandOverRefused unless ``contact_id`` can be handed to ``login``: a team server, a
    rep of it, a contact the caller sees (theirs, or the team's for a manager)."""
    if session.get_bind().dialect.name != "postgresql":
        raise HandOverRefused("contacts are handed to another rep on a team server only")
    if session.get(RepRow, login) is None:
        raise HandOverRefused(f"{login!r} is not a rep on this team server")
    row = session.get(ContactRow, contact_id)  # the server shows only what is the caller's
    if row is None or row.deleted_at is not None:
        raise HandOverRefused(
            reps_repo.not_yours(session, contact_id, "hand it over")
            or f"contact {contact_id} is not yours to hand over"
        )
    if row.owner == login:
        raise HandOverRefused(f"{row.name} is already {reps_repo.name_of(session, login)}'s")


def book_of(session: Session, login: str | None) -> list[int]:
    """The live contacts ``login`` owns (None: the caller's own), those the caller sees:
    a rep's own, any rep's for a manager. HandOverRefused off a team server."""
    if session.get_bind().dialect.name != "postgresql":
        raise HandOverRefused("contacts are handed to another rep on a team server only")
    owner = owners.login() if login is None else login
    return list(
        session.scalars(
            select(ContactRow.id)
            .where(ContactRow.owner == owner, ContactRow.deleted_at.is_(None))
            .order_by(ContactRow.id)
        )
    )


def hand_over(session: Session, contact_id: int, login: str) -> str:
    """``contact_id`` made ``login``'s (after ``check_hand_over``); the server checks the
    caller owns it or manages the team again (``followup_hand_over``, migration 0014).
    Gives the contact's name. Inside the caller's transaction."""
    handed = session.execute(
        text("SELECT followup_hand_over(:contact, :login)"),
        {"contact": contact_id, "login": login},
    ).scalar_one()
    if handed is None:
        raise HandOverRefused(f"contact {contact_id} is not yours to hand over")
    return str(handed)
