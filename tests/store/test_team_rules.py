"""Two reps and a manager on a real PostgreSQL team server, each with their own login over
TCP (SCRAM passwords): the server itself keeps a rep's contacts, history (the call notes)
and follow-ups theirs, whatever client connects. A rep with a raw psycopg connection
cannot read a colleague's notes; the app opened as that rep shows only their own day;
the manager sees the team's; a book copied onto the server becomes the copying login's."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest

from followup_desktop import cli
from followup_desktop.core import settings as options
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Email, Outcome, Phone
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import Services, open_services
from followup_desktop.services.team import HandOverRefused, RepRefused, add_rep, hand_over
from tests.team_logins import NOW, PASSWORDS, as_rep, raw


def test_a_colleague_cannot_read_a_rep_s_notes_the_manager_can(
    server: tuple[str, int], ana: Services, tmp_path: Path
) -> None:
    _url, port = server
    priya = ana.contacts.add(
        Contact(
            name="Priya Patel",
            company="Acme",
            phones=[Phone("+4722123456")],
            emails=[Email("priya@acme.example")],
        )
    )
    ana.followups.log(
        priya,
        Outcome.CONNECTED,
        notes="Budget is 40k; decides Friday",
        agreed_next=NOW + timedelta(hours=3),
        objective="hear the decision",
    )
    assert [e.contact_name for e in ana.followups.today_agenda().entries] == ["Priya Patel"]

    with raw(port, "bo") as bo:
        assert bo.execute("SELECT notes FROM touches").fetchall() == []
        assert bo.execute("SELECT count(*) FROM follow_ups").fetchone() == (0,)
        assert bo.execute("SELECT name FROM contacts").fetchall() == []
        for table in ("contact_phones", "contact_emails", "reminders_fired"):
            assert bo.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
        # Writing over them is refused the same way: nothing is there to change.
        assert bo.execute("UPDATE touches SET notes = 'gone'").rowcount == 0
        assert bo.execute("DELETE FROM contacts").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            bo.execute(
                "INSERT INTO touches (contact_id, outcome, at, notes, created_at) "
                "VALUES (%s, 'note', now(), 'planted', now())",
                (priya,),
            )
    with raw(port, "bo") as bo, pytest.raises(psycopg.errors.InsufficientPrivilege):
        # Naming himself the row's owner changes nothing: the server takes the contact's.
        bo.execute(
            "INSERT INTO touches (contact_id, outcome, at, notes, created_at, owner) "
            "VALUES (%s, 'note', now(), 'planted', now(), 'bo')",
            (priya,),
        )
    with raw(port, "bo") as bo, pytest.raises(psycopg.errors.InsufficientPrivilege):
        bo.execute("UPDATE alembic_version SET version_num = '0001'")
    with raw(port, "maria") as maria:
        notes = [row[0] for row in maria.execute("SELECT notes FROM touches")]
        assert notes == ["Budget is 40k; decides Friday"]
        assert maria.execute("SELECT owner FROM contacts").fetchall() == [("ana",)]
        assert maria.execute("SELECT e164 FROM contact_phones").fetchall() == [("+4722123456",)]

    # The app opened as Bo: his own day, his own list; his contact is his.
    bo_app = open_services(AppPaths(tmp_path / "bo"), FixedClock(NOW), database=as_rep(port, "bo"))
    try:
        assert bo_app.followups.today_agenda().entries == []
        assert bo_app.contacts.count() == 0
        ben = bo_app.contacts.add(Contact(name="Ben Ode"))
        assert [c.name for c in bo_app.contacts.page()] == ["Ben Ode"]
    finally:
        bo_app.close()
    assert ana.contacts.count() == 1 and [c.name for c in ana.contacts.page()] == ["Priya Patel"]
    with raw(port, "maria") as maria:
        owners = dict(maria.execute("SELECT name, owner FROM contacts").fetchall())
        assert owners == {"Priya Patel": "ana", "Ben Ode": "bo"}
        assert maria.execute("SELECT id FROM contacts WHERE owner = 'bo'").fetchone() == (ben,)


def test_a_book_copied_onto_the_server_is_the_copying_rep_s(
    server: tuple[str, int], tmp_path: Path
) -> None:
    url, port = server
    mine = AppPaths(tmp_path / "mine")
    book = open_services(mine, FixedClock(NOW))
    book.contacts.add(Contact(name="Priya Patel"))
    book.close()
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["--data-dir", str(mine.data_dir), "db", "copy", "--to", url], out, err) == 0, (
        err.getvalue()
    )
    with raw(port, "maria") as maria:
        assert maria.execute("SELECT owner FROM contacts").fetchall() == [("followup",)]
    with raw(port, "ana") as ana:
        assert ana.execute("SELECT count(*) FROM contacts").fetchone() == (0,)
    # A rep's login sees only its own rows, so it cannot tell the server is empty.
    code = cli.main(
        ["--data-dir", str(mine.data_dir), "db", "copy", "--to", as_rep(port, "ana")], out, err
    )
    assert code == 1 and "copied onto a team server by its admin" in err.getvalue()
    with raw(port, "maria") as maria:
        assert maria.execute("SELECT count(*) FROM contacts").fetchone() == (1,)  # as it was

    # The admin hands the copied book to its rep, whole, each contact with its line.
    out, err = io.StringIO(), io.StringIO()
    admin = ["--data-dir", str(tmp_path / "admin"), "--database", url]
    code = cli.main([*admin, "contact", "hand-book", "--to", "ana"], out, err)
    assert (code, out.getvalue()) == (0, "1 of your contacts is now Ana Lima's\n"), err.getvalue()
    with raw(port, "ana") as ana:
        assert ana.execute("SELECT name, owner FROM contacts").fetchall() == [
            ("Priya Patel", "ana")
        ]
        assert ana.execute("SELECT notes FROM touches").fetchall() == [
            ("Handed over by followup to Ana Lima",)
        ]
    code = cli.main([*admin, "contact", "hand-book", "--to", "ana"], out, err)
    assert code == 2 and "you have no contacts to hand over" in err.getvalue()
    # Ana leaves: her manager hands her book to Bo; Bo himself could not have.
    bo = ["--data-dir", str(tmp_path / "bo"), "--database", as_rep(port, "bo")]
    err = io.StringIO()
    code = cli.main([*bo, "contact", "hand-book", "--from", "ana", "--to", "bo"], out, err)
    assert code == 2 and "Ana Lima has no contacts you can hand over" in err.getvalue()
    manager = ["--data-dir", str(tmp_path / "maria"), "--database", as_rep(port, "maria")]
    out = io.StringIO()
    code = cli.main([*manager, "contact", "hand-book", "--from", "ana", "--to", "bo"], out, err)
    assert (code, out.getvalue()) == (0, "1 of Ana Lima's contacts is now Bo Berg's\n")
    with raw(port, "bo") as raw_bo:
        assert raw_bo.execute("SELECT name FROM contacts").fetchall() == [("Priya Patel",)]


def test_the_admin_adds_reps_from_the_command_line(
    server: tuple[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, port = server
    monkeypatch.setattr("sys.stdin", io.StringIO("cleo's pw\n"))
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(
        ["--data-dir", str(tmp_path), "--database", url, "db", "add-rep", "cleo", "--name", "Cleo"],
        out,
        err,
    )
    assert (code, err.getvalue()) == (0, "")
    assert out.getvalue().startswith("cleo added as a rep on postgresql+psycopg://followup@")
    PASSWORDS["cleo"] = "cleo's pw"
    with raw(port, "cleo") as cleo:
        assert cleo.execute("SELECT count(*) FROM contacts").fetchone() == (0,)
    with raw(port, "maria") as maria:
        assert maria.execute("SELECT name FROM reps ORDER BY login").fetchall() == [
            ("Ana Lima",),
            ("Bo Berg",),
            ("Cleo",),
            ("Maria Ruiz",),
        ]
    for login in ("Robert'); DROP TABLE contacts; --", "followup_manager", "2fast"):
        with pytest.raises(RepRefused, match="cannot be a rep's login"):
            add_rep(url, login, "", "pw")


def test_each_rep_keeps_their_own_settings(
    server: tuple[str, int], ana: Services, tmp_path: Path
) -> None:
    _url, port = server
    ana.settings.save(ana.settings.load().with_value(options.REP_NAME, "Ana Lima"))
    ana.settings.set_ui_state("main_window.geometry", "ana's window")
    bo = open_services(AppPaths(tmp_path / "bo"), FixedClock(NOW), database=as_rep(port, "bo"))
    try:
        # A new rep starts from the defaults: the first-run page asks who they are.
        assert bo.settings.load().get(options.REP_NAME) == ""
        assert bo.settings.ui_state("main_window.geometry") is None
        bo.settings.save(bo.settings.load().with_value(options.REP_NAME, "Bo Berg"))
        assert bo.settings.load().get(options.REP_NAME) == "Bo Berg"
    finally:
        bo.close()
    ana.settings.reload()
    assert ana.settings.load().get(options.REP_NAME) == "Ana Lima"
    with raw(port, "bo") as raw_bo:
        assert raw_bo.execute("SELECT value FROM settings WHERE value LIKE 'Ana%'").fetchall() == []
        # Planting a value in a colleague's settings is refused by the server.
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            raw_bo.execute("INSERT INTO settings (rep, key, value) VALUES ('ana', 'rep.name', 'x')")


def test_a_contact_is_handed_to_another_rep_with_its_history_and_a_line_in_it(
    server: tuple[str, int], ana: Services, tmp_path: Path
) -> None:
    _url, port = server
    priya = ana.contacts.add(Contact(name="Priya Patel"))
    ana.followups.log(priya, Outcome.CONNECTED, notes="Wants a pilot", objective="pilot")
    kept = ana.contacts.add(Contact(name="Ben Ode"))
    with pytest.raises(HandOverRefused, match="'nobody' is not a rep"):
        hand_over(ana.db, ana.clock, priya, "nobody")
    assert hand_over(ana.db, ana.clock, priya, "bo") == "Priya Patel is now Bo Berg's"
    assert [c.name for c in ana.contacts.page()] == ["Ben Ode"]

    bo = open_services(AppPaths(tmp_path / "bo"), FixedClock(NOW), database=as_rep(port, "bo"))
    try:
        assert [c.name for c in bo.contacts.page()] == ["Priya Patel"]
        history = " | ".join(f"{e.what} {e.detail}" for e in bo.followups.history(priya))
        assert "Wants a pilot" in history and "Handed over by Ana Lima to Bo Berg" in history
        # Not his to give away: Ana's other contact stays hers.
        with pytest.raises(
            HandOverRefused,
            match=f"contact {kept} is Ana Lima's, not yours: only Ana Lima or a manager can "
            "hand it over",
        ):
            hand_over(bo.db, bo.clock, kept, "bo")
    finally:
        bo.close()
    out, err = io.StringIO(), io.StringIO()
    manager = ["--data-dir", str(tmp_path / "maria"), "--database", as_rep(port, "maria")]
    code = cli.main([*manager, "contact", "hand", str(priya), "--to", "ana"], out, err)
    assert (code, out.getvalue()) == (0, "Priya Patel is now Ana Lima's\n"), err.getvalue()
    assert {c.name for c in ana.contacts.page()} == {"Priya Patel", "Ben Ode"}
    told = [e.detail for e in ana.followups.history(priya)]
    assert "Wants a pilot" in told
    # Her history says who handed Priya on, and to whom, by the names the team knows.
    assert {"Handed over by Ana Lima to Bo Berg", "Handed over by Maria Ruiz to Ana Lima"} <= set(
        told
    )
    with pytest.raises(HandOverRefused, match="Priya Patel is already Ana Lima's"):
        hand_over(ana.db, ana.clock, priya, "ana")
    with raw(port, "bo") as bo:
        assert bo.execute("SELECT count(*) FROM touches").fetchone() == (0,)


def test_a_rep_s_own_file_has_nobody_to_hand_to(tmp_path: Path) -> None:
    book = open_services(AppPaths(tmp_path / "mine"), FixedClock(NOW))
    try:
        priya = book.contacts.add(Contact(name="Priya Patel"))
        with pytest.raises(HandOverRefused, match="on a team server only"):
            hand_over(book.db, book.clock, priya, "bo")
        assert book.followups.history(priya) == []  # the note went with the refusal
    finally:
        book.close()


def test_today_s_counts_are_the_login_s_own_live_follow_ups(
    server: tuple[str, int], ana: Services, maria: Services, tmp_path: Path
) -> None:
    """Today's counts (read apart from its rows on a server) count what its rows list: the
    login's own open follow-ups, not a deleted contact's, not the team's for a manager, and
    a contact's calls go with it when it is handed over."""
    _url, port = server

    def call_later(app: Services, name: str, hours: int) -> int:
        contact = app.contacts.add(Contact(name=name))
        app.followups.log(
            contact, Outcome.CONNECTED, agreed_next=NOW + timedelta(hours=hours), objective="demo"
        )
        return contact

    def today(app: Services) -> tuple[list[str], int]:
        agenda = app.followups.today_agenda()
        return [e.contact_name for e in agenda.entries], agenda.page.upcoming

    priya = call_later(ana, "Priya Patel", 1)
    call_later(ana, "Jon Berg", 2)
    gone = call_later(ana, "Lea Fox", 3)
    call_later(maria, "Mo Diaz", 4)
    ana.contacts.delete(gone)
    assert today(ana) == (["Priya Patel", "Jon Berg"], 2)
    # The manager's login reads the team's calls, and her day is still her own.
    with raw(port, "maria") as manager:
        assert manager.execute(
            "SELECT count(*) FROM follow_ups WHERE state = 'open'"
        ).fetchone() == (4,)
    assert today(maria) == (["Mo Diaz"], 1)

    hand_over(ana.db, ana.clock, priya, "bo")
    assert today(ana) == (["Jon Berg"], 1)
    bo = open_services(AppPaths(tmp_path / "bo"), FixedClock(NOW), database=as_rep(port, "bo"))
    try:
        assert today(bo) == (["Priya Patel"], 1)
    finally:
        bo.close()


def test_a_colleague_s_contact_on_the_command_line_is_said_as_theirs_not_as_missing(
    server: tuple[str, int], ana: Services, tmp_path: Path
) -> None:
    admin_url, port = server
    priya = ana.contacts.add(Contact(name="Priya Patel"))
    add_rep(admin_url, "cy", "", "cy-pw")  # a rep the team has no name for
    cy = open_services(
        AppPaths(tmp_path / "cy"),
        FixedClock(NOW),
        database=as_rep(port, "bo").replace("bo:bo%27s%20pw", "cy:cy-pw"),
    )
    try:
        nameless = cy.contacts.add(Contact(name="Ben Ode"))
    finally:
        cy.close()
    bo = ["--data-dir", str(tmp_path / "bo"), "--database", as_rep(port, "bo")]

    def run(*argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = cli.main([*bo, *argv], out, err)
        return code, out.getvalue(), err.getvalue()

    theirs = (
        f"followup: contact {priya} is Ana Lima's, not yours: only Ana Lima or a manager can "
        "change it (ask them to hand it over to you)\n"
    )
    assert run("log", str(priya), "--outcome", "no-answer") == (2, "", theirs)
    assert run("contact", "restore", str(priya)) == (2, "", theirs)
    code, _out, err = run("contact", "hand", str(priya), "--to", "bo")
    assert code == 2 and f"contact {priya} is Ana Lima's, not yours" in err
    assert "only Ana Lima or a manager can hand it over" in err
    # A rep the team has no name for is named by their login.
    code, _out, err = run("log", str(nameless), "--outcome", "no-answer")
    assert code == 2 and f"contact {nameless} is cy's, not yours: only cy or a manager" in err
    # An id nobody has is still said as missing; nothing of Ana's was written by Bo.
    assert run("log", "999999", "--outcome", "no-answer") == (
        2,
        "",
        "followup: there is no contact 999999\n",
    )
    assert [e.what for e in ana.followups.history(priya)] == []
