#!/usr/bin/env bash
# THE run command (the README's):  scripts/run-app.sh [followup-desktop ARGS...]
# Installs what is missing (scripts/bootstrap.sh), then starts FollowUp on your own data.
# With no display (an SSH session, a server) it shows that FollowUp works instead: it
# starts it on a private virtual display, waits for its window, saves a screenshot to
# ${XDG_STATE_HOME:-~/.local/state}/FollowUp/screenshot.png and closes it again.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SELF="$ROOT/scripts/$(basename "${BASH_SOURCE[0]}")"
APP="$ROOT/.venv/bin/followup-desktop"

# --- outside --------------------------------------------------------------------------
if [ -z "${FOLLOWUP_VIRTUAL_DISPLAY_RUN:-}" ]; then
  "$ROOT/scripts/bootstrap.sh"
  if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    exec "$APP" "$@"
  fi
  echo "No display found: starting FollowUp on a virtual display to show that it works."
  export FOLLOWUP_VIRTUAL_DISPLAY_RUN=1
  if command -v dbus-run-session >/dev/null 2>&1; then
    # A private session bus: nothing reaches (or depends on) a desktop session.
    exec dbus-run-session -- bash "$SELF" "$@"
  fi
  exec bash "$SELF" "$@"
fi

# --- inside: a private Xvfb, the app, a screenshot ---------------------------------------
work="$(mktemp -d -t followup-run-XXXXXX)"
shot_dir="${XDG_STATE_HOME:-$HOME/.local/state}/FollowUp"
shot="$shot_dir/screenshot.png"
xvfb_pid=""
app_pid=""

# Stops a process: SIGTERM, up to 5 s to exit, then SIGKILL.
# shellcheck disable=SC2317  # called from cleanup, which the trap below calls
stop() {
  local pid="$1"
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
# shellcheck disable=SC2317  # called by the trap below
cleanup() {
  stop "$app_pid"
  stop "$xvfb_pid"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# -displayfd: Xvfb picks a free display number and writes it to fd 3 once it is ready.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 300); do
  [ -s "$work/display" ] && break
  kill -0 "$xvfb_pid" 2>/dev/null || break
  sleep 0.1
done
if [ ! -s "$work/display" ]; then
  echo "The virtual display (Xvfb) did not start:" >&2
  cat "$work/xvfb.log" >&2
  exit 1
fi
DISPLAY=":$(tr -dc '0-9' <"$work/display")"
export DISPLAY QT_QPA_PLATFORM=xcb
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
  # Qt wants one; a private one is enough for a demonstration run.
  mkdir -m 700 "$work/runtime"
  export XDG_RUNTIME_DIR="$work/runtime"
fi
dbus-update-activation-environment DISPLAY XDG_RUNTIME_DIR >/dev/null 2>&1 || true

"$APP" "$@" >"$work/app.log" 2>&1 &
app_pid=$!

# Up to 30 s for the window named exactly "FollowUp". xwininfo lists it with its class,
#   0x200007 "FollowUp": ("followup-desktop" "FollowUp")  1000x640+0+0  +0+0
# unlike Qt's 1x1 helper window of the same name:  0x200009 "FollowUp": ()  1x1+0+0
shown=0
deadline=$((SECONDS + 30))
while [ "$SECONDS" -lt "$deadline" ]; do
  if xwininfo -root -tree 2>/dev/null | grep -q '"FollowUp": ("'; then
    shown=1
    break
  fi
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.1
done

if [ "$shown" -eq 0 ]; then
  if kill -0 "$app_pid" 2>/dev/null; then
    echo "FollowUp did not show its window within 30 s. The end of its output:" >&2
  else
    status=0
    wait "$app_pid" || status=$?
    app_pid=""
    echo "FollowUp stopped (exit $status) before showing its window. The end of its output:" >&2
  fi
  tail -n 30 "$work/app.log" >&2
  exit 1
fi

sleep 1 # let it paint
mkdir -p "$shot_dir"
if import -window root "$shot" 2>"$work/import.log"; then
  echo "FollowUp started and showed its window. Screenshot: $shot"
else
  echo "FollowUp started and showed its window, but the screenshot failed:" >&2
  cat "$work/import.log" >&2
fi
exit 0
