"""The corruption harness: 100 damaged copies (FOLLOWUP_CORRUPTION_CASES for more)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.harness import corruption
from tests.harness.counts import CORRUPTION_CASES, count


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_damage_is_detected_kept_and_recovered_from(tmp_path: Path) -> None:
    cases = count(CORRUPTION_CASES, 100)
    figures = corruption.run(cases, seed=20261201, work=tmp_path)
    print(figures.summary())
    assert figures.missed == []
    assert figures.failures == []
    assert figures.cases == cases
    # Most damage must be real damage (else the harness would be testing nothing).
    assert figures.full_check >= cases * 0.7
