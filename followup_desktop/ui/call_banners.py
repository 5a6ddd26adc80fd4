"""The strips on top of the call screen: the call kept on this laptop while the team
server is away, an agreed call opened long before its time, and the qualifying question
after many tries without progress."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from followup_desktop.core.model import ContactStatus
from followup_desktop.ui.call_header import label


def kept_banner() -> QLabel:
    banner = label(
        "The team server cannot be reached: this call is kept on this laptop and written "
        "to it, in order, once it answers. The invite and the e-mail wait for it."
    )
    banner.setObjectName("warningBanner")
    banner.setAccessibleName("Call kept on this laptop")
    return banner


def early_banner() -> QLabel:
    """Shown while the agreed call on screen is further off than the reminder's lead
    (``CallSheet.early_for_agreed``): its text is set at each tick of the screen's clock."""
    banner = label("")
    banner.setObjectName("earlyBanner")
    banner.hide()
    return banner


def show_early(banner: QLabel, text: str | None) -> None:
    """◆ as on Today's agreed calls, and the words: never the colour alone."""
    banner.setText(f"◆ {text}" if text else "")
    banner.setAccessibleName(text or "")
    banner.setVisible(bool(text))


class QualifyBanner(QFrame):
    """Serious or just curious (practice 11): the answer is asked for here and stored by
    the screen (call_commands.py), which hides the strip once it is."""

    answered = Signal(object)  # the ContactStatus the rep chose

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qualifyBanner")
        question = label(
            "Many tries without progress. Ask: “Is this something you want to solve this "
            "quarter, or should I check back later?”"
        )
        serious = QPushButton("Serious")
        curious = QPushButton("Just curious")
        serious.clicked.connect(lambda: self.answered.emit(ContactStatus.SERIOUS))
        curious.clicked.connect(lambda: self.answered.emit(ContactStatus.CURIOUS))
        row = QHBoxLayout(self)
        row.addWidget(question, 1)
        row.addWidget(serious)
        row.addWidget(curious)
