"""The first minute, in a real X window: FollowUp asks who the rep is once (name, e-mail,
time zone (the computer's unless she picks one), country for numbers, style), keyboard
only, and the first call card then greets the customer in the rep's name; skipping leaves
a red ⚠ to click, never a bare placeholder, and the page does not come back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from followup_desktop.core import settings as options
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Outcome, Phone, Style
from followup_desktop.services.session import Services
from followup_desktop.ui.first_run import (
    FIRST_RUN_STATE,
    FirstRunDialog,
    Suggestions,
    offer_first_run,
)
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.pickers import region_label
from followup_desktop.ui.script_panel import HtmlRole
from tests.computer_locale import computer_locale
from tests.rep_desk import REP_ZONE, rep_services
from tests.ui.test_call_screen import lines, open_call

NOW = datetime(2026, 11, 23, 16, 58, tzinfo=UTC)


@pytest.fixture
def services(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    with rep_services(tmp_path, monkeypatch, FixedClock(NOW)) as opened:  # no rep name yet
        yield opened


def offered(qtbot, window: MainWindow, services: Services) -> FirstRunDialog:  # type: ignore[no-untyped-def]
    assert offer_first_run(window, services.settings, window.tasks, window.refresh), (
        "a new profile is asked who the rep is"
    )
    # The page opens once its lists are read on a worker.
    qtbot.waitUntil(lambda: window.findChild(FirstRunDialog) is not None)
    dialog = window.findChild(FirstRunDialog)
    qtbot.waitUntil(dialog.isVisible)
    qtbot.waitActive(dialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.name)  # ready to type
    return dialog


def answered(qtbot, window: MainWindow, services: Services) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: services.settings.ui_state(FIRST_RUN_STATE) is not None)
    window.tasks.wait()


def add_priya(services: Services) -> int:
    return services.contacts.add(
        Contact(name="Priya Raman", company="Raman Textiles", phones=[Phone("+919876543210")])
    )


def test_a_new_rep_answers_with_the_keyboard_and_the_first_card_says_their_name(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    dialog = offered(qtbot, window, services)
    # What the computer knows is offered: its zone (TZ of this session), followed when empty.
    assert dialog.time_zone.lineEdit().placeholderText() == f"{REP_ZONE}, this computer's"
    qtbot.keyClicks(dialog.name, "Sam  Rivers ")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "sam@seller.example")
    dialog.region.setCurrentIndex(dialog.region.findData("NO"))
    qtbot.keyClick(dialog.personal, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    answered(qtbot, window, services)

    settings = services.settings.load()
    assert settings.get(options.REP_NAME) == "Sam Rivers"
    assert settings.get(options.REP_EMAIL) == "sam@seller.example"
    assert settings.get(options.REP_TIME_ZONE) == ""  # the computer's, wherever it goes
    assert services.settings.rep_zone() == REP_ZONE
    assert services.settings.phone_region() == "NO"
    # The country applies at once: a Norwegian number typed without +47.
    assert services.contacts.build("Ola", phones=["22 12 34 56"]).phones[0].number == "+4722123456"
    assert services.contacts.build("Ola").style is Style.PERSONAL
    assert services.settings.ui_state(FIRST_RUN_STATE) == "done"

    call = open_call(qtbot, window, add_priya(services))
    assert lines(call, 1)[0] == "▸ Hi Priya, this is Sam Rivers. Have you got two minutes?"
    call.close()
    assert offer_first_run(window, services.settings, window.tasks, window.refresh) is False


@pytest.mark.parametrize(("typed", "kept"), [(None, "USD"), ("chf", "CHF"), ("", "")])
def test_the_currency_offered_is_the_computers_and_kept_as_answered(  # type: ignore[no-untyped-def]
    qtbot,
    window: MainWindow,
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
    typed: str | None,
    kept: str,
) -> None:
    """On a US computer the page offers USD (left as is, it is hers); another code typed
    is kept in capitals; cleared, her deals follow the computer's, as in Settings."""
    computer_locale(monkeypatch, "en_US.UTF-8")
    dialog = offered(qtbot, window, services)
    assert dialog.currency.text() == "USD"
    qtbot.keyClicks(dialog.name, "Sam Rivers")
    if typed is not None:
        dialog.currency.setText(typed)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    answered(qtbot, window, services)
    assert services.settings.load().get(options.REP_CURRENCY) == kept


def test_the_currency_follows_the_country_she_picks_until_she_types_one(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    computer_locale(monkeypatch, "en_US.UTF-8")
    dialog = offered(qtbot, window, services)
    assert dialog.currency.text() == "USD"
    dialog.region.setCurrentIndex(dialog.region.findData("GB"))
    assert dialog.currency.text() == "GBP"
    dialog.currency.selectAll()
    qtbot.keyClicks(dialog.currency, "CHF")
    dialog.region.setCurrentIndex(dialog.region.findData("JP"))
    assert dialog.currency.text() == "CHF"  # hers, typed: kept


def test_a_currency_that_is_not_a_code_is_said_and_nothing_is_stored(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    dialog = offered(qtbot, window, services)
    qtbot.keyClicks(dialog.name, "Sam Rivers")
    dialog.currency.setText("$")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.problem.text() == "⚠ '$' is not a currency code like EUR, USD or CHF"
    assert services.settings.ui_state(FIRST_RUN_STATE) is None
    dialog.close()


def test_a_skipped_page_never_returns_and_the_card_points_at_the_missing_name(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    dialog = offered(qtbot, window, services)
    qtbot.keyClick(dialog.name, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    answered(qtbot, window, services)
    assert services.settings.ui_state(FIRST_RUN_STATE) == "skipped"
    assert services.settings.load().get(options.REP_NAME) == ""
    assert offer_first_run(window, services.settings, window.tasks, window.refresh) is False

    call = open_call(qtbot, window, add_priya(services))
    first = call.script.cards[0].lines.item(0)
    assert first.text() == "⚠ Hi Priya, this is {rep_name}. Have you got two minutes?"
    assert "color:#b3261e" in first.data(HtmlRole) and "setting:rep.name" in first.data(HtmlRole)
    call.close()


def test_a_wrong_email_is_said_and_nothing_is_stored(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    dialog = offered(qtbot, window, services)
    qtbot.keyClicks(dialog.name, "Sam Rivers")
    dialog.email.setText("sam@")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "sam@" in dialog.problem.text() and dialog.problem.isVisible()
    assert services.settings.ui_state(FIRST_RUN_STATE) is None
    assert services.settings.load().get(options.REP_NAME) == ""
    dialog.close()


def test_a_rep_whose_name_is_known_is_not_asked(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    services.settings.save(services.settings.load().with_value(options.REP_NAME, "Ana"))
    assert offer_first_run(window, services.settings, window.tasks, window.refresh) is False


def test_the_suggested_country_is_chosen_and_countries_read_as_people_know_them(qtbot) -> None:  # type: ignore[no-untyped-def]
    from followup_desktop.core.settings import Settings

    dialog = FirstRunDialog(Settings(), Suggestions("Europe/Oslo", "NO"))
    qtbot.addWidget(dialog)
    assert dialog.region.currentData() == "NO"
    assert region_label("NO") == "Norway (+47)"
    unknown = FirstRunDialog(Settings(), Suggestions("UTC", ""))
    qtbot.addWidget(unknown)
    assert unknown.region.currentData() == ""  # no silent United States
    assert unknown.result_settings().get(options.PHONE_REGION) == ""


def test_every_field_s_example_reads_whole(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Before, the e-mail field's example was cut: "you@company.com: invites come from
    this ad…"; what the address is for is its tooltip."""
    from PySide6.QtWidgets import QLineEdit

    from followup_desktop.core.settings import Settings
    from followup_desktop.ui import look

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    app.setStyleSheet(look.STYLE_SHEET % {"accent": look.ACCENT.name()})  # as at a start
    try:
        dialog = FirstRunDialog(Settings(), Suggestions("Europe/Oslo", "NO"))
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.adjustSize()  # as big as it asks to be, as when it opens at a start
        qtbot.waitExposed(dialog)
        for field in dialog.findChildren(QLineEdit):
            hint = field.placeholderText()
            room = field.contentsRect().width() - 8  # the frame's and the text's margins
            assert field.fontMetrics().horizontalAdvance(hint) <= room, hint
        assert "invites" in dialog.email.toolTip().lower()
    finally:
        app.setStyleSheet(before)


def test_a_rep_who_chose_no_zone_follows_the_laptop_and_one_who_chose_keeps_hers(
    qtbot, window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The page wrote the laptop's zone as hers: flown to New York, her day, her
    reminders and her times stayed on Paris time. Left as offered, the zone is now the
    computer's, wherever it is; Settings › You says which that is."""
    from followup_desktop.ui.settings_dialog import SettingsDialog
    from tests.ui.test_dialogs import editor

    dialog = offered(qtbot, window, services)
    assert dialog.time_zone.currentText() == ""
    assert dialog.time_zone.lineEdit().placeholderText() == f"{REP_ZONE}, this computer's"
    qtbot.keyClicks(dialog.name, "Sam Rivers")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    answered(qtbot, window, services)
    assert services.settings.load().get(options.REP_TIME_ZONE) == ""
    assert services.settings.rep_zone() == REP_ZONE

    ola = services.contacts.add(Contact(name="Ola Berg", time_zone="America/New_York"))
    call_at = datetime(2026, 11, 23, 17, 12, tzinfo=UTC)  # reminded at 16:57
    services.followups.log(ola, Outcome.CONNECTED, NOW, agreed_next=call_at)
    monkeypatch.setenv("TZ", "America/New_York")  # landed: the laptop's clock moved
    assert services.settings.rep_zone() == "America/New_York"
    (reminder,) = services.reminders.due_now().notices
    assert reminder.title == "Call Ola Berg at 12:12"  # was "at 18:12 (their 12:12)"
    start, _end = services.followups.today()
    assert start == datetime(2026, 11, 23, 5, 0, tzinfo=UTC)  # her day: midnight there
    shown = SettingsDialog(services.settings.load(), str(services.paths.data_dir))
    qtbot.addWidget(shown)
    zone_field = editor(shown, options.REP_TIME_ZONE.label)
    assert zone_field.currentText() == ""
    assert zone_field.lineEdit().placeholderText() == "America/New_York, this computer's"

    # One she chooses is hers wherever the laptop is.
    zone_field.setCurrentText("Europe/Oslo")
    services.settings.save(shown.result_settings())
    assert services.settings.rep_zone() == "Europe/Oslo"
