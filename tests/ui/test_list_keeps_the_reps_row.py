"""A save or an undo ends on a worker a moment after the rep asked for it; if she has
picked another contact meanwhile, the list keeps her pick. Taking the row back made F2
open the contact she had just left, and her next edit went onto the wrong person."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from followup_desktop.core.model import Contact
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import Services, open_services
from followup_desktop.ui.main_window import MainWindow
from tests.ui.worker_thread import refreshed


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    opened = open_services(AppPaths(tmp_path / "data"))
    yield opened
    opened.close()


def listed(qtbot, services: Services, window: MainWindow, *names: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    ids = {name: services.contacts.add(Contact(name=name)) for name in names}
    window.show_view(1)
    refreshed(qtbot, window)
    qtbot.waitUntil(lambda: window.model.rowCount() == len(names))
    return ids


def written(qtbot, window: MainWindow, said: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: said in window.statusBar().currentMessage())
    window.tasks.wait()
    refreshed(qtbot, window)


def test_a_contact_picked_while_a_save_is_written_stays_current(
    qtbot, services: Services, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    ids = listed(qtbot, services, window, "Jane Smith", "Marcus O'Neil")
    window.page.select_contact(ids["Jane Smith"])
    jane = services.contacts.get(ids["Jane Smith"])
    # Her save of Jane is on its way to the store when she clicks Marcus.
    window.editing._save(jane, replace(jane, title="VP Sales"), None)
    window.page.select_contact(ids["Marcus O'Neil"])
    written(qtbot, window, "Saved Jane Smith")
    assert services.contacts.get(ids["Jane Smith"]).title == "VP Sales"
    assert window.page.current_contact_id() == ids["Marcus O'Neil"]

    # Saved with nothing picked meanwhile: the contact saved stays current.
    window.page.select_contact(ids["Jane Smith"])
    jane = services.contacts.get(ids["Jane Smith"])
    window.editing._save(jane, replace(jane, title="CEO"), None)
    written(qtbot, window, "Saved Jane Smith")
    assert window.page.current_contact_id() == ids["Jane Smith"]


def test_a_contact_added_does_not_take_the_row_she_picked_before_it_is_listed(
    qtbot, services: Services, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    ids = listed(qtbot, services, window, "Jane Smith", "Marcus O'Neil")
    window.page.select_contact(ids["Jane Smith"])
    window.editing._save(None, Contact(name="Priya Raman"), None)
    window.page.select_contact(ids["Marcus O'Neil"])
    written(qtbot, window, "Added Priya Raman")
    qtbot.waitUntil(lambda: window.model.rowCount() == 3)
    assert window.page.current_contact_id() == ids["Marcus O'Neil"]

    # Added while she stays where she was: the new contact is current once listed.
    window.editing._save(None, Contact(name="Dana Cruz"), None)
    written(qtbot, window, "Added Dana Cruz")
    qtbot.waitUntil(lambda: window.model.rowCount() == 4)
    added = window.page.current_contact_id()
    assert added is not None and services.contacts.get(added).name == "Dana Cruz"


def test_a_contact_picked_while_an_undo_is_written_stays_current(
    qtbot, services: Services, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    ids = listed(qtbot, services, window, "Jane Smith", "Marcus O'Neil", "Priya Raman")
    window.page.select_contact(ids["Jane Smith"])
    window.editing.delete()
    written(qtbot, window, "Deleted Jane Smith")
    qtbot.waitUntil(lambda: window.model.rowCount() == 2)
    window.editing.undo()
    window.page.select_contact(ids["Priya Raman"])
    written(qtbot, window, "Jane Smith is back")
    qtbot.waitUntil(lambda: window.model.rowCount() == 3)
    assert window.page.current_contact_id() == ids["Priya Raman"]
