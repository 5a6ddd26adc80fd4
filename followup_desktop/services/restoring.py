"""File › Restore a backup: the window's way to ``followup db restore``.

The backups are listed as the rep reads every other time, in their own zone; the restore
itself is ``backups.restore``, the command line's, asked to be undoable: the data it
replaces is backed up first, or nothing is restored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from followup_desktop.core.calendar import zone
from followup_desktop.services import backups

if TYPE_CHECKING:
    from followup_desktop.services.session import Services


class NotHere(backups.BackupFailed):
    """A team server's data: its server keeps (and restores) the backups."""


@dataclass(frozen=True, slots=True)
class ListedBackup:
    path: Path
    taken: str  # when, in the rep's zone
    holds: str | None  # its contacts and touches counted; None: it cannot be read
    kind: str  # why it was taken


@dataclass(frozen=True, slots=True)
class Backups:
    rep_zone: str
    listed: list[ListedBackup]  # the newest first


def listed(services: Services) -> Backups:
    """The backups to choose from (a read: one small query a backup for its counts)."""
    rep_zone = services.settings.rep_zone()
    shown_in = zone(rep_zone)
    return Backups(
        rep_zone,
        [
            ListedBackup(info.path, info.taken_in(shown_in), info.holds(), info.kind())
            for info in backups.list_backups(services.paths.backups)
        ],
    )


def problem(services: Services, backup: Path) -> str | None:
    """Why ``backup`` cannot be restored, in one line, asked while the store is still
    open: a backup refused then leaves the window as it was."""
    if services.team:
        raise NotHere("the team server keeps its own backups")
    return backups.restore_problem(backup, services.paths.data_dir)


@dataclass(frozen=True, slots=True)
class Done:
    restored: backups.Restored
    before_taken: str  # when the backup of the replaced data was taken, in the rep's zone


def restore(services: Services, backup: Path, rep_zone: str) -> Done:
    """Close the store, then restore ``backup`` as ``followup db restore`` does, undoable.
    Run on the writer, after the writes asked before it. The store stays closed either
    way: the app starts again on whichever data is in place."""
    if services.team:
        raise NotHere("the team server keeps its own backups")
    paths, clock = services.paths, services.clock
    services.close()  # its connections gone, no -wal left to be moved aside with the file
    restored = backups.restore(paths, backup, clock, undoable=True)
    before = restored.before
    return Done(restored, before.taken_in(zone(rep_zone)) if before is not None else "")
