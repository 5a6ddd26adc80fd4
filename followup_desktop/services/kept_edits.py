"""Contacts saved while the team server is away, kept on the laptop (``store.outbox``) and
written to it once it is back, like the calls logged meanwhile (``kept_calls``).

A kept edit carries the contact as the rep opened it, so that a colleague's save made
meanwhile is merged field by field when it is sent (``core.contact_merge``): what only one
side changed is kept without asking; a field both changed to something else waits for the
rep to choose (``EditClashes``). Edits of one contact made while away are kept as one (the
latest, over what was first opened); each new contact is kept on its own. Each carries a
write id the server remembers, so an edit or a new contact sent twice is written once.

A save kept over an earlier one remembers it (``earlier``): that one may have reached the
server with its answer lost, and what it wrote there is then the rep's own, the base her
latest save is merged from, never a colleague's save to choose against."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from followup_desktop.core.contact_merge import ContactMerge
from followup_desktop.core.model import Contact, Deal
from followup_desktop.core.plain_data import from_plain, to_plain
from followup_desktop.store.contacts_repo import ContactChanged
from followup_desktop.store.outbox import Outbox

KIND = "contact_edit"


@dataclass(frozen=True, slots=True)
class EarlierSave:
    """A save of the contact the kept one replaced, with the id it was sent with."""

    write_id: str
    edited: Contact


@dataclass(frozen=True, slots=True)
class KeptEdit:
    """The rep's save: ``edited`` (and its deal) over ``opened`` (None: a new contact)."""

    write_id: str
    edited: Contact
    deal: Deal | None = None
    opened: Contact | None = None
    earlier: tuple[EarlierSave, ...] = ()  # the saves it replaced, oldest first

    @property
    def outbox_id(self) -> str:
        return edit_id(self.edited.id) if self.edited.id is not None else f"new-{self.write_id}"


class EditClashes(Exception):
    """A kept edit met a colleague's save that changed a field the rep changed too: it
    stays kept until the rep settles the merge."""

    def __init__(self, edit: KeptEdit, changed: ContactChanged, merged: ContactMerge) -> None:
        super().__init__(f"{edit.edited.name} was changed by {changed.by} meanwhile")
        self.edit, self.changed, self.merged = edit, changed, merged


def edit_id(contact_id: int) -> str:
    return f"contact-{contact_id}"


def keep_edit(
    outbox: Outbox, opened: Contact | None, edited: Contact, deal: Deal | None, write_id: str
) -> None:
    """Kept, durably, on return, with the write id its first try carried (that try may
    have reached the server). A contact saved again while away keeps one save, the
    latest (the dialog opens with the kept one, over what the rep first opened), which
    remembers those it replaced."""
    before = kept_edit(outbox, edited.id) if edited.id is not None else None
    earlier = (
        () if before is None else (*before.earlier, EarlierSave(before.write_id, before.edited))
    )
    edit = KeptEdit(write_id, edited, deal, opened, earlier)
    outbox.keep(edit.outbox_id, KIND, to_plain(edit), latest=True)


def kept_edit(outbox: Outbox, contact_id: int) -> KeptEdit | None:
    """The rep's edit of the contact still to send, if any (what the dialog opens with)."""
    body = outbox.to_send(edit_id(contact_id))
    return None if body is None else edit_of(body)


def edit_of(body: dict[str, Any]) -> KeptEdit:
    return from_plain(KeptEdit, body)
