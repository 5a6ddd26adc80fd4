"""What the call screen asks of its desk and gets back: the call opened, the call to
log, what was stored. Plain data, no store: the call screens opened before the store is
there (``services.early_desk``, ``services.call_desk``'s kept calls) use it too."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from uuid import uuid4

from followup_desktop.core.cadence import CommitmentRequest, Plan
from followup_desktop.core.call_sheet import CallSheet
from followup_desktop.core.changes import NOTHING, Change
from followup_desktop.core.model import CallDraft, CallTimer, FollowUp, FollowUpKind, Outcome
from followup_desktop.services import kept_calls


@dataclass(frozen=True, slots=True)
class CallOpening:
    sheet: CallSheet
    draft: CallDraft | None  # the notes of a call not yet logged (kept as they were typed)


@dataclass(frozen=True, slots=True)
class LogCall:
    """What the rep says happened on a call (or visit, e-mail…) and what comes next."""

    contact_id: int
    outcome: Outcome
    notes: str = ""
    at: datetime | None = None  # when it happened; None: now
    follow_up_id: int | None = None  # the follow-up it answers; None: the nearest open one
    agreed_next: datetime | None = None  # the call-back time the contact agreed
    objective: str = ""
    commitment: CommitmentRequest | None = None
    next_at: datetime | None = None  # the rep's own time for the next call, else e-mail
    # What ``next_at`` is for, as the plan she accepted showed it: its kind and step
    # (kept with a call kept on the laptop, to remind of it meanwhile).
    next_kind: FollowUpKind | None = None
    next_step: str = ""
    invite: bool = False  # write the agreed call's invite once the call is stored
    invite_to: Path | None = None  # a file or a folder; None: the exports folder
    draft_to: Path | None = None  # write the confirmation e-mail (.eml) there
    timed: CallTimer | None = None  # the call screen's timer, kept on the touch
    contact_name: str = ""  # as the screen shows it: kept with a call kept on the laptop
    # Made when the rep pressed the button: a team server writes it once, however often
    # it is sent (store.outbox).
    write_id: str = field(default_factory=lambda: str(uuid4()))


@dataclass(frozen=True, slots=True)
class CallLogged:
    """What was stored (all of it, in one transaction), then what became of the invite
    and the confirmation draft made from it. A problem with those never un-logs the call:
    the rep is told, and must not log it again."""

    touch_id: int
    created: tuple[FollowUp, ...]
    plan: Plan
    agreed_id: int | None = None  # the agreed call planned, if any
    invite: Path | None = None
    invite_problem: str = ""
    draft: Path | None = None
    draft_problem: str = ""
    change: Change = NOTHING  # what the views showing it refresh
    fix_setting: str = ""  # the setting that would have let the invite or draft through
    kept: bool = False  # the team server was away: kept on the laptop, sent once it is back

    @property
    def next_step(self) -> FollowUp | None:
        """The first planned call or e-mail (a promise made on the call comes after the
        call agreed), else the rep's own next step (the search for a right number)."""
        touches = (f for f in self.created if f.kind is not FollowUpKind.TASK)
        return next(touches, None) or next(iter(self.created), None)

    @property
    def problems(self) -> tuple[str, ...]:
        found = (
            (f"no invite: {self.invite_problem}" if self.invite_problem else ""),
            (f"no confirmation e-mail: {self.draft_problem}" if self.draft_problem else ""),
        )
        return tuple(problem for problem in found if problem)


def kept_body(request: LogCall, at: datetime) -> dict[str, object]:
    """``request`` as the outbox keeps it (``kept_calls.to_body``), happened ``at``."""
    return kept_calls.to_body(
        request.contact_id,
        request.outcome,
        at,
        request.notes,
        request.follow_up_id,
        request.agreed_next,
        request.objective,
        request.commitment,
        request.next_at,
        request.timed,
        request.contact_name,
        request.next_kind,
        request.next_step,
    )
