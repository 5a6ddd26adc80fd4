"""Marking reminders as shown: set-wise, and idempotent when a look is retried."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from followup_desktop.core.model import Contact, FollowUp, FollowUpKind
from followup_desktop.store import contacts_repo, followups_repo, reminders_repo
from followup_desktop.store.db import Database
from followup_desktop.store.schema import ReminderFiredRow

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_marking_many_then_retrying_keeps_one_row_each_with_the_later_time(
    tmp_path: Path,
) -> None:
    db = Database.open(tmp_path / "f.sqlite3")
    with db.writing() as session:
        contact_id = contacts_repo.add(session, Contact(name="Jane"))
        ids = [
            followups_repo.add_follow_up(
                session,
                FollowUp(contact_id, FollowUpKind.CALL, "retry", NOW + timedelta(minutes=n)),
            ).id
            for n in range(1200)  # more than one IN (...) chunk
        ]
    first = [(i, "lead", NOW + timedelta(minutes=n)) for n, i in enumerate(ids) if i is not None]
    with db.writing() as session:
        reminders_repo.mark_fired(session, first[:700], NOW)
    later = NOW + timedelta(minutes=5)
    with db.writing() as session:
        # A retried look (the first 700 again), new ones, a key given twice, a due moment.
        due = (first[0][0], "due", first[0][2])
        reminders_repo.mark_fired(session, [*first, first[-1], due], later)
    with db.reading() as session:
        rows = session.execute(
            select(
                ReminderFiredRow.follow_up_id,
                ReminderFiredRow.moment,
                ReminderFiredRow.due_at,
                ReminderFiredRow.fired_at,
            )
        ).all()
        assert reminders_repo.fired(session, ids) == {*first, due}
    assert len(rows) == 1201
    assert {fired_at for *_, fired_at in rows} == {later}
    db.close()
