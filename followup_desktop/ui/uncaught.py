"""Uncaught exceptions from Qt slots go to the log and the error dialog
(``error_dialog.report_uncaught``), whose module loads when one comes: not on the first
paint's path."""

from __future__ import annotations

import sys
from types import TracebackType


def install_excepthook() -> None:
    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        from followup_desktop.ui.error_dialog import report_uncaught

        report_uncaught(kind, error, tb)

    sys.excepthook = hook
