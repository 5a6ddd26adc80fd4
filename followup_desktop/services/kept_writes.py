"""What was kept on this laptop while the team server was away (``store.outbox``: calls
logged, notes typed, contacts saved), written to it in the order it was kept, once it is
back; each once, whatever happened to an earlier attempt (its write id).

A write the server will never take as it is (its contact deleted or handed over, data it
refuses) is set aside with why, never dropped. A contact's save that met a colleague's
save of the same field stays kept, listed for the rep to settle (``to_merge``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from followup_desktop.core.write_memory import too_old_to_send
from followup_desktop.services.disk_trouble import NO_RIGHT, plain_error, sqlstate
from followup_desktop.services.kept_edits import EditClashes
from followup_desktop.store.followups_repo import AlreadyWritten
from followup_desktop.store.outbox import Kept, Outbox

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class KeptReport:
    """What one pass over the kept writes did."""

    sent: int = 0  # calls logged
    already_there: int = 0  # sent before, its answer lost: written once all the same
    set_aside: tuple[str, ...] = ()  # refused for good, with why (still kept)
    waiting: int = 0  # still kept: the server went away again
    contact_ids: frozenset[int] = field(default_factory=frozenset)
    saves_sent: int = 0  # contacts saved (new or edited)
    to_merge: tuple[EditClashes, ...] = ()  # saves that met a colleague's: the rep chooses

    def text(self) -> str:
        """What the pass did, in sentences the rep reads in the status bar."""
        said = []
        if self.sent:
            calls = "1 call" if self.sent == 1 else f"{self.sent} calls"
            are = "is" if self.sent == 1 else "are"
            said.append(f"{calls} kept on this laptop {are} now on the team server")
        if self.already_there:  # a call or a contact's save: either may have been lost
            was = "was" if self.already_there == 1 else "were"
            said.append(
                f"{self.already_there} {was} there already (sent before, and the answer lost)"
            )
        if self.saves_sent:
            saves = "1 contact" if self.saves_sent == 1 else f"{self.saves_sent} contacts"
            are = "is" if self.saves_sent == 1 else "are"
            said.append(f"{saves} you saved while it was away {are} now saved on it")
        if self.to_merge:
            names = [c.edit.edited.name for c in self.to_merge]
            who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            was = "was" if len(names) == 1 else "were"
            said.append(
                f"{who} {was} changed by a colleague meanwhile: choose what to keep of yours"
            )
        if self.set_aside:
            said.append(
                f"{len(self.set_aside)} not taken by it, kept on this laptop for you to "
                "see (Edit › Not taken by the team server)"
            )
        if self.waiting:
            said.append(f"{self.waiting} still kept on this laptop")
        return ". ".join(said)


def why_refused(error: BaseException) -> str:
    """Why the server will never take a write, in the rep's words."""
    if isinstance(error, LookupError):  # gone from what this login may see
        return (
            "its contact is no longer yours on the team server: deleted, or handed to "
            "another rep, meanwhile"
        )
    return plain_error(error)


def refused_for_good(error: BaseException) -> bool:
    """The server (or the rules) will never take this write as it is: its contact is gone
    or no longer the rep's, or what it says is invalid. Anything else (the server away,
    a full disk here) is tried again later."""
    if isinstance(error, LookupError | ValueError):
        return True
    state = sqlstate(error)
    # The rules refuse (a handed-over contact); 22xxx, 23xxx: the data is refused.
    return state is not None and (state == NO_RIGHT or state.startswith(("22", "23")))


# One kept write at the server: what it is about (a contact's id), whether it was a call.
Sender = Callable[[Kept], tuple[int | None, bool]]


# Why a write kept too long is not sent (``core.write_memory``), in the rep's words.
KEPT_TOO_LONG = (
    "kept on this laptop for more than six months: it may be on the team server already "
    "(sent then, its answer lost), so it was not sent again; look at the contact's "
    "history, and log it again if it is not there"
)


def send_kept(outbox: Outbox, send_one: Sender, now: datetime) -> KeptReport:
    """Every kept write, oldest first. Stops at the first that finds the server away
    again (the rest stay kept, in order). One kept so long that the server may have
    forgotten whether it took it is set aside, not sent: it might be written twice."""
    waiting = outbox.waiting()
    calls = saves = already = 0
    refused: list[str] = []
    to_merge: list[EditClashes] = []
    contacts: set[int] = set()

    def report(left: int = 0) -> KeptReport:
        return KeptReport(
            calls, already, tuple(refused), left, frozenset(contacts), saves, tuple(to_merge)
        )

    for position, kept in enumerate(waiting):
        if too_old_to_send(kept.kept_at, now):
            refused.append(KEPT_TOO_LONG)
            outbox.refused(kept.id, KEPT_TOO_LONG)
            continue
        try:
            contact_id, a_call = send_one(kept)
        except AlreadyWritten:
            already += 1
        except EditClashes as clashes:
            to_merge.append(clashes)  # still kept: the rep's choice sends or drops it
            continue
        except Exception as error:
            if not refused_for_good(error):
                # Away again, or a trouble of this laptop's: tried again next time, in
                # order, rather than set aside.
                log.warning("kept write %s not sent yet: %s", kept.id, plain_error(error))
                return report(len(waiting) - position)
            refused.append(why_refused(error))
            outbox.refused(kept.id, refused[-1])
            continue
        else:
            if contact_id is not None:
                contacts.add(contact_id)
                calls += a_call
                saves += not a_call
        outbox.sent(kept.id)
    return report()
