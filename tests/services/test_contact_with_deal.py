"""The contact dialog's Save stores the contact and its deal together: when the deal
cannot be stored, the contact is not half-saved without it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from followup_desktop.core.changes import Area, about
from followup_desktop.core.model import Contact, Deal, DealStage
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import Services, open_services
from followup_desktop.store import deals_repo


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    opened = open_services(AppPaths(tmp_path / "data"))
    yield opened
    opened.close()


def test_a_new_contact_and_its_deal_land_together(services: Services) -> None:
    deal = Deal(0, "Fleet pilot", 1_200_000, "NOK", DealStage.PROPOSAL)
    saved = services.deals.save_with_contact(Contact(name="Kari Nordmann"), deal)
    contact_id = saved.contact_id
    assert services.contacts.get(contact_id).name == "Kari Nordmann"
    # The notice says what changed: this contact's details, agenda and deals.
    assert saved.change == about(Area.CONTACTS | Area.AGENDA | Area.DEALS, (contact_id,))
    (stored,) = services.deals.for_contact(contact_id)
    assert (stored.title, stored.value_minor, stored.currency) == ("Fleet pilot", 1_200_000, "NOK")


def test_a_deal_that_fails_takes_the_contact_with_it(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*_args: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(deals_repo, "save", disk_full)
    deal = Deal(0, "Fleet pilot", 1_200_000, "NOK", DealStage.PROPOSAL)
    with pytest.raises(OSError, match="No space left"):
        services.deals.save_with_contact(Contact(name="Kari Nordmann"), deal)
    assert services.contacts.page() == []  # not a contact without the deal the rep typed


def test_an_edit_that_fails_leaves_the_contact_as_it_was(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    contact_id = services.contacts.add(Contact(name="Kari Nordmann", company="Old AS"))
    edited = services.contacts.get(contact_id)
    edited.company = "New AS"
    monkeypatch.setattr(deals_repo, "save", lambda *_args: 1 // 0)
    with pytest.raises(ZeroDivisionError):
        services.deals.save_with_contact(edited, Deal(contact_id, "", 100, "EUR"))
    assert services.contacts.get(contact_id).company == "Old AS"
    with pytest.raises(ValueError, match="currency code"):
        services.deals.save_with_contact(edited, Deal(contact_id, "", 100, "1$"))
    assert services.contacts.get(contact_id).company == "Old AS"
