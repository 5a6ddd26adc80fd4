"""The windows a rep works in beside the main one: a call screen a contact (read on a
worker, then shown; opening it again brings it forward) and the e-mail draft previews.
The main window owns one of these and hears back through its signals.

Call screens go through a ``CallDesk``: the store's, or until it is open a desk before it
(at a start while the team server is away, the calls kept on this laptop; at a start on a
file, read from the file), until it is (``store_opened``): the windows opened meanwhile
stay, one a contact, and go on through the store."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from followup_desktop.core import steps
from followup_desktop.core.model import FollowUp, FollowUpKind
from followup_desktop.ui.settings_door import SettingsDoor
from followup_desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from followup_desktop.services.call_desk import CallDesk, DeskBeforeStore
    from followup_desktop.services.call_requests import CallOpening
    from followup_desktop.services.session import Services
    from followup_desktop.ui.call_screen import CallWindow
    from followup_desktop.ui.draft_dialog import DraftDialog

# ``MainWindow._once_attached``: (what, asked twice done once) → then, once the store is
# open; ``what`` says it in the status bar meanwhile.
UntilStore = Callable[[tuple[object, ...], Callable[[], object], str], None]


class WorkWindows(QObject):
    logged = Signal(int, str)  # contact id, what was stored (for the status bar)
    invite_saved = Signal(object)  # the Path of an invite a logged call wrote
    changed = Signal(object)  # a core.changes.Change from one of the windows
    sent_marked = Signal(int)  # an e-mail step's follow-up id, sent from the mail program
    said = Signal(str)  # a line for the status bar
    failed = Signal(object, str)  # an error and its details
    call_shown = Signal(object)  # a CallWindow, just opened
    # A contact whose number was wrong: their form, to type the right one (a call screen
    # would dial the wrong one).
    number_asked = Signal(int)

    def __init__(
        self,
        desk: CallDesk,
        services: Services | None,
        door: SettingsDoor | None,
        tasks: TaskRunner,
        parent: QWidget,
        until_store: UntilStore | None = None,
    ) -> None:
        """``services`` and ``door``: None until the store is open (the calls kept while a
        team server is away, or read from the file at start); what needs them meanwhile
        (an e-mail draft) goes to ``until_store``."""
        super().__init__(parent)
        self._desk, self._services, self._door = desk, services, door
        self._tasks, self._parent = tasks, parent
        self._until_store = until_store
        self._calls: dict[int, CallWindow] = {}
        self._opening: set[int] = set()  # read on a worker, shown when it arrives
        self._drafts: list[DraftDialog] = []

    # Call screens ------------------------------------------------------------------------
    def open_call_screen(self, contact_id: int, follow_up_id: int | None = None) -> None:
        window = self._calls.get(contact_id)
        if window is not None:
            _bring_forward(window)
            return
        if contact_id in self._opening:
            return  # on its way: a second press opens nothing more
        self._opening.add(contact_id)
        desk = self._desk
        self._tasks.run(
            lambda: desk.opening(contact_id, follow_up_id),
            lambda opening: self._show_call_screen(contact_id, opening),
            lambda error, details: self._not_opened(contact_id, error, details),
            owner=self,
        )

    def _show_call_screen(self, contact_id: int, opening: CallOpening) -> None:
        from followup_desktop.ui.call_screen import CallWindow

        self._opening.discard(contact_id)
        window = CallWindow(self._desk, self._door, self._tasks, opening)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.logged.connect(self.logged)
        window.invite_saved.connect(self.invite_saved)
        window.changed.connect(self.changed)
        # Its draft, once closed, gives the keys back to it (the draft's parent is the main
        # window, which would otherwise leave no window active).
        window.draft_requested.connect(
            lambda follow_up_id, template, c=contact_id: self._draft_asked(
                follow_up_id, template, c
            )
        )
        window.destroyed.connect(lambda _=None, c=contact_id: self._call_closed(c))
        self._calls[contact_id] = window
        _bring_forward(window)
        self.call_shown.emit(window)

    def _call_closed(self, contact_id: int) -> None:
        self._calls.pop(contact_id, None)
        # The keys go back to the main window (the next call of a queue, opened later,
        # takes them from it), not nowhere.
        QTimer.singleShot(0, self, self._keys_home)

    def _keys_home(self) -> None:
        if QApplication.activeWindow() is None and self._parent.isVisible():
            self._parent.activateWindow()

    def _not_opened(self, contact_id: int, error: Exception, details: str) -> None:
        from followup_desktop.services.disk_trouble import server_away
        from followup_desktop.services.kept_sheets import NotKept
        from followup_desktop.services.outcome_plans import NotFound  # no store modules

        self._opening.discard(contact_id)
        if isinstance(error, NotFound | NotKept):
            self.said.emit(f"Cannot open the call: {error}.")
        elif server_away(error):
            self.said.emit(
                "Cannot open the call: the team server cannot be reached just now. "
                "Try again once it is back."
            )
        else:
            self.failed.emit(error, details)

    def call_window(self, contact_id: int) -> CallWindow | None:
        return self._calls.get(contact_id)

    def call_windows(self) -> list[CallWindow]:
        return list(self._calls.values())

    def open_follow_up(self, contact_id: int, follow_up_id: int | None = None) -> None:
        """An e-mail step opens its draft, and so does a promise (the e-mail that delivers
        it: a promise is not a call, and its words are no call's objective); the search for
        a right number the contact's form (``number_asked``); anything else the call
        screen (its kind read on a worker). A step that cannot be read opens nothing, said
        in words: a call screen might dial a number she was told was wrong."""
        if follow_up_id is None:
            self.open_call_screen(contact_id)
            return
        desk = self._desk

        def opened(step: FollowUp | None) -> None:
            if step is None:
                self.said.emit(_not_found(desk.kept))
            elif steps.is_number_search(step):
                self.number_asked.emit(contact_id)
            elif step.kind in (FollowUpKind.EMAIL, FollowUpKind.TASK):
                self._draft_asked(follow_up_id, "")
            else:
                self.open_call_screen(contact_id, follow_up_id)

        self._tasks.run(lambda: desk.find(follow_up_id), opened, self.failed.emit, owner=self)

    def store_opened(self, desk: DeskBeforeStore, services: Services, door: SettingsDoor) -> None:
        """The store is open: the windows opened before (and ``desk``) go on through it."""
        desk.store_opened(services)
        self._services, self._door = services, door
        for window in self._calls.values():
            window.settings_door = door

    # Drafts ------------------------------------------------------------------------------
    def _draft_asked(self, follow_up_id: int, template: str, from_call: int | None = None) -> None:
        """A draft asked for from a call (``from_call``: its contact) or Today: now, or once
        the store is open (drafts are made from the stored call)."""
        if self._services is not None:
            self.open_draft(follow_up_id, template, from_call)
        elif self._until_store is not None:
            self._until_store(
                ("draft", follow_up_id),
                lambda: self.open_draft(follow_up_id, template, from_call),
                "Opening the e-mail",
            )
        else:
            self.said.emit("The e-mail draft opens once your data is open.")

    def open_draft(
        self, follow_up_id: int, template: str = "", from_call: int | None = None
    ) -> DraftDialog:
        """The preview of a follow-up's e-mail (its step's template unless one is named);
        closed, it hands the keys back to the call screen of ``from_call``, if still open."""
        from followup_desktop.ui.draft_dialog import DraftDialog  # exports load on first use

        assert self._services is not None and self._door is not None, "drafts wait for the store"
        dialog = DraftDialog(
            self._services.exports,
            self._door,
            self._tasks,
            follow_up_id,
            template or None,
            self._parent,
        )
        dialog.sent_marked.connect(self.sent_marked)
        dialog.changed.connect(self.changed)
        self._drafts.append(dialog)
        dialog.finished.connect(lambda _result, d=dialog: self._forget(d, from_call))
        _bring_forward(dialog)
        return dialog

    def _forget(self, dialog: DraftDialog, from_call: int | None) -> None:
        with contextlib.suppress(ValueError):
            self._drafts.remove(dialog)
        dialog.deleteLater()
        call = self._calls.get(from_call) if from_call is not None else None
        if call is not None:
            _bring_forward(call)
        else:  # a draft from Today, or its call closed meanwhile
            QTimer.singleShot(0, self, self._keys_home)

    @property
    def drafts(self) -> tuple[DraftDialog, ...]:
        return tuple(self._drafts)


def _not_found(kept: bool) -> str:
    """Why a step from a reminder or the tray opened nothing."""
    if kept:
        return (
            "Cannot open it: it is not among the steps kept on this laptop. "
            "Try again once the team server is back."
        )
    return "Nothing to open: that step is no longer in your list (undone, or done elsewhere)."


def _bring_forward(window: QWidget) -> None:
    window.show()
    window.raise_()
    window.activateWindow()
