"""Search returns exactly what a plain substring filter would, whatever the rep types."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from followup_desktop.core.model import Contact, Email, Phone
from followup_desktop.core.text_search import matches, starts_a_word
from followup_desktop.store import contacts_repo, search_plan
from followup_desktop.store.db import Database
from tests.harness.counts import fuzz_examples

PEOPLE = [
    Contact(name="José Álvarez", company="Café 100% Bio", emails=[Email("jose@cafe.example")]),
    Contact(name="Jane Smith", company="Acme, Inc.", phones=[Phone("+13125550142")]),
    Contact(name='O\'Neil "Mac" Marcus', company="under_score Ltd"),
    Contact(name="Back\\Slash", company="AND OR NOT NEAR*"),
    Contact(name="Priya Raman", company="Smithfield"),
    # Stays non-ASCII once folded: word starts on it take the Python rule, not GLOB.
    Contact(name="Søren Øby", company="Дом-ø1"),
]


# Thresholds that force each of the search's three plans (see store/search_plan.py).
PLANS = {
    "sort the hits": (10**9, 10**9),
    "walk the list against the hits": (0, 10**9),
    "walk the list checking rows": (0, 0),
}


@pytest.fixture(params=list(PLANS))
def plan(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    sort_hits, walk_hits = PLANS[request.param]
    monkeypatch.setattr(search_plan, "SORT_HITS", sort_hits)
    monkeypatch.setattr(search_plan, "WALK_HITS", walk_hits)
    return str(request.param)


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
                *(p.number for p in c.phones),
                *(p.number.lstrip("+") for p in c.phones),
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
        ("s", ["Back\\Slash", "Jane Smith", 'O\'Neil "Mac" Marcus', "Priya Raman", "Søren Øby"]),
        ("ø", ["Søren Øby"]),
        # "ø1" is one word: "1" starts none there, though GLOB's [^a-zA-Z0-9] would say so.
        ("1", ["Jane Smith", "José Álvarez"]),
        ("до", ["Søren Øby"]),
        ("nobody-here", []),
    ],
)
def test_examples(db: Database, plan: str, typed: str, names: list[str]) -> None:
    with db.reading() as session:
        assert [s.name for s in contacts_repo.page(session, typed)] == names
        assert contacts_repo.count(session, typed) == len(names)
    assert _expected(typed) == names


@settings(
    max_examples=fuzz_examples(300),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.text(alphabet=st.sampled_from(list("abcjosémith%_'\"\\*()-:^ +0142ANDøд")), max_size=8))
def test_agrees_with_a_plain_substring_filter(db: Database, plan: str, typed: str) -> None:
    with db.reading() as session:
        assert [s.name for s in contacts_repo.page(session, typed)] == _expected(typed)
        assert contacts_repo.count(session, typed) == len(_expected(typed))


# Pieces of FTS5 query syntax and LIKE/GLOB wildcards, strung together as a rep might
# paste them: every plan must treat them as plain text and never raise.
SYNTAX = st.sampled_from(
    [
        "AND",
        "OR",
        "NOT",
        "NEAR",
        "NEAR(",
        ")",
        '"',
        "'",
        "*",
        "^",
        "%",
        "_",
        "\\",
        "{",
        "}",
        "[",
        "]",
        ":",
        "name:",
        "-",
        "+",
        ".",
        ",",
        " ",
        "smith",
        "jo",
        "ø",
        "100",
        "\x00",
    ]
)


@settings(
    max_examples=fuzz_examples(300),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(SYNTAX, max_size=6).map("".join))
def test_query_syntax_is_plain_text_to_search(db: Database, plan: str, typed: str) -> None:
    with db.reading() as session:
        assert [s.name for s in contacts_repo.page(session, typed)] == _expected(typed)
        assert contacts_repo.count(session, typed) == len(_expected(typed))


@pytest.mark.parametrize("typed", ["smith", "sm", "smith j", "s p", "sm 5550142"])
def test_every_plan_finds_the_same_page(db: Database, plan: str, typed: str) -> None:
    with db.reading() as session:
        assert [s.name for s in contacts_repo.page(session, typed)] == _expected(typed)


WORD_TEXT = st.text(alphabet=st.sampled_from(list("ab1é_-. @+ßø\u0301")), max_size=12)


@given(WORD_TEXT, st.text(alphabet=st.sampled_from(list("ab1é_.ß")), min_size=1, max_size=2))
def test_the_sql_word_start_function_agrees_with_the_rule(text: str, word: str) -> None:
    assert search_plan._starts_a_word(text, word) == int(starts_a_word(text, word))


def _plan(session: Session, typed: str) -> str:
    statement = contacts_repo.page_statement(session, typed)
    compiled = statement.compile(
        dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}
    )
    rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")
    return " | ".join(row[3] for row in rows)


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        ("sort the hits", "USE TEMP B-TREE FOR ORDER BY"),
        ("walk the list against the hits", "USING INDEX ix_contacts_sort_name"),
        ("walk the list checking rows", "USING INDEX ix_contacts_sort_name"),
    ],
    indirect=["plan"],
)
def test_each_plan_reads_the_way_it_says(db: Database, plan: str, expected: str) -> None:
    # The database has no ANALYZE statistics, like a rep's own: the plan must not need them.
    with db.reading() as session:
        described = _plan(session, "smith")
    assert expected in described
    if plan != "sort the hits":
        assert "TEMP B-TREE FOR ORDER BY" not in described


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
