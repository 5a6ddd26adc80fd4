"""How FollowUp looks: Fusion with one accent colour, following the system's light/dark
scheme, on an 8-px spacing grid. Native style elsewhere than Linux."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from followup_desktop.paths import resources_dir

ACCENT = QColor("#1f6feb")
# Late, at risk, refused: one red wherever FollowUp says so.
OVERDUE = QColor("#b3261e")

STYLE_SHEET = """
QLabel#emptyTitle { font-size: 22pt; font-weight: 600; }
QPushButton { padding: 6px 16px; }
QPushButton#primary { background: %(accent)s; color: white; border-radius: 4px; font-weight: 600; }
/* The focus ring round the button's edge, its size unchanged: an outline is drawn inside
   the words' own room and covered their edges ("Log wrong number" read "Loq wronq numbe"). */
QPushButton#primary:focus {
    outline: none; border: 2px solid palette(window-text); padding: 4px 14px; }
QToolBar { spacing: 8px; padding: 4px 8px; }
QLineEdit { padding: 4px 8px; }
QTableView { selection-background-color: %(accent)s; selection-color: white; }
QTableView::item { padding: 0 8px; }
QLabel#emptyText { font-size: 11pt; }
QLabel#callName { font-size: 17pt; }
QLabel#theirTime, QLabel#callTimer { font-size: 12pt; padding: 0 8px; }
QLabel#attempt { font-weight: 600; }
QLabel#objective { font-size: 12pt; }
QLabel#hint { color: palette(placeholder-text); }
QLabel#problem, QLabel#warningBanner {
    color: white; background: #b3261e; padding: 6px 8px; border-radius: 4px; }
QLabel#personalBanner, QLabel#earlyBanner { background: #fff4d6; color: #3d2f00; padding: 6px 8px; border-radius: 4px; }
QFrame#qualifyBanner { background: #e8f0fe; color: #0b2a5b; border-radius: 4px; }
QFrame#qualifyBanner QLabel { color: #0b2a5b; }
QFrame#queueBar { background: #e6f4ea; border-radius: 4px; }
QLabel#newsBanner { background: #e6f4ea; color: #0d3b1e; padding: 6px 8px; border-radius: 4px; }
QFrame#queueBar QLabel { color: #0d3b1e; }
QFrame#scriptCard { border: 1px solid palette(mid); border-radius: 6px; background: palette(base); }
QLabel#sectionTitle { font-size: 13pt; font-weight: 600; padding-top: 8px; }
QLabel#cardTitle { font-size: 12pt; font-weight: 600; color: %(accent)s; }
QListWidget#scriptLines { background: palette(base); }
QListWidget#scriptLines::item { padding: 4px 2px; }
"""


# The icon's PNG sizes (rendered from followup.svg by scripts/render_icons.py) up to what
# a window, the tray or a notification shows at twice the scale. The SVG itself would
# load Qt's SVG module to draw it: 2.3 MB resident against 0.9 MB for these (measured).
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128)


def app_icon() -> QIcon:
    icons = resources_dir() / "icons"
    icon = QIcon()
    for size in ICON_SIZES:
        png = icons / "hicolor" / f"{size}x{size}" / "apps" / "com.followupapp.FollowUp.png"
        if png.is_file():
            icon.addFile(str(png))
    return icon if not icon.isNull() else QIcon(str(icons / "followup.svg"))


def _dark() -> bool:
    hints = QGuiApplication.styleHints()
    return bool(hints.colorScheme() == Qt.ColorScheme.Dark)


def apply_look(app: QApplication) -> None:
    if sys.platform.startswith("linux"):
        app.setStyle("Fusion")
        palette = app.style().standardPalette()
        if _dark():
            palette = QPalette(QColor("#1e1f22"))
            palette.setColor(QPalette.ColorRole.Base, QColor("#2b2d30"))
            palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#313338"))
            palette.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
            palette.setColor(QPalette.ColorRole.WindowText, QColor("#e6e6e6"))
            palette.setColor(QPalette.ColorRole.ButtonText, QColor("#e6e6e6"))
        palette.setColor(QPalette.ColorRole.Highlight, ACCENT)
        palette.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
        palette.setColor(QPalette.ColorRole.Link, ACCENT)
        app.setPalette(palette)
    app.setStyleSheet(STYLE_SHEET % {"accent": ACCENT.name()})
    app.setWindowIcon(app_icon())
