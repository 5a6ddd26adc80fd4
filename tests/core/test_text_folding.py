"""Case and accents never matter to search: whatever the text, its folded form is the
casefolded text with every combining mark of its compatibility decomposition dropped."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from followup_desktop.core.text_search import fold, matches


def marks_dropped_one_by_one(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(kept.casefold().split())


@settings(max_examples=1500, deadline=None)
@given(st.text(max_size=40))
@example("Zoë Ångström")
@example("İstanbul ǅ ﬁ Straße")
@example("a\u0301\u0327 \u0e48 \u302a")
def test_folding_drops_every_accent_and_case(text: str) -> None:
    assert fold(text) == marks_dropped_one_by_one(text)


def test_accented_names_are_found_without_their_accents() -> None:
    assert matches("Zoë Alvarez, Société Générale", "zoe generale")
    assert matches("JOSÉ NÚÑEZ", "jose nunez")
    assert not matches("José Núñez", "jose nunes")
