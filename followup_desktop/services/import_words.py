"""The import report in the window's words: a headline a rep reads at a glance (only the
counts that are not zero) and each file's messages under its name, "line 4: …", rather
than the command line's ``FILE:LINE: …`` with the whole path on every line."""

from __future__ import annotations

from pathlib import Path

from followup_desktop.exchange.records import Rejection
from followup_desktop.services.importing import ImportReport, Listing, Message


def _count(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


def headline(report: ImportReport) -> str:
    """ "5 contacts added, 1 not imported, 3 imported with something odd in them." """
    parts = [
        _count(count, one, many)
        for count, one, many in (
            (report.imported, "contact added", "contacts added"),
            (report.updated, "contact updated", "contacts updated"),
            (report.unchanged, "already up to date", "already up to date"),
            (report.rejected + len(report.unreadable), "not imported", "not imported"),
            (
                report.warned,
                "imported with something odd in it",
                "imported with something odd in them",
            ),
        )
        if count
    ]
    text = ", ".join(parts) if parts else "nothing to import"
    return text[:1].upper() + text[1:] + "."


def _names(sources: list[str]) -> dict[str, str]:
    """Each file by its name ("bad.csv"), or by its whole path where two files share one."""
    names = [Path(source).name for source in sources]
    return {
        source: name if names.count(name) == 1 else source
        for source, name in zip(sources, names, strict=True)
    }


def not_imported(report: ImportReport) -> list[str]:
    """What was not imported: each file that could not be read, "leads.csv: no such
    file", then the records not imported (by_file); a file named as by_file names it."""
    rejected = [message.source for message in report.rejections]
    sources = [unreadable.source for unreadable in report.unreadable] + rejected
    names = _names(list(dict.fromkeys(sources)))
    unread = [f"{names[u.source]}: {u.why}" for u in report.unreadable]
    return unread + by_file(report.rejections, names)


def by_file(listing: Listing[Message], names: dict[str, str] | None = None) -> list[str]:
    """Each file's name once, then its messages as "line 4: what" (a record not imported
    says what it held: "line 3 (Nobody Corp): …"), and how many more there were of a kind.
    ``names``: each file's name as the report says it elsewhere (by default as _names)."""
    said = list(listing.said())
    if names is None:
        names = _names(list(dict.fromkeys(message.source for message, _, _ in said)))
    lines: list[str] = []
    source = None
    for message, words, more in said:
        if message.source != source:
            source = message.source
            lines.append(names[source])
        held = message.held if isinstance(message, Rejection) else ""
        lines.append(f"    line {message.line}{f' ({held})' if held else ''}: {words}")
        if more > 0:
            lines.append(f"    … and {more:,} more like this")
    return lines
