"""A submitter for models and pages tested on their own: their reads run on another
thread, as the app's workers run them, and are waited for so each step of a test sees
its result."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any


def elsewhere(
    work: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[], None]
) -> None:
    with ThreadPoolExecutor(1) as pool:
        try:
            result = pool.submit(work).result()
        except Exception:
            failed()
            raise
    done(result)


def refreshed(qtbot: Any, window: Any) -> None:
    """The main window's list and Today read again (on workers) and shown."""
    window.refresh()
    settled(qtbot, window)


def settled(qtbot: Any, window: Any) -> None:
    """Every read and write the window started has landed on screen."""
    qtbot.waitUntil(window.tasks.idle)


def shown_call(qtbot: Any, window: Any, contact_id: int) -> Any:
    """The contact's call screen, opened (its sheet read on a worker), shown and active."""
    window.open_call_screen(contact_id)
    qtbot.waitUntil(lambda: window.call_window(contact_id) is not None)
    call = window.call_window(contact_id)
    qtbot.waitExposed(call)
    call.activateWindow()  # bare Xvfb has no window manager to activate it
    qtbot.waitUntil(call.isActiveWindow)
    return call
