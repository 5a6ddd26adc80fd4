"""A deal starts in the rep's currency: the one she chose in Settings, else her
computer's (a US computer: USD); a deal she already has keeps its own. EUR was the
start of every deal, so a US rep changed it on each one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QWidget

from followup_desktop.core import settings as options
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Deal, DealStage
from followup_desktop.services.session import Services
from followup_desktop.ui.contact_dialog import ContactDialog
from followup_desktop.ui.main_window import MainWindow
from tests.computer_locale import computer_locale
from tests.ui.test_contact_merge import when_open


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))


def add_with_a_deal(qtbot, window: MainWindow, name: str) -> str:  # type: ignore[no-untyped-def]
    """New contact: ``name`` with a lead worth 1,000 in whatever currency the dialog
    starts with, saved; that currency."""
    shown: list[str] = []

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, ContactDialog)
        shown.append(dialog.currency.text())
        dialog.name.setText(name)
        dialog.stage.setCurrentIndex(dialog.stage.findData(DealStage.LEAD))
        dialog.deal_value.setValue(1000)
        dialog.accept()

    filling = when_open(ContactDialog, fill)
    window.editing.new()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    filling.stop()
    return shown[0]


def saved_deal(qtbot, services: Services, name: str) -> Deal:  # type: ignore[no-untyped-def]
    found: list[Deal] = []

    def look() -> bool:
        for summary in services.contacts.page(name):
            if summary.name == name:
                deal = services.deals.current(summary.id)
                if deal is not None:
                    found.append(deal)
        return bool(found)

    qtbot.waitUntil(look, timeout=10_000)
    return found[0]


def test_a_us_computer_starts_a_new_deal_in_dollars(
    qtbot, window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    computer_locale(monkeypatch, "en_US.UTF-8")
    assert add_with_a_deal(qtbot, window, "Jo Park") == "USD"
    deal = saved_deal(qtbot, services, "Jo Park")
    assert (deal.currency, deal.value_minor) == ("USD", 100_000)


def test_a_rep_who_chose_francs_starts_in_francs_on_any_computer(
    qtbot, window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    computer_locale(monkeypatch, "en_US.UTF-8")
    services.settings.save(services.settings.load().with_value(options.REP_CURRENCY, "CHF"))
    assert add_with_a_deal(qtbot, window, "Urs Keller") == "CHF"
    assert saved_deal(qtbot, services, "Urs Keller").currency == "CHF"


def test_a_deal_she_has_keeps_its_currency_and_a_contact_without_one_gets_hers(
    qtbot, window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    computer_locale(monkeypatch, "en_US.UTF-8")
    lena = services.contacts.add(Contact(name="Lena Berg"))
    services.deals.save(Deal(lena, "Pilot", 1_250_000, "EUR", DealStage.PROPOSAL))
    tom = services.contacts.add(Contact(name="Tom Reed"))
    shown: list[tuple[str, str]] = []

    def look_and_save(dialog: QWidget) -> None:
        assert isinstance(dialog, ContactDialog)
        shown.append((dialog.name.text(), dialog.currency.text()))
        if dialog.name.text() == "Tom Reed":  # no deal yet: one added now
            dialog.stage.setCurrentIndex(dialog.stage.findData(DealStage.LEAD))
            dialog.deal_value.setValue(500)
        dialog.accept()

    for contact_id in (lena, tom):
        opened = when_open(ContactDialog, look_and_save)
        count = len(shown)
        window.editing.edit(contact_id)
        qtbot.waitUntil(lambda count=count: len(shown) > count, timeout=10_000)
        opened.stop()
    assert shown == [("Lena Berg", "EUR"), ("Tom Reed", "USD")]
    assert saved_deal(qtbot, services, "Tom Reed").currency == "USD"
    kept = services.deals.current(lena)
    assert kept is not None and (kept.currency, kept.value_minor) == ("EUR", 1_250_000)
