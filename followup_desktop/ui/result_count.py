"""The status bar's count of the listed contacts, kept right while the rep types.

- When the first page holds every match, that page is the count: no count query runs
  (most longer or rare terms; a count reads every match, up to a hundred milliseconds
  at 100,000 contacts, on a worker beside the next search typed).
- Otherwise the count runs on a worker, and until it arrives the label says what is
  known ("200+ contacts found"), never an older query's count; a count that arrives
  after a newer list was shown is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

Count = Callable[[str], int]
# Runs ``work`` on a worker: ``run(work, done, failed)`` (``TaskRunner.run``'s shape).
Run = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[Exception, str], None]], None]

# The widest text the label shows: its width is fixed to it, so a new count repaints the
# label alone instead of laying out the status bar and the whole window again.
_WIDEST = "9,999,999+ contacts found"


def count_text(count: int, query: str, exact: bool = True) -> str:
    noun = "contact" if count == 1 and exact else "contacts"
    return f"{count:,}{'' if exact else '+'} {noun}" + (" found" if query else "")


class ResultCount:
    def __init__(self, label: QLabel, count: Count, run: Run) -> None:
        self.label = label
        self._count = count
        self._run = run
        self._shown = 0  # which list the label describes (a count for another is dropped)
        self._total: int | None = None  # that list's count, once it came
        label.setFixedWidth(label.fontMetrics().horizontalAdvance(_WIDEST) + 16)
        label.setFixedHeight(label.sizeHint().height())
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def listed(self, query: str, rows: int, complete: bool) -> None:
        """The list now shows ``rows`` rows for ``query``; ``complete``: they are all."""
        self._shown += 1
        self._total = None
        if complete:
            self.label.setText(count_text(rows, query))
            return
        self.label.setText(count_text(rows, query, exact=False))
        shown, count = self._shown, self._count

        def done(total: int) -> None:
            if shown == self._shown:
                self._total = total
                self.label.setText(count_text(total, query))

        # A count that fails leaves what is known on the label.
        self._run(lambda: count(query), done, lambda _error, _details: None)

    def more(self, query: str, rows: int, complete: bool) -> None:
        """More rows of the same list (scrolled to): its count stands; counted again only
        when the list is read anew (``listed``), not for each page."""
        if complete:
            self.label.setText(count_text(rows, query))
        elif self._total is None:  # its count is still on its way
            self.label.setText(count_text(rows, query, exact=False))
