"""New, edit, delete and undo on the contact list (the window's Edit menu and keys)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup_desktop.ui.contact_dialog import ContactDialog
    from followup_desktop.ui.main_window import MainWindow


class ContactEditing:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._deleted: list[tuple[int, str]] = []  # (id, name), newest last: Ctrl+Z order

    @property
    def can_undo(self) -> bool:
        return bool(self._deleted)

    def new(self) -> None:
        from followup_desktop.ui.contact_dialog import ContactDialog

        window = self.window
        contacts = window.services.contacts
        dialog = ContactDialog(
            contacts.build, None, window, new_style=contacts.defaults.default_style()
        )
        if dialog.exec() and dialog.result_contact is not None:
            contact_id = window.services.contacts.add(dialog.result_contact)
            self._save_deal(dialog, contact_id)
            window.refresh()
            window.page.select_contact(contact_id)
            window.statusBar().showMessage(f"Added {dialog.result_contact.name}.", 5000)

    def edit(self, contact_id: int | None) -> None:
        if contact_id is None:
            return
        from followup_desktop.ui.contact_dialog import ContactDialog

        window, services = self.window, self.window.services
        dialog = ContactDialog(
            services.contacts.build,
            services.contacts.get(contact_id),
            window,
            services.deals.current(contact_id),
        )
        if dialog.exec() and dialog.result_contact is not None:
            services.contacts.save(dialog.result_contact)
            self._save_deal(dialog, contact_id)
            window.refresh(keep_rows=True)
            window.page.select_contact(contact_id)
            window.statusBar().showMessage(f"Saved {dialog.result_contact.name}.", 5000)

    def _save_deal(self, dialog: ContactDialog, contact_id: int) -> None:
        if dialog.result_deal is not None:
            self.window.services.deals.save(replace(dialog.result_deal, contact_id=contact_id))

    def delete(self) -> None:
        window = self.window
        contact_id = window.page.current_contact_id()
        if contact_id is None:
            return
        row = window.page.table.currentIndex().row()
        name = window.model.summary(row).name
        window.services.contacts.delete(contact_id)
        self._deleted.append((contact_id, name))
        self._show_undo()
        window.statusBar().showMessage(f"Deleted {name}. Press Ctrl+Z to undo.", 10000)
        window.refresh(keep_rows=True)
        if window.model.rowCount():
            window.page.table.selectRow(min(row, window.model.rowCount() - 1))

    def undo(self) -> None:
        if not self._deleted:
            return
        window = self.window
        contact_id, name = self._deleted.pop()
        window.services.contacts.undelete(contact_id)
        self._show_undo()
        window.refresh(keep_rows=True)
        window.page.select_contact(contact_id)
        window.statusBar().showMessage(f"{name} is back.", 5000)

    def _show_undo(self) -> None:
        self.window.undo_action.setEnabled(self.can_undo)
        self.window.undo_button.setVisible(self.can_undo)
