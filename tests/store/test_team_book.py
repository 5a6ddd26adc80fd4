"""The team's book as a manager and a rep see it on a real PostgreSQL team server: the
list shows the login's own contacts, the team's on asking (as far as the server's rules
let the login read), a contact handed over from the desk, and the numbers by rep."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from followup_desktop import cli
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import (
    Contact,
    ContactSort,
    Deal,
    DealStage,
    Email,
    Outcome,
    Phone,
)
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import Services, open_services
from followup_desktop.services.team import HandOverRefused
from tests.team_logins import NOW, as_rep, raw


def _bo(port: int, folder: Path) -> Services:
    return open_services(AppPaths(folder), FixedClock(NOW), database=as_rep(port, "bo"))


def test_the_list_is_the_login_s_own_and_the_team_s_on_asking(
    server: tuple[str, int], ana: Services, maria: Services, tmp_path: Path
) -> None:
    ana.contacts.add(Contact(name="Priya Patel", company="Acme"))
    maria.contacts.add(Contact(name="Marcus Smith", company="Globex"))
    bo = _bo(server[1], tmp_path / "bo")
    try:
        bo.contacts.add(Contact(name="Ben Ode"))
    finally:
        bo.close()

    assert [c.name for c in maria.contacts.page()] == ["Marcus Smith"]
    assert maria.contacts.count() == 1
    team = maria.contacts.page(team=True, sort=ContactSort.OWNER)
    assert [(c.name, c.owner) for c in team] == [
        ("Priya Patel", "ana"),
        ("Ben Ode", "bo"),
        ("Marcus Smith", "maria"),
    ]
    assert maria.contacts.count("acme", team=True) == 1
    # A rep asking for the team's gets what the server lets them read: their own.
    assert [(c.name, c.owner) for c in ana.contacts.page(team=True)] == [("Priya Patel", "ana")]

    out, err = io.StringIO(), io.StringIO()
    manager = ["--data-dir", str(tmp_path / "m"), "--database", as_rep(server[1], "maria")]
    assert cli.main([*manager, "contacts", "--team", "--search", "acme"], out, err) == 0
    # The rep by her name, as the window's list names her (her login for a script).
    assert out.getvalue().split()[1:] == [
        "Priya",
        "Patel",
        "·",
        "Acme",
        "next:",
        "-",
        "rep:",
        "Ana",
        "Lima",
    ]
    out = io.StringIO()
    assert cli.main([*manager, "contacts", "--team", "--json"], out, err) == 0
    assert [(c["name"], c["rep"], c["rep_login"]) for c in json.loads(out.getvalue())] == [
        ("Ben Ode", "Bo Berg", "bo"),
        ("Marcus Smith", "Maria Ruiz", "maria"),
        ("Priya Patel", "Ana Lima", "ana"),
    ]

    # A rep's --team is the team's book, as her window's "The team's contacts": each
    # contact's name, company and rep, nothing else of a colleague's.
    rep = ["--data-dir", str(tmp_path / "a"), "--database", as_rep(server[1], "ana")]
    out = io.StringIO()
    assert cli.main([*rep, "contacts", "--team"], out, err) == 0
    assert [line.split(None, 1)[1] for line in out.getvalue().splitlines()] == [
        "Ben Ode  rep: Bo Berg",
        "Marcus Smith · Globex  rep: Maria Ruiz",
        "Priya Patel · Acme  rep: Ana Lima",
    ]
    out = io.StringIO()
    assert cli.main([*rep, "contacts", "--team", "--search", "globex", "--json"], out, err) == 0
    (marcus,) = json.loads(out.getvalue())
    assert {k: v for k, v in marcus.items() if k != "id"} == {
        "name": "Marcus Smith",
        "company": "Globex",
        "rep": "Maria Ruiz",
        "rep_login": "maria",
    }

    me = maria.team_book.who()
    assert me is not None and me.login == "maria" and me.manager
    assert [rep.shown for rep in me.others()] == ["Ana Lima", "Bo Berg"]
    ana_login = ana.team_book.who()
    assert ana_login is not None and not ana_login.manager
    assert ana_login.name_of("bo") == "Bo Berg"


def test_a_contact_is_handed_over_from_the_desk(
    server: tuple[str, int], ana: Services, maria: Services
) -> None:
    priya = ana.contacts.add(Contact(name="Priya Patel"))
    said, change = ana.team_book.hand_over(priya, "bo")
    assert said == "Priya Patel is now Bo Berg's"
    assert priya in change.contact_ids
    assert ana.contacts.page() == []
    with pytest.raises(HandOverRefused, match="not yours"):
        ana.team_book.hand_over(priya, "ana")
    assert [(c.name, c.owner) for c in maria.contacts.page(team=True)] == [("Priya Patel", "bo")]


def test_a_manager_sees_each_rep_s_numbers_a_rep_their_own(
    server: tuple[str, int], ana: Services, maria: Services, tmp_path: Path
) -> None:
    priya = ana.contacts.add(Contact(name="Priya Patel"))
    marcus = ana.contacts.add(Contact(name="Marcus Smith"))
    ana.followups.log(priya, Outcome.CONNECTED, notes="pilot", agreed_next=NOW + timedelta(days=2))
    ana.followups.log(marcus, Outcome.VOICEMAIL, at=NOW - timedelta(days=1))
    bo = _bo(server[1], tmp_path / "bo")
    try:
        ben = bo.contacts.add(Contact(name="Ben Ode"))
        bo.followups.log(ben, Outcome.NO_ANSWER, at=NOW - timedelta(days=10))
    finally:
        bo.close()

    lines = {line.name: line for line in maria.team_book.by_rep()}
    assert set(lines) == {"Ana Lima", "Bo Berg"}
    ana_line, bo_line = lines["Ana Lima"], lines["Bo Berg"]
    assert (ana_line.contacts, ana_line.calls_this_week, ana_line.conversations_this_week) == (
        2,
        2,
        1,
    )
    # Bo's only call was ten days ago: none this week.
    assert (bo_line.contacts, bo_line.calls_this_week) == (1, 0)
    assert [line.name for line in ana.team_book.by_rep()] == ["Ana Lima"]


def test_a_call_counts_for_the_rep_who_made_it_after_the_contact_is_handed_over(
    server: tuple[str, int], ana: Services, bo: Services, maria: Services
) -> None:
    priya = ana.contacts.add(Contact(name="Priya Patel"))
    ana.followups.log(priya, Outcome.NO_ANSWER, at=NOW - timedelta(days=2))
    ana.followups.log(priya, Outcome.CONNECTED, notes="wants a pilot", at=NOW - timedelta(days=1))
    ana.team_book.hand_over(priya, "bo")
    bo.followups.log(priya, Outcome.VOICEMAIL, at=NOW - timedelta(hours=1))

    lines = {
        line.name: (line.contacts, line.calls_this_week, line.conversations_this_week)
        for line in maria.team_book.by_rep()
    }
    # Ana's week keeps the two calls she made; Bo has the contact and his one call.
    assert lines == {"Ana Lima": (0, 2, 1), "Bo Berg": (1, 1, 0)}
    # Bo's own line: his call, not Ana's, though he now reads her history of Priya.
    assert [(line.name, line.calls_this_week) for line in bo.team_book.by_rep()] == [("Bo Berg", 1)]
    # Whatever a client sends, the server writes who logged the line, and keeps it.
    with raw(server[1], "bo") as connection:
        made = connection.execute(
            "INSERT INTO touches (contact_id, outcome, at, notes, created_at, made_by) "
            "VALUES (%s, 'voicemail', now(), '', now(), 'ana') RETURNING made_by",
            (priya,),
        ).fetchone()
        assert made == ("bo",)
        connection.execute("UPDATE touches SET made_by = 'bo'")
        by = connection.execute("SELECT made_by, count(*) FROM touches GROUP BY 1 ORDER BY 1")
        assert by.fetchall() == [("ana", 3), ("bo", 2)]  # Ana's hand-over line too


def test_a_deal_won_stays_the_winner_s_and_an_overdue_step_goes_with_the_contact(
    server: tuple[str, int], ana: Services, bo: Services, tmp_path: Path
) -> None:
    priya = ana.contacts.add(Contact(name="Priya Patel"))
    ana.deals.save(Deal(priya, "Pilot", 500_000, "EUR", DealStage.WON))
    marcus = ana.contacts.add(Contact(name="Marcus Smith"))
    ana.followups.log(marcus, Outcome.CONNECTED, agreed_next=NOW + timedelta(days=1))
    # The manager reads the numbers three days on: the agreed call is past its time.
    later = FixedClock(NOW + timedelta(days=3))
    maria = open_services(AppPaths(tmp_path / "m"), later, database=as_rep(server[1], "maria"))

    def won_and_overdue() -> dict[str, tuple[int, int]]:
        return {line.name: (line.won_this_month, line.overdue) for line in maria.team_book.by_rep()}

    try:
        assert won_and_overdue() == {"Ana Lima": (1, 1)}
        ana.team_book.hand_over(priya, "bo")
        ana.team_book.hand_over(marcus, "bo")
        # Ana won the pilot before the hand-over: still her win. Marcus's late call is
        # Bo's to make now: his overdue.
        assert won_and_overdue() == {"Ana Lima": (1, 0), "Bo Berg": (0, 1)}
        bo.deals.save(Deal(priya, "Roll-out", 900_000, "EUR", DealStage.WON))
        assert won_and_overdue() == {"Ana Lima": (1, 0), "Bo Berg": (1, 1)}
    finally:
        maria.close()

    # Whatever a client sends, the server writes who won a deal, and keeps it while it
    # stays won; a deal reopened is nobody's win.
    with raw(server[1], "bo") as connection:
        won = connection.execute(
            "INSERT INTO deals (contact_id, title, value_minor, currency, stage, created_at, "
            "closed_at, won_by) VALUES (%s, 'Extra', 1, 'EUR', 'won', now(), now(), 'ana') "
            "RETURNING won_by",
            (priya,),
        ).fetchone()
        assert won == ("bo",)
        connection.execute("UPDATE deals SET won_by = 'bo', title = title || '.'")
        by = connection.execute("SELECT title, won_by FROM deals ORDER BY id").fetchall()
        assert by == [("Pilot.", "ana"), ("Roll-out.", "bo"), ("Extra.", "bo")]
        connection.execute("UPDATE deals SET stage = 'proposal' WHERE title = 'Pilot.'")
        reopened = connection.execute("SELECT won_by FROM deals WHERE title = 'Pilot.'")
        assert reopened.fetchone() == (None,)


def test_a_rep_learns_whose_a_contact_is_and_nothing_more(
    server: tuple[str, int], ana: Services, maria: Services, tmp_path: Path
) -> None:
    bo = _bo(server[1], tmp_path / "bo")
    try:
        bo.contacts.add(
            Contact(
                name="Priya Patel",
                company="Acme",
                personal_notes="secret",
                emails=[Email("priya@bigmail.example")],
                phones=[Phone("+4722123456")],
            )
        )
        gone = bo.contacts.add(Contact(name="Paul Acme"))
        bo.contacts.delete(gone)
        for number in range(7):
            bo.contacts.add(Contact(name=f"Lead {number}", company="Zenith 100%"))
    finally:
        bo.close()
    ana.contacts.add(Contact(name="Anna Acme"))  # her own: her list shows it already

    assert ana.team_book.who_has("acme") == ["Priya Patel (Acme) is Bo Berg's"]
    assert ana.team_book.who_has("priya acme") == ["Priya Patel (Acme) is Bo Berg's"]
    assert ana.team_book.who_has("priya globex") == []
    assert len(ana.team_book.who_has("zenith")) == 5  # a few, never a listing
    assert ana.team_book.who_has("100%") == ana.team_book.who_has("zenith 100")[:5]
    assert ana.team_book.who_has("%") == []  # a wildcard is a character, and too short
    assert ana.team_book.who_has("pa") == []  # two letters: not a search
    assert ana.team_book.who_has("priya pa") == []  # every word: three letters at least
    # Name and company only: her e-mail and number say nothing of whose she is.
    assert ana.team_book.who_has("bigmail") == []
    assert ana.team_book.who_has("acme bigmail") == []
    assert ana.team_book.who_has("22123456") == []
    with raw(server[1], "ana") as db:
        (row,) = db.execute("SELECT * FROM followup_who_has(ARRAY['priya'])").fetchall()
        assert row == ("Priya Patel", "Acme", "Bo Berg")  # no notes, no id, nothing else
        assert db.execute("SELECT * FROM followup_who_has(ARRAY['%%%'])").fetchall() == []


def test_a_rep_lists_the_team_s_contacts_by_name_company_and_rep_only(
    server: tuple[str, int], ana: Services, maria: Services, tmp_path: Path
) -> None:
    bo = _bo(server[1], tmp_path / "bo")
    try:
        priya = bo.contacts.add(
            Contact(
                name="Priya Patel",
                company="Acme",
                personal_notes="secret",
                notes="Met her at the Acme booth",
                emails=[Email("priya@bigmail.example")],
            )
        )
        # Her own notes are hers to write and read on the server, as any field of it.
        assert bo.contacts.get(priya).notes == "Met her at the Acme booth"
        gone = bo.contacts.add(Contact(name="Paul Gone", company="Acme"))
        bo.contacts.delete(gone)
        for number in range(12):
            bo.contacts.add(Contact(name=f"Lead {number:02d}", company="Zenith 100%"))
    finally:
        bo.close()
    ana.contacts.add(Contact(name="Anna Acme"))
    maria.contacts.add(Contact(name="Marcus Smith", company="Globex"))

    acme = ana.team_book.page("acme")
    assert [(c.name, c.company, c.owner) for c in acme] == [
        ("Anna Acme", "", "ana"),
        ("Priya Patel", "Acme", "bo"),
    ]
    # Nothing else of a colleague's contact comes with it.
    assert acme[1].next_follow_up_at is None and acme[1].attempts == 0
    assert ana.team_book.count("acme") == 2
    assert ana.team_book.count() == 15
    # In name order, a page at a time (keyset), every row once.
    pages, after = [], None
    while page := ana.team_book.page(after=after, limit=4):
        pages.append([c.name for c in page])
        after = page[-1]
    names = [name for page in pages for name in page]
    assert len(pages) == 4 and len(names) == len(set(names)) == 15
    assert names[:3] == ["Anna Acme", "Lead 00", "Lead 01"] and names[-1] == "Priya Patel"
    assert [c.name for c in ana.team_book.page("100%")][:2] == ["Lead 00", "Lead 01"]
    assert ana.team_book.page("bigmail") == []  # e-mails are not searched
    # Listed is not opened: the rules still refuse a colleague's contact itself.
    assert ana.contacts.page("priya") == []
    with raw(server[1], "ana") as db:
        rows = db.execute(
            "SELECT * FROM followup_team_book(ARRAY['priya'], NULL, NULL, 10)"
        ).fetchall()
        assert rows == [(priya, "Priya Patel", "Acme", "bo")]  # no notes, nothing else
        for column in ("personal_notes", "notes"):
            asked = db.execute(f"SELECT {column} FROM contacts WHERE id = %s", (priya,))
            assert asked.fetchall() == []
        asked = db.execute(
            "SELECT count(*) FROM followup_team_book(ARRAY[]::text[], NULL, NULL, 100000)"
        )
        assert asked.fetchone() == (15,)  # a page of more than its 500 is cut, not refused


def test_a_rep_s_team_list_finds_companies_folded_and_short_words_at_word_starts(
    server: tuple[str, int], ana: Services, tmp_path: Path
) -> None:
    bo = _bo(server[1], tmp_path / "bo")
    try:
        bo.contacts.add(Contact(name="Léa Martin", company="Société Générale"))
        bo.contacts.add(Contact(name="Benjamin Ode", company="ØRSTED A/S"))
        bo.contacts.add(Contact(name="Jana Kühn", company="Acme-Jade"))
    finally:
        bo.close()

    def names(typed: str) -> list[str]:
        return [c.name for c in ana.team_book.page(typed)]

    assert names("societe") == names("Société") == names("GÉNÉRALE") == ["Léa Martin"]
    assert names("ørsted") == ["Benjamin Ode"]
    assert names("kuhn") == ["Jana Kühn"]
    # One or two letters: the start of a word, as the app's own search has it.
    assert names("ja") == ["Jana Kühn"]  # Jana, and Jade after the hyphen: not Benjamin
    assert names("a/") == ["Benjamin Ode"]  # punctuation: anywhere, as in the app
    assert names("s") == ["Benjamin Ode", "Léa Martin"]  # "Société", and "S" after "A/"
    assert ana.team_book.count("societe") == 1
    assert ana.team_book.who_has("societe") == ["Léa Martin (Société Générale) is Bo Berg's"]


def test_a_rep_s_team_list_reads_past_the_server_s_page(
    server: tuple[str, int], ana: Services, tmp_path: Path
) -> None:
    """A list read again whole (after a change) may want more than the 500 rows the
    server gives a call: it gets them all, in order."""
    bo = _bo(server[1], tmp_path / "bo")
    try:
        for number in range(520):
            bo.contacts.add(Contact(name=f"Lead {number:03d}"))
    finally:
        bo.close()
    listed = ana.team_book.page(limit=600)
    assert [c.name for c in listed] == [f"Lead {number:03d}" for number in range(520)]


def test_the_server_folds_letters_as_the_app_does() -> None:
    import importlib.util

    from followup_desktop.core.text_search import fold

    migration = next(
        (Path(__file__).parents[2] / "followup_desktop/store/migrations/versions").glob("0022_*.py")
    )
    spec = importlib.util.spec_from_file_location("migration_0022", migration)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert len(module.FOLDED_FROM) == len(module.FOLDED_TO)
    for letter, folded in zip(module.FOLDED_FROM, module.FOLDED_TO, strict=True):
        assert fold(letter) == folded, letter
    latin = [chr(code) for code in range(0xC0, 0x180) if chr(code).isalpha()]
    left_out = [c for c in latin if c not in module.FOLDED_FROM and fold(c) != c.lower()]
    assert left_out == [c for c in latin if len(fold(c)) != 1]  # ß, Ĳ…: two letters
