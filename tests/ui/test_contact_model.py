"""The contact list's model over a real store: compact rows that still give back every
field exactly, and scrolling that shows every contact once, in order, whatever the sort."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import update

from followup_desktop.core.changes import EVERYTHING
from followup_desktop.core.model import Contact, ContactSort, ContactSummary
from followup_desktop.store import contacts_repo
from followup_desktop.store.db import Database
from followup_desktop.store.schema import ContactRow
from followup_desktop.ui import contact_model
from followup_desktop.ui.contact_model import COLUMNS, ContactIdRole, ContactTableModel
from followup_desktop.ui.contact_rows import ContactRows
from tests.ui.worker_thread import elsewhere

BASE = datetime(2026, 11, 23, 9, 0, 0, 123456, tzinfo=UTC)
NAMES = ["Zoë Müller", "José García", "Siobhan O'Neil", "李 小龙", "Ann", "", "Björn 🚀 Park"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    database = Database.open(tmp_path_factory.mktemp("model") / "f.sqlite3")
    with database.writing() as session:
        for number in range(157):
            name = NAMES[number % len(NAMES)] or "Nameless"
            contact_id = contacts_repo.add(
                session,
                Contact(name=f"{name} {number % 11}", company=["Acme & Co", "", "Zed"][number % 3]),
            )
            session.execute(
                update(ContactRow)
                .where(ContactRow.id == contact_id)
                .values(
                    attempts=number % 5,
                    open_deal_value_minor=(number % 4) * 9_999_999_999,
                    next_follow_up_at=None
                    if number % 4 == 0
                    else BASE + timedelta(hours=number % 9, microseconds=number),
                )
            )
    yield database
    database.close()


def fetcher(db: Database):  # type: ignore[no-untyped-def]
    def fetch(
        query: str,
        sort: ContactSort,
        descending: bool,
        after: ContactSummary | None,
        limit: int,
    ) -> list[ContactSummary]:
        with db.reading() as session:
            return contacts_repo.page(session, query, sort, descending, after, limit)

    return fetch


def everyone(db: Database, sort: ContactSort, descending: bool) -> list[ContactSummary]:
    with db.reading() as session:
        return contacts_repo.page(session, "", sort, descending, None, 10_000)


def test_rows_let_go_come_back_by_id_and_a_deleted_one_comes_back_blank(db: Database) -> None:
    """Scrolled through, the list keeps only the chunks it used last; scrolling back asks
    for a chunk again by its ids and shows blank rows until they are back, then every
    field as the store has it."""
    rows = everyone(db, ContactSort.NAME, False)
    asked: list[tuple[int, list[int]]] = []

    def read_again(first: int, ids: list[int]) -> None:
        asked.append((first, ids))

    def answer() -> None:
        while asked:
            first, ids = asked.pop(0)
            with db.reading() as session:
                packed.fill(first, ids, contacts_repo.summaries(session, ids))

    packed = ContactRows(rows[:40], read_again=read_again, keep=3, chunk=16)
    packed.extend(rows[40:])
    assert len(packed) == 157 and packed.chunks_held == 3
    assert asked == []  # letting go costs nothing
    assert packed[0] == ContactSummary(rows[0].id, "", "", None, 0, 0) and packed.is_blank(0)
    assert packed[5].id == rows[5].id and len(asked) == 1  # asked once for the chunk
    assert asked[0] == (0, [row.id for row in rows[:16]])
    answer()
    assert packed[0] == rows[0] and not packed.is_blank(0)
    for n in range(len(packed)):  # from the top again, each chunk as it comes back
        packed[n]
        answer()
        assert packed[n] == rows[n]
    assert packed.chunks_held == 3
    assert packed.last() == rows[-1]  # the last chunk, which the next page needs, stays
    assert packed.row_of(rows[150].id) == 150 and packed.id_at(3) == rows[3].id
    with db.writing() as session:
        contacts_repo.set_deleted(session, rows[0].id, datetime.now(UTC))
    try:
        for n in range(16, 100):  # the first chunk is let go again
            packed[n]
            answer()
        packed[0]
        answer()
        assert packed[0] == ContactSummary(rows[0].id, "", "", None, 0, 0)
        assert packed[1] == rows[1]
    finally:
        with db.writing() as session:
            contacts_repo.set_deleted(session, rows[0].id, None)


def test_without_a_way_back_every_row_is_kept(db: Database) -> None:
    rows = everyone(db, ContactSort.NAME, False)
    packed = ContactRows(rows, keep=2, chunk=16)
    assert packed.chunks_held == 10
    assert packed[0] == rows[0]


def test_compact_rows_give_back_every_field_exactly(db: Database) -> None:
    rows = everyone(db, ContactSort.NAME, False)
    packed = ContactRows(rows[:50])
    packed.extend(rows[50:])
    assert len(packed) == len(rows) == 157
    assert [packed[n] for n in range(len(packed))] == rows
    assert packed.last() == rows[-1]
    assert packed.row_of(rows[97].id) == 97
    assert packed.row_of(10_000) is None
    assert ContactRows().last() is None
    with pytest.raises(IndexError):
        packed[157]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", list(ContactSort))
def test_scrolling_shows_every_contact_once_in_order(  # type: ignore[no-untyped-def]
    qtbot, db: Database, monkeypatch: pytest.MonkeyPatch, sort: ContactSort, descending: bool
) -> None:
    # Few formatted rows kept, so texts are formatted again after being let go.
    monkeypatch.setattr(contact_model, "SHOWN_ROWS", 10)
    model = ContactTableModel(fetcher(db), elsewhere, page_size=13)
    column = next(number for number, (_, key) in enumerate(COLUMNS) if key is sort)
    model.sort(column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
    assert model.rowCount() == 13
    while model.canFetchMore():
        model.fetchMore()
    expected = everyone(db, sort, descending)
    assert model.rowCount() == len(expected) == 157
    shown = [model.index(row, 0).data(ContactIdRole) for row in range(model.rowCount())]
    assert shown == [summary.id for summary in expected]
    # Read twice, in an order that lets formatted texts go: the same texts each time.
    first = [[model.index(r, c).data() for c in range(5)] for r in range(model.rowCount())]
    again = [[model.index(r, c).data() for c in range(5)] for r in reversed(range(157))]
    assert first == list(reversed(again))
    for row, summary in enumerate(expected):
        assert model.summary(row) == summary
        assert first[row][0] == summary.name and first[row][1] == summary.company
        assert model.row_of(summary.id) == row


def test_a_reload_keeping_rows_keeps_as_many_as_were_shown(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    model = ContactTableModel(fetcher(db), elsewhere, page_size=20)
    model.reload()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 60
    model.reload(keep_rows=True)
    assert model.rowCount() == 60
    assert [model.summary(r) for r in range(60)] == everyone(db, ContactSort.NAME, False)[:60]
    model.reload()
    assert model.rowCount() == 20


def test_the_list_paints_what_the_model_answers(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    """The table's delegate fills each cell from the model's texts without asking role by
    role: what it paints (text, alignment) is what Qt's own delegate would paint."""
    from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

    from followup_desktop.ui.contacts_page import ContactsPage

    model = ContactTableModel(fetcher(db), elsewhere, page_size=200)
    page = ContactsPage(model)
    qtbot.addWidget(page)
    model.reload()
    page.update_state()
    table = page.table
    ours, qt_own = table.itemDelegate(), QStyledItemDelegate()
    has_display = QStyleOptionViewItem.ViewItemFeature.HasDisplay
    texts = set()
    for row in range(model.rowCount()):
        for column in range(len(COLUMNS)):
            index = model.index(row, column)
            mine, theirs = QStyleOptionViewItem(), QStyleOptionViewItem()
            ours.initStyleOption(mine, index)
            qt_own.initStyleOption(theirs, index)
            assert mine.text == theirs.text == (index.data() or "")
            assert bool(mine.features & has_display) == bool(theirs.features & has_display)
            assert mine.displayAlignment == theirs.displayAlignment
            assert mine.index == index
            texts.add(mine.text)
    assert {"李 小龙 3", "Björn 🚀 Park 6", ""} <= texts  # wide, astral and empty cells too
    assert not model.index(500, 0).isValid()
    assert not model.index(0, len(COLUMNS)).isValid()


def test_a_save_kept_on_the_laptop_shows_in_its_row_and_the_others_stay(
    qtbot, db: Database
) -> None:  # type: ignore[no-untyped-def]
    model = ContactTableModel(fetcher(db), elsewhere, page_size=300)
    model.reload()
    before = [model.texts(r) for r in range(model.rowCount())]
    changed: list[int] = []
    model.dataChanged.connect(lambda first, _last: changed.append(first.row()))
    kept = model.summary(7)
    model.show_kept(kept.id, "Renamed While Away", "New Co")
    after = [model.texts(r) for r in range(model.rowCount())]
    assert changed == [7]
    assert after[7][:2] == ("Renamed While Away", "New Co")
    assert model.summary(7) == replace(kept, name="Renamed While Away", company="New Co")
    assert after[:7] == before[:7] and after[8:] == before[8:]
    model.show_kept(10_000_000, "Nobody", "")  # not listed: nothing changes
    assert changed == [7]


def test_a_search_whose_read_failed_leaves_one_list_and_is_read_when_asked_again(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Typed while the team server is away, "Person 1" is not read: the list on screen
    stays, and scrolling it shows its own next page. Before: "Person 10" of the new
    search came after the old list's "Person 03", and the search was not read again."""
    people = [ContactSummary(n, f"Person {n:02d}", "", None, 0, 0) for n in range(1, 11)]
    away = False

    def fetch(
        query: str, sort: ContactSort, descending: bool, after: ContactSummary | None, size: int
    ) -> list[ContactSummary]:
        found = [p for p in people if query.lower() in p.name.lower()]
        return [p for p in found if after is None or p.name > after.name][:size]

    def submit(work, done, failed) -> None:  # type: ignore[no-untyped-def]
        if away:
            failed()
        else:
            done(work())

    model = ContactTableModel(fetch, submit, page_size=3)

    def names() -> list[str]:
        return [model.summary(row).name for row in range(model.rowCount())]

    model.reload()
    away = True
    model.set_query("Person 1")
    away = False
    model.fetchMore()  # she scrolls the list she sees
    assert names() == [f"Person {n:02d}" for n in range(1, 7)]
    model.set_query("Person 1")  # typed again ("Person 1 ", the space left out)
    assert names() == ["Person 10"]

    away = True
    model.set_query("Person 0")
    away = False
    model.show_change(EVERYTHING)  # the team server back: every view is read again
    assert names() == [f"Person {n:02d}" for n in range(1, 4)]
