"""Start-up of the GUI: arguments and paths here, the Qt side in ``ui.application``
(imported only after the arguments, so ``--version`` and ``--help`` start no Qt)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from followup_desktop import __version__, paths


def _arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="followup-desktop", description="FollowUp, the follow-up desk for sales reps."
    )
    paths.add_location_arguments(parser)
    parser.add_argument(
        "--minimized",
        action="store_true",
        help="start in the tray (the window opens where there is no tray)",
    )
    parser.add_argument(
        "--open-contact",
        metavar="ID",
        type=int,
        help="open this contact's call screen (in the FollowUp already running, if any)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the sample-data demo kept apart in DATA/demo (your own data is untouched)",
    )
    parser.add_argument("--version", action="version", version=f"FollowUp {__version__}")
    # Qt's own options (-platform, -style …) pass through untouched.
    args, _qt_args = parser.parse_known_args(argv)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = _arguments(arguments)
    app_paths = paths.resolve(args.data_dir)
    if args.demo:
        app_paths = app_paths.demo_profile()
    if problem := paths.not_a_folder(app_paths.data_dir):
        from followup_desktop.ui.application import cannot_start

        return cannot_start(problem, [sys.argv[0], *arguments])
    # Everything FollowUp writes holds customer data: owner only (0600, folders 0700).
    previous = os.umask(paths.PRIVATE_UMASK)
    from followup_desktop.services.disk_trouble import watch_folder
    from followup_desktop.services.team_choice import database_to_open

    watch_folder(app_paths.data_dir)
    # Qt first, the store's modules (SQLAlchemy) on a worker once the window is up
    # (``ui.application``); ``followup_desktop.ui`` takes out PySide6's import hook, which
    # would otherwise cost every later import time and memory.
    from followup_desktop.ui.application import run

    try:
        return run(
            app_paths,
            [sys.argv[0], *arguments],
            minimized=args.minimized,
            open_contact=args.open_contact,
            database="" if args.demo else database_to_open(app_paths, args.database),
        )
    finally:
        os.umask(previous)


if __name__ == "__main__":
    raise SystemExit(main())
