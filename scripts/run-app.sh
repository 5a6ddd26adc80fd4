#!/usr/bin/env bash
# THE run command: installs what is missing, then starts FollowUp on your own data.
# With no display it proves FollowUp works on a virtual one and saves a screenshot.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/bootstrap.sh"

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec "$ROOT/.venv/bin/followup-desktop" "$@"
fi

echo "No display found: starting FollowUp on a virtual display to show that it works."
exec dbus-run-session -- "$ROOT/scripts/show-on-virtual-display.sh" "$@"
