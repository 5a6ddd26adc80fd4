"""Whose rows a query reads. On a team server the server's rules let a manager read the
team's contacts (for the pipeline and the numbers), but the rep's day (Today, the call
queue, reminders, the calls put on their own calendar) is their own: those queries also
ask for the login's own contacts. A rep's own file has no owners."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Text, cast, func
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
