"""Reps importing their address books into a real PostgreSQL team server, each with
their own login (tests/team_logins): the server's rules show a rep only their own
contacts and let them take ids from the sequence but not set it."""

from __future__ import annotations

from pathlib import Path

from followup_desktop.core.model import Contact
from followup_desktop.services.session import Services
from tests.team_logins import raw

FIXTURES = Path(__file__).parents[1] / "fixtures" / "real-world" / "csv"


def _csv(folder: Path, name: str, rows: list[str]) -> Path:
    path = folder / name
    path.write_text("Name,E-mail Address,Company\n" + "".join(f"{row}\n" for row in rows))
    return path


def test_two_reps_import_into_the_team_book_and_keep_adding(
    server: tuple[str, int], ana: Services, bo: Services, tmp_path: Path
) -> None:
    _url, port = server
    first = ana.importing.import_files([FIXTURES / "network-jobs__Connections.csv"])
    assert (first.imported, first.rejected) == (10, 0)
    # Bo's contacts take the ids after Ana's, which Ana's login cannot see.
    theirs = bo.importing.import_files(
        [_csv(tmp_path, "bo.csv", ["Ola Nordmann,ola@nordic.example,Nordic AS"])]
    )
    assert theirs.imported == 1
    again = ana.importing.import_files(
        [_csv(tmp_path, "ana.csv", ["Kari Holm,kari@fjord.example,Fjord", "Lars Bakke,,Bakke"])]
    )
    assert again.imported == 2
    # An ordinary save after the imports takes a fresh id too.
    ana.contacts.add(Contact(name="Nina Berg", company="Berg & Co"))
    bo.contacts.add(Contact(name="Per Dahl", company="Dahl"))

    ana_names = {row.name for row in ana.contacts.page()}
    assert {"Kari Holm", "Lars Bakke", "Nina Berg"} <= ana_names
    assert len(ana_names) == 13
    assert {row.name for row in bo.contacts.page()} == {"Ola Nordmann", "Per Dahl"}
    with raw(port, "maria") as maria:
        owners = dict(maria.execute("SELECT owner, count(*) FROM contacts GROUP BY owner"))
        emails = maria.execute(
            "SELECT c.name, e.owner FROM contact_emails e JOIN contacts c ON c.id = e.contact_id"
            " WHERE c.name IN ('Kari Holm', 'Ola Nordmann') ORDER BY c.name"
        ).fetchall()
    assert owners == {"ana": 13, "bo": 2}
    assert emails == [("Kari Holm", "ana"), ("Ola Nordmann", "bo")]
