"""Two people, one contact, on a real team server: Ana and her manager Maria each save
Ana's contact. The second save over an older version is refused by the store and says
who changed it ("Ana Lima", from the server's own record of the login, not what the
client claims); two processes saving the contact 100 times each lose no update."""

from __future__ import annotations

import socket
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from followup_desktop.core.model import Contact, Outcome, Phone
from followup_desktop.paths import AppPaths
from followup_desktop.services.contacts import ContactChanged
from followup_desktop.services.disk_trouble import plain_error
from followup_desktop.services.session import Services, open_services
from tests.harness.two_savers import check_no_lost_update, two_savers
from tests.team_logins import NOW, as_rep, raw


def test_the_manager_s_save_over_ana_s_change_is_refused_and_names_her(
    ana: Services,
    maria: Services,
    server: tuple[str, int],
) -> None:
    contact_id = ana.contacts.add(Contact(name="Priya Patel", phones=[Phone("+4722123456")]))
    opened_by_maria = maria.contacts.get(contact_id)
    mine = ana.contacts.get(contact_id)
    mine.company = "Acme"
    ana.contacts.save(mine)
    opened_by_maria.title = "CFO"
    with pytest.raises(ContactChanged) as refused:
        maria.contacts.save(opened_by_maria)
    assert refused.value.by == "Ana Lima"
    assert refused.value.theirs.company == "Acme"
    assert "changed by Ana Lima" in str(refused.value)
    # Who changed it is the server's to say: a client claiming otherwise is overruled.
    with raw(server[1], "ana") as connection:
        connection.execute(
            "UPDATE contacts SET version = version + 1, changed_by = 'maria' WHERE id = %s",
            (contact_id,),
        )
        assert connection.execute(
            "SELECT changed_by FROM contacts WHERE id = %s", (contact_id,)
        ).fetchone() == ("ana",)
    with raw(server[1], "bo") as connection:  # not his: nothing to change
        cursor = connection.execute("UPDATE contacts SET version = 99 WHERE id = %s", (contact_id,))
        assert cursor.rowcount == 0


def test_a_rep_and_the_manager_saving_one_contact_100_times_each_lose_nothing(
    ana: Services,
    server: tuple[str, int],
    tmp_path: Path,
) -> None:
    contact_id = ana.contacts.add(Contact(name="Priya Patel"))
    first = ana.contacts.get(contact_id).version
    port = server[1]
    results = two_savers(
        (tmp_path / "a", tmp_path / "b"), (as_rep(port, "ana"), as_rep(port, "maria")), contact_id
    )
    check_no_lost_update(results, first, ana.contacts.get(contact_id).personal_notes)


def test_a_write_the_server_refuses_is_told_in_plain_words(
    ana: Services, server: tuple[str, int], tmp_path: Path
) -> None:
    """Bo plants a note on Ana's contact, through the app's store and through psql alike:
    the server refuses, and the rep reads why, not the server's SQL."""
    priya = ana.contacts.add(Contact(name="Priya Patel"))
    planted = (
        "INSERT INTO touches (contact_id, outcome, at, notes, created_at) "
        "VALUES (:id, 'note', now(), 'planted', now())"
    )
    bo = open_services(AppPaths(tmp_path / "bo"), database=as_rep(server[1], "bo"))
    try:
        with pytest.raises(DBAPIError) as through_app, bo.db.writing() as session:
            session.execute(text(planted), {"id": priya})
    finally:
        bo.close()
    with raw(server[1], "bo") as connection, pytest.raises(psycopg.Error) as through_psql:
        connection.execute(planted.replace(":id", "%s"), (priya,))
    for refused in (through_app.value, through_psql.value):
        told = plain_error(refused)
        assert told.startswith("the team server keeps this to the contact's owner"), told
        assert "INSERT" not in told and "planted" not in told


def test_the_manager_s_day_and_reminders_are_her_own_while_she_reads_the_team_s(
    ana: Services, maria: Services
) -> None:
    soon = NOW + timedelta(minutes=10)
    priya = ana.contacts.add(Contact(name="Priya Patel"))
    ana.followups.log(priya, Outcome.CONNECTED, agreed_next=soon, objective="the decision")
    mia = maria.contacts.add(Contact(name="Mia Berg"))
    maria.followups.log(mia, Outcome.CONNECTED, agreed_next=soon, objective="the renewal")
    # She reads the team's book (the pipeline, the numbers, the list when she asks) …
    assert {c.name for c in maria.contacts.page(team=True)} == {"Priya Patel", "Mia Berg"}
    assert [c.name for c in maria.contacts.page()] == ["Mia Berg"]
    # … but her day, her call queue and her reminders are her own calls, as Ana's are hers.
    assert [e.contact_name for e in maria.followups.today_agenda().entries] == ["Mia Berg"]
    assert [e.contact_name for e in ana.followups.today_agenda().entries] == ["Priya Patel"]
    reminded = " ".join(n.title + n.body for n in maria.reminders.due_now().notices)
    assert "Mia Berg" in reminded and "Priya" not in reminded
    assert [c.name for c in maria.queue.start().calls] == ["Mia Berg"]


def test_a_refused_password_and_a_server_away_are_told_in_her_words(
    server: tuple[str, int],
) -> None:
    """Before, both read "the database refused the change (OperationalError)" in the
    status bar ("Reminders could not be checked (…)"), a connection failure having no
    SQLSTATE to go by."""
    with pytest.raises(psycopg.OperationalError) as refused:
        psycopg.connect(
            host="127.0.0.1", port=server[1], dbname="postgres", user="bo", password="old"
        )
    told = plain_error(refused.value)
    assert told == "the team server refused your password: type the new one where FollowUp asks"
    with socket.socket() as spare:  # a port nothing listens on: the server is away
        spare.bind(("127.0.0.1", 0))
        port = spare.getsockname()[1]
    with pytest.raises(psycopg.OperationalError) as away:
        psycopg.connect(host="127.0.0.1", port=port, dbname="postgres", connect_timeout=2)
    assert plain_error(away.value) == "the team server cannot be reached just now"
