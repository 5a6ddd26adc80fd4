"""FollowUp started again as it was started (after a restore, to open the data in place)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from PySide6.QtCore import QProcess

log = logging.getLogger(__name__)

# Left out of the new start: the rep is in front of the window, and the call the first
# start was asked to open was for the data that was replaced.
_ONCE = ("--minimized", "--open-contact")


def again_command(
    executable: str, orig_argv: Sequence[str], argv: Sequence[str], frozen: bool
) -> tuple[str, list[str]]:
    """The program and arguments that start this app again. From Python, the interpreter's
    own command line (``-m followup_desktop`` or the entry script, and its options); a
    bundle is its own program."""
    arguments = list(argv[1:] if frozen else orig_argv[1:])
    kept: list[str] = []
    skip_value = False
    for argument in arguments:
        if skip_value:
            skip_value = False
            continue
        name = argument.split("=", 1)[0]
        if name in _ONCE:
            skip_value = name == "--open-contact" and "=" not in argument
            continue
        kept.append(argument)
    return executable, kept


def start_again() -> bool:
    program, arguments = again_command(
        sys.executable, sys.orig_argv, sys.argv, getattr(sys, "frozen", False)
    )
    started, _pid = QProcess.startDetached(program, arguments)
    if not started:
        log.error("FollowUp could not be started again: %s %s", program, arguments)
    return bool(started)
