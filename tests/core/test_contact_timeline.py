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
    call_length,
    count_text,
    timeline,
)
from followup_desktop.core.model import (
    CallTimer,
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
    assert count_text(entries) == "2 calls, e-mails and notes; 3 steps planned; 1 promise"
    assert count_text(entries[:1]) == "1 step planned"


def test_an_empty_history_counts_nothing() -> None:
    assert timeline(TimelineFacts((), (), ())) == []
    assert count_text([]) == ""


def test_a_timed_call_says_how_long_it_took_and_a_clock_gone_back_never_makes_it_negative() -> None:
    assert [call_length(s) for s in (0, 45, 60, 245, 3599, 3720)] == [
        "0 s",
        "45 s",
        "1 min 00 s",
        "4 min 05 s",
        "59 min 59 s",
        "1 h 02 min",
    ]
    stopped = CallTimer(T0, T0 + timedelta(seconds=245.4))
    assert stopped.kept(T0 + timedelta(minutes=9)) == (T0, 245)  # stopped at the outcome
    assert CallTimer(T0).kept(T0 + timedelta(seconds=90)) == (T0, 90)  # ran until logged
    assert CallTimer(T0).kept(T0 - timedelta(seconds=5)) == (T0, 0)
    timed = Touch(1, Outcome.CONNECTED, T0, started_at=T0, seconds=245)
    (entry,) = timeline(TimelineFacts(touches=(timed,), steps=(), promises=()))
    assert entry.what == f"{OUTCOME_WORDS[Outcome.CONNECTED]} (4 min 05 s)"
