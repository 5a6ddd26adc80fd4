"""A CalDAV/CardDAV server that goes away in the middle of a sync, for real."""

from __future__ import annotations

import pytest

from followup_desktop.exchange.caldav_calendar import CalendarServer
from tests.peers.radicale import Radicale


def server_gone_at_the_first_overwrite(radicale: Radicale, monkeypatch: pytest.MonkeyPatch) -> None:
    """The server is killed just as a sync writes over one of its entries or cards: the
    write meets a refused connection (nothing taken). It is back once the test starts it."""
    real = CalendarServer.put

    def put(self, url, data, etag, new, content_type="text/calendar; charset=utf-8"):  # type: ignore[no-untyped-def]
        if not new:
            radicale.kill()
            monkeypatch.setattr(CalendarServer, "put", real)
        return real(self, url, data, etag, new, content_type)

    monkeypatch.setattr(CalendarServer, "put", put)
