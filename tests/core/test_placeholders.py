from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from followup_desktop.core.placeholders import PartKind, fill, setting_for, unfilled

VALUES = {"first_name": "Jane", "company": "Acme, Inc.", "last_said": ""}


def test_known_placeholders_are_filled() -> None:
    filled = fill("Hi {first_name}, calling from {company}?", VALUES)
    assert filled.text == "Hi Jane, calling from Acme, Inc.?"
    assert filled.complete
    assert [p.kind for p in filled.parts] == [
        PartKind.TEXT,
        PartKind.VALUE,
        PartKind.TEXT,
        PartKind.VALUE,
        PartKind.TEXT,
    ]


def test_a_typo_stays_visible_and_is_reported() -> None:
    filled = fill("Hi {frist_name}!", VALUES)
    assert filled.text == "Hi {frist_name}!"
    assert filled.unknown == ("frist_name",)
    assert not filled.complete


def test_a_known_placeholder_without_a_value_is_missing_not_blank() -> None:
    filled = fill("Last time you said {last_said}.", VALUES)
    assert filled.text == "Last time you said {last_said}."
    assert filled.missing == ("last_said",)
    assert filled.unknown == ()


def test_format_syntax_is_not_code() -> None:
    # str.format would read attributes or fail on these; here they are just text.
    for text in ("{first_name.__class__}", "{0}", "{first_name!r}", "{", "}", "{}", "{{x}}"):
        filled = fill(text, VALUES)
        assert filled.unknown == ()
    assert fill("{{first_name}}", VALUES).text == "{first_name}"
    assert fill("{first_name.__class__}", VALUES).text == "{first_name.__class__}"


@given(st.text())
def test_any_text_fills_without_crashing_and_plain_text_survives(text: str) -> None:
    filled = fill(text, VALUES)
    if "{" not in text and "}" not in text:
        assert filled.text == text


def test_the_reps_own_gaps_point_at_the_setting_that_fills_them() -> None:
    filled = fill(
        "Hi {first_name}, this is {rep_name} from {company} ({frist})",
        {"first_name": "Priya", "rep_name": "", "company": ""},
    )
    gaps = unfilled(filled)
    assert [(part.name, part.kind) for part in gaps] == [
        ("rep_name", PartKind.MISSING),
        ("company", PartKind.MISSING),
        ("frist", PartKind.UNKNOWN),
    ]
    assert [setting_for(part.name) for part in gaps] == ["rep.name", None, None]
    assert setting_for("rep_first_name") == "rep.name"
    assert setting_for("rep_email") == "rep.email"
