"""A write on its way to the rep's server, as the store records it.

Before a sync overwrites an entry or a card it records the new digest marked in flight;
once the server answered, the new ETag and the plain digest. A sync killed in between
leaves the mark, so the next one knows that an ETag it did not expect is its own write
(and writes again over it), not an edit the rep made on their phone (which it keeps).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from followup_desktop.store.db import Database, StoreSession

Entry = TypeVar("Entry")
Answer = TypeVar("Answer")

IN_FLIGHT = "!"  # never the first character of a hex digest


def in_flight(digest: str) -> str:
    # The digest's first character gives way to the mark: it still fits its column (64
    # characters, which PostgreSQL enforces) and can never equal a plain digest.
    return IN_FLIGHT + digest[1:]


def is_in_flight(digest: str) -> bool:
    return digest.startswith(IN_FLIGHT)


def write_marked(
    db: Database,
    record: Callable[[StoreSession, Entry], None],
    known: Entry,
    marked: Entry,
    write: Callable[[], Answer],
) -> Answer:
    """``write`` (a write over an entry or card the server has) with ``marked`` (the
    entry with its digest in flight) recorded while it goes. ``known`` is recorded back
    when the write plainly did not arrive: refused as edited there (``Changed``),
    unreachable, or answered no. Otherwise the next sync would take an edit made on the
    phone meanwhile for this write and write over it. A write that timed out or was cut
    off keeps the mark, as the server may have taken it."""
    from followup_desktop.exchange.caldav_calendar import SyncProblem

    with db.writing() as session:
        record(session, marked)
    try:
        return write()
    except SyncProblem as problem:
        if not problem.may_have_written:
            with db.writing() as session:
                record(session, known)
        raise


class Steps:
    """How far a sync is, for the first big one's progress bar: ``said(done, total)``
    every ``EVERY`` writes and at the end."""

    EVERY = 20

    def __init__(self, said: Callable[[int, int], None] | None = None) -> None:
        self._said = said
        self.done = self.total = 0

    def expect(self, count: int) -> None:
        self.total += count
        if self._said is not None and count:
            self._said(self.done, self.total)

    def one(self) -> None:
        self.done += 1
        if self._said is not None and (self.done % self.EVERY == 0 or self.done == self.total):
            self._said(self.done, self.total)
