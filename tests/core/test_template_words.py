"""The e-mail templates as the rep reads them in the draft's list."""

from __future__ import annotations

from pathlib import Path

from followup_desktop.core.email_wording import TEMPLATE_WORDS, template_words

SHIPPED = Path(__file__).resolve().parents[2] / "resources" / "email_templates"


def test_every_shipped_template_has_words_of_its_own() -> None:
    """The draft said "Template: confirmation", the file's name; a template shipped
    without words would be back to its file name."""
    names = {path.stem for path in SHIPPED.glob("*.txt")}
    assert names and names == set(TEMPLATE_WORDS)
    assert template_words("confirmation") == "Confirmation of the call"


def test_a_template_of_her_own_reads_as_its_file_name_in_words() -> None:
    assert template_words("my-intro") == "My intro"
    assert template_words("follow_up_after_fair") == "Follow up after fair"
