"""Keyset paging walks every row exactly once, in order, for every column and direction,
with ties and empty values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from followup_desktop.core.model import Contact, ContactSort, ContactSummary
from followup_desktop.core.text_search import fold
from followup_desktop.store import contacts_repo, search_plan
from followup_desktop.store.db import Database
from followup_desktop.store.schema import ContactRow

BASE = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    database = Database.open(tmp_path_factory.mktemp("paging") / "f.sqlite3")
    with database.writing() as session:
        for number in range(40):
            contact_id = contacts_repo.add(
                session,
                Contact(
                    name=f"{'Ab'[number % 2]}person {number % 7}",
                    company=["Zed", "Acme", ""][number % 3],
                ),
            )
            session.execute(
                update(ContactRow)
                .where(ContactRow.id == contact_id)
                .values(
                    attempts=number % 4,
                    open_deal_value_minor=(number % 5) * 1000,
                    next_follow_up_at=None
                    if number % 3 == 0
                    else BASE + timedelta(hours=number % 6),
                )
            )
    yield database
    database.close()


def key(summary: ContactSummary, sort: ContactSort) -> object:
    return {
        ContactSort.NAME: fold(summary.name),
        ContactSort.COMPANY: summary.company,
        ContactSort.NEXT_FOLLOW_UP: summary.next_follow_up_at,
        ContactSort.ATTEMPTS: summary.attempts,
        ContactSort.DEAL_VALUE: summary.open_deal_value_minor,
        ContactSort.OWNER: summary.owner or None,  # a file's contacts have none
    }[sort]


def expected_order(rows: list[ContactSummary], sort: ContactSort, descending: bool) -> list[int]:
    def sort_key(summary: ContactSummary) -> tuple[object, ...]:
        value = key(summary, sort)
        empty = value is None
        # Empty values first ascending, last descending (the list's documented order).
        return (not empty, value if not empty else 0, summary.id)

    return [s.id for s in sorted(rows, key=sort_key, reverse=descending)]


@pytest.mark.parametrize("sort", list(ContactSort))
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("typed", ["", "person", "acme"])
@pytest.mark.parametrize("plan", [(10**9, 10**9), (0, 10**9), (0, 0)])
def test_every_row_once_in_order(
    db: Database,
    sort: ContactSort,
    descending: bool,
    typed: str,
    plan: tuple[int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every search plan (sort the hits, walk against them, walk checking rows) pages alike.
    monkeypatch.setattr(search_plan, "SORT_HITS", plan[0])
    monkeypatch.setattr(search_plan, "WALK_HITS", plan[1])
    walked: list[ContactSummary] = []
    with db.reading() as session:
        last = None
        while page := contacts_repo.page(session, typed, sort, descending, after=last, limit=3):
            walked.extend(page)
            last = page[-1]
        everything = contacts_repo.page(session, typed, sort, descending, limit=1000)
    assert len({s.id for s in walked}) == len(walked) == len(everything) > 0
    assert [s.id for s in walked] == expected_order(everything, sort, descending)
