"""The sample-data demo: a FollowUp of its own, apart from the rep's.

"Try sample data" never writes into the rep's database (fake calls on real customers,
fake reminders at real moments). It starts a second FollowUp on ``DATA/demo``
(``followup-desktop --demo``), which fills itself with sample contacts and four months
of history on first use, says at the top that it is a demo, has no tray icon and no
reminders, and is left by closing it. The rep's own window stays as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QProcess, Qt
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QWidget,
)

from followup_desktop.services.autostart import launch_command

log = logging.getLogger(__name__)

DEMO_TITLE = "FollowUp — demo with sample data"
DEMO_REP_NAME = "Sam Rivers"


def demo_command(data_dir: Path) -> list[str]:
    """The command that opens the demo of the rep's data folder ``data_dir``."""
    return launch_command("--data-dir", str(data_dir), "--demo")


def open_demo(data_dir: Path) -> int | None:
    """Starts the demo beside this FollowUp (or brings it forward: one per folder);
    its process id, or None when it could not be started."""
    program, *arguments = demo_command(data_dir)
    started, pid = QProcess.startDetached(program, arguments)
    if not started:
        log.error("the demo did not start: %s", [program, *arguments])
        return None
    return int(pid)


def mark_as_demo(window: QMainWindow, leave: Callable[[], object]) -> QToolBar:
    """A band across the top of the demo's window that says what it is, with the way out."""
    window.setWindowTitle(DEMO_TITLE)
    band = QToolBar("Demo", window)  # owned by the window: nothing else keeps it
    band.setObjectName("demoBand")
    band.setMovable(False)
    band.setFloatable(False)
    text = QLabel(
        "<b>Demo with sample data.</b> Nothing here touches your own contacts, "
        "and it sends no reminders."
    )
    text.setTextFormat(Qt.TextFormat.RichText)
    stretch = QWidget()
    stretch.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    leave_button = QPushButton("&Leave the demo")
    leave_button.clicked.connect(leave)
    band.addWidget(text)
    band.addWidget(stretch)
    band.addWidget(leave_button)
    others = window.findChildren(QToolBar)
    first = next((bar for bar in others if bar is not band), None)
    if first is None:
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, band)
    else:  # above the main toolbar, on a line of its own
        window.insertToolBar(first, band)
        window.insertToolBarBreak(first)
    return band
