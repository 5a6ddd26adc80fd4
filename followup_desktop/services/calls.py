"""The call screen's use cases: the sheet for a call, its draft notes saved as typed, the
engine's plan previewed per outcome, the script cards the rep edits, and the one way a call
is logged (``log_call``), for the call screen and ``followup log`` alike."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from followup_desktop import paths
from followup_desktop.core import call_sheet, changes, steps
from followup_desktop.core.cadence import Plan
from followup_desktop.core.call_sheet import CallInputs, CallSheet
from followup_desktop.core.changes import Area, Change
from followup_desktop.core.clock import Clock
from followup_desktop.core.email_wording import CONFIRMATION
from followup_desktop.core.model import (
    CallDraft,
    ContactStatus,
    FollowUpKind,
    ScriptCard,
)
from followup_desktop.core.scripts import NEXT_DAY, PARTS, SAME_DAY
from followup_desktop.services import kept_calls
from followup_desktop.services.call_requests import (
    CallLogged,
    CallOpening,
    LogCall,
    kept_body,
)
from followup_desktop.services.disk_trouble import server_away
from followup_desktop.services.followups import FollowUpService, NotFound
from followup_desktop.services.kept_sheets import KeptContact, KeptSheets
from followup_desktop.store import (
    calendar_repo,
    calls_repo,
    contacts_repo,
    followups_repo,
    settings_repo,
)
from followup_desktop.store.db import Database

if TYPE_CHECKING:
    from followup_desktop.services.exports import ExportService
    from followup_desktop.store.outbox import Kept, Outbox

log = logging.getLogger(__name__)


def default_cards_file() -> Path:
    return paths.resources_dir() / "scripts" / "default_cards.json"


def default_cards(source: Path | None = None) -> tuple[ScriptCard, ...]:
    """Our own wording, shipped in resources/: what a new database starts with."""
    data = json.loads((source or default_cards_file()).read_text(encoding="utf-8"))
    parts = {part.value for part in PARTS}
    found = []
    for entry in data["cards"]:
        if entry["part"] not in parts:
            raise ValueError(f"default card for {entry['situation']}: unknown part {entry['part']}")
        found.append(
            ScriptCard(
                situation=entry["situation"],
                part=entry["part"],
                text=entry["text"],
                variant=entry.get("variant", ""),
            )
        )
    return tuple(found)


def earlier_wordings(source: Path | None = None) -> dict[tuple[str, str, str, str], str]:
    """Our earlier wording of a card (situation, variant, part, text) → its wording now:
    a card that still reads as we once shipped it was never the rep's own."""
    data = json.loads((source or default_cards_file()).read_text(encoding="utf-8"))
    return {
        (entry["situation"], entry.get("variant", ""), entry["part"], was): entry["text"]
        for entry in data["cards"]
        for was in entry.get("was", ())
    }


def _wording(cards: Sequence[ScriptCard], situation: str) -> list[tuple[str, str, str]]:
    return sorted((c.part, c.variant, c.text) for c in cards if c.situation == situation)


class CallService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        followups: FollowUpService,
        exports: Callable[[], ExportService] | None = None,
        outbox: Outbox | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._followups = followups
        # A team server's: calls logged while it is away are kept there (kept_calls).
        self.outbox = outbox
        # Built on first use (icalendar, e-mail, keyring: start-up never needs them).
        self._exports = exports

    # Logging a call ---------------------------------------------------------------------
    def log_call(self, request: LogCall) -> CallLogged:
        """The touch, the engine's plan (at the rep's time when moved), the promise and the
        draft notes cleared: one transaction, stored whole or not at all. Then, from what
        was stored, the invite and the confirmation draft; their failures are reported in
        the result, never raised, since the call is on record by then."""
        call = kept_body(request, request.at or self._clock.now())  # its moment, also kept
        try:
            stored = self._followups.log(
                **kept_calls.from_body(call), once=request.write_id if self.outbox else ""
            )
        except Exception as error:
            if self.outbox is None or not server_away(error):
                raise
            kept_calls.keep_call(self.outbox, request.write_id, call)
            log.warning("team server away: call %s kept on this laptop", request.write_id)
            return CallLogged(0, (), Plan(), kept=True)
        if self.outbox is not None:  # notes kept while away were cleared with the call
            self.outbox.sent(kept_calls.draft_id(request.contact_id))
        agreed = next((f.id for f in stored.created if f.agreed), None)
        logged = CallLogged(
            stored.touch_id,
            stored.created,
            stored.plan,
            agreed,
            change=changes.logged(request.contact_id),
        )
        if request.invite:
            logged = self._with_invite(logged, request.invite_to)
        if request.draft_to is not None:
            logged = self._with_draft(logged, request.draft_to)
        return logged

    def send_kept(self, kept: Kept) -> tuple[int | None, bool]:
        """One kept call (its contact, True) or notes (None) at the server
        (``kept_writes.send_kept``)."""
        if kept.kind == kept_calls.DRAFT_KIND:
            self._store_draft(kept_calls.kept_draft_of(kept.body))
            return None, False
        call = kept_calls.from_body(kept.body)
        self._followups.log(**call, once=kept.id)
        return int(call["contact_id"]), True

    def _with_invite(self, logged: CallLogged, target: Path | None) -> CallLogged:
        if logged.agreed_id is None:
            return replace(logged, invite_problem="no call was agreed, so there is no invite")
        try:
            return replace(logged, invite=self._export().save_invite(logged.agreed_id, target))
        except Exception as error:
            return replace(
                logged, invite_problem=_after_logging(error), fix_setting=_setting_of(error)
            )

    def _with_draft(self, logged: CallLogged, target: Path) -> CallLogged:
        if logged.agreed_id is None:
            return replace(
                logged, draft_problem="no call was agreed, so there is nothing to confirm"
            )
        try:
            exports = self._export()
            draft = exports.draft_for(logged.agreed_id, CONFIRMATION)
            return replace(logged, draft=exports.save_draft(draft, target))
        except Exception as error:
            return replace(
                logged,
                draft_problem=_after_logging(error),
                fix_setting=logged.fix_setting or _setting_of(error),
            )

    def _export(self) -> ExportService:
        if self._exports is None:
            raise RuntimeError("exports are not available here")
        return self._exports()

    # Script cards ------------------------------------------------------------------------
    def seed_cards(self) -> None:
        """Our defaults for every situation the database has no card of: all of them in a
        new database, a situation added since in an older one; a card still in words we
        shipped before, in the words we ship now. Never touches edited ones
        (the rep edits cards, never removes a situation's). The next-day set, added after
        the same-day one, starts as her own same-day cards when she rewrote those (her
        language, her pitch), not as our English."""
        with self._db.writing() as session:
            # Our own earlier words, never edited, read as ours read now.
            now_reads = earlier_wordings()
            for card in calls_repo.cards(session):
                text = now_reads.get((card.situation, card.variant, card.part, card.text))
                if text is not None:
                    calls_repo.save_card(session, replace(card, text=text))
            have = calls_repo.card_situations(session)
            defaults = default_cards()
            missing = [card for card in defaults if card.situation not in have]
            if SAME_DAY in have and any(card.situation == NEXT_DAY for card in missing):
                stored = calls_repo.cards(session)
                if _wording(stored, SAME_DAY) != _wording(defaults, SAME_DAY):
                    missing = [card for card in missing if card.situation != NEXT_DAY]
                    missing += [
                        replace(card, situation=NEXT_DAY, id=None)
                        for card in stored
                        if card.situation == SAME_DAY
                    ]
            if missing:
                calls_repo.add_cards(session, missing)

    def cards(self) -> tuple[ScriptCard, ...]:
        with self._db.reading() as session:
            return calls_repo.cards(session)

    def save_card(self, card: ScriptCard) -> int:
        with self._db.writing() as session:
            return calls_repo.save_card(session, card)

    def save_cards(self, cards: Sequence[ScriptCard]) -> None:
        """The Scripts editor's changes, all or none."""
        with self._db.writing() as session:
            for card in cards:
                calls_repo.save_card(session, card)

    def default_card(self, situation: str, variant: str, part: str) -> ScriptCard | None:
        for card in default_cards():
            if (card.situation, card.variant, card.part) == (situation, variant, part):
                return card
        return None

    # The sheet ------------------------------------------------------------------------------
    def sheet(
        self, contact_id: int, follow_up_id: int | None = None, situation: str | None = None
    ) -> CallSheet:
        """Everything the call screen shows; without a follow-up, the contact's next open call."""
        now = self._clock.now()
        rep_zone = self._followups.rep_zone()
        with self._db.reading() as session:
            contact = contacts_repo.get(session, contact_id)
            if contact is None:
                raise NotFound(f"there is no contact {contact_id}")
            open_now = followups_repo.open_follow_ups(session, contact_id)
            if follow_up_id is not None:
                follow_up = followups_repo.get(session, follow_up_id)
                if follow_up is None or follow_up.contact_id != contact_id:
                    raise NotFound(f"follow-up {follow_up_id} is not one of this contact's")
            else:
                calls = [f for f in open_now if f.kind is FollowUpKind.CALL]
                follow_up = min(calls, key=lambda f: f.due_at, default=None)
            settings = settings_repo.load(session)
            start, end = call_sheet.times_to_check(settings, now, rep_zone)
            inputs = CallInputs(
                contact=contact,
                follow_up=follow_up,
                touches=followups_repo.touches(session, contact_id),
                commitments=calls_repo.commitments(session, contact_id),
                cards=calls_repo.cards(session),
                recent_follow_ups=followups_repo.recent_follow_ups(session, contact_id),
                busy=calendar_repo.busy_between(session, start, end),
                planned_calls=followups_repo.planned_calls_between(session, start, end, contact_id),
                number_wrong=any(steps.is_number_search(f) for f in open_now),
                colleagues_touches=followups_repo.colleagues_touches_of(session, [contact_id]).get(
                    contact_id, ()
                ),
            )
        return call_sheet.build(inputs, settings, now, rep_zone, situation)

    def for_later(self, contact_ids: Sequence[int]) -> KeptSheets:
        """What the call screen reads for each of ``contact_ids`` (those still the rep's
        and live), kept for a start while the team server is away (``kept_sheets``)."""
        now = self._clock.now()
        rep_zone = self._followups.rep_zone()
        with self._db.reading() as session:
            # A few queries for them all, not six a contact: a distant server's round trips.
            contacts = contacts_repo.get_many(session, contact_ids)
            wanted = [contact_id for contact_id in contact_ids if contact_id in contacts]
            open_now = followups_repo.open_follow_ups_of(session, wanted)
            touches = followups_repo.touches_of(session, wanted)
            promises = calls_repo.commitments_of(session, wanted)
            recent = followups_repo.recent_follow_ups_of(session, wanted)
            colleagues = followups_repo.colleagues_touches_of(session, wanted)
            kept = [  # deleted or handed over since the day was read: left out
                KeptContact(
                    contacts[contact_id],
                    open_now.get(contact_id, ()),
                    touches.get(contact_id, ()),
                    promises.get(contact_id, ()),
                    recent.get(contact_id, ()),
                    colleagues.get(contact_id, ()),
                )
                for contact_id in wanted
            ]
            settings = settings_repo.load(session)
            start, end = call_sheet.times_to_check(settings, now, rep_zone)
            return KeptSheets(
                read_at=now,
                rep_zone=rep_zone,
                settings=settings.changed(),
                cards=calls_repo.cards(session),
                busy=tuple(calendar_repo.busy_between(session, start, end)),
                planned_calls=followups_repo.planned_calls_between(session, start, end),
                contacts=tuple(kept),
            )

    def opening(self, contact_id: int, follow_up_id: int | None = None) -> CallOpening:
        """What the call screen opens with: its sheet and the notes kept from last time."""
        return CallOpening(self.sheet(contact_id, follow_up_id), self.draft(contact_id))

    # Drafts -----------------------------------------------------------------------------
    def draft(self, contact_id: int) -> CallDraft | None:
        """The notes of the contact's call not yet logged: those kept on this laptop while
        the team server was away, until they are written there, else the store's."""
        if self.outbox is not None and (kept := kept_calls.kept_draft(self.outbox, contact_id)):
            return kept
        with self._db.reading() as session:
            return calls_repo.draft(session, contact_id)

    def save_draft(self, draft: CallDraft) -> None:
        """Durable on return: a crash or kill after this keeps what was typed. A team
        server that is away: kept on this laptop, and written there once it is back."""
        try:
            self._store_draft(draft)
        except Exception as error:
            if self.outbox is None or not server_away(error):
                raise
            kept_calls.keep_draft(self.outbox, draft)
            return
        if self.outbox is not None and self.outbox.find(kept_calls.draft_id(draft.contact_id)):
            self.outbox.sent(kept_calls.draft_id(draft.contact_id))  # the server's is newer

    def _store_draft(self, draft: CallDraft) -> None:
        with self._db.writing() as session:
            calls_repo.save_draft(session, draft, self._clock.now())

    def discard_draft(self, contact_id: int) -> None:
        with self._db.writing() as session:
            calls_repo.discard_draft(session, contact_id)

    def start_call(self, draft: CallDraft) -> CallDraft:
        started = replace(draft, started_at=draft.started_at or self._clock.now())
        self.save_draft(started)
        return started

    # Serious or curious ------------------------------------------------------------------
    def mark(self, contact_id: int, status: ContactStatus) -> Change:
        """The answer to the qualifying question (practice 11)."""
        with self._db.writing() as session:
            contact = contacts_repo.get(session, contact_id, to_change=True)
            if contact is None:
                raise NotFound(f"there is no contact {contact_id}")
            contact.status = status
            contacts_repo.save(session, contact, self._clock.now())
        # The status decides what the rules plan next, and who the pipeline counts.
        return changes.about(Area.CONTACTS | Area.AGENDA, (contact_id,))


def _setting_of(error: Exception) -> str:
    from followup_desktop.services.exports import ExportProblem

    return error.setting if isinstance(error, ExportProblem) else ""


def _after_logging(error: Exception) -> str:
    """One sentence for a failure after the call was stored. An export's own problems are
    written for the rep; anything else is logged with its traceback and said plainly."""
    from followup_desktop.services.exports import ExportProblem

    if isinstance(error, ExportProblem | NotFound):
        return str(error)
    log.exception("after logging a call")
    return f"{error.__class__.__name__}: {error} (the call is logged)"
