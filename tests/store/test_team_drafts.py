"""An e-mail draft on a real PostgreSQL team server speaks for the rep who writes it: it
thanks a contact for their time today only when she herself spoke with them today."""

from __future__ import annotations

from datetime import timedelta

from followup_desktop.core.model import Contact, Email, Outcome
from followup_desktop.services.session import Services
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
