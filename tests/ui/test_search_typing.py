"""Search as you type over a book larger than a page: what the rep sees after typing
fast is the last query's results and its count, never an older query's."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from followup_desktop.paths import AppPaths
from followup_desktop.services.importing import ImportReport
from followup_desktop.services.sample_data import sample_contacts
from followup_desktop.services.session import Services, open_services
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.result_count import ResultCount
from tests.ui.worker_thread import refreshed


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    opened = open_services(AppPaths(tmp_path / "data"))
    opened.importing.import_items(sample_contacts(650), ImportReport())
    yield opened
    opened.close()


def visible_names(window: MainWindow) -> list[str]:
    model = window.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def settled(window: MainWindow) -> None:
    """Every search and count the window started has ended and been delivered."""
    for _ in range(3):
        window.tasks.wait()
        QApplication.processEvents()


def found(count: int) -> str:
    return f"{count:,} contact{'' if count == 1 else 's'} found"


def test_typing_fast_shows_the_last_query_and_its_count(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    contacts = window.services.contacts
    refreshed(qtbot, window)
    qtbot.waitUntil(lambda: window.count_label.text() == "650 contacts")
    # A first letter that matches more than a page (its count is a query), narrowed,
    # letter by letter without waiting, to a word that fits on one page.
    name = next(
        word
        for word in (summary.name.split()[0].lower() for summary in contacts.page("", limit=650))
        if len(word) > 3 and contacts.count(word[0]) > 200 > contacts.count(word)
    )
    qtbot.keyClicks(window.search, name)
    expected = [summary.name for summary in contacts.page(name)]
    qtbot.waitUntil(lambda: visible_names(window) == expected)
    qtbot.waitUntil(lambda: window.count_label.text() == found(contacts.count(name)))
    settled(window)  # late answers for the earlier letters change nothing
    assert visible_names(window) == expected
    assert window.count_label.text() == found(contacts.count(name))

    # Back to one letter: more than a page, so the count is counted (and said to be at
    # least a page until then), then exact.
    window.search.clear()
    qtbot.keyClicks(window.search, name[0])
    first_page = [summary.name for summary in contacts.page(name[0])]
    qtbot.waitUntil(lambda: visible_names(window) == first_page)
    assert window.count_label.text() in ("200+ contacts found", found(contacts.count(name[0])))
    qtbot.waitUntil(lambda: window.count_label.text() == found(contacts.count(name[0])))
    window.search.clear()
    qtbot.waitUntil(lambda: window.count_label.text() == "650 contacts")
    assert window.model.rowCount() == 200


class HeldCounts:
    """A runner that keeps each count until the test lets it finish."""

    def __init__(self) -> None:
        self._held: dict[int, tuple[Callable[[], Any], Callable[[Any], None]]] = {}
        self._started = 0

    def run(self, work: Callable[[], Any], done: Callable[[Any], None], _failed: Any) -> None:
        self._held[self._started] = (work, done)  # numbered in the order they started
        self._started += 1

    def finish(self, number: int) -> None:
        work, done = self._held.pop(number)
        done(work())


def test_an_older_querys_count_is_never_shown(qtbot) -> None:  # type: ignore[no-untyped-def]
    totals = {"s": 4_100, "sm": 950, "smi": 310, "": 100_000}
    asked: list[str] = []

    def count(query: str) -> int:
        asked.append(query)
        return totals[query]

    label = QLabel()
    qtbot.addWidget(label)
    runner = HeldCounts()
    counter = ResultCount(label, count, runner.run)

    counter.listed("s", 200, complete=False)
    assert label.text() == "200+ contacts found"  # what is known, until it is counted
    counter.listed("sm", 200, complete=False)
    counter.listed("smi", 200, complete=False)
    runner.finish(2)  # the newest first: shown
    assert label.text() == "310 contacts found"
    runner.finish(0)  # then the older ones: dropped
    runner.finish(1)
    assert label.text() == "310 contacts found"

    counter.listed("smit", 37, complete=True)  # one page holds them all: no query
    assert label.text() == "37 contacts found"
    counter.listed("smith", 1, complete=True)
    assert label.text() == "1 contact found"
    assert asked == ["smi", "s", "sm"]
    counter.listed("", 200, complete=False)
    counter.listed("", 200, complete=False)  # listed again (after an edit): the newer count
    runner.finish(4)
    runner.finish(3)
    assert label.text() == "100,000 contacts"


def test_scrolling_to_more_rows_keeps_the_count_without_counting_again(qtbot) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def count(query: str) -> int:
        asked.append(query)
        return 100_000

    label = QLabel()
    qtbot.addWidget(label)
    runner = HeldCounts()
    counter = ResultCount(label, count, runner.run)

    counter.listed("", 200, complete=False)
    counter.more("", 400, complete=False)  # a page scrolled to before the count came
    assert label.text() == "400+ contacts"
    runner.finish(0)
    assert label.text() == "100,000 contacts"
    for rows in range(600, 100_000, 200):
        counter.more("", rows, complete=False)
    assert label.text() == "100,000 contacts"
    assert asked == [""], "scrolling counts nothing again"
    counter.more("", 100_000, complete=True)
    assert label.text() == "100,000 contacts"
    counter.listed("", 200, complete=False)  # read anew (after an edit): counted again
    assert asked == [""] and label.text() == "200+ contacts"
    runner.finish(1)
    assert asked == ["", ""]
