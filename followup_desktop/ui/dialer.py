"""Handing a number over to the rep's dialer (what to hand is ``core.dialing``'s): the
desktop's handler for ``tel:`` links, the clipboard, or a softphone's command, started
detached so it outlives the call screen."""

from __future__ import annotations

from PySide6.QtCore import QProcess, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication

from followup_desktop.core import dialing


def hand_over(planned: dialing.Dial) -> str | None:
    """Hands the number over; why it could not be, in the rep's words, or None."""
    if planned.by is dialing.DialBy.CLIPBOARD:
        QGuiApplication.clipboard().setText(planned.number)
        return None
    if planned.by is dialing.DialBy.TEL_LINK:
        if QDesktopServices.openUrl(QUrl(planned.target[0])):
            return None
        return (
            "no program on this computer answers phone links: choose a dialer in Settings › Calls"
        )
    program, *arguments = planned.target
    started = QProcess.startDetached(program, arguments)
    if started[0] if isinstance(started, tuple) else started:
        return None
    return f"the dialer {program!r} could not be started"
