"""The contact list's loaded rows, stored column by column in flat arrays.

Scrolled to the end, the list holds every contact. As ``ContactSummary`` objects that
is ~600 bytes a row (the object, two strings, a datetime, boxed ints): 60 MB at 100,000
rows. Here a row is its numbers in typed arrays and its name and company as UTF-8 in one
shared buffer, ~70 bytes a row; a ``ContactSummary`` is made again only for the rows
the view asks about (a screenful at a time).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from followup_desktop.core.model import ContactSummary

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_NO_TIME = -(2**63)  # no next follow-up: outside any real instant


class ContactRows:
    """An append-only sequence of ``ContactSummary``, compactly stored."""

    def __init__(self, rows: Iterable[ContactSummary] = ()) -> None:
        self._ids = array("q")
        self._attempts = array("i")
        self._deals = array("q")
        self._due = array("q")  # microseconds since the epoch (UTC), or _NO_TIME
        self._text = bytearray()  # name, company, name, company… as UTF-8
        self._ends = array("I")  # where each of those texts ends in _text (< 4 GiB)
        self.extend(rows)

    def __len__(self) -> int:
        return len(self._ids)

    def extend(self, rows: Iterable[ContactSummary]) -> None:
        for row in rows:
            self._ids.append(row.id)
            self._attempts.append(row.attempts)
            self._deals.append(row.open_deal_value_minor)
            moment = row.next_follow_up_at
            self._due.append(_NO_TIME if moment is None else (moment - _EPOCH) // _MICROSECOND)
            for value in (row.name, row.company):
                self._text += value.encode("utf-8")
                self._ends.append(len(self._text))

    def _string(self, number: int) -> str:
        start = self._ends[number - 1] if number else 0
        return self._text[start : self._ends[number]].decode("utf-8")

    def __getitem__(self, row: int) -> ContactSummary:
        if not 0 <= row < len(self._ids):
            raise IndexError(row)
        due = self._due[row]
        return ContactSummary(
            id=self._ids[row],
            name=self._string(2 * row),
            company=self._string(2 * row + 1),
            next_follow_up_at=None if due == _NO_TIME else _EPOCH + due * _MICROSECOND,
            attempts=self._attempts[row],
            open_deal_value_minor=self._deals[row],
        )

    def last(self) -> ContactSummary | None:
        return self[len(self) - 1] if len(self) else None

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, contact_id: int) -> int | None:
        """The row showing ``contact_id`` (searched in C), or None."""
        try:
            return self._ids.index(contact_id)
        except ValueError:
            return None
