"""FollowUp writing over a card another program wrote (``carddav_book.patch_card``): its
own lines change, and every other line reaches the phone again as that program wrote it,
byte for byte."""

from __future__ import annotations

import base64
import re
from dataclasses import replace
from typing import Any

import vobject

from followup_desktop.exchange.carddav_book import Card, patch_card

JPEG = base64.b64encode(bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9") * 12)
REVISED = "20261207T090000Z"
UID = "0b7e5c1a-92d4-4c4e-8d7e-4d1b6c9f0a11"

# As a phone or Nextcloud writes a 4.0 card: a data: photo on one long line, an Apple
# label grouped with its number, a note folded mid-word, a program's own X- property with
# parameters, two nicknames, accents, a number as a tel: URI.
OTHER_APPS = (
    b"BEGIN:VCARD\r\n"
    b"VERSION:4.0\r\n"
    b"PRODID:-//Nextcloud Contacts v5.5.3\r\n"
    b"UID:" + UID.encode() + b"\r\n"
    b"FN:Priya Patel\r\n"
    b"N:Patel;Priya;;;\r\n"
    b"PHOTO:data:image/jpeg;base64," + JPEG + b"\r\n"
    b"item1.TEL;TYPE=cell:+33 6 12 34 56 78\r\n"
    b"item1.X-ABLabel:_$!<Mobile>!$_\r\n"
    b"item2.X-ABRELATEDNAMES:Ana Lima\r\n"
    b"item2.X-ABLabel:assistant\r\n"
    b"X-SOCIALPROFILE;TYPE=twitter;X-USER=priya:https://twitter.com/priya\r\n"
    b"NOTE:Met at the Lyon trade fair\\, long chat about the spring range\\; wants sa\r\n"
    b" mples of the new line by March and a call back with prices before Easter.\r\n"
    b"NICKNAME:Pri,PP\r\n"
    b"X-MAIDENNAME:Zo\xc3\xab Dupr\xc3\xa9\r\n"
    b'TEL;VALUE=uri;TYPE="work,voice":tel:+33-1-42-68-53-00\r\n'
    b"EMAIL;TYPE=work:priya@buyer.example\r\n"
    b"ORG:Acme\r\n"
    b"END:VCARD\r\n"
)
OWNED = {"FN", "N", "ORG", "TITLE", "TEL", "EMAIL", "REV"}


def _not_followups(card: bytes) -> list[bytes]:
    """The physical lines of ``card`` that are not FollowUp's, in their order."""
    kept = []
    for line in card.split(b"\r\n"):
        named = re.match(rb"(?:[\w-]+\.)?([\w-]+)[;:]", line)
        if named is None or named.group(1).decode().upper() not in OWNED:
            kept.append(line)
    return kept


def _edited(copy: bytes, **changes: Any) -> bytes:
    """``copy`` written over with Priya's contact as FollowUp has it, ``changes`` made."""
    card = Card(
        UID,
        "Priya Patel",
        "Acme",
        phones=("+33 6 12 34 56 78", "+33142685300"),
        emails=("priya@buyer.example",),
    )
    return patch_card(copy, replace(card, **changes), REVISED, "FR")


def test_an_edit_of_name_numbers_and_email_keeps_every_other_line_as_written() -> None:
    # FollowUp reads the card with its line breaks as bare LF (the caldav client's doing).
    copy = OTHER_APPS.replace(b"\r\n", b"\n")
    written = _edited(
        copy,
        name="Priya Patel-Roy",
        phones=("+33 6 12 34 56 78", "+33142685300", "+44 20 7946 0958"),
        emails=("p.patel@buyer.example",),
    )

    assert _not_followups(written) == _not_followups(OTHER_APPS)
    assert b"PHOTO:data:image/jpeg;base64," + JPEG + b"\r\n" in written
    assert written.count(b"\n") == written.count(b"\r\n")  # every line ends in CRLF
    card = vobject.readOne(written.decode("utf-8"))
    assert card.fn.value == "Priya Patel-Roy"
    assert (card.n.value.given, card.n.value.family) == ("Priya", "Patel-Roy")
    assert [e.value for e in card.contents["email"]] == ["p.patel@buyer.example"]
    assert [str(t.value) for t in card.contents["tel"]] == [
        "+33 6 12 34 56 78",  # the labelled mobile, kept with its label
        "tel:+33-1-42-68-53-00",  # the same number as FollowUp's, as written
        "+44 20 7946 0958",
    ]
    assert card.rev.value == REVISED
    assert card.uid.value == UID


def test_a_title_set_in_followup_changes_only_the_title_of_a_3_0_card() -> None:
    """Apple's 3.0 card, its photo folded base64 and its parameters as Apple writes them:
    the card comes back the same bytes, a TITLE and a REV added."""
    folded = b"\r\n ".join(JPEG[i : i + 74] for i in range(0, len(JPEG), 74))
    apple = (
        b"BEGIN:VCARD\r\n"
        b"VERSION:3.0\r\n"
        b"PRODID:-//Apple Inc.//iPhone OS 17.4//EN\r\n"
        b"N:Patel;Priya;;;\r\n"
        b"FN:Priya Patel\r\n"
        b"ORG:Acme;\r\n"
        b"item1.EMAIL;type=INTERNET;type=pref:priya@buyer.example\r\n"
        b"item1.X-ABLabel:_$!<Work>!$_\r\n"
        b"TEL;type=CELL;type=VOICE;type=pref:+33 6 12 34 56 78\r\n"
        b"TEL;type=WORK;type=VOICE:+33 1 42 68 53 00\r\n"
        b"item2.ADR;type=HOME;type=pref:;;12 rue de la Paix;Lyon;;69001;France\r\n"
        b"item2.X-ABADR:fr\r\n"
        b"PHOTO;ENCODING=b;TYPE=JPEG:" + folded + b"\r\n"
        b"UID:7F3A0C2E-1B4D-4E5F-9A8B-0C1D2E3F4A5B\r\n"
        b"END:VCARD\r\n"
    )

    written = _edited(apple, title="Head of buying")

    assert written == apple.replace(
        b"END:VCARD", b"TITLE:Head of buying\r\nREV:" + REVISED.encode() + b"\r\nEND:VCARD"
    )


def test_a_number_taken_off_in_followup_takes_its_label_with_it() -> None:
    written = _edited(OTHER_APPS, phones=("+33142685300",))

    assert b"+33 6 12 34 56 78" not in written
    assert b"_$!<Mobile>!$_" not in written
    assert b"item2.X-ABRELATEDNAMES:Ana Lima\r\nitem2.X-ABLabel:assistant\r\n" in written
    assert b'TEL;VALUE=uri;TYPE="work,voice":tel:+33-1-42-68-53-00\r\n' in written


def test_a_card_with_a_line_no_reader_takes_is_written_over_not_rebuilt() -> None:
    """A property named with an accent is not a vCard name: such a card was replaced by a
    fresh one, its photo, note and labels gone."""
    odd = OTHER_APPS.replace(b"NICKNAME:", b"X-\xc3\x89TIQUETTE:client\r\nNICKNAME:")

    written = _edited(odd, title="Buyer")

    assert _not_followups(written) == _not_followups(odd)
    assert b"TITLE:Buyer\r\n" in written


def test_a_2_1_name_in_quoted_printable_over_two_lines_is_read_whole() -> None:
    """vCard 2.1 breaks a quoted-printable value with "=" at a line's end: the name is
    read whole, found the same as FollowUp's, and left as written."""
    old_phone = (
        b"BEGIN:VCARD\r\n"
        b"VERSION:2.1\r\n"
        b"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Dupr=C3=A9-Martin;Zo=C3=AB;;;\r\n"
        b"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Zo=C3=AB Dupr=C3=A9-Martin de la Tour d'=\r\n"
        b"Auvergne et du Berry\r\n"
        b"TEL;CELL;PREF:+33612345678\r\n"
        b"END:VCARD\r\n"
    )
    name = "Zoë Dupré-Martin de la Tour d'Auvergne et du Berry"

    written = _edited(old_phone, name=name, phones=("+33612345678",), emails=(), company="")

    assert written == old_phone.replace(
        b"END:VCARD", b"REV:%s\r\nUID:%s\r\nEND:VCARD" % (REVISED.encode(), UID.encode())
    )
