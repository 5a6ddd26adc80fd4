"""File names made from contact names stay in their folder, open on every platform and
never replace an earlier export."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_desktop.exchange.file_names import MAX_STEM_BYTES, safe_stem, write_new, write_to
from tests.harness.counts import fuzz_examples


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jane Smith", "Jane Smith"),
        ("Smith, Jane: Acme / Sales", "Smith, Jane Acme Sales"),
        ("../../etc/passwd", "etc passwd"),
        ("..", "contact"),
        ("", "contact"),
        ("   ", "contact"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("com1", "_com1"),
        ("Jane\r\nSmith\x00", "Jane Smith"),
        ("Zoë 😀", "Zoë 😀"),
        ("dots...", "dots"),
        ("a\u202egnp.exe", "a gnp.exe"),  # a right-to-left override cannot disguise a suffix
    ],
)
def test_names_are_safe_and_still_recognisable(name: str, expected: str) -> None:
    assert safe_stem(name) == expected


def test_long_names_are_cut_on_a_character_boundary() -> None:
    stem = safe_stem("é" * 300)
    assert len(stem.encode()) <= MAX_STEM_BYTES
    assert stem == "é" * (MAX_STEM_BYTES // 2)


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(name=st.text(max_size=300))
def test_any_name_gives_one_plain_file_name(
    tmp_path_factory: pytest.TempPathFactory, name: str
) -> None:
    stem = safe_stem(name)
    assert stem and len(stem.encode()) <= MAX_STEM_BYTES
    assert not set(stem) & set('/\\:*?"<>|\r\n\x00')
    assert stem not in (".", "..") and not stem.endswith((" ", "."))
    folder = tmp_path_factory.mktemp("names")
    written = write_new(folder, name, ".ics", b"x")
    assert written.parent == folder


def test_an_existing_export_is_never_overwritten(tmp_path: Path) -> None:
    first = write_new(tmp_path, "Jane Smith", ".ics", b"one")
    second = write_new(tmp_path, "Jane Smith", ".ics", b"two")
    third = write_new(tmp_path, "Jane Smith", ".ics", b"three")
    assert [p.name for p in (first, second, third)] == [
        "Jane Smith.ics",
        "Jane Smith (2).ics",
        "Jane Smith (3).ics",
    ]
    assert first.read_bytes() == b"one"


def test_a_chosen_file_that_exists_gets_a_sibling(tmp_path: Path) -> None:
    chosen = tmp_path / "invite.ics"
    chosen.write_bytes(b"keep me")
    written = write_to(chosen, b"new", "Jane", ".ics")
    assert written == tmp_path / "invite (2).ics"
    assert chosen.read_bytes() == b"keep me"


def test_a_chosen_folder_gets_the_contact_name(tmp_path: Path) -> None:
    written = write_to(tmp_path, b"x", "../Jane: Smith", ".ics")
    assert written == tmp_path / "Jane Smith.ics"
