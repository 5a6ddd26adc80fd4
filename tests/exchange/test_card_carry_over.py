"""A second card for a contact, made on the phone, joins the contact's own card: what it
holds beyond the contact's fields moves onto that card, labels and all, before it is
deleted (``carddav_book.carry_over``)."""

from __future__ import annotations

import base64

import vobject

from followup_desktop.exchange.carddav_book import Card, build_card, carry_over

KEPT = build_card(
    Card(
        "urn:uuid:1",
        "Priya Patel",
        "Acme",
        phones=("+33142685300",),
        emails=("priya@buyer.example",),
        note="From FollowUp.",
    )
).replace(b"END:VCARD", b"item1.URL:https://acme.example\r\nitem1.X-ABLabel:site\r\nEND:VCARD")

SECOND = b"""BEGIN:VCARD
VERSION:3.0
UID:7F3A
FN:P. Patel
N:Patel;P.;;;
ORG:Acme SA
EMAIL;TYPE=work:PRIYA@buyer.example
item1.TEL;TYPE=CELL:+33 6 12 34 56 78
item1.X-ABLabel:mobile
item2.TEL:01 42 68 53 00
item2.X-ABLabel:old desk
BDAY:1984-04-02
NOTE:From FollowUp.
NOTE:Met at the Lyon fair
END:VCARD
"""


def _joined() -> vobject.base.Component:
    moved = carry_over(KEPT, SECOND, "FR")
    assert moved is not None
    return vobject.readOne(moved.decode("utf-8"))


def test_what_the_second_card_holds_beyond_the_contact_moves_over() -> None:
    card = _joined()
    assert card.bday.value == "1984-04-02"
    assert [n.value for n in card.contents["note"]] == ["From FollowUp.", "Met at the Lyon fair"]
    # The contact's own name, company and identity stay theirs.
    assert (card.fn.value, card.org.value, card.uid.value) == (
        "Priya Patel",
        ["Acme"],
        "urn:uuid:1",
    )
    assert len(card.contents["email"]) == 1  # the same address, however it is written


def test_a_labelled_number_moves_with_its_label_under_a_name_of_its_own() -> None:
    card = _joined()
    groups: dict[str, list[tuple[str, str]]] = {}
    for lines in card.contents.values():
        for line in lines:
            if line.group:
                groups.setdefault(line.group, []).append((line.name, str(line.value)))
    assert sorted(groups.values()) == [
        [("TEL", "+33 6 12 34 56 78"), ("X-ABLABEL", "mobile")],
        [("URL", "https://acme.example"), ("X-ABLABEL", "site")],
    ]
    # The number the contact's card has already stays as it is there, with no second label.
    assert "old desk" not in [str(line.value) for line in card.contents["x-ablabel"]]
    assert len(card.contents["tel"]) == 2


def test_nothing_to_carry_leaves_the_card_as_it_was() -> None:
    assert carry_over(KEPT, KEPT, "FR") == KEPT


def test_a_card_that_cannot_be_read_carries_nothing() -> None:
    assert carry_over(b"BEGIN:VCARD\r\nFN:Priya\r\n", SECOND, "FR") is None
    assert carry_over(KEPT, b"\x00 not a card", "FR") is None


def test_a_group_keeps_its_label_when_the_contacts_card_has_the_same_label_elsewhere() -> None:
    """A label is said of its own group: 'mobile' on the contact's card for one number
    is no reason to drop it from another number that moves over (its group renamed)."""
    third = b"""BEGIN:VCARD
VERSION:3.0
FN:Priya Patel
item1.TEL:+33 6 99 88 77 66
item1.X-ABLabel:mobile
item2.URL:https://priya.example
item2.X-ABLabel:site
END:VCARD
"""
    moved = carry_over(carry_over(KEPT, SECOND, "FR") or b"", third, "FR")
    assert moved is not None
    card = vobject.readOne(moved.decode("utf-8"))
    (line,) = [t for t in card.contents["tel"] if str(t.value) == "+33 6 99 88 77 66"]
    labels = [str(x.value) for x in card.contents["x-ablabel"] if x.group == line.group]
    assert labels == ["mobile"]
    (url,) = [u for u in card.contents["url"] if str(u.value) == "https://priya.example"]
    assert [str(x.value) for x in card.contents["x-ablabel"] if x.group == url.group] == ["site"]


def test_a_group_carried_before_is_not_carried_twice() -> None:
    """The second card joined again (its delete did not go through): nothing doubles."""
    once = carry_over(KEPT, SECOND, "FR")
    assert once is not None
    assert carry_over(once, SECOND, "FR") == once


def test_a_second_birthday_is_noted_not_added_as_a_second_bday() -> None:
    """A card holds one BDAY (RFC 6350); the contact's stays and the other is noted."""
    kept = KEPT.replace(b"END:VCARD", b"BDAY:1984-04-12\r\nEND:VCARD")
    moved = carry_over(kept, SECOND, "FR")
    assert moved is not None
    card = vobject.readOne(moved.decode("utf-8"))
    assert [b.value for b in card.contents["bday"]] == ["1984-04-12"]
    notes = [n.value for n in card.contents["note"]]
    assert "From a second card for them: BDAY 1984-04-02" in notes
    assert carry_over(moved, SECOND, "FR") == moved  # joined again: nothing twice


JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9") * 20


def test_a_photo_from_a_vcard_3_card_moves_as_vcard_4_writes_one() -> None:
    """A 3.0 PHOTO (ENCODING=b, TYPE=JPEG) moved as written into the contact's 4.0 card
    would hold no picture a 4.0 reader finds: 4.0 writes it as a data: URI."""
    photo = base64.b64encode(JPEG).decode("ascii")
    second = SECOND.replace(
        b"END:VCARD",
        f"PHOTO;ENCODING=b;TYPE=JPEG:{photo}\r\nLOGO;ENCODING=b;TYPE=WORK,PNG:{photo}\r\n"
        "END:VCARD".encode(),
    )
    moved = carry_over(KEPT, second, "FR")
    assert moved is not None
    assert b"ENCODING" not in moved
    card = vobject.readOne(moved.decode("utf-8"))
    assert card.version.value == "4.0"
    assert card.photo.value == f"data:image/jpeg;base64,{photo}"
    assert (card.logo.value, card.logo.params) == (
        f"data:image/png;base64,{photo}",
        {"TYPE": ["WORK"]},
    )
    assert carry_over(moved, second, "FR") == moved  # joined again: no second picture


def test_what_the_contacts_card_held_stays_as_written_when_a_second_card_joins() -> None:
    """The contact's own card as another program wrote it (a vCard 4.0 data: photo, its
    own X- property, a folded note): only the lines carried over are new."""
    photo = b"data:image/jpeg;base64," + base64.b64encode(bytes(range(256)) * 2)
    kept = KEPT.replace(
        b"END:VCARD",
        b"PHOTO:" + photo + b"\r\n"
        b"X-SOCIALPROFILE;TYPE=twitter;X-USER=priya:https://twitter.com/priya\r\n"
        b"NOTE:Long lunch at the fair\\, wants the spring range before Easter and a c\r\n"
        b" all about prices.\r\n"
        b"END:VCARD",
    )

    moved = carry_over(kept, SECOND, "FR")

    assert moved is not None
    assert moved.startswith(kept.removesuffix(b"END:VCARD\r\n"))
    assert b"BDAY:1984-04-02\r\n" in moved
    assert b"\r\nPHOTO:" + photo + b"\r\n" in moved  # whole, as vobject would not keep it
