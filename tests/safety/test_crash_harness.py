"""The crash harness at its CI count (FOLLOWUP_CRASH_CYCLES=500 for the on-demand run)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.harness import crash
from tests.harness.counts import CRASH_CYCLES, count


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_no_acknowledged_write_is_lost_to_sigkill(tmp_path: Path) -> None:
    cycles = count(CRASH_CYCLES, 50)
    figures = crash.run(cycles, seed=20261201, data_dir=tmp_path / "data", log=False)
    print(figures.summary())
    assert figures.failures == []
    assert figures.cycles == cycles
    assert figures.killed_while_writing > 0 and figures.killed_while_starting > 0
    for kind in ("contact", "touch", "backup", "migrated"):
        assert figures.acknowledged[kind] > 0, f"no {kind} was acknowledged: {figures.summary()}"
