"""A team server's set-up from a rep's laptop: its schema brought up to this version's,
and a book copied onto it (or back), checked row for row (``store.team_server``).

A URL naming a user but no password takes the password from the keyring (kind "team"),
so no password is typed into a shell history or kept in a file.
"""

from __future__ import annotations

from dataclasses import dataclass

from followup_desktop.core.clock import Clock
from followup_desktop.core.model import Outcome, Touch
from followup_desktop.paths import AppPaths
from followup_desktop.services import team_choice
from followup_desktop.services.secrets import Secrets
from followup_desktop.services.team_choice import TeamServer
from followup_desktop.store import contacts_repo, followups_repo, reps_repo, team_server
from followup_desktop.store.change_feed import ChangeFeed, open_feed
from followup_desktop.store.contacts_repo import HandOverRefused
from followup_desktop.store.db import Database
from followup_desktop.store.team_server import CopyRefused, RepRefused, SchemaMismatch

TEAM = "team"  # the account kind the server's password is kept under

__all__ = [
    "TEAM",
    "ChangeFeed",
    "Copied",
    "CopyRefused",
    "HandOverRefused",
    "RepRefused",
    "SchemaMismatch",
    "add_rep",
    "change_feed",
    "copy_book",
    "hand_book",
    "hand_over",
    "keep_password",
    "keep_server",
    "login_refused",
    "migrate",
    "password_in_address",
    "sign_in_with",
    "try_server",
    "with_password",
    "with_typed_password",
]


def with_password(url: str, secrets: Secrets | None = None) -> str:
    """``url`` with the keyring's password when it names a user and a host but no
    password (else as it is)."""
    keyring = secrets or Secrets()
    return team_server.with_password(url, lambda host, user: keyring.password(TEAM, host, user))


def password_in_address(url: str) -> bool:
    """The address FollowUp was started with (--database or FOLLOWUP_DATABASE) carries a
    password of its own: the keyring's is never used for it, so a password typed in the
    window lasts until FollowUp quits, and the next start tries the address's again."""
    return team_server.carries_password(url)


def with_typed_password(url: str, password: str) -> str:
    """``url`` with the password the rep has just typed, in place of the keyring's (or
    the URL's own)."""
    return team_server.with_new_password(url, password)


def keep_password(url: str, password: str, secrets: Secrets | None = None) -> bool:
    """A typed password the server took, kept in the keyring for the next start (and the
    command line); False when the keyring did not take it (then it is held for this
    session only)."""
    host, user = team_server.host_and_user(url)
    return (secrets or Secrets()).remember_password(TEAM, host, user, password)


def login_refused(db: Database) -> str:
    """The server's refusal of the running app's password (changed there), in its own
    words; "" while none is known. Not tried again until ``sign_in_with``."""
    return db.team_login.refused if db.team_login is not None else ""


def sign_in_with(db: Database, password: str) -> None:
    """The password the rep typed, for every connection of the running app from now on
    (the next one tries it: ``login_refused`` says if the server refused it too)."""
    if db.team_login is not None:
        db.team_login.typed(password)


def try_server(server: TeamServer, password: str = "") -> str:
    """Connects as FollowUp would at start (``password``, else the keyring's) and says
    what it found in plain words; StoreUnavailable (SchemaMismatch among them) says why
    it could not be used."""
    url = server.url()
    if password:
        url = team_server.with_password(url, lambda _host, _user: password)
    else:
        url = with_password(url)
    db = team_server.open_team(url)
    try:
        with db.reading() as session:
            contacts = contacts_repo.count(session)
    finally:
        db.close()
    return (
        f"Connected to {server.host} as {server.user}: the team's book is there "
        f"({contacts:,} contacts) at this FollowUp's schema."
    )


def keep_server(
    paths: AppPaths, server: TeamServer | None, password: str = "", secrets: Secrets | None = None
) -> str:
    """The data folder opens ``server``'s book from the next start (None: its own file
    again); a typed ``password`` goes into the keyring. Says what was done."""
    team_choice.choose(paths, server)
    if server is None:
        return "FollowUp opens this computer's own book from the next start."
    kept = ""
    if password:
        keyring = secrets or Secrets()
        in_keyring = keyring.remember_password(TEAM, server.host, server.user, password)
        kept = (
            ""
            if in_keyring
            else " The system keyring did not take the password: unlock it and save again,"
            " or FollowUp cannot sign in at the next start."
        )
    return f"FollowUp opens the team's book on {server.shown()} from the next start.{kept}"


def add_rep(url: str, login: str, name: str, password: str, *, manager: bool = False) -> str:
    """A rep's login on the team server (the admin's act); says what was done."""
    made = team_server.add_rep(with_password(url), login, name, password, manager)
    what = "a manager" if manager else "a rep"
    verb = "added" if made else "updated (new password)"
    return f"{login} {verb} as {what} on {team_server.describe(url)}"


def hand_over(db: Database, clock: Clock, contact_id: int, login: str) -> str:
    """A team server's contact handed to the rep ``login`` by its owner or a manager,
    with a line in its history (written first: once handed, the contact is no longer the
    caller's to write to); HandOverRefused says why not. Says what was done."""
    with db.writing() as session:
        contacts_repo.check_hand_over(session, contact_id, login)
        by, to = reps_repo.name_of(session), reps_repo.name_of(session, login)
        note = Touch(contact_id, Outcome.NOTE, clock.now(), _handed(by, to))
        followups_repo.add_touch(session, note)
        name = contacts_repo.hand_over(session, contact_id, login)
    return f"{name} is now {to}'s"


def _handed(by: str, to: str) -> str:
    """The contact's history line: who handed it to whom, by the names the team knows."""
    return f"Handed over by {by} to {to}"


def hand_book(db: Database, clock: Clock, login: str, owner: str | None = None) -> str:
    """Every contact of ``owner``'s (None: the caller's own book, e.g. the one an admin
    just copied onto the server) handed to ``login``, each with its line in the history,
    in one transaction: all of them or none. Says what was done."""
    with db.writing() as session:
        book = contacts_repo.book_of(session, owner)
        theirs = reps_repo.name_of(session, owner) if owner else ""
        whose = f"{theirs}'s" if owner else "your"
        if not book:
            raise HandOverRefused(
                f"{theirs} has no contacts you can hand over"
                if owner
                else "you have no contacts to hand over"
            )
        contacts_repo.check_hand_over(session, book[0], login)
        now, to = clock.now(), reps_repo.name_of(session, login)
        line = _handed(reps_repo.name_of(session), to)
        for contact_id in book:
            followups_repo.add_touch(session, Touch(contact_id, Outcome.NOTE, now, line))
            contacts_repo.hand_over(session, contact_id, login)
    are = "is" if len(book) == 1 else "are"
    return f"{len(book):,} of {whose} contacts {are} now {to}'s"


def change_feed(db: Database) -> ChangeFeed | None:
    """What colleagues change on the team server, as it happens (None in a rep's own
    file). Opened on the thread that will wait on it: it connects to the server."""
    return open_feed(db)


def host_and_user(url: str) -> tuple[str, str]:
    return team_server.host_and_user(url)


def migrate(url: str) -> str:
    """The server's schema brought up; says what was done."""
    before, after = team_server.migrate_team(with_password(url))
    where = team_server.describe(url)
    if before == after:
        return f"{where}: already at schema {after}"
    return f"{where}: schema {before or 'none'} → {after}"


def migrate_local(paths: AppPaths) -> str:
    Database.open(paths.database, paths.backups).close()
    return f"{paths.database}: at the newest schema"


@dataclass(frozen=True, slots=True)
class Copied:
    contacts: int
    rows: int
    tables: int
    where: str

    def text(self) -> str:
        return (
            f"copied {self.contacts} contacts ({self.rows} rows in {self.tables} tables) to "
            f"{self.where}, checked row for row; the source is unchanged"
        )


def copy_book(paths: AppPaths, url: str, *, to_team: bool) -> Copied:
    """The data folder's book onto the (empty) team server at ``url``, or the server's
    into the (empty) data folder. CopyRefused or SchemaMismatch say why nothing was."""
    team = team_server.open_team(with_password(url))
    local: Database | None = None
    try:
        if to_team and not paths.database.exists():
            raise CopyRefused(f"there is no book in {paths.data_dir} to copy")
        local = Database.open(paths.database, paths.backups)
        source, target = (local, team) if to_team else (team, local)
        report = team_server.copy_store(source, target)
    finally:
        team.close()
        if local is not None:
            local.close()
    where = team_server.describe(url) if to_team else str(paths.database)
    return Copied(report.contacts, sum(report.rows.values()), len(report.rows), where)
