"""Whose rows a query reads. On a team server the server's rules let a manager read the
team's contacts (for the pipeline and the numbers), but the rep's day (Today, the call
queue, reminders, the calls put on their own calendar) is their own: those queries also
ask for the login's own contacts. A rep's own file has no owners."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Text, cast, func, literal_column
from sqlalchemy.orm import Session

from followup_desktop.store.schema import ContactRow


def login() -> ColumnElement[str]:
    """The login, as text: compared with an owner the way the server's rules compare it
    (migration 0019), so the server answers both from the owner's index."""
    return cast(func.current_user(), Text)


def my_own(session: Session) -> list[ColumnElement[bool]]:
    """The condition that keeps a query to the login's own contacts (none in a file)."""
    if session.get_bind().dialect.name != "postgresql":
        return []
    return [ContactRow.owner == login()]


def line_maker() -> ColumnElement[str | None]:
    """On a team server, the rep who logged a history line (migration 0026); a line that
    does not say (written before it, or by the admin's copy) is its contact's owner's.
    Needs the contacts joined."""
    return func.coalesce(literal_column("touches.made_by"), ContactRow.owner)


def made_by_me(session: Session) -> list[ColumnElement[bool]]:
    """The condition that keeps history lines to those the login logged (none in a file:
    every line there is the rep's). Needs the contacts joined."""
    if session.get_bind().dialect.name != "postgresql":
        return []
    return [line_maker() == login()]
