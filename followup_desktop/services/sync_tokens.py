"""Where the last look at a calendar or an address book stopped: the server's sync-token
(RFC 6578), kept beside the settings with the collection it belongs to, so a collection
chosen anew starts with a full listing.

A token is kept only after everything listed up to it was recorded: a sync killed
before that lists the same changes again, and finds them already taken in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from followup_desktop.store import settings_repo
from followup_desktop.store.db import Database

if TYPE_CHECKING:
    from followup_desktop.exchange.caldav_calendar import CalendarServer

CALENDAR = "sync.calendar.token"
CARDS = "sync.cards.token"


def kept(db: Database, key: str, url: str) -> str:
    with db.reading() as session:
        value = settings_repo.get_raw(session, key) or ""
    owner, _, token = value.partition(" ")
    return token if owner == url else ""


def keep(db: Database, key: str, url: str, token: str) -> None:
    with db.writing() as session:
        settings_repo.set_raw(session, key, f"{url} {token}" if token else "")


def catch_up(
    db: Database,
    server: CalendarServer,
    key: str,
    url: str,
    recorded: Callable[[], dict[str, str | None]],
) -> None:
    """After a sync's own writes: the token moves past them when they are all that
    changed (each listed member at the ETag ``recorded`` by path), so the next sync
    lists nothing; anything else stays to be listed again."""
    from followup_desktop.exchange.dav_listing import listing

    token = kept(db, key, url)
    if not token:
        return
    later = listing(server, url, token)
    etags = recorded()
    if all(etags.get(path, "") == etag for path, etag in later.present.items()) and all(
        path not in etags for path in later.gone
    ):
        keep(db, key, url, later.token)
