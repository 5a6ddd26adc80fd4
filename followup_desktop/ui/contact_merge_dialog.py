"""Shown when the rep saves a contact someone else saved since the rep opened it: who
changed it and when, what they changed, and, for each field both changed, a choice.
"Save merged" stores the merge (their changes with the rep's); "Discard my changes"
leaves the contact as they saved it. Nothing is overwritten unseen."""

from __future__ import annotations

from datetime import datetime, tzinfo
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.clock_words import day_text
from followup_desktop.core.contact_merge import ContactMerge, changed_fields
from followup_desktop.core.model import Contact


def when_said(at: datetime | None, rep_zone: tzinfo) -> str:
    """When, in the rep's own time: "at 10:42" today, "on Mon 23 Nov at 10:42" before."""
    if at is None:
        return ""
    moment = at.astimezone(rep_zone)
    if moment.date() == datetime.now(rep_zone).date():
        return f"at {moment:%H:%M}"
    return f"on {day_text(moment)} at {moment:%H:%M}"


def _value(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setTextFormat(Qt.TextFormat.PlainText)  # what was typed, never markup
    return label


class ContactMergeDialog(QDialog):
    def __init__(
        self,
        merge: ContactMerge,
        by: str,
        at: datetime | None,
        rep_zone: tzinfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._merge = merge
        name = merge.theirs.name
        self.setWindowTitle(f"{name} changed while you edited")
        self.setAccessibleName("Contact changed while you edited")
        who = by or "Someone else (another window or a sync)"
        what = changed_fields(merge.changes) or "nothing you can see"
        heading = QLabel(
            f"<b>{escape(who)} changed {escape(name)}</b> {when_said(at, rep_zone)} after you "
            f"opened it: {what}."
        )
        heading.setWordWrap(True)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self._their_changes())
        self._choices: dict[str, QButtonGroup] = {}
        if merge.clashes:
            layout.addWidget(self._clash_choices(by or "theirs"))
        kept = QLabel("Everything else you changed is kept.")
        kept.setWordWrap(True)
        layout.addWidget(kept)
        buttons = QDialogButtonBox()
        self.save_button = QPushButton("Save merged")
        self.save_button.setDefault(True)
        self.discard_button = QPushButton("Discard my changes")
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _their_changes(self) -> QGroupBox:
        box = QGroupBox("What they changed")
        grid = QGridLayout(box)
        for column, title in enumerate(("", "When you opened it", "Now")):
            grid.addWidget(QLabel(f"<i>{title}</i>"), 0, column)
        for row, change in enumerate(self._merge.changes, start=1):
            grid.addWidget(QLabel(change.label), row, 0)
            grid.addWidget(_value(change.before), row, 1)
            grid.addWidget(_value(change.after), row, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        return box

    def _clash_choices(self, by: str) -> QGroupBox:
        box = QGroupBox("You both changed these: choose what to keep")
        grid = QGridLayout(box)
        theirs_word = f"{by}'s".replace("&", "&&")  # no mnemonic from a name
        for row, clash in enumerate(self._merge.clashes):
            group = QButtonGroup(box)
            mine = QRadioButton("Yours")
            theirs = QRadioButton(theirs_word)
            mine.setAccessibleName(f"{clash.label}: keep yours")
            theirs.setAccessibleName(f"{clash.label}: take theirs")
            mine.setChecked(True)
            group.addButton(mine, 0)
            group.addButton(theirs, 1)
            grid.addWidget(QLabel(f"<b>{clash.label}</b>"), row * 2, 0, 1, 4)
            grid.addWidget(mine, row * 2 + 1, 0)
            grid.addWidget(_value(clash.mine), row * 2 + 1, 1)
            grid.addWidget(theirs, row * 2 + 1, 2)
            grid.addWidget(_value(clash.theirs), row * 2 + 1, 3)
            self._choices[clash.field] = group
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return box

    def theirs_for(self) -> set[str]:
        """The clashing fields where the rep took their value."""
        return {field for field, group in self._choices.items() if group.checkedId() == 1}

    def take_theirs(self, field: str) -> None:
        button = self._choices[field].button(1)
        button.setChecked(True)

    def merged(self) -> Contact:
        return self._merge.choosing(self.theirs_for())
