"""A file's deals against a contact's: the same deal is not added twice, a new one is,
and one FollowUp has otherwise is said, not overwritten."""

from __future__ import annotations

from followup_desktop.core.imported_deals import compare_deals
from followup_desktop.core.model import Deal, DealStage

RENEWAL = Deal(7, "Renewal", 100_000, "EUR", DealStage.PROPOSAL, id=3)


def test_a_deal_the_contact_has_is_not_added_again_whatever_the_title_s_case() -> None:
    file = Deal(0, " renewal ", 100_000, "eur", DealStage.PROPOSAL)
    compared = compare_deals([RENEWAL], [file])
    assert (compared.new, compared.differing) == ([], [])


def test_a_deal_changed_since_is_said_and_a_new_one_added() -> None:
    moved = Deal(0, "Renewal", 100_000, "EUR", DealStage.WON)
    pilot = Deal(0, "Pilot", 5_000, "USD")
    compared = compare_deals([RENEWAL], [moved, pilot])
    assert compared.new == [pilot]
    assert compared.differing == [(moved, RENEWAL)]


def test_two_deals_of_one_title_are_two_deals() -> None:
    second = Deal(0, "Renewal", 250_000, "EUR", DealStage.LEAD)
    first = Deal(0, "Renewal", 100_000, "EUR", DealStage.PROPOSAL)
    compared = compare_deals([RENEWAL], [second, first])
    assert (compared.new, compared.differing) == ([second], [])
