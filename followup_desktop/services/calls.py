"""The call screen's use cases: the sheet for a call, its draft notes saved as typed, the
engine's plan previewed per outcome, the script cards the rep edits."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from followup_desktop import paths
from followup_desktop.core import call_sheet
from followup_desktop.core.call_sheet import CallInputs, CallSheet
from followup_desktop.core.clock import Clock
from followup_desktop.core.model import (
    CallDraft,
    ContactStatus,
    FollowUpKind,
    ScriptCard,
)
from followup_desktop.core.scripts import PARTS
from followup_desktop.services.followups import FollowUpService, NotFound
from followup_desktop.store import calls_repo, contacts_repo, followups_repo, settings_repo
from followup_desktop.store.db import Database


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


class CallService:
    def __init__(self, db: Database, clock: Clock, followups: FollowUpService) -> None:
        self._db = db
        self._clock = clock
        self._followups = followups

    # Script cards ------------------------------------------------------------------------
    def seed_cards(self) -> None:
        """Give a database without cards our defaults (never touches edited ones)."""
        with self._db.writing() as session:
            if calls_repo.card_count(session) == 0:
                calls_repo.add_cards(session, default_cards())

    def cards(self) -> tuple[ScriptCard, ...]:
        with self._db.reading() as session:
            return calls_repo.cards(session)

    def save_card(self, card: ScriptCard) -> int:
        with self._db.writing() as session:
            return calls_repo.save_card(session, card)

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
            inputs = CallInputs(
                contact=contact,
                follow_up=follow_up,
                touches=followups_repo.touches(session, contact_id),
                commitments=calls_repo.commitments(session, contact_id),
                cards=calls_repo.cards(session),
                recent_follow_ups=followups_repo.recent_follow_ups(session, contact_id),
            )
            settings = settings_repo.load(session)
        return call_sheet.build(inputs, settings, now, rep_zone, situation)

    # Drafts -----------------------------------------------------------------------------
    def draft(self, contact_id: int) -> CallDraft | None:
        with self._db.reading() as session:
            return calls_repo.draft(session, contact_id)

    def save_draft(self, draft: CallDraft) -> None:
        """Durable on return: a crash or kill after this keeps what was typed."""
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
    def mark(self, contact_id: int, status: ContactStatus) -> None:
        """The answer to the qualifying question (practice 11)."""
        with self._db.writing() as session:
            contact = contacts_repo.get(session, contact_id)
            if contact is None:
                raise NotFound(f"there is no contact {contact_id}")
            contact.status = status
            contacts_repo.save(session, contact)
