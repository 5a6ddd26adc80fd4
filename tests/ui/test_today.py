"""The Today view: overdue first, then the day in time order, both clocks, live updates,
Enter into the call screen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Outcome
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import Services, open_services
from followup_desktop.ui.look import OVERDUE
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.tasks import TaskRunner
from followup_desktop.ui.today_page import SOON
from tests.ui.today_rows import select_today_row
from tests.ui.worker_thread import elsewhere, refreshed

# Tuesday 24 Nov 2026, 09:50 in Paris (the rep), 02:50 in Chicago.
NOW = datetime(2026, 11, 24, 8, 50, tzinfo=UTC)


@pytest.fixture
def services(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    monkeypatch.setenv("TZ", "Europe/Paris")
    opened = open_services(AppPaths(tmp_path / "data"), FixedClock(NOW - timedelta(days=1)))
    yield opened
    opened.close()


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.wait()


def open_window(qtbot, services: Services, tasks: TaskRunner) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(services, tasks)
    qtbot.addWidget(main)
    main.show()
    main.activateWindow()
    qtbot.waitActive(main)
    return main


def rows(window: MainWindow) -> list[list[str]]:
    tree = window.today.tree
    return [
        [tree.topLevelItem(r).text(c) for c in range(4)] for r in range(tree.topLevelItemCount())
    ]


def day_of_calls(services: Services) -> dict[str, int]:
    clock = services.clock
    assert isinstance(clock, FixedClock)
    ids = {}
    for name, zone in (
        ("Marcus O'Neil", "Europe/Paris"),
        ("Jane Smith", "America/Chicago"),
        ("Priya Raman", "Asia/Kolkata"),
    ):
        ids[name] = services.contacts.add(Contact(name=name, company="Acme", time_zone=zone))
    # Marcus: no answer yesterday at 09:00 his time → call again today 09:00: overdue at 09:50.
    services.followups.log(
        ids["Marcus O'Neil"], Outcome.NO_ANSWER, datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    )
    # Jane agreed a call today at 10:00 the rep's time (03:00 hers): due within 15 minutes.
    services.followups.log(
        ids["Jane Smith"],
        Outcome.CONNECTED,
        clock.now(),
        "",
        datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
        "review the proposal",
    )
    # Priya agreed 16:00 the rep's time; someone else tomorrow: not today.
    services.followups.log(
        ids["Priya Raman"],
        Outcome.CONNECTED,
        clock.now(),
        "",
        datetime(2026, 11, 24, 15, 0, tzinfo=UTC),
        "pricing",
    )
    clock.set(NOW)
    return ids


def test_today_lists_overdue_then_the_day_with_both_clocks(  # type: ignore[no-untyped-def]
    qtbot, services: Services, tasks: TaskRunner
) -> None:
    ids = day_of_calls(services)
    window = open_window(qtbot, services, tasks)
    qtbot.waitUntil(lambda: window.views.tabText(0) == "Today (3)")
    assert window.views.currentWidget() is window.today
    assert rows(window) == [
        ["Overdue (1)", "", "", ""],
        ["09:00", "Marcus O'Neil · Acme", "☎  Call again", ""],
        ["Today (2)", "", "", ""],
        ["10:00", "Jane Smith · Acme", "◆  Agreed call: review the proposal  (in 10 min)", "03:00"],
        ["16:00", "Priya Raman · Acme", "◆  Agreed call: pricing", "20:30"],
    ]
    tree = window.today.tree
    assert tree.topLevelItem(1).foreground(0).color() == OVERDUE
    assert tree.topLevelItem(3).foreground(0).color() == SOON

    # Enter opens the call screen for that follow-up; logging it updates Today at once.
    tree.setCurrentItem(tree.topLevelItem(3))
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.call_window(ids["Jane Smith"]) is not None)  # read on a worker
    call = window.call_window(ids["Jane Smith"])
    assert call is not None and call.sheet.follow_up is not None
    assert call.sheet.follow_up.agreed
    call.choose_outcome(Outcome.NO_ANSWER)
    qtbot.waitUntil(call.plan.accept_button.isEnabled)  # the plan, read on a worker
    call.plan.submit()
    qtbot.waitUntil(lambda: window.call_window(ids["Jane Smith"]) is None)
    qtbot.waitUntil(lambda: any("Retry call" in r[2] for r in rows(window)))
    assert not any("review the proposal  (in" in r[2] for r in rows(window))


def test_the_whole_of_what_a_row_is_for_shows_in_the_window(  # type: ignore[no-untyped-def]
    qtbot, services: Services, tasks: TaskRunner
) -> None:
    """At the window's size, "Agreed call: review the proposal and agree the number of
    seats  (in 10 min)" was cut to "…agree the nu…" while "Their time" took half the
    row for "03:00"; what the row is for and how soon now show whole."""
    clock = services.clock
    assert isinstance(clock, FixedClock)
    jane = services.contacts.add(
        Contact(name="Jane Smith", company="Tech Co", time_zone="America/Chicago")
    )
    services.followups.log(
        jane,
        Outcome.CONNECTED,
        clock.now(),
        "",
        datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
        "review the proposal and agree the number of seats",
    )
    clock.set(NOW)
    window = open_window(qtbot, services, tasks)
    qtbot.waitUntil(lambda: window.views.tabText(0) == "Today (1)")
    tree = window.today.tree
    what = tree.topLevelItem(1).text(2)
    assert what.endswith("agree the number of seats  (in 10 min)")
    header = tree.header()
    # The text as the tree lays it out: its column takes it whole, theirs what it needs.
    assert header.sectionSize(2) >= tree.sizeHintForColumn(2)
    assert header.sectionSize(3) <= max(tree.sizeHintForColumn(3), header.sectionSizeHint(3))


def test_first_launch_shows_contacts_and_an_empty_today_invites_action(  # type: ignore[no-untyped-def]
    qtbot, services: Services, tasks: TaskRunner
) -> None:
    window = open_window(qtbot, services, tasks)
    qtbot.waitUntil(lambda: window.views.currentWidget() is window.page)
    window.show_view(0)
    qtbot.waitUntil(lambda: "Import contacts or try sample data" in window.today.empty.text())
    services.contacts.add(Contact(name="Lee Park"))
    refreshed(qtbot, window)
    qtbot.waitUntil(lambda: "Open a contact from Contacts" in window.today.empty.text())
    assert window.views.tabText(0) == "Today"


def test_a_long_agenda_lists_a_page_of_each_group_under_its_full_count(  # type: ignore[no-untyped-def]
    qtbot, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_desktop.core.model import FollowUp, FollowUpKind
    from followup_desktop.services import followups
    from followup_desktop.store import followups_repo
    from followup_desktop.ui.today_page import TodayPage

    assert isinstance(services.clock, FixedClock)
    services.clock.set(NOW)
    people = [
        services.contacts.add(Contact(name=f"Rep {n}", time_zone="Europe/Paris")) for n in range(8)
    ]
    with services.db.writing() as session:
        for number, person in enumerate(people):
            # Five overdue (yesterday), three later today.
            due = (
                NOW - timedelta(days=1, minutes=5 - number)
                if number < 5
                else NOW + timedelta(hours=number)
            )
            followups_repo.add_follow_up(session, FollowUp(person, FollowUpKind.CALL, "retry", due))
    page = TodayPage(services.followups.today_agenda, elsewhere, page_size=2)
    qtbot.addWidget(page)

    def texts() -> list[str]:
        tree = page.tree
        return [
            tree.topLevelItem(r).text(0) + " " + tree.topLevelItem(r).text(1)
            for r in range(tree.topLevelItemCount())
        ]

    page.reload()
    assert texts() == [
        "Overdue (5) ",
        "Mon 23 Nov 09:45 Rep 0",
        "Mon 23 Nov 09:46 Rep 1",
        "3 more not listed: press Enter to show 2 more ",
        "Today (3) ",
        "14:50 Rep 5",
        "15:50 Rep 6",
        "1 more not listed: press Enter to show 1 more ",
    ]
    assert page.count == 8 and page.count_text == "8"
    # Enter on a "more" row lists another page of each group.
    page.tree.setCurrentItem(page.tree.topLevelItem(3))
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert texts() == [
        "Overdue (5) ",
        "Mon 23 Nov 09:45 Rep 0",
        "Mon 23 Nov 09:46 Rep 1",
        "Mon 23 Nov 09:47 Rep 2",
        "Mon 23 Nov 09:48 Rep 3",
        "1 more not listed: press Enter to show 1 more ",
        "Today (3) ",
        "14:50 Rep 5",
        "15:50 Rep 6",
        "16:50 Rep 7",
    ]
    # Counting stops at the limit (but always past the rows listed), and says so.
    monkeypatch.setattr(followups, "COUNT_LIMIT", 3)
    page.reload()
    assert texts()[0] == "Overdue (5+) " and page.count_text == "8+"
    assert texts()[5] == "1+ more not listed: press Enter to show 1 more "


@pytest.mark.parametrize(
    ("zone", "due", "theirs"),
    [
        # Sydney is already tomorrow: their clock says which day.
        ("Australia/Sydney", datetime(2026, 11, 23, 15, 0, tzinfo=UTC), "Tue 24 Nov 02:00"),
        ("America/Chicago", datetime(2026, 11, 23, 15, 0, tzinfo=UTC), "09:00"),
        # Lagos keeps UTC+1, as Paris does in winter: the same clock today, not in October.
        ("Africa/Lagos", datetime(2026, 11, 23, 15, 0, tzinfo=UTC), ""),
        ("Africa/Lagos", datetime(2026, 10, 15, 8, 0, tzinfo=UTC), "09:00"),
        ("Europe/Paris", datetime(2026, 10, 15, 8, 0, tzinfo=UTC), ""),
    ],
)
def test_their_time_on_a_row_is_their_clock_at_the_call(
    qtbot, zone: str, due: datetime, theirs: str
) -> None:  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    from followup_desktop.core.agenda import AgendaEntry, AgendaItem
    from followup_desktop.core.model import FollowUp, FollowUpKind
    from followup_desktop.ui.today_page import TodayPage

    now = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # Monday, 15:00 for the rep in Paris
    mine = ZoneInfo("Europe/Paris")
    follow_up = FollowUp(1, FollowUpKind.CALL, "call-again", due, id=1)
    entry = AgendaEntry(AgendaItem(follow_up, due < now), "Ana", "", zone)
    row = TodayPage._row(entry, now, mine, now.astimezone(mine), timedelta(minutes=15))
    assert row.text(3) == theirs


def test_their_time_unknown_reads_apart_from_their_clock_being_the_reps(qtbot) -> None:  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    from followup_desktop.core.agenda import AgendaEntry, AgendaItem
    from followup_desktop.core.model import FollowUp, FollowUpKind
    from followup_desktop.core.steps import COMMITMENT, FIND_NUMBER
    from followup_desktop.ui.today_page import TodayPage

    now = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
    mine = ZoneInfo("Europe/Paris")
    due = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)

    def row(zone: str, step: str = "call-again"):  # type: ignore[no-untyped-def]
        kind = FollowUpKind.TASK if step == COMMITMENT else FollowUpKind.CALL
        follow_up = FollowUp(1, kind, step, due, id=1)
        entry = AgendaEntry(AgendaItem(follow_up, False), "Ana", "", zone)
        return TodayPage._row(entry, now, mine, now.astimezone(mine), timedelta(minutes=15))

    same, unknown = row("Europe/Berlin"), row("")
    assert same.text(3) == "" and same.toolTip(3) == ""
    assert unknown.text(3) == "?"
    assert unknown.toolTip(3) == (
        "Their time zone is not known: set it on the contact so their time is right."
    )
    # Finding their right number and keeping a promise are the rep's own work, due on
    # her clock: no clock of theirs to give, known or not.
    for step in (FIND_NUMBER, COMMITMENT):
        for their_zone in ("", "America/Chicago"):
            own = row(their_zone, step)
            assert (own.text(3), own.toolTip(3)) == ("", "")


@pytest.mark.parametrize("hour", [0, 2, 5, 9])
def test_the_tray_and_today_give_a_call_the_same_day_on_both_clocks(qtbot, hour: int) -> None:  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    from followup_desktop.core.agenda import AgendaEntry, AgendaItem
    from followup_desktop.core.model import FollowUp, FollowUpKind
    from followup_desktop.services.reminders import TodayCalls
    from followup_desktop.ui.today_page import TodayPage
    from followup_desktop.ui.tray import entry_line

    mine = ZoneInfo("Europe/Paris")
    # Mon 26 Oct, early on the rep's clock: still Sunday evening in New York.
    now = datetime(2026, 10, 26, hour, 0, tzinfo=mine)
    due = datetime(2026, 10, 26, 15, 0, tzinfo=mine)  # 10:00 in New York, on Monday too
    follow_up = FollowUp(1, FollowUpKind.CALL, "agreed-call", due, id=1)
    entry = AgendaEntry(AgendaItem(follow_up, False), "Jane Smith", "", "America/New_York")
    row = TodayPage._row(entry, now, mine, now, timedelta(minutes=15))
    assert (row.text(0), row.text(3)) == ("15:00", "10:00")
    today = TodayCalls((entry,), 0, "Europe/Paris", now, 1, 500)
    assert entry_line(entry, today) == "Call Jane Smith at 15:00 (their 10:00)"


def test_the_tray_says_a_promise_made_as_soon_as_possible_as_its_notice_does() -> None:
    """Two minutes after it was made it read "Promised to Priya Nair as soon as possible —
    the pricing sheet", in other words than the notice that had just said to send it now."""
    from zoneinfo import ZoneInfo

    from followup_desktop.core.agenda import AgendaEntry, AgendaItem
    from followup_desktop.core.model import FollowUp, FollowUpKind
    from followup_desktop.core.steps import COMMITMENT_ASAP
    from followup_desktop.services.reminders import TodayCalls
    from followup_desktop.ui.tray import entry_line

    made = datetime(2026, 11, 23, 15, 5, tzinfo=ZoneInfo("Europe/Paris"))
    promise = FollowUp(1, FollowUpKind.TASK, COMMITMENT_ASAP, made, "the pricing sheet", id=1)
    entry = AgendaEntry(AgendaItem(promise, False), "Priya Nair", "", "Asia/Kolkata")
    today = TodayCalls((entry,), 0, "Europe/Paris", made + timedelta(minutes=2), 1, 500)
    assert entry_line(entry, today) == (
        "Send the pricing sheet to Priya Nair now: promised as soon as possible"
    )


def test_after_a_call_is_logged_the_row_that_took_its_place_is_current(
    qtbot, services: Services, tasks: TaskRunner
) -> None:  # type: ignore[no-untyped-def]
    ids = day_of_calls(services)
    window = open_window(qtbot, services, tasks)
    window.show_view(0)
    qtbot.waitUntil(lambda: window.today.count == 3 and not window.today.loading)
    select_today_row(window, "Jane Smith")  # the first of today's, under Marcus overdue

    services.followups.log(ids["Jane Smith"], Outcome.CONNECTED, NOW, "Signed")
    window.today.reload()
    qtbot.waitUntil(lambda: window.today.count == 2 and not window.today.loading)
    # Priya, who was next, not Marcus at the top of the list.
    assert window.today.tree.currentItem().text(1) == "Priya Raman · Acme"

    services.followups.log(ids["Priya Raman"], Outcome.CONNECTED, NOW, "Signed")
    window.today.reload()
    qtbot.waitUntil(lambda: window.today.count == 1 and not window.today.loading)
    # No one after her: the row now nearest her place, the last one.
    assert window.today.tree.currentItem().text(1) == "Marcus O'Neil · Acme"


def test_a_change_heard_while_a_read_fails_is_read_at_once(  # type: ignore[no-untyped-def]
    qtbot, services: Services
) -> None:
    """A call planned while the day was being read, and that read failed (the team server
    away a moment): the day is read again for it at once. Before: Today left it out until
    the next minute's look."""
    from followup_desktop.core.changes import Area, about
    from followup_desktop.core.model import FollowUp, FollowUpKind
    from followup_desktop.store import followups_repo
    from followup_desktop.ui.today_page import TodayPage

    assert isinstance(services.clock, FixedClock)
    services.clock.set(NOW)
    on_their_way: list[tuple[Any, Any, Any]] = []

    def held(work: Any, done: Any, failed: Any) -> None:
        on_their_way.append((work, done, failed))

    page = TodayPage(services.followups.today_agenda, held)
    qtbot.addWidget(page)
    page.reload()  # the day being read
    person = services.contacts.add(Contact(name="Nadia Haddad", time_zone="Europe/Paris"))
    with services.db.writing() as session:
        call = FollowUp(person, FollowUpKind.CALL, "retry", NOW + timedelta(hours=2))
        followups_repo.add_follow_up(session, call)
    page.show_change(about(Area.AGENDA, [person]))  # heard while that read is on its way
    _, _, failed = on_their_way.pop()
    failed()
    assert len(on_their_way) == 1  # read again for the change
    elsewhere(*on_their_way.pop())
    tree = page.tree
    shown = [tree.topLevelItem(r).text(1) for r in range(tree.topLevelItemCount())]
    assert "Nadia Haddad" in shown
