"""Each rule and each default of the follow-up engine, with fixed instants."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.core import cadence
from followup_desktop.core import settings as options
from followup_desktop.core.cadence import CommitmentRequest, ContactHistory, LoggedOutcome, plan
from followup_desktop.core.model import ContactStatus, FollowUp, FollowUpKind, Outcome, Touch
from followup_desktop.core.settings import Settings

CHICAGO = ZoneInfo("America/Chicago")
PARIS = "Europe/Paris"
DEFAULTS = Settings()


def chicago(day: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in Chicago in November 2026, as a UTC instant."""
    return datetime(2026, 11, day, hour, minute, tzinfo=CHICAGO).astimezone(UTC)


def follow_up(
    step: str,
    due: datetime,
    id_: int = 1,
    agreed: bool = False,
    kind: FollowUpKind = FollowUpKind.CALL,
) -> FollowUp:
    return FollowUp(contact_id=7, kind=kind, step=step, due_at=due, agreed=agreed, id=id_)


def history(
    *touches: Touch,
    open_: tuple[FollowUp, ...] = (),
    recent: tuple[FollowUp, ...] = (),
    status: ContactStatus = ContactStatus.ACTIVE,
) -> ContactHistory:
    return ContactHistory(7, "America/Chicago", status, touches, open_, recent)


def touch(outcome: Outcome, at: datetime) -> Touch:
    return Touch(7, outcome, at)


def steps(result: cadence.Plan) -> list[tuple[str, datetime]]:
    return [(f.step, f.due_at) for f in result.create]


def test_connected_with_an_agreed_time_keeps_it_exactly_even_outside_hours() -> None:
    agreed = chicago(24, 19, 30)  # evening: outside hours, but the contact chose it
    event = LoggedOutcome(
        Outcome.CONNECTED, chicago(23, 10), agreed_next=agreed, objective="review the proposal"
    )
    result = plan(event, history(), DEFAULTS, chicago(23, 10), PARIS)
    (created,) = result.create
    assert (created.step, created.due_at, created.agreed, created.objective) == (
        "agreed-call",
        agreed,
        True,
        "review the proposal",
    )
    assert result.warnings == ()


def test_connected_without_a_next_step_warns() -> None:
    result = plan(
        LoggedOutcome(Outcome.CONNECTED, chicago(23, 10)),
        history(),
        DEFAULTS,
        chicago(23, 10),
        PARIS,
    )
    assert result.create == ()
    assert "No next step agreed" in result.warnings[0]


def test_calling_an_agreed_follow_up_on_another_day_warns() -> None:
    agreed = follow_up("agreed-call", chicago(24, 10), agreed=True)
    event = LoggedOutcome(
        Outcome.CONNECTED, chicago(23, 15), answering=agreed, agreed_next=chicago(25, 10)
    )
    result = plan(event, history(open_=(agreed,)), DEFAULTS, chicago(23, 15), PARIS)
    assert any("agreed for Tue 24 Nov 10:00" in w for w in result.warnings)
    on_the_day = LoggedOutcome(
        Outcome.CONNECTED, chicago(24, 10, 2), answering=agreed, agreed_next=chicago(25, 10)
    )
    assert (
        plan(on_the_day, history(open_=(agreed,)), DEFAULTS, chicago(24, 10, 2), PARIS).warnings
        == ()
    )


def test_missed_call_ladder_retry_nudge_call_back() -> None:
    agreed = follow_up("agreed-call", chicago(24, 10), id_=1, agreed=True)
    first = plan(
        LoggedOutcome(Outcome.NO_ANSWER, chicago(24, 10, 1), answering=agreed),
        history(open_=(agreed,)),
        DEFAULTS,
        chicago(24, 10, 1),
        PARIS,
    )
    assert steps(first) == [("retry-1", chicago(24, 10, 16))]
    assert first.complete == (1,)

    retry = follow_up("retry-1", chicago(24, 10, 16), id_=2)
    second = plan(
        LoggedOutcome(Outcome.NO_ANSWER, chicago(24, 10, 17), answering=retry),
        history(
            touch(Outcome.NO_ANSWER, chicago(24, 10, 1)), open_=(retry,), recent=(retry, agreed)
        ),
        DEFAULTS,
        chicago(24, 10, 17),
        PARIS,
    )
    assert steps(second) == [
        ("nudge", chicago(24, 11, 47)),  # 90 minutes later
        ("call-back", chicago(25, 10, 0)),  # next business day, the agreed local time
    ]
    assert second.create[0].kind is FollowUpKind.EMAIL


@pytest.mark.parametrize(("setting", "expected_minutes"), [(30, 60), (90, 90), (200, 120)])
def test_nudge_delay_is_a_setting_clamped_to_60_120(setting: int, expected_minutes: int) -> None:
    retry = follow_up("retry-1", chicago(24, 10, 16))
    settings = DEFAULTS.with_value(options.NUDGE_AFTER_SECOND_MISS_MIN, setting)
    result = plan(
        LoggedOutcome(Outcome.NO_ANSWER, chicago(24, 10, 17), answering=retry),
        history(open_=(retry,)),
        settings,
        chicago(24, 10, 17),
        PARIS,
    )
    assert result.create[0].due_at == chicago(24, 10, 17) + timedelta(minutes=expected_minutes)


def test_retry_delay_is_a_setting() -> None:
    agreed = follow_up("agreed-call", chicago(24, 10), agreed=True)
    settings = DEFAULTS.with_value(options.RETRY_AFTER_MISS_MIN, 30)
    result = plan(
        LoggedOutcome(Outcome.NO_ANSWER, chicago(24, 10), answering=agreed),
        history(open_=(agreed,)),
        settings,
        chicago(24, 10),
        PARIS,
    )
    assert steps(result) == [("retry-1", chicago(24, 10, 30))]


def test_a_retry_past_closing_time_moves_to_the_next_morning() -> None:
    agreed = follow_up("agreed-call", chicago(24, 16, 50), agreed=True)
    result = plan(
        LoggedOutcome(Outcome.NO_ANSWER, chicago(24, 16, 50), answering=agreed),
        history(open_=(agreed,)),
        DEFAULTS,
        chicago(24, 16, 50),
        PARIS,
    )
    assert steps(result) == [("retry-1", chicago(25, 9, 0))]


def test_answering_ends_the_ladder() -> None:
    nudge = follow_up("nudge", chicago(24, 11, 47), id_=3, kind=FollowUpKind.EMAIL)
    call_back = follow_up("call-back", chicago(25, 10), id_=4)
    result = plan(
        LoggedOutcome(
            Outcome.CONNECTED, chicago(25, 10), answering=call_back, agreed_next=chicago(27, 9)
        ),
        history(open_=(nudge, call_back)),
        DEFAULTS,
        chicago(25, 10),
        PARIS,
    )
    assert result.complete == (4,)
    assert result.supersede == (3,)
    assert steps(result) == [("agreed-call", chicago(27, 9))]


def test_voicemail_series_spacing_emails_and_parking() -> None:
    """Seven voicemails with e-mails after the 2nd and 5th, then parked with a check-in."""
    at = chicago(2, 10)  # Monday 2 November
    touches: list[Touch] = []
    seen: list[tuple[str, datetime]] = []
    for number in range(1, 8):
        result = plan(LoggedOutcome(Outcome.VOICEMAIL, at), history(*touches), DEFAULTS, at, PARIS)
        assert result.series_position is not None
        assert result.series_position.label() == f"voicemail {number} of 7"
        seen.append(("logged", at))
        seen.extend(steps(result))
        touches.append(touch(Outcome.VOICEMAIL, at))
        if number < 7:
            at = next(f.due_at for f in result.create if f.step == f"voicemail-{number + 1}")
        else:
            assert result.status is ContactStatus.PARKED
            assert [f.step for f in result.create] == ["check-in"]
            # 90 days after Mon 30 Nov is a Sunday: the check-in opens Monday's business day.
            assert result.create[0].due_at == datetime(2027, 3, 1, 9, 0, tzinfo=CHICAGO).astimezone(
                UTC
            )
    names = [name for name, _ in seen if name != "logged"]
    assert names == [
        "voicemail-2",
        "series-email-1",
        "voicemail-3",
        "voicemail-4",
        "voicemail-5",
        "series-email-2",
        "voicemail-6",
        "voicemail-7",
        "check-in",
    ]
    calls = [when for name, when in seen if name == "logged"]
    gaps = [(b.date() - a.date()).days for a, b in itertools.pairwise(calls)]
    # 2, 2, 3, 3, 5, 5 business days; calendar days include weekends.
    assert gaps == [2, 2, 5, 5, 7, 7]


def test_voicemail_steps_follow_the_settings() -> None:
    settings = DEFAULTS.with_value(options.VOICEMAIL_STEPS, 3).with_value(
        options.VOICEMAIL_EMAIL_STEPS, 0
    )
    touches = (touch(Outcome.VOICEMAIL, chicago(2, 10)), touch(Outcome.VOICEMAIL, chicago(4, 10)))
    result = plan(
        LoggedOutcome(Outcome.VOICEMAIL, chicago(6, 10)),
        history(*touches),
        settings,
        chicago(6, 10),
        PARIS,
    )
    assert result.series_position is not None and result.series_position.is_last
    assert result.status is ContactStatus.PARKED


def test_a_connection_resets_the_series() -> None:
    touches = (touch(Outcome.VOICEMAIL, chicago(2, 10)), touch(Outcome.CONNECTED, chicago(3, 10)))
    result = plan(
        LoggedOutcome(Outcome.VOICEMAIL, chicago(5, 10)),
        history(*touches),
        DEFAULTS,
        chicago(5, 10),
        PARIS,
    )
    assert result.series_position is not None and result.series_position.voicemail == 1


@pytest.mark.parametrize(
    ("logged_paris", "expected_step", "expected"),
    [
        # A morning visit (Paris 10:00 = Chicago 03:00): that afternoon 14:00 Paris = 07:00
        # Chicago, before their opening → 09:00 Chicago the same day.
        (datetime(2026, 11, 24, 10, 0), "same-day", chicago(24, 9, 0)),
        # At 14:30 Paris (before the 15:00 cut-off): an hour later, in their hours.
        (datetime(2026, 11, 24, 14, 30), "same-day", chicago(24, 9, 0)),
        # After the cut-off: their next business morning.
        (datetime(2026, 11, 24, 16, 0), "next-morning", chicago(25, 9, 30)),
    ],
)
def test_same_day_follow_up_after_a_visit(
    logged_paris: datetime, expected_step: str, expected: datetime
) -> None:
    at = logged_paris.replace(tzinfo=ZoneInfo(PARIS)).astimezone(UTC)
    result = plan(LoggedOutcome(Outcome.VISIT, at), history(), DEFAULTS, at, PARIS)
    assert steps(result) == [(expected_step, expected)]


def test_same_day_in_the_reps_own_zone() -> None:
    at = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo(PARIS)).astimezone(UTC)
    local_contact = ContactHistory(7, PARIS)
    result = plan(LoggedOutcome(Outcome.INBOUND, at), local_contact, DEFAULTS, at, PARIS)
    assert [(f.step, f.due_at.astimezone(ZoneInfo(PARIS)).hour) for f in result.create] == [
        ("same-day", 14)
    ]


def test_commitments_keep_their_time_and_asap_is_urgent_now() -> None:
    promised = chicago(25, 9)
    event = LoggedOutcome(
        Outcome.CONNECTED,
        chicago(24, 15),
        agreed_next=chicago(26, 10),
        commitment=CommitmentRequest("proposal", promised),
    )
    result = plan(event, history(), DEFAULTS, chicago(24, 15), PARIS)
    assert ("commitment", promised) in steps(result)
    assert result.commitments[0].due_at == promised
    asap = LoggedOutcome(
        Outcome.CONNECTED, chicago(24, 15), commitment=CommitmentRequest("price list", asap=True)
    )
    urgent = plan(asap, history(), DEFAULTS, chicago(24, 15, 1), PARIS)
    assert steps(urgent) == [("commitment-asap", chicago(24, 15, 1))]
    assert urgent.create[0].kind is FollowUpKind.TASK


def test_serious_or_curious_is_asked_after_eight_touches_without_a_connection() -> None:
    touches = tuple(touch(Outcome.NO_ANSWER, chicago(2 + n, 10)) for n in range(7))
    result = plan(
        LoggedOutcome(Outcome.NO_ANSWER, chicago(10, 10)),
        history(*touches),
        DEFAULTS,
        chicago(10, 10),
        PARIS,
    )
    assert result.attempt == 8
    assert result.ask_serious_or_curious
    fewer = plan(
        LoggedOutcome(Outcome.NO_ANSWER, chicago(10, 10)),
        history(*touches[1:]),
        DEFAULTS,
        chicago(10, 10),
        PARIS,
    )
    assert not fewer.ask_serious_or_curious


def test_curious_contacts_get_a_slower_value_touch_pace() -> None:
    result = plan(
        LoggedOutcome(Outcome.VOICEMAIL, chicago(2, 10)),
        history(status=ContactStatus.CURIOUS),
        DEFAULTS,
        chicago(2, 10),
        PARIS,
    )
    assert [f.step for f in result.create] == ["value-touch"]
    assert result.create[0].due_at >= chicago(2, 10) + timedelta(days=21)


def test_wrong_number_drops_planned_calls_and_warns() -> None:
    call = follow_up("call-again", chicago(25, 10), id_=9)
    result = plan(
        LoggedOutcome(Outcome.WRONG_NUMBER, chicago(24, 10), answering=None),
        history(open_=(call,)),
        DEFAULTS,
        chicago(24, 10),
        PARIS,
    )
    assert result.supersede == (9,)
    assert result.create == ()
    assert "Wrong number" in result.warnings[0]


def test_value_touch_suggestions_for_long_silences() -> None:
    silent = ContactHistory(
        1, "America/Chicago", touches=(touch(Outcome.CONNECTED, chicago(1, 10)),)
    )
    recent = ContactHistory(
        2, "America/Chicago", touches=(touch(Outcome.CONNECTED, chicago(20, 10)),)
    )
    planned = ContactHistory(
        3,
        "America/Chicago",
        touches=(touch(Outcome.CONNECTED, chicago(1, 10)),),
        open_follow_ups=(follow_up("agreed-call", chicago(30, 10)),),
    )
    now = chicago(23, 8) + timedelta(days=10)
    suggestions = cadence.suggest_value_touches([silent, recent, planned], now, DEFAULTS, PARIS)
    assert [(s.contact_id, s.step) for s in suggestions] == [(1, "value-touch")]
