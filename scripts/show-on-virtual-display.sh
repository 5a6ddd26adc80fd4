#!/usr/bin/env bash
# Starts FollowUp (on the user's own data) on a private Xvfb, waits for its window,
# saves a screenshot, then closes it. Used by run-app.sh when there is no display.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shot_dir="${XDG_STATE_HOME:-$HOME/.local/state}/FollowUp"
mkdir -p "$shot_dir"
shot="$shot_dir/screenshot.png"
log="$(mktemp -t followup-run-XXXXXX.log)"

exec 3< <(Xvfb -displayfd 1 -screen 0 1280x800x24 -nolisten tcp 2>>"$log")
xvfb=$!
if ! read -r -t 30 display <&3; then
  echo "The virtual display did not start:" >&2; cat "$log" >&2; exit 1
fi
export DISPLAY=":$display"
trap 'kill "$xvfb" 2>/dev/null' EXIT

"$ROOT/.venv/bin/followup-desktop" "$@" >>"$log" 2>&1 &
app=$!
for _ in $(seq 1 300); do
  if xwininfo -root -tree 2>/dev/null | grep -q '"FollowUp"'; then
    sleep 1.5  # let it paint
    import -window root "$shot"
    kill "$app" 2>/dev/null; wait "$app" 2>/dev/null
    echo "FollowUp started and showed its window. Screenshot: $shot"
    rm -f "$log"
    exit 0
  fi
  kill -0 "$app" 2>/dev/null || break
  sleep 0.1
done
kill -9 "$app" 2>/dev/null
echo "FollowUp did not show its window. Its output:" >&2
tail -n 20 "$log" >&2
exit 1
