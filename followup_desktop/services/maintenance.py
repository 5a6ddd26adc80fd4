"""Checks of the database file, usable even when it cannot be opened normally."""

from __future__ import annotations

from pathlib import Path

from followup_desktop.store.backup import CheckResult, check_database


def check(path: Path, *, full: bool = True) -> CheckResult:
    """Full checks for ``followup db check``; ``full=False`` is the fast start-up check."""
    if not path.exists():
        return CheckResult(False, (f"{path} does not exist",))
    return check_database(path, full=full)
