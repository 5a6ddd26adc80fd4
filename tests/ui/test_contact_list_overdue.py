"""The Contacts list shows a next follow-up that is already late in red, as Today does,
with a ⚠ before it for a rep who cannot tell the red apart, and its tooltip says since
when, with the year (the column leaves it out)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QStyleOptionViewItem

from followup_desktop.core import settings as options
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, FollowUp, FollowUpKind
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import Services, open_services
from followup_desktop.store import followups_repo
from followup_desktop.ui.look import OVERDUE
from followup_desktop.ui.main_window import MainWindow
from tests.ui.worker_thread import refreshed

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    opened = open_services(AppPaths(tmp_path / "data"), FixedClock(NOW))
    opened.settings.save(opened.settings.load().with_value(options.REP_TIME_ZONE, "Europe/Paris"))
    yield opened
    opened.close()


def test_a_late_next_follow_up_reads_in_red_and_says_since_when(
    qtbot, services: Services, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    late = services.contacts.add(Contact(name="Amara Cohen"))
    later = services.contacts.add(Contact(name="Ben Chen"))
    services.contacts.add(Contact(name="Cleo Diaz"))  # nothing planned
    with services.db.writing() as session:
        for person, due in ((late, NOW - timedelta(days=108)), (later, NOW + timedelta(days=50))):
            followups_repo.add_follow_up(session, FollowUp(person, FollowUpKind.CALL, "retry", due))
            followups_repo.refresh_next_due(session, person)
    window.show_view(1)
    refreshed(qtbot, window)
    model = window.model
    rows = {model.summary(r).name: r for r in range(model.rowCount())}

    def cell(name: str, role: Qt.ItemDataRole) -> object:
        return model.index(rows[name], 2).data(role)

    # What the list paints with: the late date's text in red, the others as usual.
    table = window.page.table

    def option(name: str, column: int = 2) -> QStyleOptionViewItem:
        option = QStyleOptionViewItem()
        table.itemDelegate().initStyleOption(option, model.index(rows[name], column))
        return option

    def painted(name: str, column: int = 2) -> str:
        shown = option(name, column)  # kept: its palette lives as long as it does
        return shown.palette.color(QPalette.ColorRole.Text).name()

    usual = table.palette().color(QPalette.ColorRole.Text).name()
    assert painted("Amara Cohen") == OVERDUE.name() != usual
    assert painted("Ben Chen") == painted("Cleo Diaz") == painted("Amara Cohen", 0) == usual
    assert cell("Amara Cohen", Qt.ItemDataRole.ForegroundRole) == OVERDUE
    assert cell("Ben Chen", Qt.ItemDataRole.ForegroundRole) is None
    assert cell("Cleo Diaz", Qt.ItemDataRole.ForegroundRole) is None
    # Not by colour alone: the late date is marked, on screen and for a screen reader.
    assert option("Amara Cohen").text == cell("Amara Cohen", Qt.ItemDataRole.DisplayRole)
    assert option("Amara Cohen").text == "⚠ Fri 7 Aug 11:00"
    assert option("Ben Chen").text == cell("Ben Chen", Qt.ItemDataRole.DisplayRole)
    assert option("Ben Chen").text == "Tue 12 Jan 10:00"
    assert option("Cleo Diaz").text == ""
    assert cell("Amara Cohen", Qt.ItemDataRole.ToolTipRole) == "Overdue since Fri 7 Aug 2026 11:00"
    assert cell("Ben Chen", Qt.ItemDataRole.ToolTipRole) == "Tue 12 Jan 2027 10:00"
    # The name column keeps the usual colour: only the late date is marked.
    assert model.index(rows["Amara Cohen"], 0).data(Qt.ItemDataRole.ForegroundRole) is None
