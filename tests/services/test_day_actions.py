"""Every Today row can be finished, and each finish can be taken back whole: a real SQLite
file, the real engine."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from followup_desktop.core import steps
from followup_desktop.core.cadence import CommitmentRequest
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, FollowUpKind, FollowUpState, Outcome
from followup_desktop.paths import AppPaths
from followup_desktop.services.day_actions import CannotUndo
from followup_desktop.services.followups import NotFound
from followup_desktop.services.session import Services, open_services
from followup_desktop.store.schema import CommitmentRow, ContactRow, FollowUpRow, TouchRow

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # Monday, 16:00 in Paris
AGREED = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def services(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FixedClock
) -> Iterator[Services]:
    monkeypatch.setenv("TZ", "Europe/Paris")
    opened = open_services(AppPaths(tmp_path / "data"), clock)
    yield opened
    opened.close()


def snapshot(services: Services) -> dict[str, list[tuple[object, ...]]]:
    """Everything an action could touch, as stored."""
    with services.db.reading() as session:
        return {
            "touches": [
                (r.id, r.outcome, r.notes, r.follow_up_id)
                for r in session.scalars(select(TouchRow).order_by(TouchRow.id))
            ],
            "follow_ups": [
                (r.id, r.step, r.state, r.due_at, r.closed_at, r.superseded_by_id)
                for r in session.scalars(select(FollowUpRow).order_by(FollowUpRow.id))
            ],
            "commitments": [
                (r.id, r.state, r.delivered_at)
                for r in session.scalars(select(CommitmentRow).order_by(CommitmentRow.id))
            ],
            "contacts": [
                (r.id, r.status, r.attempts, r.next_follow_up_at, r.attempts_before_connection)
                for r in session.scalars(select(ContactRow))
            ],
        }


def nudge(services: Services, clock: FixedClock, contact_id: int) -> int:
    """An agreed call, missed twice: the engine plans the nudge e-mail."""
    services.followups.log(contact_id, Outcome.CONNECTED, NOW, "", AGREED, "the pilot")
    clock.set(AGREED)
    services.followups.log(contact_id, Outcome.NO_ANSWER, AGREED)
    clock.set(AGREED + timedelta(minutes=15))
    services.followups.log(contact_id, Outcome.NO_ANSWER, AGREED + timedelta(minutes=15))
    (step,) = [f for f in services.followups.open_for(contact_id) if f.step == steps.NUDGE]
    assert step.id is not None
    return step.id


def promise(services: Services, contact_id: int) -> int:
    result = services.followups.log(
        contact_id,
        Outcome.CONNECTED,
        NOW,
        commitment=CommitmentRequest("the pilot proposal", NOW + timedelta(days=1)),
    )
    (task,) = [f for f in result.created if f.kind is FollowUpKind.TASK]
    assert task.id is not None
    return task.id


def jane(services: Services) -> int:
    return services.contacts.add(Contact(name="Jane Smith", time_zone="America/Chicago"))


def test_sent_finishes_the_email_step_and_undo_puts_everything_back(
    services: Services, clock: FixedClock
) -> None:
    contact = jane(services)
    step = nudge(services, clock, contact)
    before = snapshot(services)
    undo = services.day.email_sent(step)
    assert services.followups.get(step).state is FollowUpState.DONE
    last = snapshot(services)["touches"][-1]
    assert last[1:4] == ("email-sent", "E-mail sent: Nudge e-mail", step)
    assert step not in [f.id for f in services.followups.open_for(contact)]
    services.day.undo(undo)
    assert snapshot(services) == before


def test_skip_keeps_the_reason_and_is_undone_whole(services: Services, clock: FixedClock) -> None:
    contact = jane(services)
    step = nudge(services, clock, contact)
    before = snapshot(services)
    undo = services.day.skip(step, "  they asked for  no e-mail ")
    assert services.followups.get(step).state is FollowUpState.CANCELLED
    assert snapshot(services)["touches"][-1][1:4] == (
        "note",
        "Skipped: Nudge e-mail. Why: they asked for no e-mail",
        step,
    )
    services.day.undo(undo)
    assert snapshot(services) == before


def test_delivered_keeps_the_promise_and_undo_opens_it_again(services: Services) -> None:
    contact = jane(services)
    task = promise(services, contact)
    before = snapshot(services)
    undo = services.day.delivered(task)
    stored = snapshot(services)
    assert stored["commitments"] == [(1, "delivered", NOW)]
    assert stored["touches"][-1][1:4] == ("note", "Delivered: the pilot proposal", task)
    assert services.followups.get(task).state is FollowUpState.DONE
    services.day.undo(undo)
    assert snapshot(services) == before


def test_a_visit_answers_the_call_it_replaces_and_undo_removes_its_plan(
    services: Services,
) -> None:
    contact = jane(services)
    called = services.followups.log(contact, Outcome.NO_ANSWER, NOW)
    (retry,) = [f for f in called.created if f.kind is FollowUpKind.CALL]
    assert retry.id is not None
    before = snapshot(services)
    undo = services.day.log_touch(contact, Outcome.VISIT, retry.id)
    assert services.followups.get(retry.id).state is not FollowUpState.OPEN
    assert snapshot(services)["touches"][-1][1] == "visit"
    assert undo.created, "a visit plans its follow-up"
    services.day.undo(undo)
    assert snapshot(services) == before


def test_reschedule_moves_the_step_and_undo_moves_it_back(services: Services) -> None:
    contact = jane(services)
    task = promise(services, contact)
    was = services.followups.get(task).due_at
    undo = services.day.reschedule(task, NOW + timedelta(days=3))
    assert services.followups.get(task).due_at == NOW + timedelta(days=3)
    # The promise moves with its task: the contact's history says the new time.
    assert _promised_at(services, contact) == [NOW + timedelta(days=3)]
    services.day.undo(undo)
    assert services.followups.get(task).due_at == was
    assert _promised_at(services, contact) == [was]


def test_moving_an_agreed_call_says_to_send_them_the_new_invite(services: Services) -> None:
    """The customer's calendar has the invite for the time agreed; FollowUp sends nothing
    by itself, so the line under Today says to send the new one. A step of the rules'
    own moves without it."""
    contact = jane(services)
    services.followups.log(contact, Outcome.CONNECTED, NOW, "", AGREED, "the pilot")
    (agreed,) = [f for f in services.followups.open_for(contact) if f.agreed]
    assert agreed.id is not None
    undo = services.day.reschedule(agreed.id, AGREED + timedelta(days=1))
    assert undo.advice == (
        "Their calendar still has the old time: send the new invite "
        "(Invite, Ctrl+I, on their call screen).",
    )
    task = promise(services, contact)
    assert services.day.reschedule(task, NOW + timedelta(days=3)).advice == ()


def _promised_at(services: Services, contact: int) -> list[datetime]:
    return [e.at for e in services.followups.history(contact) if e.kind.value == "promise"]


def test_an_undo_after_more_was_logged_on_top_changes_nothing(
    services: Services, clock: FixedClock
) -> None:
    contact = jane(services)
    called = services.followups.log(contact, Outcome.NO_ANSWER, NOW)
    (retry,) = [f for f in called.created if f.kind is FollowUpKind.CALL]
    undo = services.day.log_touch(contact, Outcome.INBOUND, retry.id)
    services.followups.log(contact, Outcome.NO_ANSWER, NOW + timedelta(minutes=5))
    after = snapshot(services)
    with pytest.raises(CannotUndo):
        services.day.undo(undo)
    assert snapshot(services) == after


def test_a_step_done_meanwhile_is_not_finished_twice(services: Services, clock: FixedClock) -> None:
    contact = jane(services)
    step = nudge(services, clock, contact)
    services.day.skip(step, "not needed")
    after = snapshot(services)
    with pytest.raises(NotFound):
        services.day.email_sent(step)
    with pytest.raises(NotFound):
        services.day.skip(step, "again")
    assert snapshot(services) == after
