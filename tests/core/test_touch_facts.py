"""What one contact's touches say for the rep's numbers, checked by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from followup_desktop.core.touch_facts import ContactFacts, of

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def h(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def test_no_touches_are_the_defaults() -> None:
    assert of([]).contact == ContactFacts()
    assert of([]).next_touch_us == ()


def test_a_history_by_hand() -> None:
    facts = of(
        [
            ("no-answer", h(0)),
            ("voicemail", h(1)),
            ("voicemail", h(2)),
            ("connected", h(3)),  # ends a run of two: answered; 2 attempts before it
            ("note", h(3.5)),  # not an attempt, not a conversation
            ("visit", h(27)),
            ("voicemail", h(28)),
            ("email-sent", h(29)),
            ("voicemail", h(30)),  # a run of two still going
        ]
    )
    assert facts.contact == ContactFacts(
        attempts_before_connection=3,  # no-answer and two voicemails
        outreach=8,  # everything but the note
        voicemail_run=2,
        answered_runs=1,
        visits=1,
    )
    hour = 3_600_000_000
    # Timed: the connected call (to the note, 30 min) and the visit (to the voicemail).
    assert facts.next_touch_us == (None, None, None, hour // 2, None, hour, None, None, None)


def test_an_attempt_at_the_same_instant_as_the_first_answer_is_not_before_it() -> None:
    facts = of([("voicemail", h(0)), ("connected", h(1)), ("no-answer", h(1))])
    assert facts.contact.attempts_before_connection == 1
    assert facts.next_touch_us == (None, 0, None)  # the next touch came the same instant


def test_a_prospect_who_never_answered_has_no_attempts_before_an_answer() -> None:
    facts = of([("voicemail", h(0)), ("voicemail", h(5))])
    assert facts.contact.attempts_before_connection is None
    assert facts.contact.voicemail_run == 2 and facts.contact.answered_runs == 0


def test_a_connection_without_a_run_before_it_answers_no_series() -> None:
    facts = of([("inbound", h(0)), ("replied", h(1)), ("voicemail", h(2)), ("visit", h(3))])
    assert facts.contact.answered_runs == 1  # only the visit ended a run
    assert facts.contact.attempts_before_connection == 0
    assert facts.next_touch_us == (None, None, None, None)  # the visit is the last touch
