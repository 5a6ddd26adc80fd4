"""Settings and the unexpected-error dialog, as a rep meets them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QScrollBar,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QWidget,
)

from followup_desktop.core import settings as options
from followup_desktop.core.settings import Settings
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import open_services
from followup_desktop.ui.error_dialog import ErrorDialog
from followup_desktop.ui.pickers import WeekdayPicker
from followup_desktop.ui.settings_dialog import RULES_APPLY_FROM_NOW, SettingsDialog
from followup_desktop.ui.uncaught import install_excepthook


def editor(dialog: SettingsDialog, label: str) -> QWidget:
    for widget in [
        *dialog.findChildren(QLineEdit),
        *dialog.findChildren(QSpinBox),
        *dialog.findChildren(QCheckBox),
        *dialog.findChildren(QComboBox),
        *dialog.findChildren(QTimeEdit),
        *dialog.findChildren(WeekdayPicker),
    ]:
        if widget.accessibleName() == label:
            return widget
    raise AssertionError(f"no field labelled {label!r}")


def test_settings_are_declared_once_and_saved(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    services = open_services(AppPaths(tmp_path / "data"))
    dialog = SettingsDialog(services.settings.load(), str(services.paths.data_dir))
    qtbot.addWidget(dialog)
    # Every declared option has a field, under its section.
    for option in options.ALL_OPTIONS:
        editor(dialog, option.label)
    name = editor(dialog, options.REP_NAME.label)
    lead = editor(dialog, options.REMINDER_LEAD_MIN.label)
    assert isinstance(name, QLineEdit) and isinstance(lead, QSpinBox)
    assert lead.value() == 15
    name.setText("Sam Rep")
    lead.setValue(20)
    services.settings.save(dialog.result_settings())
    reloaded = services.settings.load()
    assert reloaded.get(options.REP_NAME) == "Sam Rep"
    assert reloaded.get(options.REMINDER_LEAD_MIN) == 20
    login = editor(dialog, options.START_AT_LOGIN.label)
    security = editor(dialog, options.IMAP_SECURITY.label)
    assert isinstance(login, QCheckBox) and isinstance(security, QComboBox)
    login.setChecked(True)
    security.setCurrentText("Encrypted once connected: STARTTLS, usually port 143")
    services.settings.save(dialog.result_settings())
    reloaded = services.settings.load()
    assert reloaded.get(options.START_AT_LOGIN) is True
    assert reloaded.get(options.IMAP_SECURITY) == "starttls"
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert any(str(services.paths.data_dir) in text for text in labels)  # where the data lives
    services.close()


def test_choices_read_in_the_reps_words_and_keep_their_stored_values(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path
) -> None:
    """Settings listed "to_the_point" and "starttls" as stored, under labels such as
    "New contacts: to_the_point or personal"; the rep reads what each choice means, and
    what is stored is the value older FollowUps (and the command line) read."""
    stored = (
        Settings()
        .with_value(options.REP_DEFAULT_STYLE, "personal")
        .with_value(options.DIAL_WITH, "copy")
    )
    dialog = SettingsDialog(stored, str(tmp_path), str(tmp_path / "backups"))
    qtbot.addWidget(dialog)
    for option in options.ALL_OPTIONS:
        assert "_" not in option.label and "YYYY" not in option.label, option.label
    style = editor(dialog, options.REP_DEFAULT_STYLE.label)
    security = editor(dialog, options.IMAP_SECURITY.label)
    dial = editor(dialog, options.DIAL_WITH.label)
    assert isinstance(style, QComboBox) and isinstance(security, QComboBox)
    assert isinstance(dial, QComboBox)
    listed = [style.itemText(i) for i in range(style.count())]
    assert listed == ["Gets to the point", "Likes a personal word"]
    assert style.currentText() == "Likes a personal word"
    assert security.currentText() == "Encrypted from the start: SSL/TLS, usually port 993"
    assert dial.currentText() == "Copy the number, and I dial it myself"
    style.setCurrentText("Gets to the point")
    security.setCurrentIndex(1)
    assert dialog.result_settings().changed() == {
        "imap.security": '"starttls"',
        "calls.dial_with": '"copy"',
    }
    dial.setCurrentText("Twinkle")
    assert dialog.result_settings().get(options.DIAL_WITH) == "twinkle"
    dial.setCurrentText("myphone --call {number}")  # a command of her own, as typed
    assert dialog.result_settings().get(options.DIAL_WITH) == "myphone --call {number}"
    dial.setCurrentIndex(0)
    assert dial.currentText() == "Your phone app, the one that opens tel: links"
    assert dialog.result_settings().get(options.DIAL_WITH) == ""
    # The away days say how to write one, with an example, under their fields.
    hints = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("like 2026-12-21" in hint and "not away" in hint for hint in hints)


def test_a_wrong_time_zone_is_explained_and_not_saved(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(Settings(), str(tmp_path), str(tmp_path / "backups"))
    qtbot.addWidget(dialog)
    dialog.show()
    zones = editor(dialog, options.REP_TIME_ZONE.label)
    assert isinstance(zones, QComboBox) and zones.isEditable()  # chosen, or typed
    zones.setCurrentText("Atlantis")
    dialog.accept()
    assert dialog.isVisible()
    assert "time zone 'Atlantis' is not a place FollowUp knows" in dialog.problem.text()
    zones.setCurrentText("Paris")  # the place, as a rep types it
    dialog.accept()
    assert not dialog.isVisible()
    assert dialog.result_settings().get(options.REP_TIME_ZONE) == "Europe/Paris"


def test_the_reps_currency_is_the_computers_until_she_types_hers(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Empty, the field says which currency that means (this computer's, from its
    locale); a code typed in small letters is kept in capitals, anything else refused."""
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MONETARY", raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    dialog = SettingsDialog(Settings(), str(tmp_path), str(tmp_path / "backups"))
    qtbot.addWidget(dialog)
    dialog.show()
    currency = editor(dialog, options.REP_CURRENCY.label)
    assert isinstance(currency, QLineEdit)
    assert (currency.text(), currency.placeholderText()) == ("", "USD, this computer's")
    currency.setText("$")
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.problem.text() == (
        f"⚠ {options.REP_CURRENCY.label}: '$' is not a currency code like EUR, USD or CHF"
    )
    currency.setText("chf")
    dialog.accept()
    assert not dialog.isVisible()
    assert dialog.result_settings().get(options.REP_CURRENCY) == "CHF"


def test_a_contacts_zone_is_typed_as_where_they_are(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The field says "type where they are, e.g. Oslo": "Los Angeles" typed and saved was
    refused as "not an IANA time zone"; it is her zone, America/Los_Angeles."""
    from followup_desktop.core.model import Contact
    from followup_desktop.ui.contact_dialog import ContactDialog

    services = open_services(AppPaths(tmp_path / "data"))
    contact_id = services.contacts.add(Contact(name="Jane Smith"))
    dialog = ContactDialog(services.contacts.build, services.contacts.get(contact_id), None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "where they are" in (dialog.time_zone.lineEdit().placeholderText())
    dialog.time_zone.lineEdit().clear()
    qtbot.keyClicks(dialog.time_zone.lineEdit(), "Los Angeles")
    dialog.accept()
    assert not dialog.isVisible(), dialog.problem.text()
    assert dialog.result_contact is not None
    services.contacts.save(dialog.result_contact)
    assert services.contacts.get(contact_id).time_zone == "America/Los_Angeles"

    # A place two zones share is asked about, not guessed; nothing else is lost.
    again = ContactDialog(services.contacts.build, services.contacts.get(contact_id), None)
    qtbot.addWidget(again)
    again.show()
    again.time_zone.setCurrentText("West")
    again.accept()
    assert again.isVisible()
    assert "could be Australia/West or Brazil/West: pick one" in again.problem.text()
    services.close()


def test_settings_keep_only_what_differs_from_the_default() -> None:
    changed = (
        Settings().with_value(options.REMINDER_LEAD_MIN, 15).with_value(options.REP_NAME, "Sam")
    )
    assert changed.changed() == {"rep.name": '"Sam"'}
    # A damaged stored value falls back to the default instead of stopping the app.
    assert Settings({"reminders.lead_minutes": '"soon"'}).get(options.REMINDER_LEAD_MIN) == 15


def test_error_dialog_has_a_copyable_report(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ErrorDialog("KeyError: 'x'", "Traceback (most recent call last): …")
    qtbot.addWidget(dialog)
    report = dialog.report.toPlainText()
    assert "FollowUp" in report and "KeyError: 'x'" in report and "Traceback" in report
    next(b for b in dialog.findChildren(QPushButton) if b.text() == "Copy report").click()
    assert QApplication.clipboard().text() == report


def test_an_uncaught_error_in_a_slot_shows_the_dialog(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(
        "followup_desktop.ui.error_dialog.show_error",
        lambda summary, details, parent=None: shown.append(summary),
    )
    previous = sys.excepthook
    install_excepthook()
    try:
        sys.excepthook(ValueError, ValueError("boom"), None)
    finally:
        sys.excepthook = previous
    assert shown == ["ValueError: boom"]


def test_a_deal_is_edited_with_the_contact_and_shows_in_the_list(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from followup_desktop.core.model import Contact, ContactStatus, DealStage
    from followup_desktop.ui.contact_dialog import ContactDialog

    services = open_services(AppPaths(tmp_path / "data"))
    contact_id = services.contacts.add(Contact(name="Jane Smith"))
    dialog = ContactDialog(services.contacts.build, services.contacts.get(contact_id), None)
    qtbot.addWidget(dialog)
    dialog.stage.setCurrentIndex(dialog.stage.findData(DealStage.PROPOSAL))
    dialog.deal_value.setValue(12_500.5)
    dialog.currency.setText("usd")
    dialog.accept()
    assert dialog.result_deal is not None
    services.deals.save(replace(dialog.result_deal, contact_id=contact_id))
    (summary,) = services.contacts.page()
    assert summary.open_deal_value_minor == 1_250_050
    deal = services.deals.current(contact_id)
    assert deal is not None and (deal.stage, deal.currency) == (DealStage.PROPOSAL, "USD")

    # A bad currency is explained and nothing is accepted.
    again = ContactDialog(services.contacts.build, services.contacts.get(contact_id), None, deal)
    qtbot.addWidget(again)
    assert again.stage.currentData() == DealStage.PROPOSAL and again.deal_value.value() == 12_500.5
    again.currency.setText("1$")
    again.show()
    again.accept()
    assert again.isVisible() and "'1$' is not a currency code" in again.problem.text()
    # Letters, but no ISO 4217 code has an accent: the rule Settings has for her currency.
    again.problem.clear()
    again.currency.setText("ÉUR")
    again.accept()
    assert again.isVisible() and "'ÉUR' is not a currency code" in again.problem.text()
    with pytest.raises(ValueError, match="'ÉUR' is not a currency code"):
        services.deals.save(replace(deal, currency="ÉUR"))
    # Three letters, but no country's money.
    again.problem.clear()
    again.currency.setText("XYZ")
    again.accept()
    assert again.isVisible() and "'XYZ' is not a currency code" in again.problem.text()
    with pytest.raises(ValueError, match="'XYZ' is not a currency code"):
        services.deals.save(replace(deal, currency="XYZ"))
    assert services.deals.current(contact_id) == deal

    # Winning the deal settles the contact and empties the open value.
    services.deals.save(replace(deal, stage=DealStage.WON))
    assert services.contacts.get(contact_id).status is ContactStatus.WON
    assert services.contacts.page()[0].open_deal_value_minor == 0
    services.close()


def test_a_deal_stored_with_a_made_up_currency_is_shown_and_does_not_hold_up_the_contact(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path
) -> None:
    """Before: a deal saved in "XYZ" (before only ISO 4217's codes were taken) opened
    without a word and refused every Save, a new phone number too, until the code was
    corrected. Now the dialog says it on opening; an untouched deal stays as it is and the
    contact saves; a deal she changes needs a real code."""
    from datetime import UTC, datetime

    from followup_desktop.core.model import Contact, Deal, DealStage
    from followup_desktop.store import deals_repo
    from followup_desktop.ui.contact_dialog import ContactDialog

    services = open_services(AppPaths(tmp_path / "data"))
    contact_id = services.contacts.add(Contact(name="Jane Smith"))
    with services.db.writing() as session:  # as a store from before kept it
        deals_repo.save(
            session,
            Deal(contact_id, "Fleet", 1_250_000, "XYZ", DealStage.PROPOSAL),
            datetime(2025, 3, 1, tzinfo=UTC),
        )
    stored = services.deals.current(contact_id)
    assert stored is not None and stored.currency == "XYZ"

    def opened() -> ContactDialog:
        dialog = ContactDialog(
            services.contacts.build, services.contacts.get(contact_id), None, stored
        )
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog

    dialog = opened()
    assert dialog.currency.text() == "XYZ" and dialog.deal_value.value() == 12_500
    assert dialog.problem.isVisible()
    assert dialog.problem.text() == (
        "⚠ This deal's currency 'XYZ' is not a currency code like EUR, USD or CHF: correct"
        " it when you change the deal. The rest of the contact saves as it is."
    )
    dialog.phones.setPlainText("+1 312 555 0142")
    dialog.accept()
    assert not dialog.isVisible() and dialog.result_contact is not None
    assert dialog.result_deal is None  # the deal as it was: not written again
    services.deals.save_edit(
        services.contacts.get(contact_id), dialog.result_contact, dialog.result_deal
    )
    assert [p.number for p in services.contacts.get(contact_id).phones] == ["+13125550142"]
    assert services.deals.current(contact_id) == stored

    # The deal moved on, its code left as it was: refused, and said why.
    again = opened()
    again.stage.setCurrentIndex(again.stage.findData(DealStage.NEGOTIATION))
    again.accept()
    assert again.isVisible() and again.result_contact is None
    assert again.problem.text() == "⚠ 'XYZ' is not a currency code like EUR, USD or CHF."
    again.currency.setText("usd")
    again.accept()
    assert not again.isVisible() and again.result_deal is not None
    services.deals.save_edit(
        services.contacts.get(contact_id), again.result_contact, again.result_deal
    )
    deal = services.deals.current(contact_id)
    assert deal is not None
    assert (deal.stage, deal.currency, deal.value_minor) == (
        DealStage.NEGOTIATION,
        "USD",
        1_250_000,
    )
    services.close()


@pytest.mark.parametrize(
    ("currency", "typed", "kept", "shown"),
    [
        ("JPY", "500000", 50_000_000, "500,000 JPY"),  # a yen has no cents
        ("EUR", "12000.50", 1_200_050, "12,000.50 EUR"),
    ],
)
def test_a_deal_is_typed_and_shown_with_its_currency_s_decimals(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, currency: str, typed: str, kept: int, shown: str
) -> None:
    """Before: "500,000.00 JPY" in the list, and the field offered yen cents."""
    from dataclasses import replace

    from PySide6.QtCore import Qt

    from followup_desktop.core.model import Contact, DealStage
    from followup_desktop.core.money import money
    from followup_desktop.ui.contact_dialog import ContactDialog

    services = open_services(AppPaths(tmp_path / "data"))
    contact_id = services.contacts.add(Contact(name="Jane Smith"))
    dialog = ContactDialog(services.contacts.build, services.contacts.get(contact_id), None)
    qtbot.addWidget(dialog)
    dialog.stage.setCurrentIndex(dialog.stage.findData(DealStage.PROPOSAL))
    dialog.currency.selectAll()
    qtbot.keyClicks(dialog.currency, currency)
    dialog.deal_value.lineEdit().selectAll()
    qtbot.keyClicks(dialog.deal_value, typed)
    qtbot.keyClick(dialog.deal_value, Qt.Key.Key_Tab)
    dialog.accept()
    assert dialog.result_deal is not None
    assert dialog.result_deal.value_minor == kept
    services.deals.save(replace(dialog.result_deal, contact_id=contact_id))
    (summary,) = services.contacts.page()
    assert money(summary.open_deal_value_minor, summary.deal_currency) == shown
    deal = services.deals.current(contact_id)
    again = ContactDialog(services.contacts.build, services.contacts.get(contact_id), None, deal)
    qtbot.addWidget(again)
    assert again.deal_value.cleanText().replace(",", "") == typed  # as typed, no more digits
    services.close()


def test_hours_and_days_are_chosen_not_typed(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Business hours are time fields and business days weekday boxes: "Mon-Fri" cannot
    be mistyped, "9am" cannot reach a rule, and no day at all is one plain line."""
    dialog = SettingsDialog(Settings(), str(tmp_path), str(tmp_path / "backups"))
    qtbot.addWidget(dialog)
    dialog.show()
    start = editor(dialog, options.BUSINESS_DAY_START.label)
    days = editor(dialog, options.BUSINESS_DAYS.label)
    region = editor(dialog, options.PHONE_REGION.label)
    assert isinstance(start, QTimeEdit) and isinstance(days, WeekdayPicker)
    assert start.time().toString("HH:mm") == "09:00"
    assert [box.isChecked() for box in days.boxes] == [True] * 5 + [False] * 2
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    start.setFocus()
    start.setSelectedSection(QTimeEdit.Section.HourSection)
    qtbot.keyClicks(start, "08:30")  # typed as people type a time
    days.boxes[4].setChecked(False)  # no Fridays
    assert isinstance(region, QComboBox)
    region.setCurrentIndex(region.findData("NO"))
    assert region.currentText() == "Norway (+47)"
    chosen = dialog.result_settings()
    assert chosen.get(options.BUSINESS_DAY_START) == "08:30"
    assert chosen.get(options.BUSINESS_DAYS) == "Mon,Tue,Wed,Thu"
    assert chosen.get(options.PHONE_REGION) == "NO"
    for box in days.boxes:
        box.setChecked(False)
    dialog.accept()
    assert dialog.isVisible()
    assert (
        dialog.problem.text()
        == "⚠ Contacts' business days: at least one day is needed, e.g. Mon-Fri"
    )


def test_rules_refuse_what_they_would_ignore(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The nudge field says 60–120 and takes no other number; a series and a parked
    check-in need at least 1; a business day that closes before it opens is one plain
    line, and nothing is kept (the rules used 09:00–17:00 instead, without a word)."""
    dialog = SettingsDialog(Settings(), str(tmp_path), str(tmp_path / "backups"))
    qtbot.addWidget(dialog)
    dialog.show()
    nudge = editor(dialog, options.NUDGE_AFTER_SECOND_MISS_MIN.label)
    series = editor(dialog, options.VOICEMAIL_STEPS.label)
    parked = editor(dialog, options.PARKED_CHECK_IN_DAYS.label)
    assert isinstance(nudge, QSpinBox) and isinstance(series, QSpinBox)
    assert isinstance(parked, QSpinBox)
    assert (nudge.minimum(), nudge.maximum()) == (60, 120)
    assert (series.minimum(), parked.minimum()) == (1, 1)
    start = editor(dialog, options.BUSINESS_DAY_START.label)
    end = editor(dialog, options.BUSINESS_DAY_END.label)
    assert isinstance(start, QTimeEdit) and isinstance(end, QTimeEdit)
    start.setTime(start.time().fromString("18:00", "HH:mm"))
    end.setTime(end.time().fromString("08:00", "HH:mm"))
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.problem.text() == (
        "⚠ Contacts' business day ends: 08:00 is not after the start of their business day, 18:00"
    )
    end.setTime(end.time().fromString("20:00", "HH:mm"))
    dialog.accept()
    assert not dialog.isVisible()
    assert dialog.result_settings().get(options.BUSINESS_DAY_END) == "20:00"


def test_restore_defaults_puts_the_tab_back_and_cancel_keeps_everything(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A rep who changed the rules can have FollowUp's own values back without knowing
    them: "Restore defaults" resets the tab shown (not the others), Save keeps it, and
    the store then holds nothing for those options."""
    services = open_services(AppPaths(tmp_path / "data"))
    changed = (
        Settings()
        .with_value(options.RETRY_AFTER_MISS_MIN, 30)
        .with_value(options.BUSINESS_DAY_START, "08:00")
        .with_value(options.BUSINESS_DAYS, "Mon,Tue,Wed")
        .with_value(options.REMINDER_LEAD_MIN, 25)
    )
    services.settings.save(changed)
    dialog = SettingsDialog(services.settings.load(), str(services.paths.data_dir))
    qtbot.addWidget(dialog)
    dialog.show()
    retry = editor(dialog, options.RETRY_AFTER_MISS_MIN.label)
    assert isinstance(retry, QSpinBox) and retry.value() == 30
    tabs = dialog._tabs
    tabs.setCurrentIndex([tabs.tabText(i) for i in range(tabs.count())].index("Follow-up rules"))
    assert dialog.restore_button.text().replace("&", "") == "Restore Defaults"
    dialog.restore_button.click()
    assert retry.value() == 15
    start = editor(dialog, options.BUSINESS_DAY_START.label)
    assert isinstance(start, QTimeEdit) and start.time().toString("HH:mm") == "09:00"
    days = editor(dialog, options.BUSINESS_DAYS.label)
    assert isinstance(days, WeekdayPicker) and days.value() == "Mon,Tue,Wed,Thu,Fri"
    lead = editor(dialog, options.REMINDER_LEAD_MIN.label)
    assert isinstance(lead, QSpinBox) and lead.value() == 25  # another tab: untouched
    dialog.reject()  # Cancel: nothing stored
    assert services.settings.reload().get(options.RETRY_AFTER_MISS_MIN) == 30
    services.settings.save(dialog.result_settings())  # what Save stores
    assert services.settings.reload().changed() == {"reminders.lead_minutes": "25"}
    services.close()


def test_the_rules_tab_says_a_change_leaves_planned_follow_ups_where_they_are(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(Settings(), str(tmp_path), str(tmp_path / "backups"))
    qtbot.addWidget(dialog)
    dialog.show()
    series = editor(dialog, options.VOICEMAIL_STEPS.label)
    tabs = dialog.findChild(QTabWidget)
    assert tabs is not None
    tabs.setCurrentIndex(
        next(i for i in range(tabs.count()) if tabs.widget(i).isAncestorOf(series))
    )
    said = [
        label.text()
        for label in series.parentWidget().findChildren(QLabel)
        if label.isVisible() and "already planned" in label.text()
    ]
    assert said == [RULES_APPLY_FROM_NOW]


def cut_on_page(page: QWidget) -> list[str]:
    """The labels and fields of ``page`` cut at the right of the page, or shorter than
    their words."""
    cut = []
    right = page.mapTo(page.window(), page.rect().topRight()).x()
    for widget in page.findChildren(QWidget):
        if not widget.isVisible() or isinstance(widget, QScrollBar):
            continue
        if widget.mapTo(page.window(), widget.rect().topRight()).x() > right:
            cut.append(f"{widget.accessibleName() or widget.objectName() or widget}: out")
        if isinstance(widget, QLabel) and widget.text():
            fits = (
                widget.height() >= widget.heightForWidth(widget.width())
                if widget.wordWrap()
                else widget.width() >= widget.sizeHint().width()
            )
            if not fits:
                cut.append(f"{widget.text()!r}: cut")
    return cut


def test_settings_at_their_narrowest_show_every_section_label_and_field_whole(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(Settings(), str(tmp_path), str(tmp_path / "backups"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.resize(300, 400)  # as narrow as it goes
    qtbot.waitUntil(lambda: dialog.width() < 700)  # on an 800 px screen, with room
    tabs = dialog.findChild(QTabWidget)
    assert tabs is not None
    titles = [tabs.tabText(index) for index in range(tabs.count())]
    assert "Calendar and address book" in titles and "Backups" in titles
    for index in range(len(titles)):
        tabs.setCurrentIndex(index)
        page = tabs.currentWidget()
        qtbot.waitUntil(lambda page=page: cut_on_page(page) == [], timeout=2000)
    for index, title in enumerate(titles):
        # Each section's title reads whole, none behind a tab bar's scroll arrows.
        item = dialog.sections.item(index)
        place = dialog.sections.visualItemRect(item)
        assert item.text() == title
        assert dialog.sections.viewport().rect().contains(place)
        assert place.width() >= dialog.sections.fontMetrics().horizontalAdvance(title)
        dialog.sections.setCurrentRow(index)
        assert tabs.currentIndex() == index


def test_settings_open_with_labels_beside_fields_and_boxes_saying_what_they_do(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Settings opened at 725 px, so every label sat over its field wrapped at 260 px,
    each tick box sat alone and wordless under its label, and a long page ran out of
    sight; on a 1280×720 screen it now opens with labels beside their fields, a box
    says what it does, and a long page scrolls to its last field."""
    dialog = SettingsDialog(Settings(), str(tmp_path), str(tmp_path / "backups"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.width() <= 1280 * 0.9 and dialog.height() <= 720 * 0.9
    tabs = dialog._tabs
    for option in options.ALL_OPTIONS:
        field = editor(dialog, option.label)
        area = next(
            tabs.widget(i) for i in range(tabs.count()) if tabs.widget(i).isAncestorOf(field)
        )
        tabs.setCurrentWidget(area)
        assert isinstance(area, QScrollArea)
        form = area.widget().layout()
        assert isinstance(form, QFormLayout)
        if isinstance(field, QCheckBox):
            assert field.text() == option.label and form.labelForField(field) is None
            continue
        if isinstance(field, WeekdayPicker):
            continue  # seven boxes take a row of their own, under their label
        label = form.labelForField(field)
        assert label is not None
        page = area.widget()

        def in_sight(field: QWidget = field, page: QWidget = page) -> bool:
            shown = tabs.currentWidget()
            assert isinstance(shown, QScrollArea)
            shown.verticalScrollBar().setValue(field.geometry().bottom() - shown.height() // 2)
            seen = field.geometry().translated(page.pos())  # as far as it scrolls
            return shown.viewport().rect().contains(seen)

        qtbot.waitUntil(in_sight, timeout=1000)  # in sight, and not cut at the right
        assert label.geometry().right() < field.x(), option.label  # beside, not over
