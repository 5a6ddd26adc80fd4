"""What every command of the command line shares: its exit statuses, the error that
says bad usage in one line, and how it writes a time."""

from __future__ import annotations

from datetime import datetime

OK, PROBLEMS, USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad usage or unreadable input: exit status 2."""


def iso(moment: datetime | None) -> str | None:
    """ISO 8601, UTC written "Z" (PRODUCT.md: JSON times are UTC)."""
    return None if moment is None else moment.isoformat().replace("+00:00", "Z")
