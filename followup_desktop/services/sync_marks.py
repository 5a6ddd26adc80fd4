"""A write on its way to the rep's server, as the store records it.

Before a sync overwrites an entry or a card it records the new digest marked in flight;
once the server answered, the new ETag and the plain digest. A sync killed in between
leaves the mark, so the next one knows that an ETag it did not expect is its own write
(and writes again over it), not an edit the rep made on their phone (which it keeps).
"""

from __future__ import annotations

IN_FLIGHT = "!"  # never the first character of a hex digest


def in_flight(digest: str) -> str:
    # The digest's first character gives way to the mark: it still fits its column (64
    # characters, which PostgreSQL enforces) and can never equal a plain digest.
    return IN_FLIGHT + digest[1:]


def is_in_flight(digest: str) -> bool:
    return digest.startswith(IN_FLIGHT)
