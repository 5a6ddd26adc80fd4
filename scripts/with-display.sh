#!/usr/bin/env bash
# Runs a command on a private Xvfb display inside a private D-Bus session, with XDG
# folders in a temporary directory: nothing touches the user's own desktop or data.
#   scripts/with-display.sh COMMAND [ARGS...]
set -euo pipefail

if [ -z "${FOLLOWUP_IN_SESSION:-}" ]; then
  export FOLLOWUP_IN_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi

scratch="$(mktemp -d -t followup-session-XXXXXX)"
mkdir -p "$scratch/data" "$scratch/config" "$scratch/state" "$scratch/cache" "$scratch/runtime"
chmod 700 "$scratch/runtime"
export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config"
export XDG_STATE_HOME="$scratch/state" XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/runtime"

exec 3< <(Xvfb -displayfd 1 -screen 0 1280x800x24 -nolisten tcp 2>"$scratch/xvfb.log")
xvfb_pid=$!
read -r -t 30 display <&3 || { echo "Xvfb did not start: $(cat "$scratch/xvfb.log")" >&2; exit 1; }
export DISPLAY=":$display" QT_QPA_PLATFORM=xcb
cleanup() { kill "$xvfb_pid" 2>/dev/null || true; rm -rf "$scratch"; }
trap cleanup EXIT
dbus-update-activation-environment DISPLAY XDG_RUNTIME_DIR 2>/dev/null || true

set +e
"$@"
status=$?
exit $status
