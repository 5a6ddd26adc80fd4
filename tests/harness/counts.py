"""How many cases a harness or fuzz test runs: the CI count unless an environment
variable asks for more (the on-demand runs; see README.md, "Your data is safe")."""

from __future__ import annotations

import os

CRASH_CYCLES = "FOLLOWUP_CRASH_CYCLES"  # CI 50, on demand 500
CORRUPTION_CASES = "FOLLOWUP_CORRUPTION_CASES"  # 100 everywhere
FUZZ_EXAMPLES = "FOLLOWUP_FUZZ_EXAMPLES"  # CI a few hundred per test, on demand 10,000


def count(variable: str, ci: int) -> int:
    value = os.environ.get(variable, "").strip()
    return int(value) if value else ci


def fuzz_examples(ci: int) -> int:
    return count(FUZZ_EXAMPLES, ci)
