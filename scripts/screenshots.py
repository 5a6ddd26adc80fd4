"""Make the screenshots in docs/screenshots/ from the real app on sample data.

Run it under a display (scripts/run-tests.sh sets one up; or `xvfb-run`):
    .venv/bin/python scripts/screenshots.py [OUTPUT_DIR]
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from followup_desktop.core.clock import FixedClock
from followup_desktop.paths import AppPaths
from followup_desktop.services.sample_data import sample_history
from followup_desktop.services.session import open_services
from followup_desktop.ui.contact_dialog import ContactDialog
from followup_desktop.ui.look import apply_look
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.tasks import TaskRunner


def settle(app: QApplication, ms: int = 150) -> None:
    loop_until = QTimer()
    loop_until.setSingleShot(True)
    loop_until.start(ms)
    while loop_until.isActive():
        app.processEvents()


def save(widget: QWidget, folder: Path, name: str, app: QApplication) -> None:
    settle(app)
    path = folder / f"{name}.png"
    widget.grab().save(str(path))
    print(path)


def main(argv: list[str]) -> int:
    out = (
        Path(argv[1])
        if len(argv) > 1
        else Path(__file__).resolve().parent.parent / "docs" / "screenshots"
    )
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(["FollowUp"])
    app.setApplicationName("FollowUp")
    apply_look(app)
    with tempfile.TemporaryDirectory() as data:
        # A fixed "now", so the pictures are the same on every run.
        clock = FixedClock(datetime(2026, 11, 23, 8, 30, tzinfo=UTC))
        services = open_services(AppPaths(Path(data)), clock)
        tasks = TaskRunner()
        window = MainWindow(services, tasks)
        window.resize(1100, 680)
        window.show()
        save(window, out, "01-first-launch", app)

        sample_history(services.importing, services.contacts, services.followups, clock.now())
        window.refresh()
        settle(app, 300)
        save(window, out, "02-contact-list", app)

        window.search.setText("smith")
        save(window, out, "03-search", app)

        contact_id = window.model.summary(0).id
        dialog = ContactDialog(services.contacts.build, services.contacts.get(contact_id), window)
        dialog.show()
        save(dialog, out, "04-edit-contact", app)
        dialog.close()
        window.close()
        tasks.wait()
        services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
