"""Call notes saved as they are typed (PRODUCT.md J4: never lost, even if the app is
killed mid-call): a short pause after the last change, then a save on a worker, one in
flight at a time so an older draft never lands after a newer one; a failed save retries."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from followup_desktop.core.model import CallDraft
from followup_desktop.ui.tasks import TaskRunner

DELAY_MS = 300
RETRY_MS = 2000


class DraftKeeper(QObject):
    state_changed = Signal(str)  # "Saving…", "Notes saved", or what went wrong

    def __init__(
        self,
        current: Callable[[], CallDraft],
        save: Callable[[CallDraft], None],
        tasks: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._current, self._save, self._tasks = current, save, tasks
        self._dirty = self._saving = False
        # Set while a closing window waits for its last save: (saved, failed).
        self._flushed: tuple[Callable[[], None], Callable[[Exception], None]] | None = None
        self._timer = QTimer(self, singleShot=True, interval=DELAY_MS)
        self._timer.timeout.connect(self._save_now)

    @property
    def pending(self) -> bool:
        return self._dirty or self._saving

    @property
    def dirty(self) -> bool:
        return self._dirty

    def changed(self) -> None:
        self._dirty = True
        self.state_changed.emit("Saving…")
        self._timer.start()

    def stop(self) -> None:
        """The draft is about to be logged (and cleared) with the call: nothing more to save."""
        self._timer.stop()

    def forget(self) -> None:
        self._dirty = False

    def save_then(self, saved: Callable[[], None], failed: Callable[[Exception], None]) -> None:
        """The last keystrokes written on a worker, after any save in flight (so an older
        draft never lands last), then ``saved()``, or ``failed(error)``: a window closes
        only once its notes are on disk."""
        self._timer.stop()
        self._flushed = (saved, failed)
        self._dirty = True
        self._save_now()

    def _save_now(self) -> None:
        if self._saving or not self._dirty:
            return
        self._dirty, self._saving = False, True
        draft, save = self._current(), self._save
        self._tasks.write(lambda: save(draft), self._saved, self._failed, owner=self)

    def _saved(self, _: object) -> None:
        self._saving = False
        if self._dirty:
            self._save_now()
            return
        self.state_changed.emit("Notes saved")
        flushed, self._flushed = self._flushed, None
        if flushed is not None:
            flushed[0]()

    def _failed(self, error: Exception, _details: str) -> None:
        self._saving = False
        self._dirty = True
        flushed, self._flushed = self._flushed, None
        if flushed is not None:  # a window waiting to close: it stays, and says why
            flushed[1](error)
            return
        self.state_changed.emit(f"⚠ Notes not saved yet ({error}); retrying…")
        self._timer.start(RETRY_MS)
