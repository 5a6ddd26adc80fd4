"""The domain's records kept as plain JSON come back equal, and a damaged value is refused
with where it is, never guessed (a time without its offset above all)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from followup_desktop.core.model import (
    CallDraft,
    Contact,
    ContactStatus,
    Email,
    FollowUp,
    FollowUpKind,
    Outcome,
    Phone,
    Style,
    Touch,
)
from followup_desktop.core.plain_data import from_plain, to_plain
from followup_desktop.services.kept_sheets import KeptContact, KeptSheets

# The night Europe moves its clocks back: 02:30 in Paris happens twice; the offset kept
# with the time tells which (the second, +01:00).
TWICE = datetime(2026, 10, 25, 1, 30, tzinfo=UTC).astimezone(timezone(timedelta(hours=1)))


def _sheets() -> KeptSheets:
    priya = Contact(
        "Priya Patel",
        company="Acme",
        emails=[Email("priya@acme.example", "work")],
        phones=[Phone("+919876543210", "mobile"), Phone("0803 555 0142", checked=False)],
        time_zone="Asia/Kolkata",
        style=Style.PERSONAL,
        personal_notes="Met at the Lisbon expo",
        status=ContactStatus.SERIOUS,
        id=7,
        version=3,
    )
    call = FollowUp(7, FollowUpKind.CALL, "agreed-call", TWICE, "Budget", agreed=True, id=11)
    touch = Touch(7, Outcome.CONNECTED, TWICE - timedelta(days=2), "Budget approved.", id=5)
    return KeptSheets(
        read_at=datetime(2026, 10, 24, 9, 0, tzinfo=UTC),
        rep_zone="Europe/Paris",
        settings={"rep_name": "Ana Lima"},
        cards=(),
        busy=((TWICE, TWICE + timedelta(hours=1)),),
        contacts=(KeptContact(priya, (call,), (touch,), (), (call,)),),
    )


def test_records_come_back_equal_through_json_with_their_offsets() -> None:
    sheets = _sheets()
    back = from_plain(KeptSheets, json.loads(json.dumps(to_plain(sheets))))
    assert back == sheets
    assert back.contacts[0].contact.version == 3  # not part of equality, kept all the same
    (call,) = back.contacts[0].open_follow_ups
    assert (call.due_at.hour, call.due_at.utcoffset()) == (2, timedelta(hours=1))
    draft = CallDraft(7, 11, "notes", ("you-1",), TWICE)
    assert from_plain(CallDraft, to_plain(draft)) == draft


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (
            lambda p: p["contacts"][0]["open_follow_ups"][0].update(due_at="2026-10-25T02:30:00"),
            "KeptSheets.contacts[0].open_follow_ups[0].due_at",
        ),
        (lambda p: p["contacts"][0]["contact"].update(status="keen"), "contact.status"),
        (lambda p: p["contacts"][0]["contact"]["phones"][0].update(checked="yes"), "checked"),
        (lambda p: p["contacts"][0]["touches"][0].pop("outcome"), "outcome is missing"),
        (lambda p: p.update(busy=[["2026-10-25T02:30:00+01:00"]]), "KeptSheets.busy[0]"),
        (lambda p: p["contacts"][0]["contact"].update(id="7"), "contact.id"),
    ],
)
def test_a_damaged_value_is_refused_with_where(change, where: str) -> None:  # type: ignore[no-untyped-def]
    plain = json.loads(json.dumps(to_plain(_sheets())))
    change(plain)
    with pytest.raises(ValueError, match=where.replace("[", r"\[").replace("]", r"\]")):
        from_plain(KeptSheets, plain)
