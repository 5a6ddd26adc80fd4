"""Add / edit a contact, with the reason shown in the dialog when a field is wrong."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.contact_rules import InvalidField, shown_phone
from followup_desktop.core.currencies import FALLBACK, currency_code
from followup_desktop.core.model import STYLE_WORDS, Contact, Deal, DealStage, Style
from followup_desktop.core.money import HUNDREDTHS, decimals
from followup_desktop.ui.pickers import zone_box

Builder = Callable[..., Contact]


def _lines(edit: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]


def _not_a_currency(code: str) -> str:
    """Why ``code`` is not a currency code ("" when it is one)."""
    try:
        currency_code(code)
    except ValueError as error:
        return str(error)
    return ""


class ContactDialog(QDialog):
    def __init__(
        self,
        build: Builder,
        contact: Contact | None = None,
        parent: QWidget | None = None,
        deal: Deal | None = None,
        new_style: Style = Style.TO_THE_POINT,
        bounced: dict[str, str] | None = None,
        new_currency: str = FALLBACK,
    ) -> None:
        """``new_style``: what a new contact starts with (Settings › You); ``bounced``:
        the lines said under the e-mails, by lower-cased address (core.came_back);
        ``new_currency``: what a deal added here starts in (an existing one keeps its own)."""
        super().__init__(parent)
        self._build = build
        self._original = contact
        self._unchecked = frozenset(
            p.number for p in (contact.phones if contact else []) if not p.checked
        )
        self._deal = deal
        self.result_contact: Contact | None = None
        self.result_deal: Deal | None = None
        self.setWindowTitle("Edit contact" if contact else "New contact")
        self.setMinimumWidth(440)

        self.name = QLineEdit()
        self.company = QLineEdit()
        self.title_edit = QLineEdit()
        self.emails = QPlainTextEdit()
        self.emails.setPlaceholderText("one e-mail per line")
        self.emails.setTabChangesFocus(True)
        self.emails.setFixedHeight(56)
        # Mail to these came back: said under them while the address is there (changed,
        # it is another address, and saved, the mark goes).
        self._bounced = bounced or {}
        self.bounced = QLabel()
        self.bounced.setObjectName("warningBanner")
        self.bounced.setWordWrap(True)
        self.bounced.hide()
        self.emails.textChanged.connect(self._show_bounced)
        self.phones = QPlainTextEdit()
        self.phones.setPlaceholderText("one number per line, e.g. +1 312 555 0142")
        self.phones.setTabChangesFocus(True)
        self.phones.setFixedHeight(56)
        self.time_zone = zone_box()
        line = self.time_zone.lineEdit()
        if line is not None:  # their time is the rep's guess until this is set
            line.setPlaceholderText("unknown: type where they are, e.g. Oslo")
        self.style_box = QComboBox()
        for style, label in STYLE_WORDS.items():
            self.style_box.addItem(label, style)
        self.personal_notes = QPlainTextEdit()
        self.personal_notes.setPlaceholderText(
            "shown in the call when they like a personal word: kids, hobbies…"
        )
        self.personal_notes.setTabChangesFocus(True)
        self.personal_notes.setFixedHeight(56)
        # The rep's own: what an import kept lands here too, never read to the contact.
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("yours: never shown to the contact or in a script")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(56)
        self.stage = QComboBox()
        self.stage.addItem("No deal", None)
        for stage in DealStage:
            self.stage.addItem(stage.value.capitalize(), stage)
        self.deal_value = QDoubleSpinBox()
        self.deal_value.setRange(0, 1_000_000_000)
        self.deal_value.setDecimals(decimals(new_currency))
        self.deal_value.setGroupSeparatorShown(True)
        self.deal_value.setAccessibleName("Deal value")
        self.currency = QLineEdit(new_currency)
        self.currency.setMaxLength(3)
        self.currency.setFixedWidth(56)
        self.currency.setAccessibleName("Currency")
        # The value takes the currency's decimals: none for JPY.
        self.currency.textChanged.connect(lambda code: self.deal_value.setDecimals(decimals(code)))
        deal_row = QHBoxLayout()
        deal_row.addWidget(self.stage)
        deal_row.addWidget(self.deal_value, 1)
        deal_row.addWidget(self.currency)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(
            "color: palette(highlighted-text); background: #b3261e; padding: 6px; border-radius: 4px;"
        )
        self.problem.hide()

        form = QFormLayout()
        for label, widget, accessible in (
            ("&Name", self.name, "Name"),
            ("&Company", self.company, "Company"),
            ("&Title", self.title_edit, "Title"),
            ("&E-mails", self.emails, "E-mails"),
            ("", self.bounced, "Mail that came back"),
            ("&Phones", self.phones, "Phones"),
            ("Time &zone", self.time_zone, "Time zone"),
            ("&Style", self.style_box, "Style"),
            ("Personal n&otes", self.personal_notes, "Personal notes"),
            ("&Your notes", self.notes, "Your notes"),
        ):
            widget.setAccessibleName(accessible)
            form.addRow(label, widget)
        self.stage.setAccessibleName("Deal stage")
        deal_label = QLabel("&Deal")  # a row of three fields: Alt+D goes to the stage
        deal_label.setBuddy(self.stage)
        form.addRow(deal_label, deal_row)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        if contact is not None:
            self._fill(contact)
        else:
            self.style_box.setCurrentIndex(max(0, self.style_box.findData(new_style)))
        if deal is not None:
            self.stage.setCurrentIndex(max(0, self.stage.findData(deal.stage)))
            self.currency.setText(deal.currency)
            self.deal_value.setValue(deal.value_minor / HUNDREDTHS)
            if wrong := _not_a_currency(deal.currency):
                # Stored before only ISO 4217's codes were taken: said now, not at Save.
                self._say(
                    f"⚠ This deal's currency {wrong}: correct it when you change the deal."
                    " The rest of the contact saves as it is."
                )
        self.name.setFocus()

    def _say(self, line: str) -> None:
        """A line under the form, after any already there (an unchecked number)."""
        shown = "" if self.problem.isHidden() else self.problem.text()
        self.problem.setText(f"{shown}\n{line}" if shown else line)
        self.problem.show()

    def _deal_as_opened(self, stage: DealStage | None) -> bool:
        """The deal's fields as the dialog opened them."""
        deal = self._deal
        return (
            deal is not None
            and stage == deal.stage
            and self.currency.text() == deal.currency
            and round(self.deal_value.value() * HUNDREDTHS) == deal.value_minor
        )

    def _fill(self, contact: Contact) -> None:
        self.name.setText(contact.name)
        self.company.setText(contact.company)
        self.title_edit.setText(contact.title)
        self.emails.setPlainText("\n".join(e.address for e in contact.emails))
        self.phones.setPlainText("\n".join(shown_phone(p) for p in contact.phones))
        if unchecked := [p.number for p in contact.phones if not p.checked]:
            # Not an error: the rep may know better than libphonenumber. Said once, here.
            self.problem.setText(
                f"⚠ Not checked: {', '.join(unchecked)} (the number does not look complete"
                " for its country). Correct it, or save to keep it as written."
            )
            self.problem.show()
        self.time_zone.setCurrentText(contact.time_zone)
        self.style_box.setCurrentIndex(max(0, self.style_box.findData(contact.style)))
        self.personal_notes.setPlainText(contact.personal_notes)
        self.notes.setPlainText(contact.notes)

    def ask_for_the_right_number(self) -> None:
        """Opened after a wrong number: the phones focused, said why. A lone number is
        selected to be typed over; with several, the cursor waits after the last."""
        self.problem.setText(
            "⚠ The number on file reached someone else: type the right one under Phones "
            "and save. The next call is then planned on it."
        )
        self.problem.show()
        self.phones.setFocus()
        if len(_lines(self.phones)) == 1:
            self.phones.selectAll()
        else:
            self.phones.moveCursor(QTextCursor.MoveOperation.End)

    def _show_bounced(self) -> None:
        typed = {line.casefold() for line in _lines(self.emails)}
        lines = [line for key, line in self._bounced.items() if key in typed]
        self.bounced.setText("\n".join(f"⚠ {line}" for line in lines))
        self.bounced.setVisible(bool(lines))

    def accept(self) -> None:
        try:
            contact = self._build(
                self.name.text(),
                self.company.text(),
                self.title_edit.text(),
                _lines(self.emails),
                _lines(self.phones),
                self.time_zone.currentText(),
                unchecked=self._unchecked,
            )
        except InvalidField as error:
            self.problem.setText(
                f"⚠ {str(error)[:1].upper()}{str(error)[1:]}. Correct it and save again."
            )
            self.problem.show()
            return
        # Qt hands enum data back as the plain string.
        stage = DealStage(self.stage.currentData()) if self.stage.currentData() else None
        currency = wrong = ""
        try:
            currency = currency_code(self.currency.text())
        except ValueError as error:
            wrong = str(error)
        # A deal stored with a made-up code and left as it was: not written again, so it
        # does not hold up a new phone number; one she changes needs a real code.
        untouched_old_code = bool(wrong) and self._deal_as_opened(stage)
        if stage is not None and wrong and not untouched_old_code:
            self.problem.setText(f"⚠ {wrong}.")
            self.problem.show()
            return
        if stage is not None and not untouched_old_code:
            self.result_deal = Deal(
                contact_id=self._original.id if self._original and self._original.id else 0,
                title=self._deal.title if self._deal else "",
                value_minor=round(self.deal_value.value() * HUNDREDTHS),
                currency=currency,
                stage=stage,
                id=self._deal.id if self._deal else None,
            )
        contact.style = Style(self.style_box.currentData())
        contact.personal_notes = self.personal_notes.toPlainText().strip()
        contact.notes = self.notes.toPlainText().strip()
        if self._original is not None:
            contact.id = self._original.id
            contact.status = self._original.status
            contact.version = self._original.version
        self.result_contact = contact
        super().accept()
