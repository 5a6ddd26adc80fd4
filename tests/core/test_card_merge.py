"""A contact changed in FollowUp and on the phone since the last sync: merged field by
field, the newer side winning only where both changed the same field."""

from __future__ import annotations

import pytest

from followup_desktop.core.card_merge import CardFields, Side, merge

BASE = CardFields(
    "Priya Patel", "Northwind", "Buyer", ("+13125550142",), ("priya@northwind.example",)
)


def fields(**changes: object) -> CardFields:
    values = {
        "name": BASE.name,
        "company": BASE.company,
        "title": BASE.title,
        "phones": BASE.phones,
        "emails": BASE.emails,
    }
    values.update(changes)
    return CardFields(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("here", "phone", "phone_newer", "merged", "lost"),
    [
        # one side changed a field: that side's value, whoever is newer
        (fields(company="Northwind Ltd"), BASE, True, fields(company="Northwind Ltd"), []),
        (BASE, fields(title="Head of buying"), False, fields(title="Head of buying"), []),
        # different fields on each side: both kept
        (
            fields(company="Northwind Ltd"),
            fields(title="Head of buying"),
            True,
            fields(company="Northwind Ltd", title="Head of buying"),
            [],
        ),
        # the same change on both sides: no conflict
        (fields(name="Priya Shah"), fields(name="Priya Shah"), True, fields(name="Priya Shah"), []),
        # the same field, different values: the newer wins, the other is reported
        (
            fields(company="Northwind Ltd"),
            fields(company="Northwind Traders"),
            True,
            fields(company="Northwind Traders"),
            [("company", "Northwind Traders", "Northwind Ltd", Side.PHONE)],
        ),
        (
            fields(company="Northwind Ltd"),
            fields(company="Northwind Traders"),
            False,
            fields(company="Northwind Ltd"),
            [("company", "Northwind Ltd", "Northwind Traders", Side.HERE)],
        ),
    ],
)
def test_fields_merge_and_the_newer_wins_a_clash(
    here: CardFields,
    phone: CardFields,
    phone_newer: bool,
    merged: CardFields,
    lost: list[tuple[str, str, str, Side]],
) -> None:
    result, conflicts = merge(BASE, here, phone, phone_newer)
    assert result == merged
    assert [(c.field, c.kept, c.lost, c.kept_from) for c in conflicts] == lost


def test_numbers_and_addresses_added_on_either_side_stay_and_removed_ones_go() -> None:
    here = fields(phones=("+13125550142", "+13125550199"), emails=())  # added one, removed one
    phone = fields(phones=(), emails=("priya@northwind.example", "PRIYA@home.example"))
    result, conflicts = merge(BASE, here, phone, True)
    assert result.phones == ("+13125550199",)  # 0142 removed on the phone, 0199 added here
    assert result.emails == ("PRIYA@home.example",)  # the work address removed here
    assert conflicts == []


def test_an_address_in_another_case_is_the_same_address() -> None:
    phone = fields(emails=("Priya@Northwind.example",))
    result, _ = merge(BASE, BASE, phone, True)
    assert result.emails == BASE.emails


def test_without_the_agreed_copy_every_difference_is_a_clash_and_lists_join() -> None:
    here = fields(company="Northwind Ltd", phones=("+13125550142",))
    phone = fields(company="Northwind", phones=("+13125550177",))
    result, conflicts = merge(None, here, phone, False)
    assert result.company == "Northwind Ltd"
    assert result.phones == ("+13125550142", "+13125550177")
    assert [c.text() for c in conflicts] == [
        "company changed on both sides: kept 'Northwind Ltd' (FollowUp, newer), "
        "your phone had 'Northwind'"
    ]
