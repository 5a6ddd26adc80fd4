"""Each rep's own calendar on a team server: against a real PostgreSQL and a real
Radicale, a rep and her manager each put their own agreed calls on their own calendar,
and neither's sync takes the other's entries for its own (it once removed them). Both
use one account here (two calendars in it), so they also share its address book: what
one puts there the other's sync brings in, as it would for one rep's two devices."""

from __future__ import annotations

from datetime import timedelta

import caldav
import pytest

from followup_desktop.core import settings as options
from followup_desktop.core.model import Contact, Outcome
from followup_desktop.services.session import Services
from followup_desktop.store import calendar_repo, cards_repo
from tests.peers.dav_phone import calendar_events
from tests.peers.fixtures import DavServer
from tests.peers.radicale import radicale_server
from tests.team_logins import NOW

pytestmark = pytest.mark.usefixtures("keyring_bus")


def _summaries(server: DavServer, services: Services) -> list[str]:
    url = services.settings.load().get(options.SYNC_CALENDAR)
    return sorted(str(event["SUMMARY"]) for event in calendar_events(server, url))


def test_a_rep_and_her_manager_each_sync_their_own_calendar(ana: Services, maria: Services) -> None:
    priya = ana.contacts.add(Contact(name="Priya Patel", time_zone="Europe/Paris"))
    ana.followups.log(
        priya, Outcome.CONNECTED, agreed_next=NOW + timedelta(days=2), objective="the pilot"
    )
    mia = maria.contacts.add(Contact(name="Mia Berg", time_zone="Europe/Paris"))
    maria.followups.log(
        mia, Outcome.CONNECTED, agreed_next=NOW + timedelta(days=3), objective="the renewal"
    )
    with maria.db.reading() as session:  # her phone will hold her book, not the team's
        assert set(cards_repo.live_fields(session)) == {mia}
    with radicale_server() as radicale:
        server = DavServer(f"http://127.0.0.1:{radicale.port}/", radicale.user, radicale.password)
        client = caldav.DAVClient(url=server.url, username=server.user, password=server.password)
        client.principal().make_calendar(name="Maria's calls")
        client.close()
        ana.calendar.setup(server.url, server.user, server.password)
        maria.calendar.setup(server.url, server.user, server.password, calendar="Maria's calls")

        assert ana.calendar.sync().put == 1
        # Maria reads the team's book; her calendar gets her own calls, and Ana's entry
        # is not hers to remove.
        mine = maria.calendar.sync()
        assert (mine.put, mine.removed) == (1, 0)
        again = ana.calendar.sync()
        assert (again.put, again.removed) == (0, 0)
        assert _summaries(server, ana) == ["Call Priya Patel: the pilot"]
        assert _summaries(server, maria) == ["Call Mia Berg: the renewal"]

    # What links the book to each rep's calendar is that rep's own, on the server too.
    for services in (ana, maria):
        with services.db.reading() as session:
            assert len(calendar_repo.published(session)) == 1
