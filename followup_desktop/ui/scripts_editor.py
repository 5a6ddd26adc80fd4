"""Scripts: the rep's own wording for every card, with a live preview filled for an
example contact. Unknown placeholders are pointed out as they are typed, never crashed on.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.model import ScriptCard
from followup_desktop.core.placeholders import PartKind, fill
from followup_desktop.core.scripts import (
    EXAMPLE_VALUES,
    KNOWN,
    PARTS,
    PLACEHOLDERS,
    VOICEMAIL_ANY,
    card_lines,
    situations,
)
from followup_desktop.services.calls import CallService
from followup_desktop.ui.tasks import TaskRunner

VARIANTS = (
    ("", "Everyone"),
    ("personal", "Personal contacts"),
    ("to_the_point", "To-the-point contacts"),
)
_COLOURS = {PartKind.UNKNOWN: "#b3261e", PartKind.MISSING: "#8a5a00", PartKind.VALUE: "#1f6feb"}


def preview_html(text: str, values: dict[str, str]) -> str:
    """The card as the rep will read it: filled values in the accent colour, a placeholder
    we do not know in red with a note, so a typo is seen before the call."""
    rows = []
    for line in card_lines(text):
        filled = fill(line, values, KNOWN)
        parts = []
        for part in filled.parts:
            colour = _COLOURS.get(part.kind)
            shown = escape(part.text)
            parts.append(f"<span style='color:{colour}'>{shown}</span>" if colour else shown)
        note = ""
        if filled.unknown:
            names = ", ".join("{" + escape(name) + "}" for name in filled.unknown)
            note = f" <span style='color:#b3261e'>⚠ unknown: {names}</span>"
        rows.append(f"▸ {''.join(parts)}{note}")
    return "<br>".join(rows) or "<i>(empty card: nothing is shown in the call)</i>"


class ScriptsEditor(QDialog):
    def __init__(
        self,
        cards: Iterable[ScriptCard],
        calls: CallService,
        series_length: int,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.setWindowTitle("Scripts")
        self.resize(1000, 640)
        self._calls = calls
        self._cards = {(c.situation, c.variant, c.part): c for c in cards}  # read on a worker
        self._edited: dict[tuple[str, str, str], str] = {}
        self._loading = False

        self.situation_list = QListWidget()
        self.situation_list.setAccessibleName("Situations")
        for situation, name in [*situations(series_length), (VOICEMAIL_ANY, "Any other voicemail")]:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, situation)
            self.situation_list.addItem(item)
        self.situation_list.setMaximumWidth(260)
        self.variant = QComboBox()
        self.variant.setAccessibleName("For which contacts")
        for key, name in VARIANTS:
            self.variant.addItem(name, key)
        self.editors: dict[str, QPlainTextEdit] = {}
        self.previews: dict[str, QLabel] = {}
        grid = QGridLayout()
        for column, part in enumerate(PARTS):
            title = QLabel(f"<b>{part.heading}</b>")
            editor = QPlainTextEdit()
            editor.setAccessibleName(f"{part.heading} card text")
            editor.setPlaceholderText("One line a sentence. Empty: use the card for everyone.")
            editor.textChanged.connect(lambda p=part.value: self._text_changed(p))
            preview = QLabel()
            preview.setWordWrap(True)
            preview.setTextFormat(Qt.TextFormat.RichText)
            preview.setAlignment(Qt.AlignmentFlag.AlignTop)
            preview.setObjectName("cardPreview")
            grid.addWidget(title, 0, column)
            grid.addWidget(editor, 1, column)
            grid.addWidget(preview, 2, column)
            self.editors[part.value] = editor
            self.previews[part.value] = preview
        grid.setRowStretch(1, 3)
        grid.setRowStretch(2, 2)
        names = " ".join("{" + name + "}" for name in PLACEHOLDERS)
        help_text = QLabel(f"Placeholders: {escape(names)}")
        help_text.setWordWrap(True)
        help_text.setObjectName("hint")
        help_text.setToolTip("\n".join(f"{{{k}}}: {v}" for k, v in PLACEHOLDERS.items()))
        self.reset_button = QPushButton("Back to our wording")
        self.reset_button.clicked.connect(self.reset_to_default)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel("Wording for"))
        top.addWidget(self.variant)
        top.addStretch()
        top.addWidget(self.reset_button)
        right = QVBoxLayout()
        right.addLayout(top)
        right.addLayout(grid, 1)
        right.addWidget(help_text)
        body = QHBoxLayout()
        body.addWidget(self.situation_list)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.situation_list.currentRowChanged.connect(self._load)
        self.variant.currentIndexChanged.connect(self._load)
        self.situation_list.setCurrentRow(0)

    def _key(self, part: str) -> tuple[str, str, str]:
        situation = self.situation_list.currentItem().data(Qt.ItemDataRole.UserRole)
        return situation, self.variant.currentData(), part

    def _text(self, key: tuple[str, str, str]) -> str:
        if key in self._edited:
            return self._edited[key]
        card = self._cards.get(key)
        return card.text if card else ""

    def _load(self) -> None:
        if self.situation_list.currentItem() is None:
            return
        self._loading = True
        for part, editor in self.editors.items():
            editor.setPlainText(self._text(self._key(part)))
        self._loading = False
        for part in self.editors:
            self._show_preview(part)

    def _text_changed(self, part: str) -> None:
        if not self._loading:
            self._edited[self._key(part)] = self.editors[part].toPlainText()
        self._show_preview(part)

    def _show_preview(self, part: str) -> None:
        text = self.editors[part].toPlainText()
        situation, variant, _ = self._key(part)
        if not text.strip() and variant:
            text = self._text((situation, "", part))  # what such contacts get instead
        self.previews[part].setText(preview_html(text, EXAMPLE_VALUES))

    def reset_to_default(self) -> None:
        for part, editor in self.editors.items():
            situation, variant, _ = self._key(part)
            default = self._calls.default_card(situation, variant, part)
            editor.setPlainText(default.text if default else "")

    def accept(self) -> None:
        changed = [
            ScriptCard(situation, part, text.strip(), variant)
            for (situation, variant, part), text in self._edited.items()
            if (card.text if (card := self._cards.get((situation, variant, part))) else "") != text
        ]
        if not changed:
            super().accept()
            return
        self.setEnabled(False)  # closes once the cards are stored
        calls = self._calls

        def failed(error: Exception, _details: str) -> None:
            from followup_desktop.services.disk_trouble import plain_error

            self.setEnabled(True)
            QMessageBox.warning(self, "Scripts not saved", plain_error(error))

        self._tasks.write(
            lambda: calls.save_cards(changed),
            lambda _: super(ScriptsEditor, self).accept(),
            failed,
            owner=self,
        )
