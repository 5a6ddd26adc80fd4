"""What changed in a calendar or an address book since the last look: the server's
sync-token (RFC 6578 ``sync-collection``) where it has one, the whole collection's ETags
(a PROPFIND, depth 1) where not. The requests go through the ``caldav`` client, as every
other one does; this module only adds the two small XML bodies and reads the answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit
from xml.sax.saxutils import escape

from caldav.lib import error as dav_error
from caldav.response import DAVResponse

from followup_desktop.exchange.caldav_calendar import CalendarServer, _guarded, _listed

DAV = "DAV:"

_SYNC = """<?xml version="1.0" encoding="utf-8"?>
<d:sync-collection xmlns:d="DAV:"><d:sync-token>{token}</d:sync-token>
<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"""
_ETAGS = """<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:resourcetype/></d:prop></d:propfind>"""


@dataclass(frozen=True, slots=True)
class Listing:
    """Members by path (``/rep/book/x.vcf``, unquoted) with their ETag. ``complete``: every
    member is listed, so one not listed is gone; else only those changed since the token
    are, and ``gone`` holds the ones removed since."""

    present: dict[str, str | None] = field(default_factory=dict)
    gone: frozenset[str] = frozenset()
    token: str = ""
    complete: bool = True

    def removed(self, known: set[str]) -> set[str]:
        """Of the members ``known`` from the last look, those no longer there."""
        if self.complete:
            return {p for p in known if p not in self.present}
        return {p for p in known if p in self.gone}


def path_of(url: str) -> str:
    """The path a member is named by in every listing, whichever form the server used."""
    return unquote(urlsplit(url).path)


def listing(server: CalendarServer, url: str, token: str = "") -> Listing:
    """Changes in the collection at ``url`` since ``token`` (all of it without one). A
    token the server no longer knows (403, 409 or 412 by RFC 6578) means a full listing,
    as does a server that has no sync-collection (the ETags by PROPFIND then)."""
    if token:
        try:
            return _sync(server, url, token)
        except _TokenRefused:
            pass
    try:
        return _sync(server, url, "")
    except _TokenRefused:
        return _propfind(server, url)


class _TokenRefused(Exception):
    pass


def _sync(server: CalendarServer, url: str, token: str) -> Listing:
    body = _SYNC.format(token=escape(token))

    def report() -> DAVResponse | None:
        try:
            return server.client.report(url, body, depth=1)
        except dav_error.AuthorizationError:
            return None  # caldav's name for a 403: how Radicale refuses a stale token

    response = _guarded(report)
    if response is None or response.status in (400, 403, 405, 409, 412, 415, 501):
        raise _TokenRefused
    if response.tree is None:
        raise _TokenRefused
    present: dict[str, str | None] = {}
    gone: set[str] = set()
    for reply in response.tree.findall(f"{{{DAV}}}response"):
        path = path_of(urljoin(url, reply.findtext(f"{{{DAV}}}href") or ""))
        if path.rstrip("/") == path_of(url).rstrip("/"):
            continue
        status = reply.findtext(f"{{{DAV}}}status") or ""
        if " 404 " in f"{status} ":
            gone.add(path)
            continue
        present[path] = _strip(reply.findtext(f".//{{{DAV}}}getetag"))
    new_token = response.tree.findtext(f"{{{DAV}}}sync-token") or ""
    return Listing(present, frozenset(gone), new_token.strip(), complete=not token)


def _propfind(server: CalendarServer, url: str) -> Listing:
    response = _guarded(lambda: server.client.propfind(url, _ETAGS, depth=1))
    present: dict[str, str | None] = {}
    for reply in _listed(response, "list the entries", url).findall(f"{{{DAV}}}response"):
        path = path_of(urljoin(url, reply.findtext(f"{{{DAV}}}href") or ""))
        kinds = reply.find(f".//{{{DAV}}}resourcetype")
        if kinds is not None and kinds.find(f"{{{DAV}}}collection") is not None:
            continue
        present[path] = _strip(reply.findtext(f".//{{{DAV}}}getetag"))
    return Listing(present)


def _strip(etag: str | None) -> str | None:
    return etag.strip() if etag else None
