"""Start-up of the GUI: the one composition root (paths → store → services → windows)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from followup_desktop import __version__, logs, paths

if TYPE_CHECKING:
    from followup_desktop.services.session import Services


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="followup-desktop", description="FollowUp, the follow-up desk for sales reps."
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="data folder (default: FOLLOWUP_DATA_DIR or the user data folder)",
    )
    parser.add_argument("--version", action="version", version=f"FollowUp {__version__}")
    # Qt's own options (-platform, -style …) pass through untouched.
    args, _qt_args = parser.parse_known_args(argv)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(sys.argv[1:] if argv is None else argv)
    app_paths = paths.resolve(args.data_dir)

    from PySide6.QtWidgets import QApplication

    from followup_desktop.ui.error_dialog import install_excepthook
    from followup_desktop.ui.look import apply_look
    from followup_desktop.ui.main_window import MainWindow
    from followup_desktop.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([sys.argv[0], *(argv or sys.argv[1:])])
    app.setApplicationName("FollowUp")
    app.setApplicationDisplayName("FollowUp")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("com.followupapp.FollowUp")
    apply_look(app)
    services = _open_or_recover(app_paths)
    if services is None:
        return 1
    install_excepthook()
    tasks = TaskRunner(app)
    window = MainWindow(services, tasks)
    window.show()
    window.check_store_in_background()
    try:
        return app.exec()
    finally:
        tasks.wait()
        services.close()


def _open_or_recover(app_paths: paths.AppPaths) -> Services | None:
    """Open the store; a damaged file leads to the recovery dialog, never a crash."""
    from PySide6.QtWidgets import QMessageBox

    from followup_desktop.services import maintenance
    from followup_desktop.services.session import open_services
    from followup_desktop.ui.recovery import offer_recovery

    for _attempt in range(2):
        try:
            app_paths.ensure()
            logs.configure(app_paths.logs, "followup")
            return open_services(app_paths)
        except Exception as error:
            logging.getLogger(__name__).exception("start-up failed")
            check = maintenance.check(app_paths.database)
            if app_paths.database.exists() and not check.ok:
                if offer_recovery(app_paths, check.verdict):
                    continue
                return None
            QMessageBox.critical(
                None,
                "FollowUp cannot start",
                f"FollowUp could not open its data in {app_paths.data_dir}.\n\n{error}\n\n"
                "Nothing was changed. Check that the folder exists and is writable, then start again.",
            )
            return None
    return None


if __name__ == "__main__":
    raise SystemExit(main())
