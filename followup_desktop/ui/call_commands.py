"""What the call screen asks of others while a call is open, besides its log: the number
to the rep's dialer (or the clipboard), the contact's time zone and the serious-or-curious
answer to the store, the invite to a file, the e-mail to the main window's draft, a gap
in a script line or an invite to Settings.

Each reads the sheet the window shows and says how it went on the window's status line
(a number not dialled, on its problem line); the window keeps what the screen shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication

from followup_desktop.core import dialing
from followup_desktop.core.changes import Area, Change
from followup_desktop.core.model import ContactStatus, FollowUpKind
from followup_desktop.services.disk_trouble import plain_error
from followup_desktop.ui import dialer
from followup_desktop.ui.call_outcomes import open_follow_up_id
from followup_desktop.ui.saved_file import saved_file_html
from followup_desktop.ui.settings_link import open_settings_at, show_with_setting_link

if TYPE_CHECKING:
    from followup_desktop.ui.call_screen import CallWindow


class CallCommands:
    def __init__(self, window: CallWindow) -> None:
        self.window = window

    # The header's ---------------------------------------------------------------------------
    def dial(self, number: str = "") -> None:
        """``number`` (the first on file when "") handed to the rep's dialer (Settings ›
        Calls), and the call timer started; a dialer that does not answer is said here
        and nothing starts."""
        window = self.window
        phones = window.sheet.contact.phones
        phone = next((p for p in phones if p.number == number), phones[0] if phones else None)
        if phone is None:
            return
        try:
            planned = window.desk.dial(phone)
            problem = dialer.hand_over(planned)
        except dialing.DialerSetting as error:
            problem = f"{error}: set the dialer in Settings › Calls"
        if problem is not None:
            window.problem.setText(f"⚠ Not dialled: {problem}.")
            window.problem.show()
            return
        window.problem.hide()
        window.start_call()
        copied = planned.by is dialing.DialBy.CLIPBOARD
        window.saved_state.setText(
            f"Copied {planned.number}: dial it, the timer runs"
            if copied
            else f"Calling {planned.number}…"
        )

    def copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.window.saved_state.setText(f"Copied {text}")

    def ask_their_zone(self) -> None:
        """Which zone the contact is in, asked once: stored with the contact, then every
        time on this screen is theirs."""
        from followup_desktop.ui.pickers import pick_zone

        window = self.window
        name = window.sheet.contact.name
        if window.desk.kept:
            window.saved_state.setText(
                f"{name}'s time zone can be set once the team server answers."
            )
            return
        chosen = pick_zone(window, f"Where is {name}?", window.mine.key)
        if not chosen:
            return
        desk, contact_id = window.desk, window.contact_id

        def stored(change: Change) -> None:
            window.changed.emit(change)
            window.saved_state.setText(f"{name}'s time zone is now {chosen}.")
            window.follow_their_zone(chosen)

        def failed(error: Exception, _details: str) -> None:
            window.saved_state.setText(f"⚠ The time zone was not saved: {plain_error(error)}")

        window.tasks.write(
            lambda: desk.set_time_zone(contact_id, chosen), stored, failed, owner=window
        )

    # The script's and the status line's ------------------------------------------------------
    def fix_setting(self, key: str) -> None:
        """A gap the rep fills in Settings (their name in a script line, their e-mail for
        an invite): there, then back."""
        window = self.window
        if key and window.settings_door is not None:
            open_settings_at(window, window.settings_door, key, window.tasks, self._settings_stored)

    def _settings_stored(self) -> None:
        # The window follows the settings too (Today's hours, the reminders' lead time).
        self.window.changed.emit(Change(Area.SETTINGS))
        self.window.reload_sheet()

    # The outcome bar's -----------------------------------------------------------------------
    def request_draft(self) -> None:
        window = self.window
        if window.desk.kept:
            window.saved_state.setText("The e-mail is made once the team server answers.")
            return
        follow_up_id = open_follow_up_id(window.sheet)
        if follow_up_id is None:
            window.saved_state.setText("No open follow-up: log the call first.")
            return
        window.draft_requested.emit(follow_up_id, "")

    def save_invite(self) -> None:
        window = self.window
        follow_up = window.sheet.follow_up
        follow_up_id = open_follow_up_id(window.sheet)
        if follow_up is None or follow_up_id is None or follow_up.kind is not FollowUpKind.CALL:
            window.saved_state.setText("No planned call to invite them to.")
            return
        desk = window.desk

        def saved(path: Path) -> None:
            window.saved_state.setText(saved_file_html("Invite saved", path))

        def failed(error: Exception, _details: str) -> None:
            show_with_setting_link(
                window.saved_state, f"⚠ No invite: {error}.", getattr(error, "setting", "")
            )

        window.tasks.write(lambda: desk.save_invite(follow_up_id), saved, failed, owner=window)

    # The qualifying question's ---------------------------------------------------------------
    def mark(self, status: ContactStatus) -> None:
        window = self.window
        desk, contact_id = window.desk, window.contact_id

        def done(change: Change) -> None:
            window.changed.emit(change)
            window.qualify.hide()
            window.saved_state.setText(f"Marked {status.value}.")

        def failed(error: Exception, _details: str) -> None:
            # Only the mark failed: the call, its notes and its outcome are as they were,
            # and the question stays for another try.
            window.saved_state.setText(f"⚠ Not marked: {plain_error(error)}")

        window.tasks.write(lambda: desk.mark(contact_id, status), done, failed, owner=window)
