"""The first minute: who the rep is, asked once before the first call.

Scripts say "this is {rep_name}", invites come from the rep's e-mail, "their time" needs
the rep's own zone, a number typed without +code needs a country and a new deal starts in
the rep's currency. Five answers and a style, each offered where the computer knows it
(the zone as the computer's, which an empty field follows wherever the laptop goes), and
"Skip for now" for a rep who just wants to look around (the screens that need an answer
then link straight to its field).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core import settings as options
from followup_desktop.core.agenda import system_zone_name
from followup_desktop.core.contact_rules import (
    InvalidField,
    normalize_email,
    validate_time_zone,
)
from followup_desktop.core.currencies import FALLBACK, currency_code, currency_of
from followup_desktop.core.model import Style
from followup_desktop.core.settings import Settings
from followup_desktop.ui.pickers import load_choices, region_box, zone_box

if TYPE_CHECKING:
    from followup_desktop.services.settings import SettingsService
    from followup_desktop.ui.tasks import TaskRunner

# Remembered beside the settings once the page was answered or skipped: it never comes back.
FIRST_RUN_STATE = "first_run"


def first_run_due(settings: Settings, first_run_state: str | None) -> bool:
    """Asked once, and only while FollowUp does not know the rep's name."""
    return first_run_state is None and not settings.get(options.REP_NAME).strip()


@dataclass(frozen=True, slots=True)
class Suggestions:
    """What the computer already knows, offered as the answers."""

    time_zone: str
    region: str  # "" when neither the locale nor the time zone names a country
    currency: str = FALLBACK  # the one of the country the locale names


class FirstRunDialog(QDialog):
    def __init__(
        self, settings: Settings, suggestions: Suggestions, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to FollowUp")
        self.setMinimumWidth(520)
        self._settings = settings
        self.skipped = False

        title = QLabel("Who is calling?")
        title.setObjectName("sectionTitle")
        intro = QLabel(
            "Your scripts, invites and e-mails speak in your name. "
            "Change any of this later in Settings."
        )
        intro.setWordWrap(True)

        self.name = QLineEdit(settings.get(options.REP_NAME))
        self.name.setPlaceholderText("e.g. Sam Rivers")
        self.email = QLineEdit(settings.get(options.REP_EMAIL))
        self.email.setPlaceholderText("you@company.com")  # whole in the field, not cut
        self.email.setToolTip("Invites and e-mail drafts come from this address")
        # Left empty, her times follow the laptop's zone (a flight to New York moves her
        # day with it); only a zone she picks stays hers wherever the laptop is.
        self.time_zone = zone_box(
            settings.get(options.REP_TIME_ZONE), computers=suggestions.time_zone
        )
        self.region = region_box(settings.get(options.PHONE_REGION) or suggestions.region)
        self.currency = QLineEdit(settings.get(options.REP_CURRENCY) or suggestions.currency)
        self.currency.setMaxLength(3)
        self.currency.setFixedWidth(self.currency.fontMetrics().horizontalAdvance("MMMM") + 16)
        self.currency.setToolTip("New deals start in this currency; each deal can have its own")
        # Her country's currency follows the country she picks, until she types one.
        self.region.currentIndexChanged.connect(self._follow_country)
        self.to_the_point = QRadioButton("get to the &point")
        self.personal = QRadioButton("like a personal &word first")
        styles = QButtonGroup(self)
        styles.addButton(self.to_the_point)
        styles.addButton(self.personal)
        chosen = settings.get(options.REP_DEFAULT_STYLE)
        (self.personal if chosen == Style.PERSONAL.value else self.to_the_point).setChecked(True)
        style_row = QHBoxLayout()
        style_row.addWidget(self.to_the_point)
        style_row.addWidget(self.personal)
        style_row.addStretch()

        form = QFormLayout()
        for label, field, name in (
            ("Your &name", self.name, options.REP_NAME.label),
            ("Your &e-mail", self.email, options.REP_EMAIL.label),
            ("Your &time zone", self.time_zone, options.REP_TIME_ZONE.label),
            ("&Country for phone numbers", self.region, options.PHONE_REGION.label),
            ("Your c&urrency", self.currency, options.REP_CURRENCY.label),
        ):
            field.setAccessibleName(name)
            form.addRow(label, field)
        form.addRow("New contacts", style_row)

        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.hide()

        self.skip_button = QPushButton("S&kip for now")
        self.skip_button.setAutoDefault(False)
        self.skip_button.clicked.connect(self.skip)
        self.start_button = QPushButton("&Start")
        self.start_button.setObjectName("primary")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addStretch()
        buttons.addWidget(self.start_button)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self.name.setFocus()

    def skip(self) -> None:
        self.skipped = True
        self.reject()

    def accept(self) -> None:
        try:
            self.result_settings()
        except ValueError as error:
            self.problem.setText(f"⚠ {error}")
            self.problem.show()
            return
        super().accept()

    def _follow_country(self) -> None:
        country = str(self.region.currentData() or "")
        if country and not self.currency.isModified():
            self.currency.setText(currency_of(country))

    def result_settings(self) -> Settings:
        """The answers over the current settings; ValueError names a field it cannot keep."""
        name = " ".join(self.name.text().split())
        email = self.email.text().strip()
        zone = self.time_zone.currentText().strip()
        currency = self.currency.text().strip()
        try:
            if email:
                email = normalize_email(email)
            if zone:  # empty: the computer's, as in Settings
                zone = validate_time_zone(zone)
        except InvalidField as error:
            raise ValueError(str(error)) from None
        if currency:  # empty: the computer's, as in Settings
            currency = currency_code(currency)
        style = Style.PERSONAL if self.personal.isChecked() else Style.TO_THE_POINT
        return (
            self._settings.with_value(options.REP_NAME, name)
            .with_value(options.REP_EMAIL, email)
            .with_value(options.REP_TIME_ZONE, zone)
            .with_value(options.PHONE_REGION, str(self.region.currentData() or ""))
            .with_value(options.REP_CURRENCY, currency)
            .with_value(options.REP_DEFAULT_STYLE, style.value)
        )


def ask_who_the_rep_is(
    parent: QWidget,
    settings: Settings,
    suggestions: Suggestions,
    answered: Callable[[Settings | None], None],
) -> FirstRunDialog:
    """Opens the page over ``parent`` without blocking the event loop (reminders keep
    running behind it); ``answered`` gets the new settings, or None when skipped."""
    dialog = FirstRunDialog(settings, suggestions, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def finished(result: int) -> None:
        answered(dialog.result_settings() if result == QDialog.DialogCode.Accepted else None)

    dialog.finished.connect(finished)
    dialog.open()
    return dialog


def offer_first_run(
    parent: QWidget, stored: SettingsService, tasks: TaskRunner, then: Callable[[], None]
) -> bool:
    """True when the page is due: it opens once its pickers' lists (the zone database,
    libphonenumber's countries: tens of ms) are read on a worker, so the window is
    ready meanwhile. The answers are stored off the UI thread and ``then`` runs once
    they are (so the screens that show the rep's name read the new one)."""
    settings = stored.load()
    if not first_run_due(settings, stored.ui_state(FIRST_RUN_STATE)):
        return False

    def answered(new: Settings | None) -> None:
        def store() -> None:
            if new is not None:
                stored.save(new)
            stored.set_ui_state(FIRST_RUN_STATE, "skipped" if new is None else "done")

        tasks.write(store, lambda _stored: then(), _not_stored(parent), owner=parent)

    def suggest() -> Suggestions:
        load_choices()
        return Suggestions(system_zone_name(), stored.computer_region(), stored.locale_currency())

    tasks.run(
        suggest,
        lambda suggestions: ask_who_the_rep_is(parent, settings, suggestions, answered),
        _not_stored(parent),
        owner=parent,
    )
    return True


def _not_stored(parent: QWidget) -> Callable[[Exception, str], None]:
    def tell(error: Exception, _details: str) -> None:
        from followup_desktop.services.disk_trouble import plain_error
        from followup_desktop.ui.error_dialog import show_error

        show_error(f"Your details were not saved: {plain_error(error)}", _details, parent)

    return tell
