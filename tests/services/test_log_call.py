"""One logged call, one use case (``CallService.log_call``): the touch, the plan at the rep's
time, the promise and the draft cleared in one transaction; the invite and the
confirmation draft made from what was stored, whose failures never un-log the call. And
``agreed_local``: the wall clock the contact said, in their zone, across a DST change."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from followup_desktop.core import settings as options
from followup_desktop.core import steps
from followup_desktop.core.cadence import CommitmentRequest
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import CallDraft, Contact, Email, FollowUpKind, Outcome
from followup_desktop.services.call_requests import LogCall
from followup_desktop.services.session import Services
from followup_desktop.store import calls_repo, followups_repo
from followup_desktop.store.schema import CommitmentRow, FollowUpRow, TouchRow
from tests.rep_desk import rep_services

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # Monday 09:00 in Chicago
AGREED = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)  # Wednesday 14:00 in Chicago


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def services(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FixedClock, no_keyring: None
) -> Iterator[Services]:
    with rep_services(tmp_path, monkeypatch, clock, "Sam Rivers") as opened:
        opened.settings.save(
            opened.settings.load().with_value(options.REP_EMAIL, "sam@example.com")
        )
        yield opened


def jane(services: Services) -> int:
    return services.contacts.add(
        Contact(
            name="Jane Smith",
            company="Acme, Inc.",
            emails=[Email("jane@example.com")],
            time_zone="America/Chicago",
        )
    )


def stored(services: Services) -> tuple[int, int, int]:
    """How many touches, follow-ups and promises there are."""
    with services.db.reading() as session:
        return (
            session.query(TouchRow).count(),
            session.query(FollowUpRow).count(),
            session.query(CommitmentRow).count(),
        )


def test_a_connected_call_is_stored_whole_and_its_invite_and_draft_made_from_it(
    services: Services, tmp_path: Path
) -> None:
    contact_id = jane(services)
    services.calls.save_draft(CallDraft(contact_id, None, "Pilot in March"))
    logged = services.calls.log_call(
        LogCall(
            contact_id,
            Outcome.CONNECTED,
            notes="Pilot in March",
            agreed_next=AGREED,
            objective="agree the pilot start",
            commitment=CommitmentRequest("proposal", NOW + timedelta(days=1)),
            invite=True,
            invite_to=tmp_path / "inv.ics",
            draft_to=tmp_path / "confirm.eml",
        )
    )
    assert logged.problems == ()
    agreed = services.followups.get(logged.agreed_id or 0)
    assert agreed.agreed and agreed.due_at == AGREED and agreed.step == steps.AGREED
    assert [f.step for f in services.followups.open_for(contact_id)] == [
        steps.COMMITMENT,
        steps.AGREED,
    ]
    assert services.calls.draft(contact_id) is None
    assert logged.invite == tmp_path / "inv.ics"
    (event,) = icalendar.Calendar.from_ical(logged.invite.read_bytes()).walk("VEVENT")
    assert event.decoded("DTSTART") == AGREED
    assert logged.draft == tmp_path / "confirm.eml"
    message = email.message_from_bytes(logged.draft.read_bytes(), policy=email.policy.default)
    assert message["To"] == "Jane Smith <jane@example.com>"
    assert any(part.get_content_type() == "text/calendar" for part in message.walk())
    # One touch for the call, one note for each export; one promise.
    with services.db.reading() as session:
        touches = followups_repo.touches(session, contact_id)
    assert [t.outcome for t in touches] == [Outcome.CONNECTED, Outcome.NOTE, Outcome.NOTE]
    assert stored(services)[2] == 1


def test_the_reps_own_time_is_stored_in_the_same_transaction(services: Services) -> None:
    contact_id = jane(services)
    first = services.calls.log_call(LogCall(contact_id, Outcome.NO_ANSWER))
    engine = first.next_step
    assert engine is not None
    mine = engine.due_at + timedelta(hours=2)
    logged = services.calls.log_call(LogCall(contact_id, Outcome.VOICEMAIL, next_at=mine))
    moved = logged.next_step
    assert moved is not None and moved.due_at == mine
    assert services.followups.get(moved.id or 0).due_at == mine
    (summary,) = services.contacts.page()
    assert summary.next_follow_up_at == min(f.due_at for f in logged.created)
    with services.db.reading() as session:
        sequence = followups_repo.invite_facts(session, moved.id or 0)
    assert sequence is not None and sequence[1] == 0  # never sent, so nothing to replace


def test_the_reps_own_time_after_a_voicemail_is_the_next_calls_not_the_series_emails(
    services: Services, clock: FixedClock
) -> None:
    contact_id = jane(services)
    (second,) = services.calls.log_call(LogCall(contact_id, Outcome.VOICEMAIL)).created
    clock.set(second.due_at)
    e_mail, call = services.followups.preview(contact_id, Outcome.VOICEMAIL, second.id).create
    assert (e_mail.kind, call.kind) == (FollowUpKind.EMAIL, FollowUpKind.CALL)
    mine = call.due_at + timedelta(days=1)

    services.calls.log_call(
        LogCall(contact_id, Outcome.VOICEMAIL, follow_up_id=second.id, next_at=mine)
    )
    stored_now = sorted((f.step, f.due_at) for f in services.followups.open_for(contact_id))
    assert stored_now == sorted([(e_mail.step, e_mail.due_at), (call.step, mine)])


def test_a_failure_inside_the_transaction_stores_nothing_and_a_retry_logs_once(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    contact_id = jane(services)
    services.calls.save_draft(CallDraft(contact_id, None, "Call back after lunch"))
    before = stored(services)

    def broken(*_args: object) -> None:
        raise OSError("disk I/O error")

    # The draft is cleared last: the touch, the plan and the move are all written by then.
    monkeypatch.setattr(calls_repo, "discard_draft", broken)
    request = LogCall(contact_id, Outcome.NO_ANSWER, notes="busy", next_at=NOW + timedelta(days=1))
    with pytest.raises(OSError):
        services.calls.log_call(request)
    assert stored(services) == before
    draft = services.calls.draft(contact_id)
    assert draft is not None and draft.notes == "Call back after lunch"

    monkeypatch.undo()
    logged = services.calls.log_call(request)
    assert stored(services) == (before[0] + 1, before[1] + 1, before[2])
    assert logged.next_step is not None and logged.next_step.due_at == NOW + timedelta(days=1)


def test_an_invite_that_cannot_be_made_never_unlogs_the_call(
    services: Services, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    contact_id = jane(services)
    services.settings.save(services.settings.load().with_value(options.REP_EMAIL, ""))
    logged = services.calls.log_call(
        LogCall(
            contact_id,
            Outcome.CONNECTED,
            agreed_next=AGREED,
            invite=True,
            draft_to=tmp_path,
        )
    )
    assert logged.agreed_id is not None and logged.invite is None and logged.draft is None
    assert logged.problems == (
        "no invite: set your e-mail address in Settings (You) to send invites",
        "no confirmation e-mail: set your e-mail address in Settings (You) to make e-mail drafts",
    )
    assert stored(services) == (1, 1, 0)

    # An unexpected failure after the commit is said too, never raised.
    def broken(*_args: object) -> Path:
        raise RuntimeError("the exports folder vanished")

    monkeypatch.setattr(type(services.exports), "save_invite", broken)
    again = services.calls.log_call(
        LogCall(contact_id, Outcome.CONNECTED, agreed_next=AGREED + timedelta(days=1), invite=True)
    )
    assert again.problems == (
        "no invite: RuntimeError: the exports folder vanished (the call is logged)",
    )
    assert stored(services)[0] == 2


def test_without_an_agreed_call_there_is_no_invite_to_make(services: Services) -> None:
    contact_id = jane(services)
    logged = services.calls.log_call(LogCall(contact_id, Outcome.VOICEMAIL, invite=True))
    assert logged.problems == ("no invite: no call was agreed, so there is no invite",)
    assert logged.next_step is not None and logged.next_step.kind is FollowUpKind.CALL


def test_the_agreed_wall_clock_is_kept_in_their_zone_across_a_dst_change(
    services: Services, clock: FixedClock
) -> None:
    """Agreed on Friday 30 Oct (Chicago on CDT, UTC-5) for Tuesday 3 Nov 10:00 (CST,
    UTC-6, after the clocks went back on 1 Nov): stored as "10:00" there, not the UTC
    instant and not 10:00 read at the offset of the day it was agreed."""
    clock.set(datetime(2026, 10, 30, 15, 0, tzinfo=UTC))
    contact_id = jane(services)
    agreed = datetime(2026, 11, 3, 16, 0, tzinfo=UTC)
    logged = services.calls.log_call(LogCall(contact_id, Outcome.CONNECTED, agreed_next=agreed))
    assert logged.agreed_id is not None
    with services.db.reading() as session:
        row = session.get(FollowUpRow, logged.agreed_id)
        assert row is not None
        assert (row.agreed_local, row.agreed_zone) == ("2026-11-03T10:00:00", "America/Chicago")
    # Moved back across the change, to Friday 30 Oct 16:00 their time (CDT).
    moved = services.followups.move(logged.agreed_id, datetime(2026, 10, 30, 21, 0, tzinfo=UTC))
    with services.db.reading() as session:
        row = session.get(FollowUpRow, logged.agreed_id)
        assert row is not None and row.agreed_local == "2026-10-30T16:00:00"
    # The invite reads it: DTSTART is the wall clock they said, in their zone.
    invite = services.exports.invite_for(moved.id or 0)
    (event,) = icalendar.Calendar.from_ical(invite.data).walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "America/Chicago"
    assert event["DTSTART"].to_ical() == b"20261030T160000"


def test_the_wall_clock_wins_when_the_zone_rules_change_after_agreeing() -> None:
    """If the zone's offset changed after the call was agreed (new tzdata), the instant is
    the one that shows the wall clock they said; rows stored before the wall clock was
    (an offset in agreed_local) keep their due time."""
    due = datetime(2026, 11, 3, 16, 0, tzinfo=UTC)  # 10:00 in Chicago
    chicago = "America/Chicago"
    assert followups_repo.agreed_instant(due, "2026-11-03T10:00:00", chicago) == due
    assert followups_repo.agreed_instant(due, "2026-11-03T11:00:00", chicago) == due + timedelta(
        hours=1
    )
    assert followups_repo.agreed_instant(due, due.isoformat(), chicago) == due
    assert followups_repo.agreed_instant(due, "not a time", chicago) == due
    # 01:30 on the night the clocks go back happens twice: the second one stays itself.
    second = datetime(2026, 11, 1, 7, 30, tzinfo=UTC)  # 01:30 CST
    assert followups_repo.wall_clock(second, chicago) == "2026-11-01T01:30:00"
    assert followups_repo.agreed_instant(second, "2026-11-01T01:30:00", chicago) == second
