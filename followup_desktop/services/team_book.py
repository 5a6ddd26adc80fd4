"""The team server as the desk shows it: who the login is and whether it manages the
team, the reps to hand a contact to, a contact handed over, the team's contacts as a rep
may list them (name, company, rep), and each rep's numbers for a manager. In a rep's own
file there is no team: ``who`` is None."""

from __future__ import annotations

from dataclasses import dataclass

from followup_desktop.core.changes import EVERY_AREA, Change, about
from followup_desktop.core.clock import Clock
from followup_desktop.core.model import ContactSort, ContactSummary
from followup_desktop.core.stats import RepFigures
from followup_desktop.services.team import hand_over
from followup_desktop.store import reps_repo
from followup_desktop.store.db import Database


@dataclass(frozen=True, slots=True)
class Rep:
    login: str
    name: str

    @property
    def shown(self) -> str:
        """The rep as the window names them: their name, else their login."""
        return self.name or self.login


@dataclass(frozen=True, slots=True)
class TeamLogin:
    """Who is at this desk on the team server, and the team."""

    login: str
    manager: bool
    reps: tuple[Rep, ...]

    def name_of(self, login: str) -> str:
        return next((rep.shown for rep in self.reps if rep.login == login), login)

    def others(self) -> tuple[Rep, ...]:
        """The reps a contact of one's own may be handed to."""
        return tuple(rep for rep in self.reps if rep.login != self.login)


class TeamBook:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def who(self) -> TeamLogin | None:
        with self._db.reading() as session:
            if not reps_repo.on_team_server(session):
                return None
            login, manager = reps_repo.login_and_role(session)
            reps = tuple(Rep(rep, name) for rep, name in reps_repo.reps(session))
        return TeamLogin(login, manager, reps)

    def hand_over(self, contact_id: int, login: str) -> tuple[str, Change]:
        """``contact_id`` made ``login``'s with a line in its history; HandOverRefused
        says why not. Says what was done; the change leaves every view of the giver."""
        said = hand_over(self._db, self._clock, contact_id, login)
        return said, about(EVERY_AREA, (contact_id,))

    def not_yours(self, contact_id: int) -> str | None:
        """Why a contact the login asked for by its id is out of its reach, when it is a
        colleague's ("contact 12 is Bo Berg's, not yours: …"); None when there is no such
        contact or it is the login's own (then what was refused is about something else)."""
        with self._db.reading() as session:
            return reps_repo.not_yours(session, contact_id)

    def who_has(self, typed: str) -> list[str]:
        """Colleagues' contacts matching a search the login's own book did not, each said
        as "Priya Patel (Acme) is Ana Lima's" (at most five; only those words of them)."""
        with self._db.reading() as session:
            found = reps_repo.who_has(session, typed)
        return [
            f"{name} ({company}) is {rep}'s" if company else f"{name} is {rep}'s"
            for name, company, rep in found
        ]

    def page(
        self,
        typed: str = "",
        sort: ContactSort = ContactSort.NAME,
        descending: bool = False,
        after: ContactSummary | None = None,
        limit: int = 200,
    ) -> list[ContactSummary]:
        """A rep's view of the team's contacts, in name order (``sort`` and ``descending``
        are the list's, which offers no other order here): name, company and rep."""
        with self._db.reading() as session:
            return reps_repo.team_book(session, typed, after, limit)

    def count(self, typed: str = "") -> int:
        with self._db.reading() as session:
            return reps_repo.team_book_count(session, typed)

    def by_rep(self) -> list[RepFigures]:
        """Each rep's numbers the login may read: a manager's team, a rep's own line."""
        with self._db.reading() as session:
            if not reps_repo.on_team_server(session):
                return []
            return reps_repo.figures_by_rep(session, self._clock.now())
