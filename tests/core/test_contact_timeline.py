"""A contact's history: newest first, re-planned steps left out, a promise shown once,
finished things at the moment they were finished."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from followup_desktop.core import steps
from followup_desktop.core.contact_timeline import (
    OUTCOME_WORDS,
    ClosedStep,
    KeptPromise,
    TimelineFacts,
    count_text,
    timeline,
)
from followup_desktop.core.model import (
    Commitment,
    CommitmentState,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Outcome,
    Touch,
)

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _step(
    id_: int, step: str, due: datetime, state: FollowUpState, closed: datetime | None = None
) -> ClosedStep:
    kind = FollowUpKind.TASK if step == steps.COMMITMENT else FollowUpKind.CALL
    return ClosedStep(FollowUp(1, kind, step, due, state=state, id=id_), closed)


def test_every_outcome_has_words() -> None:
    assert set(OUTCOME_WORDS) == set(Outcome)


def test_newest_first_without_replanned_steps_and_a_promise_shown_once() -> None:
    facts = TimelineFacts(
        touches=(
            Touch(1, Outcome.NO_ANSWER, T0, id=1),
            Touch(1, Outcome.CONNECTED, T0 + timedelta(days=1), "Wants pricing", id=2),
        ),
        steps=(
            _step(
                10,
                steps.CALL_AGAIN,
                T0 + timedelta(hours=3),
                FollowUpState.DONE,
                T0 + timedelta(days=1),
            ),
            _step(11, steps.AGREED, T0 + timedelta(days=8), FollowUpState.OPEN),
            _step(12, steps.RETRY, T0 + timedelta(days=2), FollowUpState.SUPERSEDED),
            _step(
                13,
                steps.COMMITMENT,
                T0 + timedelta(days=2),
                FollowUpState.DONE,
                T0 + timedelta(days=1, hours=5),
            ),
            _step(
                14,
                steps.CHECK_IN,
                T0 + timedelta(days=30),
                FollowUpState.CANCELLED,
                T0 + timedelta(days=1, hours=6),
            ),
        ),
        promises=(
            KeptPromise(
                Commitment(
                    1,
                    "the pricing sheet",
                    T0 + timedelta(days=2),
                    state=CommitmentState.DELIVERED,
                    follow_up_id=13,
                ),
                T0 + timedelta(days=1, hours=5),
            ),
        ),
    )
    entries = timeline(facts)
    assert [(e.what, e.state, e.at - T0) for e in entries] == [
        ("Agreed call", "planned", timedelta(days=8)),
        ("Check-in call", "skipped", timedelta(days=1, hours=6)),
        ("Promise", "delivered", timedelta(days=1, hours=5)),
        ("Call: connected", "", timedelta(days=1)),
        ("Call again", "done", timedelta(days=1)),
        ("Call: no answer", "", timedelta(0)),
    ]
    assert entries[2].detail == "the pricing sheet"
    assert entries[3].detail == "Wants pricing"
    assert count_text(entries) == "2 touches, 3 steps, 1 promise"


def test_an_empty_history_counts_nothing() -> None:
    assert timeline(TimelineFacts((), (), ())) == []
    assert count_text([]) == "0 touches, 0 steps, 0 promises"
