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
    from followup_desktop.services.kept_edits import EditClashes
    from followup_desktop.ui.contact_merge_dialog import ContactMergeDialog
    from followup_desktop.ui.main_window import MainWindow


class ContactEditing:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._deleted: list[tuple[int, str]] = []  # (id, name), newest last: Ctrl+Z order
        self._settling: set[int] = set()  # contacts whose kept save the rep is merging
        # Open while the rep settles a save that met someone else's (tests reach it here).
        self.merge_dialog: ContactMergeDialog | None = None

    @property
    def can_undo(self) -> bool:
        return bool(self._deleted)

    def new(self) -> None:
        from followup_desktop.ui.contact_dialog import ContactDialog

        window = self.window
        contacts = window.services.contacts
        dialog = ContactDialog(
            contacts.build,
            None,
            window,
            None,
            new_style=contacts.defaults.default_style(),
            new_currency=window.services.settings.currency(),
        )
        if not dialog.exec() or dialog.result_contact is None:
            return
        self._save(None, dialog.result_contact, dialog.result_deal)

    def edit(self, contact_id: int | None, *, number_wrong: bool = False) -> None:
        """The contact and its deal are read on a worker; the dialog opens with them (or
        with the rep's save of it kept on this laptop while the team server was away).
        ``number_wrong``: opened to correct the phone number (the phones ready to type in)."""
        if contact_id is None or not self.window.may_open(contact_id):
            return
        services = self.window.services

        def load() -> tuple[Contact | None, Contact, Deal | None]:
            kept = services.deals.kept_edit(contact_id)
            if kept is not None:
                return kept.opened, kept.edited, kept.deal
            opened = services.contacts.get(contact_id)
            return opened, opened, services.deals.current(contact_id)

        self.window.tasks.run(
            load,
            lambda loaded: self._edit(*loaded, number_wrong=number_wrong),
            self._failed("The contact could not be opened"),
            owner=self.window,
        )

    def _edit(
        self,
        opened: Contact | None,
        shown: Contact,
        current: Deal | None,
        *,
        number_wrong: bool = False,
    ) -> None:
        from followup_desktop.core.came_back import bounced_lines
        from followup_desktop.ui.contact_dialog import ContactDialog

        window, services = self.window, self.window.services
        now, rep_zone = services.clock.now(), services.followups.rep_zone()
        bounced = {
            e.address.casefold(): line
            for e in shown.emails
            for line in bounced_lines([e], now, rep_zone)
        }
        dialog = ContactDialog(
            services.contacts.build,
            shown,
            window,
            current,
            bounced=bounced,
            new_currency=services.settings.currency(),
        )
        if number_wrong:
            dialog.ask_for_the_right_number()
        accepted = dialog.exec()
        # Opened from a worker's answer, not a key press: the list gets the keys back even
        # where no window manager hands them over.
        window.activateWindow()
        if not accepted or dialog.result_contact is None:
            return
        self._save(opened, dialog.result_contact, dialog.result_deal)

    def _save(self, opened: Contact | None, edited: Contact, deal: Deal | None) -> None:
        """Store the rep's save of ``edited`` (opened as ``opened``; None: new). A team
        server away: kept on this laptop, sent once it is back. When someone saved the
        contact meanwhile, the rep sees what they changed and saves the merge (or keeps
        theirs)."""
        window, deals = self.window, self.window.services.deals
        current_then = window.page.current_contact_id()

        def stored(saved: ContactSaved) -> None:
            if saved.kept:
                if opened is not None and opened.id is not None:
                    window.model.show_kept(opened.id, edited.name, edited.company)
                window.statusBar().showMessage(
                    f"{edited.name}: kept on this laptop (the team server cannot be "
                    "reached), and saved there once it is back.",
                    15_000,
                )
                return
            window.show_change(saved.change)
            window.page.select_written(saved.contact_id, current_then)
            done = "Saved" if opened is not None else "Added"
            # What the save did beyond the contact: the wrong number's search finished.
            also = f" {saved.said}" if saved.said else ""
            window.statusBar().showMessage(f"{done} {edited.name}.{also}", 10_000 if also else 5000)

        not_saved = self._failed(
            f"{edited.name} was not {'saved' if opened is not None else 'added'}"
        )

        def failed(error: Exception, details: str) -> None:
            from followup_desktop.services.contacts import ContactChanged

            if isinstance(error, ContactChanged) and opened is not None:
                self._merge(opened, edited, deal, error)
            else:
                not_saved(error, details)

        window.tasks.write(
            lambda: deals.save_edit(opened, edited, deal), stored, failed, owner=window
        )

    def settle_kept(self, clashes: EditClashes) -> None:
        """A save kept while the team server was away met a colleague's save of the same
        field: the rep chooses, as for a save made here; the kept one is let go then."""
        edit = clashes.edit
        contact_id = edit.edited.id
        if contact_id is None or edit.opened is None or contact_id in self._settling:
            return  # already being settled (the server came back twice meanwhile)
        self._settling.add(contact_id)
        deals = self.window.services.deals
        try:
            # The merge saved lets the kept save go with it (``DealService.save_edit``).
            merged = self._merge(edit.opened, edit.edited, edit.deal, clashes.changed)
        finally:
            self._settling.discard(contact_id)
        if not merged:  # theirs kept: the kept save is done with
            self.window.tasks.write(
                lambda: deals.drop_kept_edit(contact_id),
                lambda _: None,
                self._failed(f"{edit.edited.name}'s kept save was not let go"),
            )

    def _merge(
        self, opened: Contact, edited: Contact, deal: Deal | None, changed: ContactChanged
    ) -> bool:
        """The rep's save met someone else's: saved as the rep merges them (True), or
        theirs kept."""
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
            return False
        # Theirs is now what the merge was made over: a further save meanwhile merges again.
        self._save(changed.theirs, merged, deal)
        return True

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
        current_then = window.page.current_contact_id()

        def back(change: Change) -> None:
            window.show_change(change)
            window.page.select_written(contact_id, current_then)
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
            from followup_desktop.services.disk_trouble import plain_error, server_away
            from followup_desktop.ui.error_dialog import show_error

            if server_away(error):  # nothing to report: it works again once the server is back
                self.window.statusBar().showMessage(
                    f"{what}: {plain_error(error)}. Try again once it is back.", 15_000
                )
                return
            show_error(f"{what}: {plain_error(error)}", details, self.window)
            self.window.show_change(EVERYTHING)  # every view shows how things stand

        return tell

    def show_deleted(self) -> None:
        """Edit › Deleted contacts: any deleted contact back, however long ago (Undo
        brings back the last ones while the window is open)."""
        from PySide6.QtCore import Qt

        from followup_desktop.core.calendar import zone
        from followup_desktop.ui.deleted_contacts import DeletedContactsDialog

        window = self.window
        contacts = window.services.contacts
        dialog = DeletedContactsDialog(
            contacts.deleted,
            contacts.undelete,
            zone(window.services.followups.rep_zone()),
            window.tasks,
            window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def restored(change: Change, contact_id: int, name: str) -> None:
            # Back already: Undo has nothing more to do for it.
            self._deleted = [(i, n) for i, n in self._deleted if i != contact_id]
            self._show_undo()
            window.show_change(change)
            window.page.select_contact(contact_id)
            window.statusBar().showMessage(f"{name} is back.", 5000)

        dialog.restored.connect(restored)
        dialog.open()

    def _show_undo(self) -> None:
        self.window.undo_action.setEnabled(self.can_undo)
        self.window.undo_button.setVisible(self.can_undo)
