"""The contact list's loaded rows: every row's id, and the rest for the rows in use.

Scrolled to the end, the list has met every contact. As ``ContactSummary`` objects that
is ~600 bytes a row (the object, two strings, a datetime, boxed ints): 60 MB at 100,000
rows. Here rows are kept in chunks of ``CHUNK``: a chunk's numbers in typed arrays and
its names and companies as UTF-8 in one buffer, ~70 bytes a row. With ``refetch`` given,
only the ``keep`` chunks used last keep those details (the ids of every row stay, 8
bytes each, for the view's row count and finding a contact's row); a chunk wanted again
after it was let go is asked for by its ids (``ReadAgain``: a screenful's query by
primary key, on a worker) and shows blank rows until ``fill`` brings it back.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta

from followup_desktop.core.model import ContactSummary

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_NO_TIME = -(2**63)  # no next follow-up: outside any real instant
_ZONE_UNKNOWN, _PHONE_UNCHECKED = 1, 2
CHUNK = 256
KEEP = 16  # chunks with their details: 4,096 rows, ~0.3 MB

Refetch = Callable[[Sequence[int]], list[ContactSummary]]
# Asked for the rows from ``first`` on, whose ids are given, when they were let go and are
# wanted again; they come back through ``ContactRows.fill``.
ReadAgain = Callable[[int, list[int]], None]


class _Interned:
    """Short texts many rows share (currency codes, ISO 4217 has ~180; reps' logins),
    each kept once: a row keeps its number, a byte or two, not a string."""

    def __init__(self, most: int) -> None:
        self._texts: list[str] = [""]
        self._numbers: dict[str, int] = {"": 0}
        self._most = most

    def number(self, text: str) -> int:
        number = self._numbers.get(text)
        if number is None:
            if len(self._texts) > self._most:
                return 0  # beyond any real list: read as "" (several, unknown), never wrong
            number = self._numbers[text] = len(self._texts)
            self._texts.append(text)
        return number

    def __getitem__(self, number: int) -> str:
        return self._texts[number]


_CURRENCIES = _Interned(most=255)
_OWNERS = _Interned(most=65535)


class _Chunk:
    __slots__ = ("attempts", "currency", "deals", "due", "ends", "marks", "owner", "text")

    def __init__(self) -> None:
        self.attempts = array("i")
        self.deals = array("q")
        self.due = array("q")  # microseconds since the epoch (UTC), or _NO_TIME
        self.text = bytearray()  # name, company, name, company… as UTF-8
        self.ends = array("I")  # where each of those texts ends in ``text``
        self.marks = array("B")  # _ZONE_UNKNOWN | _PHONE_UNCHECKED
        self.currency = array("B")  # the deal's currency, as its number in _CURRENCIES
        self.owner = array("H")  # the rep's login, as its number in _OWNERS

    def add(self, row: ContactSummary) -> None:
        self.attempts.append(row.attempts)
        self.deals.append(row.open_deal_value_minor)
        self.marks.append(
            (_ZONE_UNKNOWN * row.zone_unknown) | (_PHONE_UNCHECKED * row.phone_unchecked)
        )
        moment = row.next_follow_up_at
        self.due.append(_NO_TIME if moment is None else (moment - _EPOCH) // _MICROSECOND)
        self.currency.append(_CURRENCIES.number(row.deal_currency))
        self.owner.append(_OWNERS.number(row.owner))
        for value in (row.name, row.company):
            self.text += value.encode("utf-8")
            self.ends.append(len(self.text))

    def _string(self, number: int) -> str:
        start = self.ends[number - 1] if number else 0
        return self.text[start : self.ends[number]].decode("utf-8")

    def summary(self, contact_id: int, offset: int) -> ContactSummary:
        due = self.due[offset]
        return ContactSummary(
            id=contact_id,
            name=self._string(2 * offset),
            company=self._string(2 * offset + 1),
            next_follow_up_at=None if due == _NO_TIME else _EPOCH + due * _MICROSECOND,
            attempts=self.attempts[offset],
            open_deal_value_minor=self.deals[offset],
            zone_unknown=bool(self.marks[offset] & _ZONE_UNKNOWN),
            phone_unchecked=bool(self.marks[offset] & _PHONE_UNCHECKED),
            deal_currency=_CURRENCIES[self.currency[offset]],
            owner=_OWNERS[self.owner[offset]],
        )


def _blank(contact_id: int) -> ContactSummary:
    return ContactSummary(contact_id, "", "", None, 0, 0)


class ContactRows:
    """An append-only sequence of ``ContactSummary``, compactly stored."""

    def __init__(
        self,
        rows: Iterable[ContactSummary] = (),
        read_again: ReadAgain | None = None,
        keep: int = KEEP,
        chunk: int = CHUNK,
    ) -> None:
        self._ids = array("q")
        self._chunks: OrderedDict[int, _Chunk] = OrderedDict()  # least recently used first
        self._read_again = read_again
        self._asked: set[int] = set()  # chunks asked for again and not back yet
        self._keep = max(2, keep)
        self._chunk = chunk
        self.extend(rows)

    def __len__(self) -> int:
        return len(self._ids)

    def with_refetch(self, read_again: ReadAgain) -> ContactRows:
        """From now on let go of chunks not used lately (asked for through ``read_again``)."""
        self._read_again = read_again
        self._let_go()
        return self

    @property
    def chunks_held(self) -> int:
        return len(self._chunks)

    def extend(self, rows: Iterable[ContactSummary]) -> None:
        for row in rows:
            number = len(self._ids) // self._chunk
            chunk = self._chunks.get(number)
            if chunk is None:
                chunk = self._chunks[number] = _Chunk()
                self._let_go()
            self._ids.append(row.id)
            chunk.add(row)

    def __getitem__(self, row: int) -> ContactSummary:
        if not 0 <= row < len(self._ids):
            raise IndexError(row)
        number, offset = divmod(row, self._chunk)
        chunk = self._chunks.get(number)
        if chunk is None:
            self._ask_again(number)
            chunk = self._chunks.get(number)
            if chunk is None:
                return _blank(self._ids[row])
        self._chunks.move_to_end(number)
        return chunk.summary(self._ids[row], offset)

    def is_blank(self, row: int) -> bool:
        """The row's details are on their way back (``__getitem__`` gives a blank row)."""
        return row // self._chunk not in self._chunks

    def _ask_again(self, number: int) -> None:
        if number in self._asked:
            return
        assert self._read_again is not None  # chunks are only let go when they can come back
        self._asked.add(number)
        first = number * self._chunk
        self._read_again(first, list(self._ids[first : first + self._chunk]))

    def not_filled(self, first: int) -> None:
        """The rows from ``first`` on could not be read again: asked for anew when next
        painted."""
        self._asked.discard(first // self._chunk)

    def fill(self, first: int, ids: Sequence[int], found: Iterable[ContactSummary]) -> None:
        """The rows from ``first`` on (``ids``), read again; one missing from ``found`` was
        deleted meanwhile (elsewhere) and stays blank until the list is read again."""
        number = first // self._chunk
        self._asked.discard(number)
        by_id = {summary.id: summary for summary in found}
        chunk = _Chunk()
        for contact_id in ids:
            chunk.add(by_id.get(contact_id) or _blank(contact_id))
        self._chunks[number] = chunk
        self._let_go()

    def replace(self, row: int, summary: ContactSummary) -> bool:
        """``row`` shows ``summary`` (a save kept on the laptop, before the store has it);
        False when its details were let go (read again from the store when wanted)."""
        number = row // self._chunk
        if number not in self._chunks:
            return False
        first = number * self._chunk
        last = min(first + self._chunk, len(self._ids))
        chunk = _Chunk()
        for at in range(first, last):
            chunk.add(summary if at == row else self[at])
        self._chunks[number] = chunk
        return True

    def _let_go(self) -> None:
        if self._read_again is None:
            return
        # The last chunk stays: the next page is read from its last row.
        last = (len(self._ids) - 1) // self._chunk
        for number in list(self._chunks):
            if len(self._chunks) <= self._keep:
                break
            if number != last:
                del self._chunks[number]

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
