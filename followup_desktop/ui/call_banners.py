"""The strips on top of the call screen: the call kept on this laptop while the team
server is away, and the qualifying question after many tries without progress."""

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
