"""What the call screen needs for the day's calls, kept beside the profile while the team
server answers: a start while it is away can still open a call from the kept day, with
the contact's numbers, history, promises and script, and the rep's outcome and notes
are kept in the outbox (``kept_calls``) until it is back.

What is kept is the sheet's inputs, not the sheet: the screen is built from them at the
moment of the call (their local time, the attempt, the cards filled for now), by the
same rules as when the server answers. ``team-calls.json``, written whole
(``durable_files``), read back checked field by field (``core.plain_data``); anything
that cannot be read back is none kept, said in the log."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from followup_desktop.core import steps
from followup_desktop.core.cadence_model import ContactHistory
from followup_desktop.core.call_sheet import CallInputs
from followup_desktop.core.durable_files import replace_file
from followup_desktop.core.model import (
    Commitment,
    Contact,
    FollowUp,
    FollowUpKind,
    ScriptCard,
    Touch,
)
from followup_desktop.core.plain_data import from_plain, to_plain
from followup_desktop.paths import AppPaths

log = logging.getLogger(__name__)

SHEETS_FILE = "team-calls.json"
# The contacts kept: the day's calls a rep can make in a session without the server,
# the upcoming (promised) ones first. Each costs six reads at the server.
KEEP_AT_MOST = 40
REFRESH_EVERY_S = 600


class NotKept(LookupError):
    """The call asked for is not among those kept on this laptop."""


@dataclass(frozen=True, slots=True)
class KeptContact:
    contact: Contact
    open_follow_ups: tuple[FollowUp, ...]
    touches: tuple[Touch, ...]  # oldest first
    commitments: tuple[Commitment, ...]
    recent_follow_ups: tuple[FollowUp, ...]  # any state, newest first
    # The touches a colleague logged (``CallInputs.colleagues_touches``); a file kept
    # before they were names none.
    colleagues_touches: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class KeptSheets:
    read_at: datetime
    rep_zone: str
    settings: dict[str, str]  # the stored settings (``Settings.changed``)
    cards: tuple[ScriptCard, ...]
    busy: tuple[tuple[datetime, datetime], ...]  # the rep's meetings from read_at on
    contacts: tuple[KeptContact, ...]
    # When the rep's agreed calls with anyone are due, from read_at on: offers avoid
    # them, and each contact's own calls (``planned_calls_between``). A file kept before
    # they were has none.
    planned_calls: tuple[datetime, ...] = ()

    def _kept(self, contact_id: int) -> KeptContact:
        found = next((c for c in self.contacts if c.contact.id == contact_id), None)
        if found is None:
            raise NotKept(
                "this contact's call is not kept on this laptop; it opens once the team "
                "server answers"
            )
        return found

    def inputs(self, contact_id: int, follow_up_id: int | None) -> CallInputs:
        """The call screen's inputs, as ``CallService.sheet`` reads them from the store."""
        kept = self._kept(contact_id)
        return CallInputs(
            contact=kept.contact,
            follow_up=answered(kept.open_follow_ups, follow_up_id),
            touches=kept.touches,
            commitments=kept.commitments,
            cards=self.cards,
            recent_follow_ups=kept.recent_follow_ups,
            busy=self.busy,
            planned_calls=tuple(
                sorted(
                    {
                        *self.planned_calls,
                        *(f.due_at for f in kept.open_follow_ups if f.kind is FollowUpKind.CALL),
                    }
                )
            ),
            number_wrong=any(steps.is_number_search(f) for f in kept.open_follow_ups),
            colleagues_touches=kept.colleagues_touches,
        )

    def history(self, contact_id: int) -> ContactHistory:
        """What the cadence rules read about the contact (``contacts_repo.contact_history``)."""
        kept = self._kept(contact_id)
        return ContactHistory(
            contact_id=contact_id,
            time_zone=kept.contact.time_zone,
            status=kept.contact.status,
            touches=kept.touches,
            open_follow_ups=kept.open_follow_ups,
            recent_follow_ups=kept.recent_follow_ups,
            style=kept.contact.style,
        )

    def follow_up(self, follow_up_id: int) -> FollowUp | None:
        return next(
            (f for c in self.contacts for f in c.open_follow_ups if f.id == follow_up_id), None
        )


def answered(open_now: Iterable[FollowUp], follow_up_id: int | None) -> FollowUp | None:
    """The follow-up a call answers: the one named (when kept open), else the contact's
    next open call."""
    if follow_up_id is not None:
        named = next((f for f in open_now if f.id == follow_up_id), None)
        if named is None:
            raise NotKept("this follow-up is not kept on this laptop as open")
        return named
    calls = [f for f in open_now if f.kind is FollowUpKind.CALL]
    return min(calls, key=lambda f: f.due_at, default=None)


def chosen(upcoming_first: Iterable[int]) -> list[int]:
    """The contacts to keep, in the order given, each once, at most ``KEEP_AT_MOST``."""
    kept: list[int] = []
    for contact_id in upcoming_first:
        if contact_id not in kept:
            kept.append(contact_id)
        if len(kept) == KEEP_AT_MOST:
            break
    return kept


def keep(paths: AppPaths, server: str, sheets: KeptSheets) -> None:
    body: dict[str, Any] = {"server": server, "sheets": to_plain(sheets)}
    replace_file(paths.data_dir / SHEETS_FILE, json.dumps(body).encode("utf-8"))


def last(paths: AppPaths, server: str) -> KeptSheets | None:
    """The sheets kept last from ``server`` (the URL as shown), or None (none kept, another
    server's or login's, or unreadable: logged)."""
    path = paths.data_dir / SHEETS_FILE
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        if body.get("server") != server:
            return None
        return from_plain(KeptSheets, body["sheets"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.warning("the calls kept in %s were not read: %s", path, error)
        return None
