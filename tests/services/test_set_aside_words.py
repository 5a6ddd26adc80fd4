"""The words for writes the team server refused, read from a laptop's outbox alone: notes
typed, a call passed over, and a write this version cannot read, each still listed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from followup_desktop.core.call_queue import QueuedCall
from followup_desktop.core.model import CallDraft, Contact, Deal, FollowUp, FollowUpKind
from followup_desktop.core.plain_data import to_plain
from followup_desktop.services import kept_calls, kept_edits
from followup_desktop.services.kept_queue import SKIP_KIND, KeptSkip
from followup_desktop.services.set_aside import SetAsideWrites
from followup_desktop.store.outbox import Outbox

AT = datetime(2026, 12, 7, 15, 30, tzinfo=UTC)


def test_notes_a_skip_and_an_unknown_write_are_each_said_in_plain_words(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    kept_calls.keep_draft(outbox, CallDraft(7, notes="Asked about volume pricing"))
    follow_up = FollowUp(7, FollowUpKind.CALL, "retry", AT, id=3)
    skip = KeptSkip("s1", QueuedCall(follow_up, "Priya Patel", ""), "in a meeting", AT)
    outbox.keep("s1", SKIP_KIND, to_plain(skip))
    outbox.keep("x1", "some_later_kind", {"contact_id": 7, "said": "hello"})
    for write_id in ("draft-7", "s1", "x1"):
        outbox.refused(write_id, "its contact is no longer yours")
    writes = SetAsideWrites(outbox, lambda: "Europe/Berlin", lambda: {7: "Priya Patel"})

    notes, passed, unknown = writes.entries()
    assert (notes.what, notes.details) == (
        "Notes typed for a call with Priya Patel",
        ("Notes: Asked about volume pricing",),
    )
    assert passed.what == "Call with Priya Patel passed over"
    assert passed.details[0] == "When: Mon 7 Dec 2026 16:30"  # Berlin
    assert passed.details[-1] == "Why: in a meeting"
    assert (unknown.kind, unknown.details) == ("other", ("contact_id: 7", "said: hello"))
    assert writes.notice() == (
        "1 call's notes, 1 call passed over and 1 write kept on this laptop were not taken "
        "by the team server"
    )
    assert "Notes: Asked about volume pricing" in notes.text(ZoneInfo("Europe/Berlin"))
    assert outbox.waiting() == []  # set aside: never sent again on their own


def test_a_new_contact_with_its_deal_is_said_with_the_deal_in_money(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    ben = Contact(name="Ben Ode", company="Ode & Sons")
    kept_edits.keep_edit(outbox, None, ben, Deal(0, "Pilot", 1_250_000, "EUR"), "e1")
    outbox.refused(kept_edits.KeptEdit("e1", ben).outbox_id, "refused")
    writes = SetAsideWrites(outbox, lambda: "Europe/Berlin")

    (new,) = writes.entries()
    assert new.what == "New contact: Ben Ode"
    assert "Company: Ode & Sons" in new.details
    assert new.details[-1] == "Deal: Pilot, 12,500.00 EUR, Lead"
