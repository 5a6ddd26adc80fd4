"""Search returns exactly what a plain substring filter would, whatever the rep types."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_desktop.core.model import Contact, Email, Phone
from followup_desktop.core.text_search import matches
from followup_desktop.store import contacts_repo, search
from followup_desktop.store.db import Database

PEOPLE = [
    Contact(name="José Álvarez", company="Café 100% Bio", emails=[Email("jose@cafe.example")]),
    Contact(name="Jane Smith", company="Acme, Inc.", phones=[Phone("+13125550142")]),
    Contact(name='O\'Neil "Mac" Marcus', company="under_score Ltd"),
    Contact(name="Back\\Slash", company="AND OR NOT NEAR*"),
    Contact(name="Priya Raman", company="Smithfield"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    database = Database.open(tmp_path_factory.mktemp("search") / "f.sqlite3")
    with database.writing() as session:
        for person in PEOPLE:
            contacts_repo.add(session, _copy(person))
    yield database
    database.close()


def _copy(contact: Contact) -> Contact:
    return Contact(
        name=contact.name,
        company=contact.company,
        emails=list(contact.emails),
        phones=list(contact.phones),
    )


def _expected(typed: str) -> list[str]:
    texts = {
        c.name: " ".join(
            [
                c.name,
                c.company,
                *(e.address for e in c.emails),
                *(p.e164 for p in c.phones),
                *(p.e164.lstrip("+") for p in c.phones),
            ]
        )
        for c in PEOPLE
    }
    return sorted((name for name, text in texts.items() if matches(text, typed)), key=str.casefold)


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("jose", ["José Álvarez"]),
        ("ALVAREZ", ["José Álvarez"]),
        ("100%", ["José Álvarez"]),
        ("%", ["José Álvarez"]),
        ("_", ['O\'Neil "Mac" Marcus']),
        ("o'neil", ['O\'Neil "Mac" Marcus']),
        ('"mac"', ['O\'Neil "Mac" Marcus']),
        ("\\", ["Back\\Slash"]),
        ("NEAR*", ["Back\\Slash"]),
        ("and or", ["Back\\Slash"]),
        ("smith", ["Jane Smith", "Priya Raman"]),
        ("5550142", ["Jane Smith"]),
        ("312", ["Jane Smith"]),
        ("sm ja", ["Jane Smith"]),
        ("zz", []),
        ("nobody-here", []),
    ],
)
def test_examples(db: Database, typed: str, names: list[str]) -> None:
    with db.reading() as session:
        assert [s.name for s in contacts_repo.page(session, typed)] == names
    assert _expected(typed) == names


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.sampled_from(list("abcjosémith%_'\"\\*()-:^ +0142AND")), max_size=8))
def test_agrees_with_a_plain_substring_filter(db: Database, typed: str) -> None:
    with db.reading() as session:
        assert [s.name for s in contacts_repo.page(session, typed)] == _expected(typed)


def test_dense_terms_take_the_ordered_scan(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    # With a tiny threshold every FTS probe counts as "dense": results must not change.
    monkeypatch.setattr(search, "DENSE_HITS", 0)
    with db.reading() as session:
        assert [s.name for s in contacts_repo.page(session, "smith")] == [
            "Jane Smith",
            "Priya Raman",
        ]


def test_paging_walks_every_row_once(tmp_path: Path) -> None:
    database = Database.open(tmp_path / "f.sqlite3")
    with database.writing() as session:
        for number in range(1, 451):
            contacts_repo.add(session, Contact(name=f"Person {number:04d}"))
    seen: list[str] = []
    with database.reading() as session:
        last = None
        while page := contacts_repo.page(session, "person", after=last, limit=200):
            seen.extend(s.name for s in page)
            last = page[-1]
        # "person" anywhere, and a word starting with "04".
        expected = sum(1 for n in range(1, 451) if f"{n:04d}".startswith("04"))
        assert contacts_repo.count(session, "person 04") == expected
    assert seen == [f"Person {n:04d}" for n in range(1, 451)]
    database.close()
