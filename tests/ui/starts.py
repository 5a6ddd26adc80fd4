"""Closing an app's start made by a test: its window, its workers and its timers."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent

from followup_desktop.ui.application import Start


def close_start(start: Start) -> None:
    window = start.window
    if window is not None:
        window.close()
    start.close()
    start.signals.close()
    if window is not None:
        # Gone with its timers: a later one would reach a closed store and its error
        # dialog would wait on a later test.
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
