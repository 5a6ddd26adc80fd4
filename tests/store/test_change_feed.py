"""The team server's change feed: what a colleague commits reaches every other app as a
notice of what it changed (after the commit, once a statement), and an app's own writes
are not echoed back to it."""

from __future__ import annotations

from pathlib import Path

from followup_desktop.core.changes import Area
from followup_desktop.core.model import Contact, Outcome
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import Services, open_services
from followup_desktop.services.team import change_feed


def test_a_colleague_s_writes_arrive_and_mine_are_not_echoed(
    ana: Services, maria: Services
) -> None:
    feed = change_feed(maria.db)
    assert feed is not None
    try:
        assert feed.wait(0.2) is None
        priya = ana.contacts.add(Contact(name="Priya Patel"))
        change = feed.wait(1.0)
        assert change is not None and change.concerns(Area.CONTACTS)
        ana.followups.log(priya, Outcome.VOICEMAIL, notes="left a message")
        change = feed.wait(1.0)
        assert change is not None and change.concerns(Area.AGENDA)
        # Maria's own edit: her window showed it already.
        mine = maria.contacts.get(priya)
        mine.company = "Acme"
        maria.contacts.save(mine)
        assert feed.wait(0.5) is None
    finally:
        feed.close()


def test_a_rep_s_own_file_has_no_feed(tmp_path: Path) -> None:
    own = open_services(AppPaths(tmp_path / "data"))
    try:
        assert change_feed(own.db) is None
    finally:
        own.close()
