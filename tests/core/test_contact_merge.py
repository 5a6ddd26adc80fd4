"""Two saves of one contact meet: what only they changed is taken, what only the rep
changed is kept, what both changed differently is the rep's to settle, and numbers and
e-mails either side added are all kept."""

from __future__ import annotations

from dataclasses import replace

from followup_desktop.core.contact_merge import Clash, FieldChange, changed_fields, merge
from followup_desktop.core.model import Contact, ContactStatus, Email, Phone

OPENED = Contact(
    name="Dana Lee",
    company="Acme",
    title="Buyer",
    emails=[Email("dana@acme.example")],
    phones=[Phone("+13125550142")],
    personal_notes="Two kids",
    id=7,
    version=3,
)


def test_their_change_is_taken_and_mine_kept_where_only_one_side_changed() -> None:
    mine = replace(OPENED, title="Head of buying", phones=[*OPENED.phones, Phone("+13125550199")])
    theirs = replace(OPENED, company="Acme Inc", status=ContactStatus.SERIOUS, version=4)
    result = merge(OPENED, mine, theirs)
    assert result.clashes == ()
    assert (result.merged.company, result.merged.title) == ("Acme Inc", "Head of buying")
    assert result.merged.status is ContactStatus.SERIOUS
    assert [p.number for p in result.merged.phones] == ["+13125550142", "+13125550199"]
    # Saved over what is stored now.
    assert (result.merged.id, result.merged.version) == (7, 4)
    assert result.changes == (
        FieldChange("company", "Company", "Acme", "Acme Inc"),
        FieldChange("status", "Status", "active", "serious"),
    )
    assert changed_fields(result.changes) == "company and status"


def test_a_field_both_changed_differently_is_a_clash_the_rep_settles() -> None:
    mine = replace(OPENED, personal_notes="Two kids; loves sailing")
    theirs = replace(OPENED, personal_notes="Two kids; moved to Denver", version=5)
    result = merge(OPENED, mine, theirs)
    assert result.clashes == (
        Clash("personal_notes", "Personal notes", mine.personal_notes, theirs.personal_notes),
    )
    assert result.merged.personal_notes == mine.personal_notes  # until the rep chooses
    assert result.choosing({"personal_notes"}).personal_notes == theirs.personal_notes
    assert result.choosing(set()).personal_notes == mine.personal_notes


def test_notes_an_import_grew_and_the_personal_notes_the_rep_edited_are_both_kept() -> None:
    mine = replace(OPENED, personal_notes="Two kids; loves sailing")
    theirs = replace(OPENED, notes="Website: https://acme.example", version=4)
    result = merge(OPENED, mine, theirs)
    assert result.clashes == ()
    assert (result.merged.personal_notes, result.merged.notes) == (
        "Two kids; loves sailing",
        "Website: https://acme.example",
    )
    assert result.changes == (
        FieldChange("notes", "Your notes", "(empty)", "Website: https://acme.example"),
    )


def test_the_same_change_on_both_sides_is_no_clash() -> None:
    mine = replace(OPENED, company="Acme Inc")
    theirs = replace(OPENED, company="Acme Inc", version=4)
    result = merge(OPENED, mine, theirs)
    assert result.clashes == ()
    assert result.merged.company == "Acme Inc"


def test_an_address_they_removed_goes_and_one_i_added_stays() -> None:
    mine = replace(OPENED, emails=[*OPENED.emails, Email("dana@home.example")])
    theirs = replace(OPENED, emails=[Email("dana.lee@acme.example")], version=4)
    result = merge(OPENED, mine, theirs)
    assert [e.address for e in result.merged.emails] == [
        "dana@home.example",
        "dana.lee@acme.example",
    ]
    (change,) = result.changes
    assert (change.before, change.after) == ("dana@acme.example", "dana.lee@acme.example")
