"""Screenshots of the damaged-database journey, through the app's real start-up path:
a data file whose first page a sync tool overwrote, the dialog FollowUp shows, and the
window after "Restore backup"; then File › Restore a backup… on a healthy file: the
backups listed, and what the dialog says once one is restored.

Run it under a display:
    scripts/with-display.sh .venv/bin/python scripts/screenshots_recovery.py [OUTPUT_DIR]
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from followup_desktop.core.clock import FixedClock
from followup_desktop.paths import AppPaths
from followup_desktop.services import backups
from followup_desktop.services.sample_data import sample_history
from followup_desktop.services.session import open_services
from followup_desktop.ui.application import _open_or_recover
from followup_desktop.ui.look import apply_look
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.tasks import TaskRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import save, settle, until


def main(argv: list[str]) -> int:
    out = (
        Path(argv[1])
        if len(argv) > 1
        else Path(__file__).resolve().parent.parent / "docs" / "screenshots"
    )
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("TZ", "Europe/Paris")
    app = QApplication(["FollowUp"])
    app.setApplicationName("FollowUp")
    apply_look(app)
    with tempfile.TemporaryDirectory() as data:
        paths = AppPaths(Path(data) / "FollowUp", _explicit=True)
        clock = FixedClock(datetime(2026, 11, 23, 7, 30, tzinfo=UTC))
        services = open_services(paths, clock)
        sample_history(services, clock.now())
        services.close()
        backups.take_backup(paths, "daily", clock)
        with open(paths.database, "r+b") as handle:  # the first page: garbage
            handle.write(random.Random(1).randbytes(4096))

        shown: list[QMessageBox] = []

        def when_the_dialog_is_up() -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox):
                QTimer.singleShot(50, when_the_dialog_is_up)
                return
            shown.append(box)
            save(box, out, "16-damaged-data-file", app)
            (restore,) = [b for b in box.buttons() if b.text() == "Restore backup"]
            restore.click()

        QTimer.singleShot(0, when_the_dialog_is_up)
        restored = _open_or_recover(paths)
        if restored is None or not shown:
            print("the recovery dialog did not restore the backup", file=sys.stderr)
            return 1
        tasks = TaskRunner()
        window = MainWindow(restored, tasks)
        window.resize(1100, 680)
        window.show()
        window.show_view(1)
        if not list(paths.data_dir.glob("followup.sqlite3.damaged-*")):
            print("the damaged file was not kept", file=sys.stderr)
            return 1
        settle(app, 300)
        save(window, out, "17-after-restore", app)
        window.close()
        tasks.wait()
        restored.close()
    return restore_from_the_window(out, app)


def restore_from_the_window(out: Path, app: QApplication) -> int:
    """A week of daily backups and one the rep took; the one of Friday restored."""
    from followup_desktop.core.model import Contact
    from followup_desktop.ui.restore_backup import RestoreBackupDialog

    with tempfile.TemporaryDirectory() as data:
        paths = AppPaths(Path(data) / "FollowUp", _explicit=True)
        clock = FixedClock(datetime(2026, 11, 18, 7, 30, tzinfo=UTC))
        services = open_services(paths, clock)
        sample_history(services, clock.now())
        for day in range(5):
            backups.take_backup(paths, "daily", clock)
            if day == 3:
                clock.advance(hours=3)
                backups.take_backup(paths, "manual", clock)
                clock.advance(hours=-3)
            services.contacts.add(Contact(name=f"New lead {day + 1}", company="Northwind"))
            clock.advance(days=1)
        tasks = TaskRunner()
        window = MainWindow(services, tasks)
        window.resize(1100, 680)
        window.show()
        window.restore_action.trigger()
        dialog = window.findChild(RestoreBackupDialog)
        assert dialog is not None
        until(app, lambda: bool(dialog.rows()))
        third = dialog.tree.topLevelItem(2)
        assert third is not None
        dialog.tree.setCurrentItem(third)
        settle(app, 300)
        save(dialog, out, "restore-backup", app)
        dialog.restore_button.click()
        until(app, lambda: "starts again" in dialog.said.text(), seconds=30)
        settle(app, 300)
        save(dialog, out, "restore-backup-done", app)
        if "Restored the backup" not in dialog.said.text():
            print(f"the backup was not restored: {dialog.said.text()}", file=sys.stderr)
            return 1
        dialog.reject()  # the app would start again here: no close of the window either
        window.hide()
        tasks.wait()
        services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
