#!/usr/bin/env bash
# THE test command: installs what is missing, then lint, types and pytest (which also
# checks the layer rules with import-linter) on a private virtual display.
# Extra arguments go to pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/bootstrap.sh
BIN="$ROOT/.venv/bin"

stage() {
  local name="$1"; shift
  local started=$SECONDS
  if "$@"; then
    printf 'followup: %-8s ok (%ss)\n' "$name" "$((SECONDS - started))"
  else
    local status=$?
    printf 'followup: %-8s FAILED (exit %s)\n' "$name" "$status"
    exit "$status"
  fi
}

stage ruff "$BIN/ruff" check .
stage format "$BIN/ruff" format --check --quiet .
stage mypy "$BIN/mypy"
# pytest's exit 5 (nothing collected) is a failure like any other non-zero status.
stage pytest scripts/with-display.sh "$BIN/pytest" "$@"
