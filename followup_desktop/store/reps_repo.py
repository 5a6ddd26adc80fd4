"""The reps of a team server as the desk sees them: who the login is, whether it manages
the team, the reps' names, and each rep's numbers. PostgreSQL only (a rep's own file has
one rep and no logins)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal_column, select, text
from sqlalchemy.orm import Session

from followup_desktop.core.model import (
    ContactStatus,
    ContactSummary,
    DealStage,
    FollowUpState,
    Outcome,
)
from followup_desktop.core.stats import CALL_OUTCOMES, RepFigures
from followup_desktop.core.text_search import fold, query_words
from followup_desktop.store.owners import line_maker
from followup_desktop.store.schema import ContactRow, DealRow, FollowUpRow, RepRow, TouchRow

MANAGER = "followup_manager"  # the role migration 0014 makes
TEAM_PAGE = 500  # followup_team_book's rows at most a call (migration 0022)
WEEK = timedelta(days=7)
MONTH = timedelta(days=30)


def on_team_server(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def login_and_role(session: Session) -> tuple[str, bool]:
    """The login, and whether it manages the team (a member of ``followup_manager``)."""
    login, manager = session.execute(
        text(
            "SELECT current_user, EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :role) "
            "AND pg_has_role(current_user, :role, 'MEMBER')"
        ),
        {"role": MANAGER},
    ).one()
    return str(login), bool(manager)


def reps(session: Session) -> list[tuple[str, str]]:
    """(login, name) of every rep, by name."""
    rows = session.execute(select(RepRow.login, RepRow.name).order_by(RepRow.name, RepRow.login))
    return [(login, name) for login, name in rows]


def name_of(session: Session, login: str | None = None) -> str:
    """The name the team knows the rep ``login`` (None: the login itself) by; the login
    when the team has no name for it (the admin, or a rep added without one)."""
    if login is None:
        login = login_and_role(session)[0]
    row = session.get(RepRow, login)
    return row.name if row is not None and row.name else login


def not_yours(session: Session, contact_id: int, to: str = "change it") -> str | None:
    """Why the login cannot reach ``contact_id`` when it is a colleague's (migration 0023:
    nothing of it is read but whose it is), the rep named as the team knows them; None
    when there is no such contact, it is the login's own, or in a file."""
    if not on_team_server(session):
        return None
    rep = session.execute(
        text("SELECT followup_whose(:contact)"), {"contact": contact_id}
    ).scalar_one()
    if rep is None:
        return None
    whose, who = (f"{rep}'s", str(rep)) if rep else ("another rep's", "its rep")
    return (
        f"contact {contact_id} is {whose}, not yours: only {who} or a manager can {to} "
        "(ask them to hand it over to you)"
    )


def who_has(session: Session, typed: str) -> list[tuple[str, str, str]]:
    """(name, company, rep's name) of at most five colleagues' contacts matching every
    word of ``typed`` (migration 0021: nothing else of them is read). None in a file."""
    if not on_team_server(session):
        return []
    words = query_words(typed)
    rows = session.execute(
        text("SELECT name, company, rep FROM followup_who_has(:words)"), {"words": words}
    )
    return [(name, company, rep) for name, company, rep in rows]


def team_book(
    session: Session, typed: str = "", after: ContactSummary | None = None, limit: int = 200
) -> list[ContactSummary]:
    """A page of the team's contacts in name order (migration 0022): each with its name,
    company and rep, nothing else of them. None in a file."""
    if not on_team_server(session):
        return []
    statement = text(
        "SELECT id, name, company, owner FROM "
        "followup_team_book(:words, :after_name, :after_id, :limit)"
    )
    found: list[ContactSummary] = []
    while len(found) < limit:  # the server gives TEAM_PAGE at most at a time
        wanted = min(TEAM_PAGE, limit - len(found))
        rows = session.execute(
            statement,
            {
                "words": query_words(typed),
                "after_name": None if after is None else fold(after.name),
                "after_id": None if after is None else after.id,
                "limit": wanted,
            },
        ).all()
        found += [
            ContactSummary(contact_id, name, company, None, 0, 0, owner=owner or "")
            for contact_id, name, company, owner in rows
        ]
        if len(rows) < wanted:
            break
        after = found[-1]
    return found


def team_book_count(session: Session, typed: str = "") -> int:
    if not on_team_server(session):
        return 0
    statement = text("SELECT followup_team_count(:words)")
    return int(session.execute(statement, {"words": query_words(typed)}).scalar_one())


def _by_owner(session: Session, statement: Select[*tuple[Any, ...]]) -> dict[str | None, int]:
    return {owner: int(count) for owner, count in session.execute(statement)}


def _counted(*where: ColumnElement[bool], rows: Any = None) -> Select[*tuple[Any, ...]]:
    """Live contacts meeting ``where`` counted by owner; with ``rows`` (a table hanging off
    a contact), those rows of live contacts."""
    statement = select(ContactRow.owner, func.count())
    if rows is not None:
        statement = statement.join(rows, rows.contact_id == ContactRow.id)
    return statement.where(ContactRow.deleted_at.is_(None), *where).group_by(ContactRow.owner)


def _counted_by_rep(
    who: ColumnElement[str | None], rows: Any, *where: ColumnElement[bool]
) -> Select[*tuple[Any, ...]]:
    """``rows`` (history lines, deals) of live contacts meeting ``where``, counted by the
    rep ``who`` names."""
    return (
        select(who, func.count())
        .select_from(ContactRow)
        .join(rows, rows.contact_id == ContactRow.id)
        .where(ContactRow.deleted_at.is_(None), *where)
        .group_by(who)
    )


def _calls_counted(*where: ColumnElement[bool]) -> Select[*tuple[Any, ...]]:
    """History lines counted by the rep who logged them (migration 0026); a line that
    does not say (written before, or by the admin's copy) by its contact's owner."""
    return _counted_by_rep(line_maker(), TouchRow, *where)


def _wins_counted(*where: ColumnElement[bool]) -> Select[*tuple[Any, ...]]:
    """Deals counted by the rep who won them (migration 0027); a deal that does not say
    (won before, or by the admin's copy) by its contact's owner."""
    winner: ColumnElement[str | None] = func.coalesce(
        literal_column("deals.won_by"), ContactRow.owner
    )
    return _counted_by_rep(winner, DealRow, *where)


def figures_by_rep(session: Session, now: datetime) -> list[RepFigures]:
    """Each rep's book and last week, from the rows the login may read (a manager: the
    team's; a rep: their own line). Grouped by the server, one query a figure."""
    live = ContactRow.status.in_(
        (ContactStatus.ACTIVE.value, ContactStatus.SERIOUS.value, ContactStatus.CURIOUS.value)
    )
    week = TouchRow.at >= now - WEEK
    talks = (Outcome.CONNECTED.value, Outcome.VISIT.value)
    contacts = _by_owner(session, _counted())
    no_next_step = _by_owner(session, _counted(live, ContactRow.next_follow_up_at.is_(None)))
    # A call counts for the rep who made it, also once the contact was handed over.
    calls = _by_owner(session, _calls_counted(week, TouchRow.outcome.in_(CALL_OUTCOMES)))
    conversations = _by_owner(session, _calls_counted(week, TouchRow.outcome.in_(talks)))
    open_late = (FollowUpRow.state == FollowUpState.OPEN.value, FollowUpRow.due_at < now)
    overdue = _by_owner(session, _counted(*open_late, rows=FollowUpRow))
    # An overdue step is the contact's rep's to make now: counted by the contact's owner.
    # A deal won counts for the rep who won it, also once the contact was handed over.
    won_lately = (DealRow.stage == DealStage.WON.value, DealRow.closed_at >= now - MONTH)
    won = _by_owner(session, _wins_counted(*won_lately))
    names = dict(reps(session))
    shown = set(contacts) | set(calls) | set(won)
    login, manager = login_and_role(session)
    if not manager:  # a colleague's calls on a contact since handed to the rep: not hers
        shown &= {login}
    owners: Iterable[str | None] = sorted(shown, key=lambda who: names.get(who or "", who or ""))
    return [
        RepFigures(
            login=owner or "",
            name=names.get(owner or "", owner or ""),
            contacts=contacts.get(owner, 0),
            calls_this_week=calls.get(owner, 0),
            conversations_this_week=conversations.get(owner, 0),
            overdue=overdue.get(owner, 0),
            no_next_step=no_next_step.get(owner, 0),
            won_this_month=won.get(owner, 0),
        )
        for owner in owners
    ]
