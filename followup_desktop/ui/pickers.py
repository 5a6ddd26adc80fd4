"""The fields a rep chooses a value from instead of typing one a rule could choke on:
time zones, countries for phone numbers, times of day, weekdays."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QLocale, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QInputDialog,
    QTimeEdit,
    QWidget,
)

from followup_desktop.core.calendar import DAY_NAMES, parse_days, parse_time
from followup_desktop.core.contact_rules import phone_regions, time_zone_names


def load_choices() -> None:
    """Reads what the zone and country pickers list (the zone database and
    libphonenumber's index, tens of ms) into their caches: call it on a worker before a
    window full of pickers is built on the UI thread."""
    time_zone_names()
    phone_regions()
    _calling_codes()


def zone_box(current: str = "", blank: bool = True, computers: str = "") -> QComboBox:
    """An editable list of every zone, completed on any part of the name ("oslo");
    ``blank``: an empty first entry (the zone is not known). ``computers``: the zone
    an empty field means, said in it ("Europe/Paris, this computer's")."""
    box = QComboBox()
    box.setEditable(True)
    field = box.lineEdit()
    if computers and field is not None:
        field.setPlaceholderText(f"{computers}, this computer's")
        box.setToolTip("Empty: your times follow this computer's time zone, when you travel too")
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    if blank:
        box.addItem("")
    box.addItems(list(time_zone_names()))
    completer = QCompleter(list(time_zone_names()), box)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    box.setCompleter(completer)
    box.setCurrentText(current)
    return box


def pick_zone(parent: QWidget, question: str, start: str) -> str:
    """The zone the rep chose ("" when they cancelled)."""
    names = list(time_zone_names())
    current = names.index(start) if start in names else 0
    chosen, ok = QInputDialog.getItem(
        parent, "Their time zone", question, names, current, editable=True
    )
    return chosen.strip() if ok and chosen.strip() in names else ""


def region_label(code: str) -> str:
    """ "NO" → "Norway (+47)": the country in the system's language and its calling code."""
    territory = QLocale.codeToTerritory(code)
    name = QLocale.territoryToString(territory) if territory.value else code
    return f"{name} (+{_calling_codes().get(code, '?')})"


@cache
def _calling_codes() -> dict[str, int]:
    """Each country's calling code, from libphonenumber's index of them: asking
    ``country_code_for_region`` instead loads every country's whole numbering plan
    (245 modules, several MB) to list the countries."""
    from phonenumbers import COUNTRY_CODE_TO_REGION_CODE  # about 30 ms: a picker is built

    return {
        region: code for code, regions in COUNTRY_CODE_TO_REGION_CODE.items() for region in regions
    }


def region_box(current: str) -> QComboBox:
    """Every country a national number can be read for, by name; its data is the code."""
    box = QComboBox()
    box.addItem("Choose the country of your numbers…", "")
    for label, code in sorted((region_label(code), code) for code in phone_regions()):
        box.addItem(label, code)
    box.setCurrentIndex(max(0, box.findData(current.upper())))
    return box


def time_box(current: str) -> QTimeEdit:
    """A time of day, 24-hour, in steps a rep can type or arrow through."""
    edit = QTimeEdit()
    edit.setDisplayFormat("HH:mm")
    start = parse_time(current)
    edit.setTime(QTime(start.hour, start.minute))
    return edit


class WeekdayPicker(QWidget):
    """One box a weekday, Monday first: "Mon-Fri" cannot be mistyped as Mondays only."""

    def __init__(self, current: str) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        chosen = parse_days(current)
        self.boxes: list[QCheckBox] = []
        for number, name in enumerate(DAY_NAMES):
            box = QCheckBox(name.capitalize())
            box.setChecked(number in chosen)
            box.setAccessibleName(name.capitalize())
            row.addWidget(box)
            self.boxes.append(box)
        row.addStretch()
        self.setFocusProxy(self.boxes[0])  # Settings' "fix it here" links land on Monday

    def value(self) -> str:
        """The chosen days as the setting keeps them: "Mon,Tue,Wed,Thu,Fri"."""
        return ",".join(box.text() for box in self.boxes if box.isChecked())
