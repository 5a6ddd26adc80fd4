"""The rep's calendar, out: against a real Radicale and a real Xandikos, an agreed call and
a promise logged in FollowUp appear on the calendar with their alarm; moved in FollowUp,
the same UID with SEQUENCE up; done or cancelled, gone; while the server is away nothing
is lost, and the next sync puts it there; an entry put by a sync killed before it was
recorded is adopted, not doubled. A third party (the ``caldav`` client, standing in for
the rep's phone) reads the server."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin

import caldav
import icalendar
import pytest

from followup_desktop.core import settings as options
from followup_desktop.core.cadence import CommitmentRequest
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Email, FollowUp, Outcome, Phone
from followup_desktop.exchange.caldav_calendar import SyncProblem
from followup_desktop.services.session import Services
from followup_desktop.store import calendar_repo
from tests.peers.cut_proxy import cut_proxy
from tests.peers.dav_outage import server_gone_at_the_first_overwrite
from tests.peers.dav_phone import calendar_events, edited_at_the_first_delete
from tests.peers.fixtures import DavServer
from tests.peers.keyring_session import SecretService
from tests.peers.radicale import Radicale, radicale_server
from tests.peers.xandikos import xandikos_server

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # Monday, 10:00 in Paris
AGREED = datetime(2026, 12, 9, 15, 0, tzinfo=UTC)  # Wednesday 16:00 in Paris


Server = DavServer


@pytest.fixture
def server(dav_server: DavServer) -> DavServer:
    return dav_server


# The passwords go to a private Secret Service (the shared ``services`` fixture opens
# the store; the keyring is reached only when a password is kept or read).
pytestmark = pytest.mark.usefixtures("keyring_bus")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


def _priya(services: Services) -> int:
    return services.contacts.add(
        Contact(
            name="Priya Patel",
            company="Acme",
            time_zone="Europe/Paris",
            emails=[Email("priya@buyer.example")],
            phones=[Phone("+33142685300")],
        )
    )


def test_agreed_calls_and_promises_go_out_move_and_go(services: Services, server: Server) -> None:
    report = services.calendar.setup(server.url, server.user, server.password)
    assert report.made and report.chosen == "FollowUp" and report.password_in_keyring
    calendar_url = services.settings.load().get(options.SYNC_CALENDAR)
    assert calendar_url == report.url
    priya = _priya(services)
    logged = services.followups.log(
        priya,
        Outcome.CONNECTED,
        agreed_next=AGREED,
        objective="review the proposal",
        commitment=CommitmentRequest("send the pilot plan", NOW + timedelta(days=1)),
    )
    agreed = next(f for f in logged.created if f.agreed)

    first = services.calendar.sync()
    assert (first.put, first.removed, first.problem) == (2, 0, "")
    assert first.text() == "synced 10:00"
    events = {str(e["SUMMARY"]): e for e in calendar_events(server, calendar_url)}
    assert set(events) == {
        "Call Priya Patel (Acme): review the proposal",
        "Promise to Priya Patel (Acme): send the pilot plan",
    }
    call = events["Call Priya Patel (Acme): review the proposal"]
    assert call.decoded("DTSTART") == AGREED
    assert str(call["DTSTART"].params["TZID"]) == "Europe/Paris"
    assert int(call["SEQUENCE"]) == 0
    assert "ATTENDEE" not in call and "ORGANIZER" not in call  # never an invite from here
    (alarm,) = call.walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(minutes=-15)
    assert "Phone: +33142685300" in str(call["DESCRIPTION"])
    uid = str(call["UID"])

    again = services.calendar.sync()  # nothing changed: nothing written
    assert (again.put, again.removed) == (0, 0)

    services.followups.move(agreed.id or 0, AGREED + timedelta(days=1))
    moved = services.calendar.sync()
    assert (moved.put, moved.removed) == (1, 0)
    calls = [
        e for e in calendar_events(server, calendar_url) if str(e["SUMMARY"]).startswith("Call")
    ]
    (call,) = calls
    assert (str(call["UID"]), int(call["SEQUENCE"])) == (uid, 1)
    assert call.decoded("DTSTART") == AGREED + timedelta(days=1)

    # The call is made: its entry goes; the promise stays.
    services.calendar  # noqa: B018 (built before the clock moves: nothing depends on it)
    services.followups.log(priya, Outcome.CONNECTED, follow_up_id=agreed.id)
    gone = services.calendar.sync()
    assert gone.removed == 1
    assert [str(e["SUMMARY"]) for e in calendar_events(server, calendar_url)] == [
        "Promise to Priya Patel (Acme): send the pilot plan"
    ]


def test_the_search_for_a_right_number_is_no_promise_on_the_calendar(
    services: Services, server: Server
) -> None:
    """It would go out as "Promise to Priya Patel (Acme): …", the wrong number as the one
    to call, even with the rules' steps kept off the calendar."""
    services.calendar.setup(server.url, server.user, server.password)
    calendar_url = services.settings.load().get(options.SYNC_CALENDAR)
    priya = _priya(services)
    services.followups.log(priya, Outcome.WRONG_NUMBER)
    assert services.calendar.sync().put == 0
    assert calendar_events(server, calendar_url) == []

    # With the rules' steps on the calendar, it goes out as what it is.
    services.settings.save(services.settings.load().with_value(options.SYNC_RULE_STEPS, True))
    assert services.calendar.sync().put == 1
    (search,) = calendar_events(server, calendar_url)
    assert str(search["SUMMARY"]) == "Find the right number for Priya Patel (Acme)"
    assert search.decoded("DTSTART") == datetime(2026, 12, 8, 8, 30, tzinfo=UTC)  # Tue 09:30
    description = str(search["DESCRIPTION"])
    assert "The number on file, which reached someone else: +33142685300" in description
    assert "Phone:" not in description

    # The right number saved: the search leaves the calendar, the call on it comes.
    opened = services.contacts.get(priya)
    edited = services.contacts.get(priya)
    edited.phones = [Phone("+33142685399")]
    services.deals.save_edit(opened, edited, None)
    after = services.calendar.sync()
    assert (after.put, after.removed) == (1, 1)
    (call,) = calendar_events(server, calendar_url)
    assert str(call["SUMMARY"]) == (
        "Call Priya Patel (Acme): the first call on the number you found"
    )
    assert "Phone: +33142685399" in str(call["DESCRIPTION"])


def test_while_the_server_is_away_nothing_is_lost_and_the_next_sync_puts_it(
    services: Services, server: Server
) -> None:
    services.calendar.setup(server.url, server.user, server.password)
    calendar_url = services.settings.load().get(options.SYNC_CALENDAR)
    real = services.settings.load()
    # The same account, its host unreachable (a train, a hotel Wi-Fi): nothing listens.
    dead = "http://127.0.0.1:9/"
    book_url = real.get(options.SYNC_ADDRESS_BOOK)
    services.settings.save(
        real.with_value(options.SYNC_URL, dead)
        .with_value(options.SYNC_CALENDAR, dead + calendar_url.split("/", 3)[3])
        .with_value(options.SYNC_ADDRESS_BOOK, dead + book_url.split("/", 3)[3])
    )
    priya = _priya(services)
    services.followups.log(priya, Outcome.CONNECTED, agreed_next=AGREED, objective="pilot")
    away = services.calendar.sync()
    assert (away.put, away.waiting) == (0, 2)  # Priya's call, and her card
    assert away.text() == (
        "offline: 2 changes waiting (the server cannot be reached: connection refused)"
    )
    services.settings.save(real)
    back = services.calendar.sync()
    assert (back.put, back.cards.put, back.waiting, back.problem) == (1, 1, 0, "")
    assert len(calendar_events(server, calendar_url)) == 1


def test_an_entry_put_by_a_killed_sync_is_adopted_not_doubled(
    services: Services, server: Server
) -> None:
    services.calendar.setup(server.url, server.user, server.password)
    calendar_url = services.settings.load().get(options.SYNC_CALENDAR)
    priya = _priya(services)
    services.followups.log(priya, Outcome.CONNECTED, agreed_next=AGREED, objective="pilot")
    assert services.calendar.sync().put == 1
    with services.db.writing() as session:  # as if killed between the PUT and its record
        for follow_up_id in calendar_repo.published(session):
            calendar_repo.forget(session, follow_up_id)
    again = services.calendar.sync()
    assert (again.put, again.problem) == (1, "")
    assert len(calendar_events(server, calendar_url)) == 1


def test_a_wrong_password_is_said_and_nothing_is_kept(services: Services) -> None:
    with (
        radicale_server() as radicale,
        pytest.raises(SyncProblem, match="refused the user name or the password"),
    ):
        services.calendar.setup(f"http://127.0.0.1:{radicale.port}/", radicale.user, "wrong")
    assert services.settings.load().get(options.SYNC_URL) == ""
    with pytest.raises(SyncProblem, match="use an https:// address"):
        services.calendar.setup("http://dav.example.com/", "sam", "pw")


def test_a_password_changed_on_the_server_is_not_called_offline(
    services: Services, radicale: Radicale
) -> None:
    """The server answers but refuses the login: the rep is told so, not that they are
    offline, and the change waits."""
    from followup_desktop.services.calendar_sync import CALENDAR
    from followup_desktop.services.secrets import Secrets

    services.calendar.setup(f"http://127.0.0.1:{radicale.port}/", radicale.user, radicale.password)
    priya = _priya(services)
    services.calendar.sync()
    Secrets().remember_password(CALENDAR, "127.0.0.1", radicale.user, "changed elsewhere")
    services.contacts.save(replace(services.contacts.get(priya), company="Acme Europe"))
    said = services.calendar.sync().text()
    assert said.startswith("not synced: 1 change waiting (the server refused the user name")


def test_a_book_the_account_may_not_change_is_said_so_not_blamed_on_the_password() -> None:
    from followup_desktop.exchange.caldav_calendar import _raise_for

    with pytest.raises(SyncProblem, match=r"does not let this account save the entry \(403\): "):
        _raise_for(403, "save the entry", "https://dav.example/book/a.vcf")
    with pytest.raises(SyncProblem, match=r"refused the user name or the password \(401\)"):
        _raise_for(401, "save the entry", "https://dav.example/book/a.vcf")


def test_followup_sync_setup_then_sync_from_the_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keyring_bus: SecretService
) -> None:
    import io

    from followup_desktop import cli

    monkeypatch.setenv("TZ", "Europe/Paris")
    clock, data = FixedClock(NOW), tmp_path / "data"

    def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(["--data-dir", str(data), *argv], out, err, clock)
        return code, out.getvalue(), err.getvalue()

    assert run("sync") == (
        2,
        "",
        "followup: no calendar account is set: followup sync setup --url URL --user NAME\n",
    )
    with xandikos_server() as xandikos:
        code, out, err = run("sync", "setup", "--url", xandikos.url, "--user", "rep", stdin="pw\n")
        assert (code, err) == (0, "")
        assert out == (
            "Connected: 2 calendar(s): calendar, FollowUp.\n"
            "Agreed calls and promises go to 'FollowUp' (made now).\n"
            "Your contacts go to the address book 'FollowUp'.\n"
        )
        code, out, _ = run("contact", "add", "--name", "Priya Patel", "--time-zone", "Europe/Paris")
        run("log", out.strip(), "--outcome", "connected", "--next", AGREED.isoformat())
        assert run("sync") == (
            0,
            "Calendar: synced 10:00 · 1 put, 0 removed · contacts: 1 put, 0 removed.\n",
            "",
        )
        code, out, _ = run("sync", "--json")
        assert code == 0
        assert json.loads(out) | {"at": ""} == {
            "at": "",
            "status": "synced 10:00",
            "problem": "",
            "waiting": 0,
            "calendar": {"put": 0, "removed": 0},
            "contacts": {"put": 0, "removed": 0},
            "from_phone": {"new": 0, "changed": 0, "deleted": 0},
            "news": [],
            "not_taken_in": [],
            "changed_there": [],
        }
        # A new password (changed on the server) goes into the keyring, never on disk.
        code, out, _ = run("settings", "set-password", "dav", stdin="pw2\n")
        assert (code, out) == (
            0,
            "the calendar (CalDAV/CardDAV) password for rep at 127.0.0.1 is in the system "
            "keyring\n",
        )
    # The server is gone now: a new agreed call waits, and the command says so.
    run("log", "1", "--outcome", "connected", "--next", (AGREED + timedelta(days=1)).isoformat())
    code, out, _ = run("sync")
    assert code == 1
    assert out.startswith("Calendar: offline: 2 changes waiting (the server cannot be reached")
    assert out.endswith(" · 0 put, 0 removed · contacts: 0 put, 0 removed.\n")


def test_a_meeting_on_another_calendar_blocks_an_offered_slot(
    services: Services, server: Server
) -> None:
    services.calendar.setup(server.url, server.user, server.password)
    priya = _priya(services)
    before = services.calls.sheet(priya).offered_slots
    first = before[0]  # Tuesday 10:00 in Paris
    # The rep's phone puts a meeting on their own (other) calendar over the first offer.
    client = caldav.DAVClient(
        url=server.url, username=server.user, password=server.password, require_tls=False
    )
    ours = services.settings.load().get(options.SYNC_CALENDAR).rstrip("/")
    (other,) = [c for c in client.principal().calendars() if str(c.url).rstrip("/") != ours]
    for uid, start, end, summary in (
        ("board-meeting@phone", first - timedelta(minutes=30), first + timedelta(hours=1), "Board"),
        ("holiday@phone", first.date(), None, "School holiday"),  # all day: not busy
    ):
        entry = icalendar.Calendar()  # one UID a resource (RFC 4791)
        entry.add("prodid", "-//phone//EN")
        entry.add("version", "2.0")
        event = icalendar.Event()
        event.add("uid", uid)
        event.add("dtstamp", NOW)
        event.add("dtstart", start)
        if end is not None:
            event.add("dtend", end)
        event.add("summary", summary)
        entry.add_component(event)
        other.save_event(entry.to_ical().decode())

    assert services.calendar.sync().problem == ""
    sheet = services.calls.sheet(priya)
    assert sheet.busy == ((first - timedelta(minutes=30), first + timedelta(hours=1)),)
    assert sheet.offered_slots[0] == first + timedelta(hours=1)  # after the meeting
    assert sheet.offered_slots[1:] == before[1:]


def _agreed_call_synced(services: Services, server: Server) -> tuple[str, int, FollowUp]:
    """Priya's agreed call on the rep's calendar: the calendar's URL, her id, the call."""
    services.calendar.setup(server.url, server.user, server.password)
    calendar_url = services.settings.load().get(options.SYNC_CALENDAR)
    priya = _priya(services)
    logged = services.followups.log(
        priya, Outcome.CONNECTED, agreed_next=AGREED, objective="review the proposal"
    )
    agreed = next(f for f in logged.created if f.agreed)
    services.calendar.sync()
    return calendar_url, priya, agreed


def test_a_call_moved_on_the_phone_moves_in_followup(services: Services, server: Server) -> None:
    calendar_url, priya, agreed = _agreed_call_synced(services, server)
    friday = _dragged_on_the_phone(server, calendar_url)

    report = services.calendar.sync()
    assert report.problem == ""
    assert report.moved_there == ("Priya Patel: moved on your calendar, Wed 16:00 → Fri 11:00",)
    (moved,) = [f for f in services.followups.open_for(priya) if f.agreed]
    assert (moved.id, moved.due_at) == (agreed.id, friday)  # the same follow-up, moved
    (call,) = calendar_events(server, calendar_url)
    assert call.decoded("DTSTART") == friday  # and it stays where the rep put it
    assert int(call["SEQUENCE"]) == 1
    assert services.calendar.sync().moved_there == ()  # read once


def _dragged_on_the_phone(server: Server, calendar_url: str) -> datetime:
    """The rep drags the call on their phone to Friday 11:00 (Paris); that instant."""
    friday = datetime(2026, 12, 11, 10, 0, tzinfo=UTC)
    _set_on_the_phone(server, calendar_url, friday, friday + timedelta(minutes=15))
    return friday


def _set_on_the_phone(server: Server, calendar_url: str, start: date, end: date) -> None:
    """The call's start and end as the rep's phone writes them: an instant, a time without
    a zone (floating), or a day (all day)."""
    client = caldav.DAVClient(
        url=server.url, username=server.user, password=server.password, require_tls=False
    )
    try:
        (event,) = client.calendar(url=calendar_url).events()
        parsed = icalendar.Calendar.from_ical(event.data)
        (vevent,) = parsed.walk("VEVENT")
        vevent["DTSTART"] = icalendar.vDDDTypes(start)
        vevent["DTEND"] = icalendar.vDDDTypes(end)
        event.data = parsed.to_ical().decode()
        event.save()
    finally:
        client.close()


def test_a_call_moved_on_the_phone_to_a_time_without_a_zone_moves_on_the_reps_clock(
    services: Services, server: Server
) -> None:
    """A phone that writes a floating time (no TZID: 'Friday 11:00 wherever I am') means
    the clock of the rep who looks at it, not the contact's (New York here) nor UTC."""
    services.calendar.setup(server.url, server.user, server.password)
    calendar_url = services.settings.load().get(options.SYNC_CALENDAR)
    ben = services.contacts.add(Contact(name="Ben Ode", time_zone="America/New_York"))
    services.followups.log(ben, Outcome.CONNECTED, agreed_next=AGREED)
    services.calendar.sync()
    floating = datetime(2026, 12, 11, 11, 0)  # Friday 11:00 on the rep's phone, in Paris
    _set_on_the_phone(server, calendar_url, floating, floating + timedelta(minutes=15))

    report = services.calendar.sync()
    assert report.moved_there == ("Ben Ode: moved on your calendar, Wed 16:00 → Fri 11:00",)
    friday = datetime(2026, 12, 11, 10, 0, tzinfo=UTC)
    (moved,) = [f for f in services.followups.open_for(ben) if f.agreed]
    assert moved.due_at == friday
    (call,) = calendar_events(server, calendar_url)
    assert call.decoded("DTSTART") == friday  # where the rep put it, with a zone now


def test_a_call_made_all_day_on_the_phone_keeps_its_time_and_says_why(
    services: Services, server: Server
) -> None:
    """A call needs a time of day: one made all-day on the phone is not taken, and the rep
    is told so, rather than finding it back at its time with no word."""
    services.calendar.setup(server.url, server.user, server.password)
    calendar_url = services.settings.load().get(options.SYNC_CALENDAR)
    priya = _priya(services)
    services.followups.log(priya, Outcome.CONNECTED, agreed_next=AGREED)
    services.calendar.sync()
    _set_on_the_phone(server, calendar_url, date(2026, 12, 11), date(2026, 12, 12))

    report = services.calendar.sync()
    assert report.moved_there == (
        "Priya Patel: made all-day on your calendar; not taken, as FollowUp needs a time of "
        "day: still Wed 16:00",
    )
    (kept,) = [f for f in services.followups.open_for(priya) if f.agreed]
    assert kept.due_at == AGREED
    (call,) = calendar_events(server, calendar_url)
    assert call.decoded("DTSTART") == AGREED
    assert services.calendar.sync().moved_there == ()  # said once


def test_a_promise_whose_alarm_was_dismissed_on_the_phone_has_not_moved(
    services: Services, server: Server, clock: FixedClock
) -> None:
    """A promise due "as soon as possible" is due at the very moment it was logged, to
    the microsecond; its entry carries whole seconds. Dismissing its alarm on the phone
    (Thunderbird writes X-MOZ-LASTACK) changes the entry, not its time."""
    services.calendar.setup(server.url, server.user, server.password)
    calendar_url = services.settings.load().get(options.SYNC_CALENDAR)
    priya = _priya(services)
    clock.advance(seconds=17.25)
    logged = services.followups.log(
        priya, Outcome.CONNECTED, commitment=CommitmentRequest("send the price list", asap=True)
    )
    (promise,) = logged.created
    services.calendar.sync()
    client = caldav.DAVClient(
        url=server.url, username=server.user, password=server.password, require_tls=False
    )
    (event,) = client.calendar(url=calendar_url).events()
    parsed = icalendar.Calendar.from_ical(event.data)
    (vevent,) = parsed.walk("VEVENT")
    vevent.add("X-MOZ-LASTACK", clock.now() + timedelta(minutes=5))
    event.data = parsed.to_ical().decode()
    event.save()

    report = services.calendar.sync()
    assert report.moved_there == ()
    (kept,) = services.followups.open_for(priya)
    assert kept.due_at == promise.due_at


def test_a_call_moved_on_the_phone_after_a_sync_cut_off_moves_here(
    services: Services, radicale: Radicale, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sync that could not write (the server gone) leaves no mark that would take the
    rep's next move on the phone for FollowUp's own write and put the call back."""
    server = DavServer(f"http://127.0.0.1:{radicale.port}/", radicale.user, radicale.password)
    services.calendar.setup(server.url, server.user, server.password)
    calendar_url = services.settings.load().get(options.SYNC_CALENDAR)
    priya = _priya(services)
    logged = services.followups.log(priya, Outcome.CONNECTED, agreed_next=AGREED)
    agreed = next(f for f in logged.created if f.agreed)
    services.calendar.sync()
    services.followups.move(agreed.id, AGREED + timedelta(days=1))  # Thursday, in FollowUp
    server_gone_at_the_first_overwrite(radicale, monkeypatch)
    assert "connection refused" in services.calendar.sync().problem
    radicale.start()
    friday = _dragged_on_the_phone(server, calendar_url)

    report = services.calendar.sync()
    assert report.moved_there == ("Priya Patel: moved on your calendar, Thu 16:00 → Fri 11:00",)
    (moved,) = [f for f in services.followups.open_for(priya) if f.agreed]
    assert moved.due_at == friday
    (call,) = calendar_events(server, calendar_url)
    assert call.decoded("DTSTART") == friday


def test_a_done_call_moved_on_the_phone_while_the_sync_ran_is_named(
    services: Services, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The call is made in FollowUp; as the sync removes its entry the rep moves it on the
    phone: the entry stays where they put it, and the rep is told whose call it is (its
    UID would say nothing to them)."""
    calendar_url, priya, agreed = _agreed_call_synced(services, server)
    services.followups.log(priya, Outcome.CONNECTED, follow_up_id=agreed.id)
    edited_at_the_first_delete(lambda: _dragged_on_the_phone(server, calendar_url), monkeypatch)

    report = services.calendar.sync()
    assert (report.removed, report.problem) == (0, "")
    assert report.changed_there == ("Priya Patel",)
    (call,) = calendar_events(server, calendar_url)  # theirs stays
    assert str(call["SUMMARY"]) == "Call Priya Patel (Acme): review the proposal"


def _phone_cards(server: Server, book_url: str) -> dict[str, dict[str, object]]:
    """The address book as another client reads it: FN → fields."""
    import vobject

    client = caldav.DAVClient(
        url=server.url, username=server.user, password=server.password, require_tls=False
    )
    body = (
        '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>'
    )
    listing = client.propfind(book_url, body, depth=1)
    cards: dict[str, dict[str, object]] = {}
    for href in listing.tree.iterfind(".//{DAV:}href"):
        if not (href.text or "").endswith(".vcf"):
            continue
        got = client.request(urljoin(book_url, href.text), "GET", "", {"Accept": "text/vcard"})
        card = vobject.readOne(got.raw)
        fields = {
            "org": " ".join(card.org.value) if hasattr(card, "org") else "",
            "tel": sorted(t.value for t in card.contents.get("tel", [])),
            "email": sorted(e.value for e in card.contents.get("email", [])),
            "uid": card.uid.value,
        }
        cards[card.fn.value] = fields
    return cards


def test_contacts_reach_the_phone_and_follow_edits_and_deletes(
    services: Services, server: Server
) -> None:
    report = services.calendar.setup(server.url, server.user, server.password)
    assert report.address_book == "FollowUp"
    book_url = services.settings.load().get(options.SYNC_ADDRESS_BOOK)
    priya = _priya(services)
    ben = services.contacts.add(Contact(name="Ben Ode", phones=[Phone("+12125550100")]))
    first = services.calendar.sync()
    assert (first.cards.put, first.cards.removed, first.problem) == (2, 0, "")
    cards = _phone_cards(server, book_url)
    assert cards["Priya Patel"]["org"] == "Acme"
    assert cards["Priya Patel"]["tel"] == ["+33142685300"]
    assert cards["Priya Patel"]["email"] == ["priya@buyer.example"]
    assert services.calendar.sync().cards.put == 0  # nothing changed: nothing sent

    contact = services.contacts.get(priya)
    services.contacts.save(replace(contact, company="Acme Europe"))
    services.contacts.delete(ben)
    second = services.calendar.sync()
    assert (second.cards.put, second.cards.removed) == (1, 1)
    cards = _phone_cards(server, book_url)
    assert set(cards) == {"Priya Patel"} and cards["Priya Patel"]["org"] == "Acme Europe"


def test_a_password_changed_on_the_server_is_sent_once_not_at_every_sync(
    services: Services, radicale: Radicale
) -> None:
    """The rep changed the calendar's password on the web: the one kept here is refused.
    It is not sent again at every sync (a refused login every few minutes gets accounts
    locked) until the rep types the new one, which is."""
    from followup_desktop.services.calendar_sync import CALENDAR
    from followup_desktop.services.secrets import Secrets

    assert radicale.config is not None
    with cut_proxy(radicale.port) as wire:
        services.calendar.setup(f"http://127.0.0.1:{wire.port}/", radicale.user, radicale.password)
        priya = _priya(services)
        assert services.calendar.sync().problem == ""
        (radicale.config.parent / "users").write_text(f"{radicale.user}:changed-on-the-web\n")
        services.contacts.save(replace(services.contacts.get(priya), company="Acme Europe"))

        refused = services.calendar.sync()
        assert refused.waiting == 1
        assert refused.problem.startswith("the server refused the user name or the password")
        assert "type them again in File › Calendar account…" in refused.problem
        opened = wire.connections
        again = services.calendar.sync()
        assert again.problem.endswith("not tried again until then")
        assert again.waiting == 1  # the change still waits
        assert wire.connections == opened  # the refused password went nowhere

        Secrets().remember_password(CALENDAR, "127.0.0.1", radicale.user, "changed-on-the-web")
        typed_again = services.calendar.sync()
        assert (typed_again.problem, typed_again.waiting) == ("", 0)
