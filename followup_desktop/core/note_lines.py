"""Growing a contact's notes from an imported record without saying anything twice.

A record's notes (a file's notes column, values kept as "Column: value" lines) are added
to a known contact line by line: a line the notes already hold is not added again. So a
re-import changes nothing even after the rep wrote lines of their own between the kept
ones, and a later export of the same contact adds only what is new in it.
"""

from __future__ import annotations


def lines_to_add(notes: str, incoming: str) -> str:
    """The lines of ``incoming`` that ``notes`` lacks, in their order ("" for none)."""
    if not incoming or incoming in notes:
        return ""
    have = {line.strip() for line in notes.splitlines()}
    new: list[str] = []
    for line in incoming.splitlines():
        if (key := line.strip()) and key not in have:
            have.add(key)
            new.append(line)
    return "\n".join(new)
