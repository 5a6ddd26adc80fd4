"""How long a write kept on a laptop (the team server away) may still be sent, and how
long the store remembers the id of a write it took (``applied_writes``, migration 0018),
so that a write sent twice (its first answer lost) is written once.

A kept write is sent within ``SENT_WITHIN`` of when it was kept; one older is set aside
for the rep (never dropped), since its id may be forgotten by then. The store forgets an
id ``REMEMBERED_FOR`` after it took the write: the half year between the two leaves room
for a laptop's clock being wrong by months."""

from __future__ import annotations

from datetime import datetime, timedelta

SENT_WITHIN = timedelta(days=180)
REMEMBERED_FOR = timedelta(days=365)


def too_old_to_send(kept_at: datetime, now: datetime) -> bool:
    """Kept so long ago that the store may have forgotten whether it took it."""
    return now - kept_at > SENT_WITHIN
