"""A number kept as written and a contact whose zone nobody knows, as a rep meets them:
marked in the list, said in the contact dialog and on the call screen, fixed there."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from followup_desktop.core import settings as options
from followup_desktop.core.changes import Area, Change
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Deal, DealStage, Outcome
from followup_desktop.services.session import Services
from followup_desktop.ui.call_screen import CallWindow
from followup_desktop.ui.contact_dialog import ContactDialog
from followup_desktop.ui.contact_model import MARK
from followup_desktop.ui.main_window import MainWindow
from tests.rep_desk import rep_services
from tests.ui.worker_thread import refreshed, settled
from tests.ui.zone_picker import answer_zone_picker

# Monday 23 Nov 2026, 10:00 UTC: 11:00 for the rep in Paris.
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
CARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Chidi Okafor\r\nORG:Lagos Freight\r\n"
    "TEL;TYPE=WORK,VOICE:+234 1 234 5678\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Pat Mobile\r\nTEL:+34 612 34 56 78\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kari Nordmann\r\nTEL:+47 22 12 34 56\r\nEND:VCARD\r\n"
)


@pytest.fixture
def services(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    with rep_services(tmp_path, monkeypatch, FixedClock(NOW), "Sam Rivers") as opened:
        path = tmp_path / "cards.vcf"
        path.write_text(CARDS, encoding="utf-8")
        assert opened.importing.import_files([path]).imported == 3
        yield opened


def row_of(window: MainWindow, name: str) -> int:
    for row in range(window.model.rowCount()):
        if window.model.summary(row).name == name:
            return row
    raise AssertionError(f"{name} is not listed")


def test_the_list_marks_who_needs_the_rep_and_says_why(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    refreshed(qtbot, window)
    model = window.model
    shown = {model.summary(r).name: model.texts(r)[0] for r in range(model.rowCount())}
    assert shown == {
        "Chidi Okafor": f"Chidi Okafor  {MARK}",  # not checked; +234 still says Lagos
        "Kari Nordmann": "Kari Nordmann",  # +47: Europe/Oslo, nothing to ask
        "Pat Mobile": f"Pat Mobile  {MARK}",  # a Spanish mobile: Madrid or the Canaries?
    }
    tip = Qt.ItemDataRole.ToolTipRole
    chidi = model.index(row_of(window, "Chidi Okafor"), 0).data(tip)
    pat = model.index(row_of(window, "Pat Mobile"), 0).data(tip)
    assert chidi == "A phone number is kept as written, not checked: correct it (F2)."
    assert pat == "Their time zone is not known: set it (F2) so their time is right."


def test_the_contact_dialog_says_a_number_is_not_checked_and_keeps_it(
    qtbot, services: Services
) -> None:  # type: ignore[no-untyped-def]
    (chidi,) = [
        c
        for c in services.contacts.get_many([s.id for s in services.contacts.page()]).values()
        if c.name == "Chidi Okafor"
    ]
    dialog = ContactDialog(services.contacts.build, chidi)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.phones.toPlainText() == "+234 1 234 5678"  # exactly as written
    assert dialog.problem.isVisible() and "Not checked: +234 1 234 5678" in dialog.problem.text()
    dialog.accept()  # saved as it is: the rep has seen the warning
    assert dialog.result_contact is not None
    assert [(p.number, p.checked) for p in dialog.result_contact.phones] == [
        ("+234 1 234 5678", False)
    ]
    # A new number that cannot be checked is still refused: typos are caught.
    again = ContactDialog(services.contacts.build, chidi)
    qtbot.addWidget(again)
    again.show()
    again.phones.setPlainText("+234 1 234 5678\n+47 123")
    again.accept()
    assert again.isVisible() and "'+47 123' has the wrong number of digits" in again.problem.text()


def open_call(qtbot, window: MainWindow, name: str) -> CallWindow:  # type: ignore[no-untyped-def]
    refreshed(qtbot, window)
    contact_id = window.model.summary(row_of(window, name)).id
    window.open_call_screen(contact_id)
    qtbot.waitUntil(lambda: window.call_window(contact_id) is not None)  # read on a worker
    call = window.call_window(contact_id)
    assert call is not None
    qtbot.waitExposed(call)
    return call


def test_the_call_screen_dials_a_number_kept_as_written(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    call = open_call(qtbot, window, "Chidi Okafor")
    (link,) = [
        w for w in call.header.findChildren(QLabel) if w.accessibleName().startswith("Call ")
    ]
    assert 'href="tel:+23412345678"' in link.text() and "(not checked)" in link.text()
    assert link.accessibleName() == "Call +234 1 234 5678, not checked"
    # Nigeria has one zone: their time is Lagos's (UTC+1), as for anyone else.
    assert call.header.their_time.text() == "their time 11:00 (in hours)"
    call.close()


def test_their_time_unknown_is_said_and_set_from_the_call_screen(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    call = open_call(qtbot, window, "Pat Mobile")
    header = call.header
    # Never the rep's own time passed off as theirs.
    assert header.their_time.text() == 'their time: unknown — <a href="zone">set it</a>'

    answer_zone_picker("Atlantic/Canary")
    header.their_time.linkActivated.emit("zone")
    qtbot.waitUntil(lambda: header.zone_known)
    settled(qtbot, window)  # the sheet read again in their zone, and the forms with it
    assert header.their_time.text() == "their time 10:00 (in hours)"
    assert "Pat Mobile's time zone is now Atlantic/Canary" in call.saved_state.text()
    assert services.contacts.get(call.contact_id).time_zone == "Atlantic/Canary"
    # The next-step form now takes times in the Canaries, not in the rep's.
    (title,) = [w for w in call.next_step.findChildren(QLabel) if "Next step" in w.text()]
    assert title.text() == "<b>Next step</b>: when did they choose? (their time, Canary)"
    refreshed(qtbot, window)
    assert window.model.texts(row_of(window, "Pat Mobile"))[0] == "Pat Mobile"
    call.close()


def test_a_deal_value_reads_as_money(qtbot, window: MainWindow, services: Services) -> None:  # type: ignore[no-untyped-def]
    """ "12,000.00 NOK", not "12000.00"; two currencies summed say so."""
    kari = next(s.id for s in services.contacts.page() if s.name == "Kari Nordmann")
    services.deals.save(Deal(kari, "Fleet pilot", 1_200_000, "NOK", DealStage.PROPOSAL))
    refreshed(qtbot, window)
    assert window.model.texts(row_of(window, "Kari Nordmann"))[4] == "12,000.00 NOK"
    pat = next(s.id for s in services.contacts.page() if s.name == "Pat Mobile")
    services.deals.save(Deal(pat, "UK pilot", 50_000, "GBP", DealStage.LEAD))
    services.deals.save(Deal(pat, "EU pilot", 25_050, "EUR", DealStage.LEAD))
    refreshed(qtbot, window)
    assert window.model.texts(row_of(window, "Pat Mobile"))[4] == "750.50 (mixed currencies)"


def test_the_list_says_the_next_call_in_the_reps_time_as_today_does(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    # Sam works in New York time (Settings › You); the laptop's clock is on another zone
    # (still Paris's after the flight, or set so on purpose).
    settings = services.settings.load().with_value(options.REP_TIME_ZONE, "America/New_York")
    services.settings.save(settings)
    window.show_change(Change(Area.SETTINGS))
    kari = next(s.id for s in services.contacts.page() if s.name == "Kari Nordmann")
    at = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 10:00 in New York, 16:00 in Oslo
    services.followups.log(kari, Outcome.CONNECTED, NOW, "", at, "agree the pilot")
    refreshed(qtbot, window)
    tree = window.today.tree
    (today,) = [
        tree.topLevelItem(r).text(0)
        for r in range(tree.topLevelItemCount())
        if tree.topLevelItem(r).text(1) == "Kari Nordmann"
    ]
    assert today == "10:00"
    assert window.model.texts(row_of(window, "Kari Nordmann"))[2] == "Mon 23 Nov 10:00"
