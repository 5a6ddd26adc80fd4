"""Contacts two-way with the rep's phone, against a real Radicale and a real Xandikos: a
card made on the phone becomes a contact (or joins the one FollowUp has), an edit there
comes back and FollowUp's writes keep what only the phone holds, a delete there is a
soft delete here, a clash keeps the newer value and writes down the other, and nothing
changed means nothing transferred. Another CardDAV client (``tests/peers/dav_phone``)
stands in for the phone."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest

from followup_desktop.core import settings as options
from followup_desktop.core import steps
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.contact_rules import normalize_phone
from followup_desktop.core.model import Contact, Email, Outcome
from followup_desktop.core.model import Phone as Number
from followup_desktop.services.session import Services
from tests.exchange.test_card_write_over import JPEG, OTHER_APPS, _not_followups
from tests.peers.dav_outage import server_gone_at_the_first_overwrite
from tests.peers.dav_phone import Phone, edited_at_the_first_delete, rev, set_value
from tests.peers.fixtures import DavServer
from tests.peers.radicale import Radicale

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


# The passwords go to a private Secret Service (the shared ``services`` fixture opens
# the store; the keyring is reached only when a password is kept or read).
pytestmark = pytest.mark.usefixtures("keyring_bus")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def phone(services: Services, dav_server: DavServer) -> Iterator[Phone]:
    services.calendar.setup(dav_server.url, dav_server.user, dav_server.password)
    book_url = services.settings.load().get(options.SYNC_ADDRESS_BOOK)
    opened = Phone(dav_server, book_url)
    yield opened
    opened.close()


def _priya(services: Services) -> int:
    return services.contacts.add(
        Contact(
            name="Priya Patel",
            company="Acme",
            emails=[Email("priya@buyer.example")],
            phones=[Number("+33142685300")],
        )
    )


def _numbers(card: object) -> list[str]:
    return sorted(
        normalize_phone(str(t.value), "US")
        for t in card.contents.get("tel", [])  # type: ignore[attr-defined]
    )


def _history(services: Services, contact_id: int) -> str:
    return "\n".join(e.detail or e.what for e in services.followups.history(contact_id))


def test_a_card_made_on_the_phone_becomes_a_contact_or_joins_one(
    services: Services, phone: Phone
) -> None:
    priya = _priya(services)
    assert services.calendar.sync().cards.put == 1
    marta = phone.add(
        "Marta Kowalska",
        org="Baltic Foods",
        tels=("+48 22 123 45 67",),
        emails=("Marta@Baltic.example",),
    )
    before = phone.paths()[marta]
    phone.add("P. Patel", tels=("+44 20 7946 0958",), emails=("PRIYA@buyer.example",))

    report = services.calendar.sync()
    assert report.problem == ""
    assert (report.pulled.new, report.pulled.updated) == (1, 1)
    (found,) = [c for c in services.contacts.page("Kowalska")]
    made = services.contacts.get(found.id)
    assert (made.company, [p.number for p in made.phones]) == ("Baltic Foods", ["+48221234567"])
    assert [e.address for e in made.emails] == ["Marta@baltic.example"]  # the domain folded
    joined = services.contacts.get(priya)
    assert [p.number for p in joined.phones] == ["+33142685300", "+442079460958"]
    assert report.news() == (
        "Marta Kowalska: added on your phone",
        "Priya Patel: a card made on your phone joined this contact",
    )

    cards = phone.cards()
    assert set(cards) == {"Priya Patel", "Marta Kowalska"}  # the second card for Priya left
    assert _numbers(cards["Priya Patel"]) == ["+33142685300", "+442079460958"]
    assert phone.paths()[marta] == before  # Marta's card is as the phone wrote it
    again = services.calendar.sync()
    assert (again.transferred, again.pulled.read, again.cards.put) == (0, 0, 0)


def _birthday_address_and_note(card) -> None:  # type: ignore[no-untyped-def]
    card.add("bday").value = "1984-04-02"
    card.add("adr").value = _address()
    card.add("note").value = "Met at the Lyon trade fair"
    mobile = card.add("tel")
    mobile.value = "+33 6 12 34 56 78"
    mobile.type_param = "CELL"


def test_a_card_joining_a_contact_leaves_nothing_of_its_own_behind(
    services: Services, phone: Phone
) -> None:
    """The second card for someone FollowUp has leaves the phone; what it held that
    FollowUp keeps no field for (a birthday, an address, a note, a number's label) moves
    to the contact's own card first."""
    priya = _priya(services)
    services.calendar.sync()
    phone.add("P. Patel", emails=("priya@buyer.example",), more=_birthday_address_and_note)

    report = services.calendar.sync()
    assert report.problem == ""
    assert [p.number for p in services.contacts.get(priya).phones] == [
        "+33142685300",
        "+33612345678",
    ]
    cards = phone.cards()
    assert set(cards) == {"Priya Patel"}
    card = cards["Priya Patel"]
    assert card.bday.value == "1984-04-02"
    assert card.adr.value.city == "Lyon"
    assert "Met at the Lyon trade fair" in [n.value for n in card.contents["note"]]
    (mobile,) = [
        t for t in card.contents["tel"] if normalize_phone(t.value, "FR") == "+33612345678"
    ]
    assert "CELL" in [t.upper() for t in mobile.params.get("TYPE", [])]
    again = services.calendar.sync()
    assert (again.transferred, again.cards.put) == (0, 0)


def test_a_photo_taken_on_the_phone_moves_to_the_contacts_card_as_vcard_4_has_one(
    services: Services, phone: Phone
) -> None:
    """The phone's 3.0 card holds its photo inline (ENCODING=b, TYPE=JPEG); the
    contact's own card is 4.0, where that line holds no picture: it moves as a data: URI,
    and the phone reads the same picture back from the server, after the server's own
    reading and writing of the card."""
    jpeg = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9") * 40
    priya = _priya(services)
    services.calendar.sync()

    def photo(card) -> None:  # type: ignore[no-untyped-def]
        line = card.add("photo")
        line.value = jpeg
        line.encoding_param = "b"
        line.type_param = "JPEG"

    phone.add("P. Patel", emails=("priya@buyer.example",), more=photo)
    report = services.calendar.sync()
    assert report.problem == ""
    assert services.contacts.get(priya).name == "Priya Patel"
    card = phone.cards()["Priya Patel"]
    assert card.version.value == "4.0"
    assert "ENCODING" not in card.photo.params and "TYPE" not in card.photo.params
    media, _, data = card.photo.value.partition(",")
    assert media == "data:image/jpeg;base64"
    assert base64.b64decode(data) == jpeg
    again = services.calendar.sync()
    assert (again.transferred, again.cards.put) == (0, 0)
    # FollowUp's next write over the card keeps the picture whole.
    contact = services.contacts.get(priya)
    contact.title = "Buyer"
    services.contacts.save(contact)
    assert services.calendar.sync().cards.put == 1
    card = phone.cards()["Priya Patel"]
    assert (card.title.value, card.photo.value) == ("Buyer", f"{media},{data}")


def test_a_card_another_app_wrote_keeps_its_photo_labels_and_note_when_followup_edits_it(
    services: Services, phone: Phone, dav_server: DavServer
) -> None:
    """A vCard 4.0 card as Nextcloud or a phone writes it (a data: photo, an Apple label
    with its number, a folded note, its own X- properties), then a new name, e-mail and
    number in FollowUp: every line FollowUp does not own comes back as the server held it.
    Radicale reads and rewrites each card it is given itself (its lines sorted, the
    unescaped data: photo already cut to its media type): there, what FollowUp's write
    keeps is what Radicale held; Xandikos holds the bytes the other app wrote."""
    path = phone.write_as_is("nextcloud-priya", OTHER_APPS)
    held = phone.as_stored(path)
    if dav_server.radicale is None:
        assert held == OTHER_APPS
    assert services.calendar.sync().pulled.new == 1
    (found,) = services.contacts.page("Priya")
    contact = services.contacts.get(found.id)
    services.contacts.save(
        replace(
            contact,
            name="Priya Patel-Roy",
            emails=[Email("p.patel@buyer.example")],
            phones=[*contact.phones, Number("+442079460958")],
        )
    )

    assert services.calendar.sync().cards.put == 1
    after = phone.as_stored(path)
    assert _not_followups(after) == _not_followups(held)
    if dav_server.radicale is None:
        assert b"\r\nPHOTO:data:image/jpeg;base64," + JPEG + b"\r\n" in after
    card, _ = phone.read(path)
    assert card.fn.value == "Priya Patel-Roy"
    assert [e.value for e in card.contents["email"]] == ["p.patel@buyer.example"]
    assert _numbers(card) == ["+33142685300", "+33612345678", "+442079460958"]
    assert "_$!<Mobile>!$_" in [str(label.value) for label in card.contents["x-ablabel"]]
    again = services.calendar.sync()
    assert (again.transferred, again.cards.put) == (0, 0)


def test_a_card_joining_a_contact_stays_on_the_phone_until_its_fields_are_moved(
    services: Services, radicale: Radicale, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server gone as its birthday is written to the contact's card: the second card
    is not deleted, and the next sync finishes the move."""
    server = DavServer(f"http://127.0.0.1:{radicale.port}/", radicale.user, radicale.password)
    services.calendar.setup(server.url, server.user, server.password)
    book_url = services.settings.load().get(options.SYNC_ADDRESS_BOOK)
    _priya(services)
    services.calendar.sync()
    phone = Phone(server, book_url)
    try:
        phone.add("P. Patel", emails=("priya@buyer.example",), more=_birthday_address_and_note)
        phone.close()
        server_gone_at_the_first_overwrite(radicale, monkeypatch)
        assert "connection refused" in services.calendar.sync().problem
        radicale.start()
        phone = Phone(server, book_url)
        assert set(phone.cards()) == {"Priya Patel", "P. Patel"}  # still there: nothing lost

        assert services.calendar.sync().problem == ""
        cards = phone.cards()
        assert set(cards) == {"Priya Patel"}
        assert cards["Priya Patel"].bday.value == "1984-04-02"
    finally:
        phone.close()


def test_an_edit_on_the_phone_comes_back_and_what_only_the_phone_keeps_stays(
    services: Services, phone: Phone
) -> None:
    priya = _priya(services)
    services.calendar.sync()

    def on_the_phone(card) -> None:  # type: ignore[no-untyped-def]
        set_value(card, "title", "Head of buying")
        card.add("tel").value = "+33 6 12 34 56 78"
        card.add("bday").value = "1984-04-02"
        card.add("adr").value = _address()

    path = phone.edit("Priya Patel", on_the_phone)
    report = services.calendar.sync()
    assert report.pulled.updated == 1
    contact = services.contacts.get(priya)
    assert contact.title == "Head of buying"
    assert [p.number for p in contact.phones] == ["+33142685300", "+33612345678"]

    services.contacts.save(replace(contact, company="Acme Europe"))
    assert services.calendar.sync().cards.put == 1
    card, _ = phone.read(path)
    assert card.org.value == ["Acme Europe"] and card.title.value == "Head of buying"
    assert card.bday.value == "1984-04-02"  # FollowUp keeps no birthday, and wrote over none
    assert card.adr.value.city == "Lyon"
    assert _numbers(card) == ["+33142685300", "+33612345678"]


def test_the_right_number_typed_on_the_phone_finishes_the_search_for_it(
    services: Services, phone: Phone
) -> None:
    priya = _priya(services)
    services.followups.log(priya, Outcome.WRONG_NUMBER)
    services.calendar.sync()

    def on_the_phone(card) -> None:  # type: ignore[no-untyped-def]
        card.tel.value = "+33 1 42 68 53 99"

    phone.edit("Priya Patel", on_the_phone)
    report = services.calendar.sync()
    said = "New number saved: +33 1 42 68 53 99. Call planned for Mon 7 Dec 10:00 their time."
    assert report.pulled.notices == [f"Priya Patel: {said}"]
    (call,) = services.followups.open_for(priya)
    assert (call.step, call.due_at) == (steps.NEW_NUMBER, NOW)
    assert ("Note", said) in [(e.what, e.detail) for e in services.followups.history(priya)]


def test_a_card_made_on_the_phone_with_the_right_number_finishes_the_search_for_it(
    services: Services, phone: Phone
) -> None:
    """Before: the card joined Priya with the new number, and "Find the right number" stayed
    on the rep's list with no call planned on it."""
    priya = _priya(services)
    services.followups.log(priya, Outcome.WRONG_NUMBER)
    services.calendar.sync()
    phone.add("P. Patel", tels=("+33 1 42 68 53 99",), emails=("priya@buyer.example",))

    report = services.calendar.sync()
    said = "New number saved: +33 1 42 68 53 99. Call planned for Mon 7 Dec 10:00 their time."
    assert f"Priya Patel: {said}" in report.pulled.notices
    (call,) = services.followups.open_for(priya)
    assert (call.step, call.due_at) == (steps.NEW_NUMBER, NOW)
    # The call on it rings the number found, the wrong one kept last.
    numbers = [p.number for p in services.contacts.get(priya).phones]
    assert numbers == ["+33142685399", "+33142685300"]


def test_an_edit_on_the_phone_after_a_sync_cut_off_is_merged_not_written_over(
    services: Services, radicale: Radicale, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sync that could not write a card (the server gone) leaves no mark that would take
    the rep's next edit on the phone for FollowUp's own write: both edits are kept."""
    server = DavServer(f"http://127.0.0.1:{radicale.port}/", radicale.user, radicale.password)
    services.calendar.setup(server.url, server.user, server.password)
    book_url = services.settings.load().get(options.SYNC_ADDRESS_BOOK)
    priya = _priya(services)
    services.calendar.sync()
    services.contacts.save(replace(services.contacts.get(priya), company="Acme Europe"))
    server_gone_at_the_first_overwrite(radicale, monkeypatch)
    assert "connection refused" in services.calendar.sync().problem
    radicale.start()
    phone = Phone(server, book_url)
    try:
        path = phone.edit("Priya Patel", lambda card: set_value(card, "title", "Head of buying"))
        services.calendar.sync()
        contact = services.contacts.get(priya)
        assert (contact.company, contact.title) == ("Acme Europe", "Head of buying")
        card, _ = phone.read(path)
        assert card.org.value == ["Acme Europe"] and card.title.value == "Head of buying"
    finally:
        phone.close()


def _address():  # type: ignore[no-untyped-def]
    import vobject

    return vobject.vcard.Address(street="3 rue de la République", city="Lyon", code="69002")


def test_a_contact_deleted_on_the_phone_is_deleted_here_and_can_come_back(
    services: Services, phone: Phone
) -> None:
    priya = _priya(services)
    services.calendar.sync()
    phone.delete(phone.path_of("Priya Patel"))

    report = services.calendar.sync()
    assert report.pulled.deleted == 1
    assert services.contacts.find(priya) is None  # deleted, softly
    assert [(d.id, d.deleted_at) for d in services.contacts.deleted()] == [(priya, NOW)]
    assert (
        "Priya Patel: deleted on your phone (Edit › Deleted contacts brings it back)"
        in report.news()
    )
    assert "Deleted on your phone" in _history(services, priya)

    services.contacts.undelete(priya)
    back = services.calendar.sync()
    assert back.cards.put == 1 and back.pulled.deleted == 0
    assert set(phone.cards()) == {"Priya Patel"}
    assert services.contacts.find(priya) is not None


def test_a_card_edited_on_the_phone_as_its_contact_goes_brings_the_same_contact_back(
    services: Services, phone: Phone, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rep deletes a contact here; as the sync removes its card they edit it on the
    phone: the card stays, and the next sync restores the contact deleted here, with its
    history and the phone's edit, as when the edit came before the sync; not a second
    contact 'added on your phone'."""
    priya = _priya(services)
    services.calendar.sync()
    services.contacts.delete(priya)

    def on_the_phone() -> None:
        phone.edit("Priya Patel", lambda card: set_value(card, "title", "Head of buying"))

    edited_at_the_first_delete(on_the_phone, monkeypatch)
    assert services.calendar.sync().problem == ""
    assert set(phone.cards()) == {"Priya Patel"}  # theirs stays

    report = services.calendar.sync()
    assert report.news() == (
        "Priya Patel: edited on your phone after it was deleted here: restored",
    )
    assert services.contacts.count() == 1
    assert services.contacts.get(priya).title == "Head of buying"
    assert set(phone.cards()) == {"Priya Patel"}


def test_a_clash_keeps_the_newer_value_and_writes_down_the_other(
    services: Services, phone: Phone
) -> None:
    priya = _priya(services)
    ben = services.contacts.add(Contact(name="Ben Ode", company="Odeon"))
    services.calendar.sync()
    services.contacts.save(replace(services.contacts.get(priya), company="Acme Europe"))
    services.contacts.save(replace(services.contacts.get(ben), company="Odeon Films"))
    later = (NOW + timedelta(hours=1)).strftime("%Y%m%dT%H%M%SZ")  # by the app's clock

    def phone_newer(card) -> None:  # type: ignore[no-untyped-def]
        set_value(card, "org", "Acme Worldwide")
        rev(card, later)

    def phone_older(card) -> None:  # type: ignore[no-untyped-def]
        set_value(card, "org", "Odeon Studios")
        rev(card, "20200101T000000Z")

    phone.edit("Priya Patel", phone_newer)
    ben_path = phone.edit("Ben Ode", phone_older)

    report = services.calendar.sync()
    assert services.contacts.get(priya).company == "Acme Worldwide"
    assert services.contacts.get(ben).company == "Odeon Films"
    assert (
        "Priya Patel: company changed on both sides: kept 'Acme Worldwide' (your phone, "
        "newer), FollowUp had 'Acme Europe'"
    ) in report.news()
    assert "FollowUp had 'Acme Europe'" in _history(services, priya)
    assert "your phone had 'Odeon Studios'" in _history(services, ben)
    assert phone.read(ben_path)[0].org.value == ["Odeon Films"]
    assert services.calendar.sync().transferred == 0


def test_which_side_is_newer_is_read_on_the_apps_clock_and_a_call_logged_is_no_edit(
    services: Services, phone: Phone, clock: FixedClock
) -> None:
    """Before: a save here was dated by the computer's clock, and so was any call logged
    since, where the phone's REV is compared with the app's time: an edit on the phone
    made before the rep's own could win over it."""
    from followup_desktop.store import cards_repo

    priya = _priya(services)
    ben = services.contacts.add(Contact(name="Ben Ode", company="Odeon"))
    services.calendar.sync()
    edited = datetime(2031, 5, 5, 9, 0, tzinfo=UTC)
    clock.set(edited)
    services.contacts.save(replace(services.contacts.get(priya), company="Acme Europe"))
    services.contacts.save(replace(services.contacts.get(ben), company="Odeon Films"))
    # A call logged after the phone's edit is no edit of the contact's fields.
    clock.set(edited + timedelta(hours=2))
    services.followups.log(ben, Outcome.VOICEMAIL, clock.now())
    with services.db.reading() as session:
        assert cards_repo.contact_changed_at(session, ben) == edited

    def phone_older(card) -> None:  # type: ignore[no-untyped-def]
        set_value(card, "org", "Acme Worldwide")
        rev(card, (edited - timedelta(hours=1)).strftime("%Y%m%dT%H%M%SZ"))

    def phone_newer(card) -> None:  # type: ignore[no-untyped-def]
        set_value(card, "org", "Odeon Studios")
        rev(card, (edited + timedelta(hours=1)).strftime("%Y%m%dT%H%M%SZ"))

    phone.edit("Priya Patel", phone_older)
    phone.edit("Ben Ode", phone_newer)
    report = services.calendar.sync()
    assert services.contacts.get(priya).company == "Acme Europe"
    assert services.contacts.get(ben).company == "Odeon Studios"
    assert (
        "Priya Patel: company changed on both sides: kept 'Acme Europe' (FollowUp, newer), "
        "your phone had 'Acme Worldwide'"
    ) in report.news()


def test_a_card_that_names_nobody_is_reported_with_where_and_why(
    services: Services, phone: Phone
) -> None:
    import vobject

    services.calendar.sync()
    card = vobject.vCard()
    card.add("version").value = "3.0"
    card.add("uid").value = "nobody-1"
    card.add("fn").value = ""
    card.add("note").value = "a card with nothing in it"
    phone.write(urlsplit(phone.book_url).path + "nobody-1.vcf", card)

    report = services.calendar.sync()
    assert report.problem == "" and report.pulled.new == 0
    (said,) = report.pulled.unreadable
    assert said == f"{phone.book_url}nobody-1.vcf: no name, e-mail or phone"
    assert report.news() == (f"Not taken from your phone: {said}",)  # in Today, not only the log
    assert services.contacts.count() == 0


def test_an_address_mistyped_on_the_phone_is_kept_aside_not_taken_over_the_good_one(
    services: Services, phone: Phone
) -> None:
    priya = _priya(services)
    services.calendar.sync()
    phone.edit("Priya Patel", lambda card: set_value(card, "email", "priya@@buyer"))

    report = services.calendar.sync()
    contact = services.contacts.get(priya)
    assert [e.address for e in contact.emails] == ["priya@buyer.example"]
    said = "E-mail as imported: priya@@buyer"
    assert said in _history(services, priya)
    assert any(said in line and line.startswith("Priya Patel: ") for line in report.news())


def test_a_name_cleared_on_the_phone_keeps_the_contacts_name(
    services: Services, phone: Phone
) -> None:
    """A card with its name cleared is shown on the phone by its address; FollowUp keeps
    the name and writes it back, rather than renaming Priya 'priya'."""
    priya = _priya(services)
    services.calendar.sync()

    def nameless(card) -> None:  # type: ignore[no-untyped-def]
        card.remove(card.n)
        card.fn.value = ""

    path = phone.edit("Priya Patel", nameless)
    services.calendar.sync()
    assert services.contacts.get(priya).name == "Priya Patel"
    assert phone.read(path)[0].fn.value == "Priya Patel"


def test_a_card_emptied_on_the_phone_gets_the_contact_back_and_keeps_syncing(
    services: Services, phone: Phone
) -> None:
    """Its name, e-mail and number cleared on the phone: FollowUp writes them back and
    says so, and the contact's later changes still reach the phone (before, every one
    was refused as 'edited there' while the status said 'synced')."""
    priya = _priya(services)
    services.calendar.sync()

    def emptied(card) -> None:  # type: ignore[no-untyped-def]
        for key in ("n", "email", "tel", "org"):
            for line in list(card.contents.get(key, [])):
                card.remove(line)
        card.fn.value = ""  # a vCard keeps its FN line, empty

    path = phone.edit("Priya Patel", emptied)
    report = services.calendar.sync()
    assert report.news() == (
        "Priya Patel: emptied on your phone; FollowUp's copy is written back to it",
    )
    card, _ = phone.read(path)
    assert card.fn.value == "Priya Patel" and card.email.value == "priya@buyer.example"
    assert _numbers(card) == ["+33142685300"]

    services.contacts.save(replace(services.contacts.get(priya), company="Acme Europe"))
    again = services.calendar.sync()
    assert (again.cards.put, again.cards.changed_there) == (1, 0)
    assert phone.read(path)[0].org.value == ["Acme Europe"]


def test_many_contacts_added_on_the_phone_are_counted_not_listed() -> None:
    from followup_desktop.services.phone_card_changes import CardsPulled

    pulled = CardsPulled(added=["Ana", "Ben", "Cara", "Dev"], notices=["Ben: …"])
    assert pulled.news() == ["4 contacts added on your phone: Ana, Ben, Cara, …", "Ben: …"]


@pytest.mark.parametrize("own_first", [True, False], ids=["own-edited-first", "card-made-first"])
def test_a_card_joining_a_contact_whose_own_card_was_edited_too_still_leaves_the_phone(
    services: Services, phone: Phone, own_first: bool
) -> None:
    """The rep edits Priya's card on the phone and makes a second one for her before the
    sync: whichever the server lists first, the second card's birthday reaches Priya's
    card and the second card leaves the phone (by the next sync at the latest)."""
    _priya(services)
    services.calendar.sync()

    def titled(card) -> None:  # type: ignore[no-untyped-def]
        card.add("title").value = "Buyer"

    def birthday(card) -> None:  # type: ignore[no-untyped-def]
        card.add("bday").value = "1984-04-02"

    if own_first:
        phone.edit("Priya Patel", titled)
    phone.add("P. Patel", emails=("priya@buyer.example",), more=birthday)
    if not own_first:
        phone.edit("Priya Patel", titled)

    assert services.calendar.sync().problem == ""
    assert services.calendar.sync().problem == ""
    cards = phone.cards()
    assert set(cards) == {"Priya Patel"}
    assert cards["Priya Patel"].bday.value == "1984-04-02"


def test_a_mistyped_address_on_a_joining_card_is_kept_in_the_history(
    services: Services, phone: Phone
) -> None:
    priya = _priya(services)
    services.calendar.sync()
    phone.add("P. Patel", emails=("priya@buyer.example", "priya@@home"))

    report = services.calendar.sync()
    assert set(phone.cards()) == {"Priya Patel"}  # the second card left, as before
    said = "E-mail as imported: priya@@home"
    assert said in _history(services, priya)
    assert any(said in line for line in report.news())


def test_a_card_emptied_on_the_phone_of_a_contact_deleted_here_leaves_the_phone(
    services: Services, phone: Phone
) -> None:
    priya = _priya(services)
    services.calendar.sync()
    services.contacts.delete(priya)

    def emptied(card) -> None:  # type: ignore[no-untyped-def]
        for key in ("n", "email", "tel", "org"):
            for line in list(card.contents.get(key, [])):
                card.remove(line)
        card.fn.value = ""

    phone.edit("Priya Patel", emptied)
    report = services.calendar.sync()
    assert (report.cards.removed, report.cards.changed_there) == (1, 0)
    assert phone.paths() == {}
    again = services.calendar.sync()
    assert (again.transferred, again.cards.changed_there) == (0, 0)
