"""A FollowUp sheet's own columns read back: "Status" into the contact's status, "Deal N
- Title/Value/Currency/Stage" into its deals (exchange/contacts_sheet.py writes them).

A value FollowUp cannot take as it is (a stage it has no such word for, a value that is
no amount, a currency that is no code) costs nothing: the status, or the whole deal,
stays in the notes as its "Column: value" lines, as an import of any other sheet keeps a
column it has no field for, and the record says why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from followup_desktop.core.currencies import currency_code
from followup_desktop.core.model import ContactStatus, Deal, DealStage
from followup_desktop.core.money import HUNDREDTHS, minor_of
from followup_desktop.exchange.csv_extras import value_of

# Header keys as csv_import compares them: lower case, no spaces around "-".
STATUS_KEY = "status"
_DEAL = re.compile(r"deal (\d+)-(title|value|currency|stage)")
_PARTS = ("title", "value", "currency", "stage")
_NOTHING: frozenset[str] = frozenset()
TITLE_LIMIT = 200  # the store's column
# The most the contact dialog takes; a sheet's deal is held to the same.
VALUE_LIMIT = 1_000_000_000 * HUNDREDTHS
_STATUSES = ", ".join(status.value for status in ContactStatus)
_STAGES = ", ".join(stage.value for stage in DealStage)


@dataclass(frozen=True, slots=True)
class _DealColumns:
    parts: dict[str, int]  # "title", "value", "currency", "stage" → column index


@dataclass(frozen=True, slots=True)
class StatusAndDeals:
    """Where a sheet's Status and Deal N columns are, and the headers as written."""

    status: int | None
    deals: tuple[_DealColumns, ...]
    names: tuple[str, ...]

    @classmethod
    def from_keys(cls, keys: Sequence[str], names: tuple[str, ...]) -> StatusAndDeals | None:
        """From the header's keys; None for a sheet with neither (nearly every one)."""
        status: int | None = None
        numbered: dict[int, dict[str, int]] = {}
        for index, key in enumerate(keys):
            if key == STATUS_KEY:
                status = index if status is None else status
            elif key.startswith("deal ") and (match := _DEAL.fullmatch(key)):
                numbered.setdefault(int(match.group(1)), {}).setdefault(match.group(2), index)
        if status is None and not numbered:
            return None
        deals = tuple(_DealColumns(numbered[n]) for n in sorted(numbered))
        return cls(status, deals, names)

    def indexes(self) -> set[int]:
        taken = {index for deal in self.deals for index in deal.parts.values()}
        return taken if self.status is None else taken | {self.status}

    def read(
        self, row: Sequence[str], lines: list[str], oddities: list[str], currency: str
    ) -> tuple[ContactStatus | None, tuple[Deal, ...]]:
        """The row's status (None when blank) and deals (contact id 0); a value that is
        not one FollowUp takes goes to ``lines`` for the notes, with why in ``oddities``.
        A deal with no currency is in ``currency``, the rep's."""
        width = len(row)
        status: ContactStatus | None = None
        if self.status is not None and self.status < width and (cell := row[self.status].strip()):
            try:
                status = ContactStatus(cell.casefold())
            except ValueError:
                name = self.names[self.status]
                lines.append(f"{name}: {value_of(cell, _NOTHING)}")
                oddities.append(
                    f"{name} '{_shown(cell)}' is not one FollowUp has ({_STATUSES}): "
                    "kept in the notes"
                )
        deals: list[Deal] = []
        for columns in self.deals:
            cells = {p: row[i].strip() for p, i in columns.parts.items() if i < width}
            if any(cells.values()):
                deal = self._deal(columns, cells, lines, oddities, currency)
                if deal is not None:
                    deals.append(deal)
        return status, tuple(deals)

    def _deal(
        self,
        columns: _DealColumns,
        cells: dict[str, str],
        lines: list[str],
        oddities: list[str],
        currency: str,
    ) -> Deal | None:
        problems: list[str] = []
        title = " ".join(cells.get("title", "").split())
        if len(title) > TITLE_LIMIT:
            problems.append(
                f"{self._name(columns, 'title')} is longer than {TITLE_LIMIT} characters"
            )
        minor: int | None = 0
        if text := cells.get("value", ""):
            minor = minor_of(text)
            if minor is None:
                problems.append(
                    f"{self._name(columns, 'value')} '{_shown(text)}' is not an amount like 1234.56"
                )
            elif minor > VALUE_LIMIT:
                problems.append(
                    f"{self._name(columns, 'value')} '{_shown(text)}' is more than "
                    "FollowUp keeps for a deal"
                )
        code: str | None = currency
        if text := cells.get("currency", ""):
            try:
                code = currency_code(text)
            except ValueError:
                code = None
                problems.append(
                    f"{self._name(columns, 'currency')} '{_shown(text)}' is not a currency "
                    "code like EUR or USD"
                )
        stage: DealStage | None = DealStage.LEAD
        if text := cells.get("stage", ""):
            try:
                stage = DealStage(text.casefold())
            except ValueError:
                stage = None
                problems.append(
                    f"{self._name(columns, 'stage')} '{_shown(text)}' is not a stage "
                    f"FollowUp has ({_STAGES})"
                )
        if problems or minor is None or code is None or stage is None:
            for part in _PARTS:
                if cells.get(part):
                    lines.append(f"{self._name(columns, part)}: {value_of(cells[part], _NOTHING)}")
            oddities.extend(f"{problem}: the deal is kept in the notes" for problem in problems)
            return None
        return Deal(0, title, minor, code, stage)

    def _name(self, columns: _DealColumns, part: str) -> str:
        return self.names[columns.parts[part]]


def _shown(value: str) -> str:
    """A value as a message quotes it: on one line, not too long to read."""
    text = " ".join(value.split())
    return text if len(text) <= 40 else text[:39] + "…"
