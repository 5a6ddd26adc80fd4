"""Settings, built from the options declared once in ``core.settings``: one page a section.

Every value a rule depends on is chosen, not typed, where it can be: times of day from a
time field, business days as weekday boxes, zones and countries from lists. Whatever is
still typed goes through ``parse_setting`` (the command line's check too), so a bad
value is one plain line under the pages, never a Python error."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core import settings as options
from followup_desktop.core.agenda import system_zone_name
from followup_desktop.core.setting_values import (
    CHOICES,
    TIME_OPTIONS,
    WORDS,
    check_together,
    number_range,
    parse_setting,
)
from followup_desktop.core.settings import ALL_OPTIONS, Option, Settings
from followup_desktop.ui.pickers import WeekdayPicker, region_box, time_box, zone_box

if TYPE_CHECKING:
    from followup_desktop.services.secrets import Secrets  # keyring loads when first used


RULES_APPLY_FROM_NOW = (
    "The rules plan each follow-up as it is made: a change leaves those already planned "
    "at their times (Today › Reschedule moves one)."
)


SECTION_PADDING = 16
LABEL_AT_MOST = 260  # a longer label wraps, and leaves its field the rest of the row
# Settings opens this wide where the screen has room: labels beside fields, none wrapped
# to three lines; a narrower window puts each label over its field.
FIELD_AT_LEAST = 340
OPENS_AT_MOST = 0.9  # of the screen's free area, each way
OPENS_HEIGHT = 600


def field_label(text: str) -> QLabel:
    """A field's label on one line up to ``LABEL_AT_MOST``, wrapped beyond it."""
    name = QLabel(text)
    name.setWordWrap(True)
    name.setMinimumWidth(min(name.fontMetrics().horizontalAdvance(text) + 2, LABEL_AT_MOST))
    return name


def field_row(form: QFormLayout, widget: QWidget) -> None:
    """``widget`` in the field column, under the fields, with no label of its own (an
    empty one would add a blank line when labels sit over their fields)."""
    form.setWidget(form.rowCount(), QFormLayout.ItemRole.FieldRole, widget)


def hint_label(text: str) -> QLabel:
    """A line under a field saying what it takes, in the hint's quieter look."""
    hint = QLabel(text)
    hint.setObjectName("hint")
    hint.setWordWrap(True)
    return hint


def worded_box(
    words: dict[str, str], value: str, typed: bool
) -> tuple[QComboBox, Callable[[], str], Callable[[Any], None]]:
    """A list of ``words``' meanings that reads back their stored values; ``typed``: the
    rep may type a value of her own too (a command), kept as she wrote it."""
    box = QComboBox()
    box.setEditable(typed)
    # As wide as the row leaves it, not as its longest meaning: beside its label.
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(16)
    if typed:
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    for stored, meaning in words.items():
        box.addItem(meaning, stored)

    def show(shown: Any) -> None:
        index = box.findData(str(shown))
        if index < 0 and not typed:
            # A value this list does not name (written by a newer FollowUp) is shown and
            # kept as it is, never swapped for the first choice.
            box.addItem(str(shown), str(shown))
            index = box.count() - 1
        if index >= 0:
            box.setCurrentIndex(index)
        else:
            box.setCurrentText(str(shown))

    def read() -> str:
        index = box.findText(box.currentText()) if typed else box.currentIndex()
        return str(box.itemData(index)) if index >= 0 else box.currentText()

    show(value)
    return box, read, show


class FormPage(QWidget):
    """A tab's fields beside their labels; on a page too narrow for both, each label
    over its field, so neither is cut."""

    def __init__(self) -> None:
        super().__init__()
        self.form = QFormLayout(self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        narrow = event.size().width() < 2 * LABEL_AT_MOST
        policy = QFormLayout.RowWrapPolicy
        wanted = policy.WrapAllRows if narrow else policy.WrapLongRows
        if self.form.rowWrapPolicy() != wanted:
            self.form.setRowWrapPolicy(wanted)

    def narrowest(self) -> int:
        """The width of its widest label or field: the page is never narrower."""
        margins = self.form.contentsMargins()
        widest = 0
        for index in range(self.form.count()):
            item = self.form.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widest = max(widest, widget.minimumSizeHint().width(), widget.minimumWidth())
        return widest + margins.left() + margins.right()


def scrolled(page: FormPage) -> QScrollArea:
    """``page`` in a frameless area that scrolls when the dialog is shorter than it."""
    area = QScrollArea()
    area.setMinimumWidth(page.narrowest() + area.verticalScrollBar().sizeHint().width())
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(page)
    return area


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        data_folder: str,
        backup_folder: str = "",
        parent: QWidget | None = None,
        secrets: Secrets | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self._settings = settings
        # Each option's field, and how to read what the rep chose in it as setting text.
        self._editors: dict[str, tuple[Option[Any], QWidget, Callable[[], Any]]] = {}
        self._shows: dict[str, Callable[[Any], None]] = {}
        # The sections are named in a list beside the pages: a tab bar of nine titles
        # is wider than a small laptop's dialog, and hid the last ones behind arrows.
        self._tabs = tabs = QTabWidget()
        tabs.tabBar().hide()
        tabs.setDocumentMode(True)
        self.sections = QListWidget()
        self.sections.setAccessibleName("Settings sections")
        self.sections.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sections.currentRowChanged.connect(tabs.setCurrentIndex)
        tabs.currentChanged.connect(self.sections.setCurrentRow)
        # Pages of their own (not options of the store), checked with the rest on Save.
        self._checks: list[Callable[[], object]] = []
        forms: dict[str, QFormLayout] = {}
        form_pages: list[FormPage] = []
        for option in ALL_OPTIONS:
            if option.section not in forms:
                page = FormPage()
                forms[option.section] = page.form
                form_pages.append(page)
            editor, read, show = self._editor(option, settings.get(option))
            editor.setAccessibleName(option.label)
            if isinstance(editor, QCheckBox):
                # Its label is its own text: a box alone under a label read as unlabelled.
                editor.setText(option.label)
                field_row(forms[option.section], editor)
            else:
                forms[option.section].addRow(field_label(option.label), editor)
            if option.hint:
                field_row(forms[option.section], hint_label(option.hint))
            self._editors[option.key] = (option, editor, read)
            self._shows[option.key] = show
        self._say_currency(settings)
        # The rules plan each follow-up when it is made: a change does not move those
        # already on the calendar, and the rep is told so where the rules are changed.
        planned = QLabel(RULES_APPLY_FROM_NOW)
        planned.setObjectName("hint")
        planned.setWordWrap(True)
        forms[options.VOICEMAIL_STEPS.section].addRow(planned)
        self.forget_password: QPushButton | None = None
        if secrets is not None:
            self._add_password_row(forms[options.IMAP_HOST.section], settings, secrets)
        for section, page in zip(forms, form_pages, strict=True):
            self._add_tab(scrolled(page), section)  # once its rows are in: its width
        where = f"Your data is kept in <code>{escape(data_folder)}</code>"
        if backup_folder:
            where += f"<br>Backups: <code>{escape(backup_folder)}</code>"
        folder = QLabel(where)
        folder.setWordWrap(True)
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(
            "color: white; background: #b3261e; padding: 6px; border-radius: 4px;"
        )
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        restore = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.setToolTip("Put this section's fields back to FollowUp's defaults (kept on Save)")
        restore.clicked.connect(self.restore_defaults)
        self.restore_button = restore
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        pages = QHBoxLayout()
        pages.addWidget(self.sections)
        pages.addWidget(tabs, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(pages, 1)
        layout.addWidget(folder)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(self._opening_size())

    def _opening_size(self) -> QSize:
        """Wide enough for labels beside their fields, tall enough for most pages without
        scrolling, and never beyond the screen it opens on."""
        wide = self.sections.width() + LABEL_AT_MOST + FIELD_AT_LEAST + 4 * SECTION_PADDING
        wanted = QSize(wide, OPENS_HEIGHT).expandedTo(self.minimumSizeHint())
        screen = (self.parentWidget() or self).screen()
        free = screen.availableGeometry().size() * OPENS_AT_MOST
        return wanted.boundedTo(free).expandedTo(self.minimumSizeHint())

    def _add_password_row(self, form: QFormLayout, settings: Settings, secrets: Secrets) -> None:
        """The password itself is never shown or edited here: it is asked when a draft
        first goes to the server, and kept in the system keyring. Forgetting it makes
        FollowUp ask again (after a change on the server, say)."""
        host = settings.get(options.IMAP_HOST).strip()
        user = settings.get(options.IMAP_USER).strip()
        button = QPushButton("Forget the IMAP password")
        button.setToolTip("Asked again the next time a draft goes to your Drafts folder")
        button.setEnabled(bool(host and user))
        hint = QLabel("Asked when first needed; kept in the system keyring, never in a file.")
        hint.setObjectName("hint")
        hint.setWordWrap(True)

        def forget() -> None:
            secrets.forget_imap_password(host, user)
            hint.setText(f"Forgotten: FollowUp asks for the password of {user} next time.")
            button.setEnabled(False)

        button.clicked.connect(forget)
        form.addRow("IMAP password", button)
        field_row(form, hint)
        self.forget_password = button

    @staticmethod
    def _editor(
        option: Option[Any], value: Any
    ) -> tuple[QWidget, Callable[[], Any], Callable[[Any], None]]:
        """The field for ``option`` showing ``value``, how to read it back, and how to
        show another value in it (its default, on "Restore defaults")."""
        # bool before int: a bool is an int to Python.
        if isinstance(option.default, bool):
            check = QCheckBox()
            check.setChecked(bool(value))
            return check, check.isChecked, lambda shown: check.setChecked(bool(shown))
        if isinstance(option.default, int):
            spin = QSpinBox()
            spin.setRange(*number_range(option))
            spin.setValue(int(value))
            return spin, spin.value, lambda shown: spin.setValue(int(shown))
        if option in TIME_OPTIONS:
            edit = time_box(str(value))

            def show_time(shown: Any) -> None:
                edit.setTime(time_box(str(shown)).time())

            return edit, lambda: edit.time().toString("HH:mm"), show_time
        if option is options.BUSINESS_DAYS:
            days = WeekdayPicker(str(value))

            def show_days(shown: Any) -> None:
                chosen = WeekdayPicker(str(shown))
                for box, default in zip(days.boxes, chosen.boxes, strict=True):
                    box.setChecked(default.isChecked())

            return days, days.value, show_days
        if option is options.REP_TIME_ZONE:
            zones = zone_box(str(value), computers=system_zone_name())
            return zones, zones.currentText, lambda shown: zones.setCurrentText(str(shown))
        if option is options.PHONE_REGION:
            regions = region_box(str(value))

            def show_region(shown: Any) -> None:
                regions.setCurrentIndex(max(0, regions.findData(str(shown).upper())))

            return regions, lambda: str(regions.currentData() or ""), show_region
        if option is options.REP_CURRENCY:
            code = QLineEdit(str(value))
            code.setMaxLength(3)  # empty says which one it means (``_say_currency``)
            return code, code.text, lambda shown: code.setText(str(shown))
        if (words := WORDS.get(option.key)) is not None:
            return worded_box(words, str(value), typed=option.key not in CHOICES)
        line = QLineEdit(str(value))
        return line, line.text, lambda shown: line.setText(str(shown))

    def restore_defaults(self) -> None:
        """The fields of the tab shown back to their defaults; nothing is stored until
        Save (Cancel keeps what was there)."""
        page = self._tabs.currentWidget()
        for option, editor, _read in self._editors.values():
            if page is not None and page.isAncestorOf(editor):
                self._shows[option.key](option.default)
        self.problem.hide()

    def _say_currency(self, settings: Settings) -> None:
        """Empty, the currency field means her country's (else the computer's): she sees
        which one that is."""
        from followup_desktop.services.system_currency import rep_currency

        field = self._editors[options.REP_CURRENCY.key][1]
        assert isinstance(field, QLineEdit)
        unset = settings.with_value(options.REP_CURRENCY, "")
        whose = "your country's" if unset.get(options.PHONE_REGION) else "this computer's"
        field.setPlaceholderText(f"{rep_currency(unset)}, {whose}")

    def add_page(self, page: QWidget, title: str, check: Callable[[], object]) -> None:
        """A page of its own; ``check()`` raises ValueError (said under the pages, and the
        dialog stays open) when what is on it cannot be kept."""
        self._add_tab(page, title)
        self._checks.append(check)

    def _add_tab(self, page: QWidget, title: str) -> None:
        self._tabs.addTab(page, title)
        self.sections.addItem(title)
        if self.sections.currentRow() < 0:
            self.sections.setCurrentRow(0)
        # As wide as its longest title, never cut to "Calendar a…".
        frame = 2 * self.sections.frameWidth()
        self.sections.setFixedWidth(self.sections.sizeHintForColumn(0) + frame + SECTION_PADDING)

    def accept(self) -> None:
        try:
            self.result_settings()
            for check in self._checks:
                check()
        except ValueError as error:
            self.problem.setText(f"⚠ {error}")
            self.problem.show()
            return
        super().accept()

    def result_settings(self) -> Settings:
        """The edited settings; ValueError names the first field that cannot be kept."""
        settings = self._settings
        for option, _editor, read in self._editors.values():
            value = read()
            if isinstance(value, str):
                value = parse_setting(option, value)
            settings = settings.with_value(option, value)
        check_together(settings)
        return settings
