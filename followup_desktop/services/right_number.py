"""A contact saved with a new number while the rep was finding the right one: the
``find-number`` task done, the new number first on file, the call on it planned and a line
in the history saying so (``core.new_number``), all in the save's own transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from followup_desktop.core import settings as options
from followup_desktop.core import steps
from followup_desktop.core.agenda import system_zone_name
from followup_desktop.core.model import Contact, ContactStatus, FollowUpState, Outcome, Phone, Touch
from followup_desktop.core.new_number import NumberFound, new_first, new_numbers, number_found
from followup_desktop.store import contacts_repo, followups_repo, settings_repo
from followup_desktop.store.db import StoreSession

# The statuses that leave nothing to call about: the search for a right number ends.
SETTLED = frozenset({ContactStatus.WON, ContactStatus.LOST})


def _phones_if_searching(session: StoreSession, contact_id: int) -> tuple[Phone, ...] | None:
    """The contact's stored numbers when a find-number task is open for it, else None (a
    save of anyone else reads nothing more)."""
    open_now = followups_repo.open_follow_ups(session, contact_id)
    if not any(steps.is_number_search(f) for f in open_now):
        return None
    stored = contacts_repo.get(session, contact_id)
    return tuple(stored.phones) if stored is not None else None


def store_edit(
    session: StoreSession, contact: Contact, now: datetime
) -> tuple[int | None, NumberFound | None]:
    """Every save of an edited contact: stored (its new version; None when it no longer
    exists) and, when it brings a number while the right one was being looked for, what
    that finishes (``_settle``); a contact saved won or lost ends the search."""
    searched = None if contact.id is None else _phones_if_searching(session, contact.id)
    if searched is not None:
        # The call on the new number rings the first on file: the one she added.
        contact = replace(contact, phones=list(new_first(searched, contact.phones)))
    version = contacts_repo.save(session, contact, now)
    if version is None or searched is None or contact.id is None:
        return version, None
    found = _settle(session, contact.id, searched, contact.phones, now)
    if contact.status in SETTLED:
        # Won or lost with no deal saved (a script's save, a card): as the deal's end.
        end_search(session, contact.id, contact.status, now)
    return version, found


def _settle(
    session: StoreSession,
    contact_id: int,
    before: Sequence[Phone],
    after: Sequence[Phone],
    now: datetime,
) -> NumberFound | None:
    """After the save of ``after`` over ``before``: what a new number finishes, stored."""
    history = contacts_repo.contact_history(session, contact_id)
    new = new_numbers(before, after)
    if history is None or not new:
        return None
    settings = settings_repo.load(session)
    rep_zone = settings.get(options.REP_TIME_ZONE) or system_zone_name()
    found = number_found(history, new, settings, now, rep_zone)
    if found is None:
        return None
    followups_repo.add_touch(
        session, Touch(contact_id, Outcome.NOTE, now, found.history, found.done[0])
    )
    followups_repo.close(session, found.done, FollowUpState.DONE, now)
    if found.call is not None:
        call = followups_repo.add_follow_up(session, found.call)
        followups_repo.close(session, found.superseded, FollowUpState.SUPERSEDED, now, call.id)
    followups_repo.refresh_next_due(session, contact_id)
    return found


def numbers_added(
    session: StoreSession,
    added: Mapping[int, tuple[Sequence[Phone], Sequence[Phone]]],
    now: datetime,
) -> None:
    """After an import stored ``added`` (each contact's numbers before and after, only
    appended): those looking for the right number get the new ones first on file and the
    search finished, as a save does; one look for searches for them all."""
    if not added:
        return
    for contact_id, open_now in followups_repo.open_follow_ups_of(session, added).items():
        if not any(steps.is_number_search(f) for f in open_now):
            continue
        before, after = added[contact_id]
        ordered = new_first(before, after)
        contacts_repo.order_phones(session, contact_id, [p.number for p in ordered])
        _settle(session, contact_id, before, after, now)


def end_search(
    session: StoreSession, contact_id: int, status: ContactStatus, now: datetime
) -> None:
    """The deal won or lost: nothing left to call about, so an open search for a right
    number ends (cancelled, as a skip is), the history saying why."""
    end_searches(session, {contact_id: status}, now)


def end_searches(
    session: StoreSession, settled: Mapping[int, ContactStatus], now: datetime
) -> None:
    """``end_search`` for many contacts (a sheet's statuses), with one look for searches."""
    if not settled:
        return
    for contact_id, open_now in followups_repo.open_follow_ups_of(session, settled).items():
        searching = [f.id for f in open_now if steps.is_number_search(f) and f.id is not None]
        if not searching:
            continue
        why = f"Find the right number ended: the deal is {settled[contact_id].value}."
        followups_repo.add_touch(session, Touch(contact_id, Outcome.NOTE, now, why, searching[0]))
        followups_repo.close(session, searching, FollowUpState.CANCELLED, now)
        followups_repo.refresh_next_due(session, contact_id)
