"""An e-mail draft and a call's script on a real PostgreSQL team server speak for the rep
who writes or calls: they thank a contact for their time today only when she herself
spoke with them today."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from followup_desktop.core import steps
from followup_desktop.core.call_sheet import CallSheet
from followup_desktop.core.model import Contact, Email, Outcome
from followup_desktop.services import kept_sheets
from followup_desktop.services.call_desk import KeptCallDesk
from followup_desktop.services.session import Services
from followup_desktop.store.outbox import Outbox
from tests.team_logins import NOW


def _agreed_call(services: Services, contact_id: int) -> int:
    """A call the contact agreed, on a call made half an hour ago, for tomorrow 10:00."""
    logged = services.followups.log(
        contact_id,
        Outcome.CONNECTED,
        at=NOW - timedelta(minutes=30),
        agreed_next=NOW + timedelta(days=1, hours=1),
        objective="review the proposal",
    )
    call = next(f.id for f in logged.created if f.agreed)
    assert call is not None
    return call


def test_a_call_a_colleague_agreed_today_is_reminded_of_not_thanked_for(
    ana: Services, bo: Services
) -> None:
    priya = ana.contacts.add(
        Contact(name="Priya Patel", emails=[Email("priya@acme.example")], time_zone="Europe/London")
    )
    call = _agreed_call(ana, priya)
    assert ana.exports.draft_opening(call).template == "confirmation"

    # Ana hands Priya to Bo: he has not spoken with her, so his e-mail reminds her of the call.
    ana.team_book.hand_over(priya, "bo")
    assert bo.exports.draft_opening(call).template == "call-reminder"
    # Once he has spoken with her today himself, his e-mail thanks her for her time.
    assert bo.exports.draft_opening(_agreed_call(bo, priya)).template == "confirmation"


def _spoken(sheet: CallSheet) -> str:
    return "\n".join(line.text for card in sheet.cards for line in card.lines)


def test_a_call_after_a_colleague_s_visit_today_does_not_thank_them_for_it(
    ana: Services, bo: Services, tmp_path: Path
) -> None:
    priya = ana.contacts.add(Contact(name="Priya Patel", time_zone="Europe/London"))
    ana.followups.log(priya, Outcome.VISIT, NOW - timedelta(hours=1), "Wants a pilot for Leeds.")
    (call,) = ana.followups.open_for(priya)
    assert call.step == steps.SAME_DAY
    assert "Thanks again for your time today." in _spoken(ana.calls.sheet(priya))

    # Ana hands Priya to Bo: he was not at the visit, so his script does not thank her for it.
    ana.team_book.hand_over(priya, "bo")
    sheet = bo.calls.sheet(priya)
    assert sheet.follow_up == call
    assert "your time today" not in _spoken(sheet)
    assert sheet.situation == "first-call"
    # The same from his day kept on the laptop, for a start while the server is away.
    kept_sheets.keep(bo.paths, "team", bo.calls.for_later([priya]))
    kept = kept_sheets.last(bo.paths, "team")
    assert kept is not None
    desk = KeptCallDesk(kept, Outbox(tmp_path / "outbox.sqlite3"), bo.clock)
    assert desk.sheet(priya, None, None) == sheet
    # Once he has met her today himself, his call thanks her for her time.
    bo.followups.log(priya, Outcome.VISIT, NOW - timedelta(minutes=10), "Leeds first.")
    assert "Thanks again for your time today." in _spoken(bo.calls.sheet(priya))
