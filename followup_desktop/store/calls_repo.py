"""What the call screen reads and writes besides touches and follow-ups: call drafts,
script cards and a contact's promises."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from followup_desktop.core.model import CallDraft, Commitment, ScriptCard
from followup_desktop.store.plain_rows import by_contact, card_model, commitment_model, draft_model
from followup_desktop.store.schema import CallDraftRow, CommitmentRow, ScriptCardRow


def draft(session: Session, contact_id: int) -> CallDraft | None:
    row = session.get(CallDraftRow, contact_id)
    return None if row is None else draft_model(row)


def save_draft(session: Session, call: CallDraft, now: datetime) -> None:
    session.merge(
        CallDraftRow(
            contact_id=call.contact_id,
            follow_up_id=call.follow_up_id,
            notes=call.notes,
            said=json.dumps(list(call.said)),
            started_at=call.started_at,
            updated_at=now,
        )
    )


def discard_draft(session: Session, contact_id: int) -> None:
    session.execute(delete(CallDraftRow).where(CallDraftRow.contact_id == contact_id))


def commitments(session: Session, contact_id: int) -> tuple[Commitment, ...]:
    return commitments_of(session, [contact_id]).get(contact_id, ())


def commitments_of(
    session: Session, contact_ids: Iterable[int]
) -> dict[int, tuple[Commitment, ...]]:
    """Each contact's promises, soonest due first, in one query."""
    rows = session.scalars(
        select(CommitmentRow)
        .where(CommitmentRow.contact_id.in_(list(contact_ids)))
        .order_by(CommitmentRow.due_at, CommitmentRow.id)
    )
    return by_contact(commitment_model(row) for row in rows)


def cards(session: Session) -> tuple[ScriptCard, ...]:
    rows = session.scalars(
        select(ScriptCardRow).order_by(
            ScriptCardRow.situation,
            ScriptCardRow.variant,
            ScriptCardRow.part,
            ScriptCardRow.position,
        )
    )
    return tuple(card_model(row) for row in rows)


def card_situations(session: Session) -> frozenset[str]:
    return frozenset(session.scalars(select(ScriptCardRow.situation).distinct()))


def add_cards(session: Session, new: Iterable[ScriptCard]) -> None:
    session.add_all(
        ScriptCardRow(
            situation=card.situation,
            variant=card.variant,
            part=card.part,
            position=card.position,
            text=card.text,
        )
        for card in new
    )


def save_card(session: Session, card: ScriptCard) -> int:
    """Update the card of this situation, variant and part, or add it."""
    row = session.scalars(
        select(ScriptCardRow).where(
            ScriptCardRow.situation == card.situation,
            ScriptCardRow.variant == card.variant,
            ScriptCardRow.part == card.part,
        )
    ).first()
    if row is None:
        row = ScriptCardRow(
            situation=card.situation, variant=card.variant, part=card.part, position=card.position
        )
        session.add(row)
    row.text = card.text
    session.flush()
    return row.id
