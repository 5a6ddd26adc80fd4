"""A rep in the middle of a call, as its own process, for the kill test: opens the call
screen for a contact, types notes key by key, says "typed" once the screen shows them as
saved, then keeps typing until it is killed.

    python -m tests.ui.call_in_progress DATA_DIR CONTACT_ID
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from followup_desktop.paths import AppPaths
from followup_desktop.services.session import open_services
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.tasks import TaskRunner

NOTES = "Wants a pilot in March; CFO must sign."


def main(data_dir: str, contact_id: int) -> int:
    app = QApplication(sys.argv[:1])
    services = open_services(AppPaths(Path(data_dir)))
    window = MainWindow(services, TaskRunner(app))
    window.open_call_screen(contact_id)
    while window.call_window(contact_id) is None:  # read on a worker, then shown
        QTest.qWait(10)
    call = window.call_window(contact_id)
    assert call is not None
    QTest.qWaitForWindowExposed(call)
    QTest.keyClicks(call.notes, NOTES)

    def report() -> None:
        if call.saved_state.text() == "Notes saved":
            print("typed", flush=True)
            keep_typing.start(20)
        else:
            QTimer.singleShot(20, report)

    keep_typing = QTimer()
    keep_typing.timeout.connect(lambda: QTest.keyClicks(call.notes, "."))
    QTimer.singleShot(0, report)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], int(sys.argv[2])))
