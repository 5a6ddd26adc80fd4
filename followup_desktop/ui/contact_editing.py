"""New, edit, delete and undo on the contact list (the window's Edit menu and keys).

The dialogs run on the UI thread; what they decide is stored as a background operation
(``ui.tasks``) and the list follows once it is."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from followup_desktop.core.changes import EVERYTHING, Area, Change, about

if TYPE_CHECKING:
    from followup_desktop.core.model import Contact, Deal
    from followup_desktop.services.contacts import ContactChanged
    from followup_desktop.services.deals import ContactSaved
    from followup_desktop.ui.contact_merge_dialog import ContactMergeDialog
    from followup_desktop.ui.main_window import MainWindow


NOT_SAVED_YET = "(not saved: the team server cannot be reached)"


class ContactEditing:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._deleted: list[tuple[int, str]] = []  # (id, name), newest last: Ctrl+Z order
        # Open while the rep settles a save that met someone else's (tests reach it here).
        self.merge_dialog: ContactMergeDialog | None = None

    @property
    def can_undo(self) -> bool:
        return bool(self._deleted)

    def new(self, typed: Contact | None = None, typed_deal: Deal | None = None) -> None:
        """A new contact; ``typed``: what the rep typed before, shown again (a team server
        that did not answer the first save)."""
        from followup_desktop.ui.contact_dialog import ContactDialog

        window = self.window
        contacts = window.services.contacts
        dialog = ContactDialog(
            contacts.build, typed, window, typed_deal, new_style=contacts.defaults.default_style()
        )
        if typed is not None:
            dialog.setWindowTitle(f"New contact {NOT_SAVED_YET}")
        if not dialog.exec() or dialog.result_contact is None:
            return
        contact, deal = dialog.result_contact, dialog.result_deal
        deals = window.services.deals

        def store() -> ContactSaved:
            return deals.save_with_contact(contact, deal)

        def stored(saved: ContactSaved) -> None:
            window.show_change(saved.change)
            window.page.select_contact(saved.contact_id)
            window.statusBar().showMessage(f"Added {contact.name}.", 5000)

        not_added = self._failed(f"{contact.name} was not added")

        def failed(error: Exception, details: str) -> None:
            from followup_desktop.services.disk_trouble import server_away

            if server_away(error):
                self._say_not_saved(contact.name)
                self.new(contact, deal)
            else:
                not_added(error, details)

        window.tasks.write(store, stored, failed, owner=window)

    def edit(self, contact_id: int | None) -> None:
        """The contact and its deal are read on a worker; the dialog opens with them."""
        if contact_id is None or not self.window.may_open(contact_id):
            return
        services = self.window.services

        def load() -> tuple[Contact, Deal | None]:
            return services.contacts.get(contact_id), services.deals.current(contact_id)

        self.window.tasks.run(
            load,
            lambda loaded: self._edit(*loaded),
            self._failed("The contact could not be opened"),
            owner=self.window,
        )

    def _edit(self, contact: Contact, current: Deal | None) -> None:
        from followup_desktop.ui.contact_dialog import ContactDialog

        window, services = self.window, self.window.services
        dialog = ContactDialog(services.contacts.build, contact, window, current)
        accepted = dialog.exec()
        # Opened from a worker's answer, not a key press: the list gets the keys back even
        # where no window manager hands them over.
        window.activateWindow()
        if not accepted or dialog.result_contact is None:
            return
        self._save_edit(contact, dialog.result_contact, dialog.result_deal)

    def _save_edit(self, opened: Contact, edited: Contact, deal: Deal | None) -> None:
        """Store the rep's edit of ``opened``; when someone saved the contact meanwhile,
        the rep sees what they changed and saves the merge (or keeps theirs)."""
        window, deals = self.window, self.window.services.deals

        def store() -> ContactSaved:
            return deals.save_with_contact(edited, deal)

        def stored(saved: ContactSaved) -> None:
            window.show_change(saved.change)
            window.page.select_contact(saved.contact_id)
            window.statusBar().showMessage(f"Saved {edited.name}.", 5000)

        not_saved = self._failed(f"{edited.name} was not saved")

        def failed(error: Exception, details: str) -> None:
            from followup_desktop.services.contacts import ContactChanged
            from followup_desktop.services.disk_trouble import server_away

            if isinstance(error, ContactChanged):
                self._merge(opened, edited, deal, error)
            elif server_away(error):
                self._edit_again(opened, edited, deal)
            else:
                not_saved(error, details)

        window.tasks.write(store, stored, failed, owner=window)

    def _edit_again(self, opened: Contact, edited: Contact, deal: Deal | None) -> None:
        """The team server did not answer and nothing was written: the dialog opens again
        with what the rep typed, to save once the server is back (or to cancel)."""
        from followup_desktop.ui.contact_dialog import ContactDialog

        window = self.window
        self._say_not_saved(edited.name)
        dialog = ContactDialog(window.services.contacts.build, edited, window, deal)
        dialog.setWindowTitle(f"Edit contact {NOT_SAVED_YET}")
        accepted = dialog.exec()
        window.activateWindow()
        if accepted and dialog.result_contact is not None:
            self._save_edit(opened, dialog.result_contact, dialog.result_deal)

    def _say_not_saved(self, name: str) -> None:
        self.window.statusBar().showMessage(
            f"{name} is not saved: the team server cannot be reached. What you typed is in "
            "the dialog; save again once it is back.",
            30_000,
        )

    def _merge(
        self, opened: Contact, edited: Contact, deal: Deal | None, changed: ContactChanged
    ) -> None:
        from followup_desktop.core.calendar import zone
        from followup_desktop.core.contact_merge import merge
        from followup_desktop.ui.contact_merge_dialog import ContactMergeDialog

        window = self.window
        window.show_change(about(Area.CONTACTS, (changed.theirs.id or 0,)))  # theirs, shown
        rep_zone = zone(window.services.settings.rep_zone())
        result = merge(opened, edited, changed.theirs)
        self.merge_dialog = ContactMergeDialog(result, changed.by, changed.at, rep_zone, window)
        accepted = self.merge_dialog.exec()
        merged, self.merge_dialog = self.merge_dialog.merged(), None
        window.activateWindow()
        if not accepted:
            window.statusBar().showMessage(
                f"Your changes to {edited.name} were discarded; theirs are kept.", 8000
            )
            return
        # Theirs is now what the merge was made over: a further save meanwhile merges again.
        self._save_edit(changed.theirs, merged, deal)

    def delete(self) -> None:
        window = self.window
        contact_id = window.page.current_contact_id()
        if contact_id is None or not window.may_open(contact_id):
            return
        row = window.page.table.currentIndex().row()
        name = window.model.summary(row).name
        contacts = window.services.contacts

        def deleted(change: Change) -> None:
            self._deleted.append((contact_id, name))
            self._show_undo()
            window.statusBar().showMessage(f"Deleted {name}. Press Ctrl+Z to undo.", 10000)
            window.show_change(change)
            if window.model.rowCount():
                window.page.table.selectRow(min(row, window.model.rowCount() - 1))

        self._run(lambda: contacts.delete(contact_id), deleted, f"{name} was not deleted")

    def undo(self) -> None:
        if not self._deleted:
            return
        window = self.window
        contact_id, name = self._deleted.pop()
        self._show_undo()
        contacts = window.services.contacts

        def back(change: Change) -> None:
            window.show_change(change)
            window.page.select_contact(contact_id)
            window.statusBar().showMessage(f"{name} is back.", 5000)

        def not_back(error: Exception, details: str) -> None:
            self._deleted.append((contact_id, name))  # still undoable
            self._show_undo()
            self._failed(f"{name} is not back")(error, details)

        window.tasks.write(lambda: contacts.undelete(contact_id), back, not_back, owner=window)

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None], what: str) -> None:
        self.window.tasks.write(work, done, self._failed(what), owner=self.window)

    def _failed(self, what: str) -> Callable[[Exception, str], None]:
        def tell(error: Exception, details: str) -> None:
            from followup_desktop.services.disk_trouble import plain_error
            from followup_desktop.ui.error_dialog import show_error

            show_error(f"{what}: {plain_error(error)}", details, self.window)
            self.window.show_change(EVERYTHING)  # every view shows how things stand

        return tell

    def _show_undo(self) -> None:
        self.window.undo_action.setEnabled(self.can_undo)
        self.window.undo_button.setVisible(self.can_undo)
