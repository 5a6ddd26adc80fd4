"""Notes grown from an imported record: each line once."""

from __future__ import annotations

from followup_desktop.core.note_lines import lines_to_add


def test_only_lines_the_notes_lack_are_added() -> None:
    notes = "Website: a.example\nmy own line\nBirthday: 1980-01-02"
    assert lines_to_add(notes, "Website: a.example\nBirthday: 1980-01-02") == ""
    assert lines_to_add(notes, "Website: a.example\nSpouse: Kim\n\nSpouse: Kim") == "Spouse: Kim"
    assert lines_to_add("", "one\ntwo") == "one\ntwo"
