"""A contact's zone as a rep types it: a place ("Los Angeles"), or a zone's name in any
case, always kept in the spelling every FollowUp can open."""

from __future__ import annotations

import pytest

from followup_desktop.core.contact_rules import InvalidField, validate_time_zone


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Europe/Paris", "Europe/Paris"),
        ("europe/paris", "Europe/Paris"),  # opened on a Mac's case-blind disk as typed
        ("singapore", "Singapore"),  # a top-level name: not kept lower-case either
        ("Los Angeles", "America/Los_Angeles"),
        ("oslo", "Europe/Oslo"),
        ("  ", ""),
    ],
)
def test_a_zone_is_kept_as_it_is_spelt(typed: str, kept: str) -> None:
    """Before, "europe/paris" and "singapore" were kept as typed where the disk ignores
    case (macOS, Windows): a Linux colleague's FollowUp could not open them and showed
    the contact's time in the rep's zone."""
    assert validate_time_zone(typed) == kept


def test_a_place_nobody_lives_in_is_said() -> None:
    with pytest.raises(InvalidField, match="not a place FollowUp knows"):
        validate_time_zone("Atlantis")
