"""The contact dialog's labels read as words and their Alt keys reach their fields."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from followup_desktop.core.model import Contact
from followup_desktop.ui.contact_dialog import ContactDialog


def test_the_deal_row_reads_deal_and_alt_d_goes_to_its_stage(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ContactDialog(lambda name, *rest: Contact(name=name))
    qtbot.addWidget(dialog)
    (deal,) = [label for label in dialog.findChildren(QLabel) if label.text() == "&Deal"]
    assert deal.buddy() is dialog.stage  # shown as "Deal" with D underlined, not "&Deal"
