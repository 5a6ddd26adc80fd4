#!/usr/bin/env bash
# THE test command (the README's, and CI's through .ci/run):
#   scripts/run-tests.sh [PYTEST ARGS...]     e.g. scripts/run-tests.sh -k import -x
#   scripts/run-tests.sh --lint-only          everything but pytest
# Installs what is missing (scripts/bootstrap.sh), then, in a private D-Bus session on a
# private Xvfb display with every XDG folder in a temporary directory (nothing touches
# your desktop or your data), runs and stops at the first failure:
#   ruff check, ruff format --check, mypy, the bundle smoke test (scripts/package-test.sh:
#   builds the Linux bundle and runs it; only in a full run, about 2.5 minutes), pytest
#   (whose tests/test_architecture.py runs import-linter on the layer rules), then (in a
#   full run) the service tests once more on PostgreSQL (FOLLOWUP_TEST_STORE=postgresql).
# With pytest arguments (a targeted run) the bundle is not built.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SELF="$ROOT/scripts/$(basename "${BASH_SOURCE[0]}")"
cd "$ROOT"

# --- outside: set up, then run this same script again inside a private session bus ---
if [ -z "${FOLLOWUP_TEST_SCRATCH:-}" ]; then
  "$ROOT/scripts/bootstrap.sh"

  scratch="$(mktemp -d -t followup-tests-XXXXXX)"
  trap 'rm -rf "$scratch"' EXIT
  mkdir -p "$scratch"/{data,config,state,cache,runtime}
  chmod 700 "$scratch/runtime"
  export FOLLOWUP_TEST_SCRATCH="$scratch"
  export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config"
  export XDG_STATE_HOME="$scratch/state" XDG_CACHE_HOME="$scratch/cache"
  export XDG_RUNTIME_DIR="$scratch/runtime"
  if ! command -v dbus-run-session >/dev/null 2>&1; then
    echo "run-tests: dbus-run-session not found (Debian package dbus-bin/dbus); it is required." >&2
    exit 1
  fi
  # Not exec: the trap above removes the scratch folder afterwards.
  status=0
  dbus-run-session -- bash "$SELF" "$@" || status=$?
  exit "$status"
fi

# --- inside the private session bus ------------------------------------------------
scratch="$FOLLOWUP_TEST_SCRATCH"
BIN="$ROOT/.venv/bin"
export PATH="$BIN:$PATH" QT_QPA_PLATFORM=xcb
lint_only=0
if [ "${1:-}" = "--lint-only" ]; then
  lint_only=1
  shift
fi

# A private X server. -displayfd makes it pick a free display number and write it to fd 3
# once it accepts connections.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$scratch/display" 2>"$scratch/xvfb.log" &
xvfb_pid=$!
# shellcheck disable=SC2317  # called by the trap below
stop_xvfb() {
  kill "$xvfb_pid" 2>/dev/null || true
  wait "$xvfb_pid" 2>/dev/null || true
}
trap stop_xvfb EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
for _ in $(seq 300); do
  [ -s "$scratch/display" ] && break
  kill -0 "$xvfb_pid" 2>/dev/null || break
  sleep 0.1
done
if [ ! -s "$scratch/display" ]; then
  echo "run-tests: the virtual display (Xvfb) did not start:" >&2
  cat "$scratch/xvfb.log" >&2
  exit 1
fi
DISPLAY=":$(tr -dc '0-9' <"$scratch/display")"
export DISPLAY
# Programs that D-Bus starts on demand (a notification daemon...) must see our display.
dbus-update-activation-environment DISPLAY XDG_RUNTIME_DIR >/dev/null 2>&1 || true

# Runs one quiet stage: a one-line summary; the tool's whole output only if it fails.
stage() {
  local name="$1" started=$SECONDS status=0 log="$scratch/stage.log"
  shift
  "$@" >"$log" 2>&1 || status=$?
  if [ "$status" -eq 0 ]; then
    printf 'run-tests: %-20s ok in %3ss  %s\n' "$name" "$((SECONDS - started))" \
      "$(grep -v '^[[:space:]]*$' "$log" | tail -n 1)"
  else
    cat "$log"
    printf 'run-tests: %-20s FAILED (exit %s): stopping here\n' "$name" "$status"
    exit "$status"
  fi
}

stage "ruff check" ruff check .
stage "ruff format --check" ruff format --check .
stage "mypy" mypy
if [ "$lint_only" -eq 1 ]; then
  exit 0
fi
if [ "$#" -eq 0 ]; then
  # The screenshot goes to the scratch folder: a test run leaves the checkout as it was.
  stage "bundle smoke test" "$ROOT/scripts/package-test.sh" --screenshot "$scratch/15-linux-bundle.png"
fi

# pytest streams its output and its summary stays the last line. Exit 5 (no test
# collected) is a failure like any other.
status=0
pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "run-tests: no test was collected" >&2
fi
if [ "$status" -eq 0 ] && [ "$#" -eq 0 ]; then
  # The service layer again, every store a database on a throw-away PostgreSQL (a team
  # server): tests about the SQLite file itself (backups, the first look) stay out.
  echo "run-tests: the service tests again, on PostgreSQL"
  FOLLOWUP_TEST_STORE=postgresql pytest tests/services -m "not sqlite_file" || status=$?
fi
exit "$status"
