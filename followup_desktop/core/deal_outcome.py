"""What a deal's outcome makes of its contact (PRODUCT.md practice 12): a deal won makes
the contact won, a deal lost makes them lost, so the rules stop planning calls. The
contact dialog's save and an import of a sheet's deals both go by it."""

from __future__ import annotations

from collections.abc import Iterable

from followup_desktop.core.model import ContactStatus, Deal, DealStage

_SETTLES = {DealStage.WON: ContactStatus.WON, DealStage.LOST: ContactStatus.LOST}


def status_settled_by(stage: DealStage) -> ContactStatus | None:
    """The status a deal at ``stage`` settles its contact at; None while it is open."""
    return _SETTLES.get(stage)


def status_settled_by_deals(deals: Iterable[Deal]) -> ContactStatus | None:
    """As status_settled_by, for ``deals`` saved one after another: the last won or lost
    one's status, None when every one is open."""
    settled: ContactStatus | None = None
    for deal in deals:
        settled = status_settled_by(deal.stage) or settled
    return settled
