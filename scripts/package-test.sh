#!/usr/bin/env bash
# THE bundle smoke test:  scripts/package-test.sh [--no-build] [--screenshot PNG]
#                         (or: make package-test)
# Builds the Linux bundle (scripts/build-bundle.sh), unpacks the tarball a rep would get
# into a temporary folder and checks it there, with no Python environment in reach:
#   every library in the bundle resolves; --version; the command line imports, plans and
#   exports on its own data; the desktop app, on a private Xvfb display and D-Bus session
#   with a fresh data folder, shows its window, creates and migrates its database, loads
#   nothing from a Python installation, and quits cleanly on SIGTERM, on X11 and on
#   Wayland (weston's headless compositor); install.sh puts a
#   valid menu entry and icons in a home folder and --uninstall takes them out again.
# Saves a screenshot of the bundled app's first window (default
# docs/screenshots/15-linux-bundle.png). Takes about 2.5 minutes on 2 cores, most of it the
# build; scripts/run-tests.sh runs it as a stage of the full test run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SELF="$ROOT/scripts/$(basename "${BASH_SOURCE[0]}")"
PY="$ROOT/.venv/bin/python"
APP_ID=com.followupapp.FollowUp

say() { printf 'package-test: %s\n' "$*"; }
fail() {
  printf 'package-test: FAILED: %s\n' "$*" >&2
  exit 1
}

# --- outside: build, unpack, then the checks inside a private session bus -------------
if [ -z "${FOLLOWUP_PACKAGE_TEST_DIR:-}" ]; then
  build=1
  shot="$ROOT/docs/screenshots/15-linux-bundle.png"
  while [ $# -gt 0 ]; do
    case "$1" in
      --no-build) build=0 ;;
      --screenshot) shot="$2"; shift ;;
      *) echo "usage: scripts/package-test.sh [--no-build] [--screenshot PNG]" >&2; exit 2 ;;
    esac
    shift
  done
  started=$SECONDS
  if [ "$build" -eq 1 ]; then
    "$ROOT/scripts/build-bundle.sh"
  else
    "$ROOT/scripts/bootstrap.sh"
  fi
  built=$((SECONDS - started))
  version="$("$PY" -c 'import followup_desktop; print(followup_desktop.__version__)')"
  tarball="$ROOT/dist/FollowUp-$version-linux-$(uname -m).tar.gz"
  [ -f "$tarball" ] || fail "no bundle at $tarball: build it with scripts/build-bundle.sh"

  scratch="$(mktemp -d -t followup-package-XXXXXX)"
  trap 'rm -rf "$scratch"' EXIT
  mkdir -p "$scratch/unpacked" "$scratch/runtime"
  chmod 700 "$scratch/runtime"
  tar -C "$scratch/unpacked" -xzf "$tarball"
  command -v dbus-run-session >/dev/null 2>&1 || fail "dbus-run-session is missing (Debian dbus)"
  export FOLLOWUP_PACKAGE_TEST_DIR="$scratch" FOLLOWUP_PACKAGE_VERSION="$version"
  export FOLLOWUP_PACKAGE_SHOT="$shot" FOLLOWUP_PACKAGE_BUILT="$built"
  export FOLLOWUP_PACKAGE_TARBALL="$tarball"
  status=0
  # The checks' own output (stderr too) is shown; what the bus and the services it starts
  # on demand print (a notification daemon losing its display at the end) goes to a log.
  # shellcheck disable=SC2016  # expanded by the inner bash
  dbus-run-session -- bash -c 'exec bash "$0" 2>&1' "$SELF" 2>"$scratch/session.log" || status=$?
  exit "$status"
fi

# --- inside ------------------------------------------------------------------------------
scratch="$FOLLOWUP_PACKAGE_TEST_DIR"
version="$FOLLOWUP_PACKAGE_VERSION"
bundle="$scratch/unpacked/FollowUp"
checks=0
tested=$SECONDS
ok() {
  checks=$((checks + 1))
  say "ok  $*"
}

# The bundle runs as a rep's desktop starts it: no PYTHON* variables, no .venv on PATH,
# a home of its own (with a space in it, as real ones can have).
home="$scratch/home dir"
mkdir -p "$home"
clean_env=(env -i "HOME=$home" "PATH=/usr/local/bin:/usr/bin:/bin" "LANG=C.UTF-8"
  "XDG_RUNTIME_DIR=$scratch/runtime")

# 1. Every ELF file's libraries resolve (from the bundle or the desktop's own).
unresolved=""
while IFS= read -r -d '' file; do
  [ "$(head -c 4 "$file" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
  missing="$(ldd "$file" 2>/dev/null | grep 'not found' || true)"
  [ -z "$missing" ] || unresolved+="$file: $missing"$'\n'
done < <(find "$bundle" -type f -print0)
[ -z "$unresolved" ] || fail "libraries not found:"$'\n'"$unresolved"
ok "every library in the bundle resolves"

# 2. --version, from both names of the program.
out="$("${clean_env[@]}" "$bundle/followup-desktop" --version)"
[ "$out" = "FollowUp $version" ] || fail "followup-desktop --version said: $out"
out="$("${clean_env[@]}" "$bundle/followup" --version)"
[ "$out" = "followup $version" ] || fail "followup --version said: $out"
ok "--version: FollowUp $version"

# 2b. The same with every Python installation on this machine hidden in a private mount
# namespace, as on a rep's laptop that has none (root: a mount namespace; a user: inside
# a user namespace too, where the system allows them).
namespace=(unshare --mount --propagation private)
[ "$(id -u)" -eq 0 ] || namespace=(unshare --map-root-user --mount --propagation private)
if ! command -v unshare >/dev/null 2>&1 || ! "${namespace[@]}" true 2>/dev/null; then
  say "--  not run: hiding Python (this system allows no private mount namespace);" \
    "the /proc/PID/maps check below still shows what the app loads"
else
  hide=()
  for dir in /usr/lib/python3* /usr/local/lib/python3* /root/.pyenv "$HOME/.pyenv" /opt/python* "$ROOT/.venv"; do
    [ -d "$dir" ] && [[ " ${hide[*]} " != *" $dir "* ]] && hide+=("$dir")
  done
  for program in /usr/bin/python3* /usr/local/bin/python3*; do
    [ -e "$program" ] && hide+=("$program")
  done
  # shellcheck disable=SC2016  # expanded by the inner shell
  out="$("${namespace[@]}" sh -c '
    for path in "$@"; do
      case "$path" in --) break ;; esac
      if [ -d "$path" ]; then mount -t tmpfs none "$path"; else mount --bind /dev/null "$path"; fi
      shift
    done
    shift
    python3 -c 1 2>/dev/null && { echo "python3 still runs"; exit 1; }
    home=$1 bundle=$2 data=$3
    run() { env -i "HOME=$home" PATH=/usr/bin:/bin LANG=C.UTF-8 "$bundle/followup" --data-dir "$data" "$@"; }
    run contact add --name "Jane Smith" --phone "+44 20 7946 0018" >/dev/null && run db check' \
    sh "${hide[@]}" -- "$home" "$bundle" "$scratch/no-python" 2>&1)" ||
    fail "with Python hidden: $out"
  ok "with every Python installation hidden (${#hide[@]} paths): a new database, migrated and checked"
fi

# 3. The command line, on its own data: phone numbers, time zones, the rules, invites.
cli_data="$scratch/cli-data"
cli() { "${clean_env[@]}" "$bundle/followup" --data-dir "$cli_data" "$@"; }
contact="$(cli contact add --name "Jane Smith" --email jane@acme.example \
  --phone "+1 312 555 0142" --time-zone America/Chicago)"
[ "$contact" = 1 ] || fail "contact add printed: $contact"
planned="$(cli log 1 --outcome connected --next 2030-01-15T10:00-06:00 --objective "review the proposal" --json)"
grep -q '"due_at": "2030-01-15T16:00:00Z"' <<<"$planned" || fail "log planned: $planned"
cli contacts --search 0142 --json | grep -q '"+13125550142"' || fail "phone search found nothing"
# The rep's own address (needed for invites) is a GUI setting: set it with the checkout's
# code; the export itself is the bundle's.
"$PY" - "$cli_data" <<'PYTHON'
import sys
from pathlib import Path
from followup_desktop.core import settings as options
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import open_services

services = open_services(AppPaths(Path(sys.argv[1]), _explicit=True))
settings = services.settings
settings.save(settings.load().with_value(options.REP_EMAIL, "rep@example.com"))
services.close()
PYTHON
mkdir -p "$scratch/exports"
cli export ics 1 -o "$scratch/exports" >/dev/null
ics="$(find "$scratch/exports" -name '*.ics' | head -n 1)"
[ -n "$ics" ] && grep -q 'BEGIN:VTIMEZONE' "$ics" && grep -q 'TZID:America/Chicago' "$ics" ||
  fail "the invite is missing or has no VTIMEZONE"
cli export email 1 --template confirmation -o "$scratch/exports" >/dev/null 2>"$scratch/email.log"
find "$scratch/exports" -name '*.eml' | grep -q . || fail "no e-mail draft written"
cli db check >/dev/null || fail "db check failed on the bundle's own database"
ok "command line: contact, plan, search, invite with VTIMEZONE, e-mail draft, db check"

# 4. The desktop app on a private X display with a fresh data folder.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$scratch/display" 2>"$scratch/xvfb.log" &
xvfb_pid=$!
app_pid=""
# shellcheck disable=SC2317  # called by the trap
cleanup() {
  [ -n "$app_pid" ] && kill -9 "$app_pid" 2>/dev/null
  kill "$xvfb_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 300); do
  [ -s "$scratch/display" ] && break
  sleep 0.1
done
[ -s "$scratch/display" ] || fail "Xvfb did not start: $(cat "$scratch/xvfb.log")"
display=":$(tr -dc '0-9' <"$scratch/display")"
# What D-Bus starts on demand (the notification daemon the app talks to) needs the display.
DISPLAY=$display dbus-update-activation-environment DISPLAY >/dev/null 2>&1 || true
data="$scratch/gui-data"
launched=$SECONDS
"${clean_env[@]}" "DISPLAY=$display" "DBUS_SESSION_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS" \
  "$bundle/followup-desktop" --data-dir "$data" >"$scratch/app.log" 2>&1 &
app_pid=$!

# The main window, "FollowUp" with its class (not Qt's 1x1 helper window of that name):
#   0x200007 "FollowUp": ("followup-desktop" "FollowUp")  1000x640+0+0  +0+0
window=""
for _ in $(seq 300); do
  window="$(DISPLAY=$display xwininfo -root -tree 2>/dev/null |
    awk '/"FollowUp": \("followup-desktop" "FollowUp"\)/ { print $1; exit }')"
  [ -n "$window" ] && break
  kill -0 "$app_pid" 2>/dev/null || fail "the app stopped before showing a window: $(tail -n 20 "$scratch/app.log")"
  sleep 0.1
done
[ -n "$window" ] || fail "no window within 30 s: $(tail -n 20 "$scratch/app.log")"
ok "the window appeared $((SECONDS - launched)) s after the launch"

# Its database: created, at the newest schema, with the default script cards (the window
# comes up first and the store opens beside it: wait for it).
check_store() {
  "$PY" - "$data/followup.sqlite3" 2>"$scratch/store-check.log" <<'PYTHON'
import sqlite3, sys
from pathlib import Path
from followup_desktop.store.migrate import HEAD

path = Path(sys.argv[1])
assert path.exists(), f"{path} does not exist"
with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
    revision = db.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert revision == HEAD, f"schema {revision}, expected {HEAD}"
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in ("contacts", "follow_ups", "script_cards"):
        assert table in tables, f"no table {table}: {sorted(tables)}"
    cards = db.execute("SELECT count(*) FROM script_cards").fetchone()[0]
    assert cards > 0, "no default script cards"
PYTHON
}
stored=""
for _ in $(seq 300); do
  check_store && { stored=yes; break; }
  sleep 0.1
done
[ -n "$stored" ] || fail "the database is missing or not migrated: $(tail -n 3 "$scratch/store-check.log")"
ok "database created and migrated to the newest schema, default cards loaded"

# Nothing comes from a Python installation: every mapped file is the bundle's or the
# system's libraries, and libpython is the bundle's.
maps="$(awk '$6 ~ /^\// { print $6 }' "/proc/$app_pid/maps" | sort -u)"
foreign="$(grep -E "^$ROOT/|/\.pyenv/|/usr/(local/)?lib/python3|/site-packages/|/dist-packages/" <<<"$maps" || true)"
[ -z "$foreign" ] || fail "the app loaded files from a Python installation:"$'\n'"$foreign"
grep -q "^$bundle/_internal/libpython3" <<<"$maps" || fail "libpython is not the bundle's"
ok "the running app maps $(wc -l <<<"$maps") files, none from a Python installation"

sleep 1 # let it paint
mkdir -p "$(dirname "$FOLLOWUP_PACKAGE_SHOT")"
DISPLAY=$display import -window "$window" "$FOLLOWUP_PACKAGE_SHOT" 2>"$scratch/import.log" ||
  fail "screenshot: $(cat "$scratch/import.log")"
ok "screenshot: $FOLLOWUP_PACKAGE_SHOT"

kill -TERM "$app_pid"
status=0
for _ in $(seq 150); do
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.1
done
kill -0 "$app_pid" 2>/dev/null && fail "still running 15 s after SIGTERM"
wait "$app_pid" || status=$?
app_pid=""
[ "$status" -eq 0 ] || fail "exit code $status after SIGTERM: $(tail -n 20 "$scratch/app.log")"
[ ! -e "$data/followup.sqlite3-wal" ] || fail "the database was not closed (WAL left behind)"
[ ! -e "$data/followup-desktop.lock" ] || fail "the instance lock was not released"
! grep -q Traceback "$scratch/app.log" || fail "a traceback: $(cat "$scratch/app.log")"
ok "SIGTERM: exit code 0, database closed, lock released"

# 4b. The same program on Wayland: weston's headless compositor, its own socket. The
# window is shown through the xdg-shell plugin, which Qt loads only for a first window.
command -v weston >/dev/null 2>&1 || fail "weston is missing (Debian weston; scripts/bootstrap.sh installs it)"
wayland_dir="$scratch/wayland"
mkdir -m 700 "$wayland_dir"
XDG_RUNTIME_DIR="$wayland_dir" weston --backend=headless-backend.so --socket=followup-test \
  --width=1280 --height=800 --use-pixman >"$scratch/weston.log" 2>&1 &
weston_pid=$!
for _ in $(seq 100); do
  [ -S "$wayland_dir/followup-test" ] && break
  sleep 0.1
done
[ -S "$wayland_dir/followup-test" ] || fail "weston did not start: $(tail -n 5 "$scratch/weston.log")"
env -i "HOME=$home" "PATH=/usr/bin:/bin" "LANG=C.UTF-8" "XDG_RUNTIME_DIR=$wayland_dir" \
  "WAYLAND_DISPLAY=followup-test" "QT_QPA_PLATFORM=wayland" \
  "DBUS_SESSION_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS" \
  "$bundle/followup-desktop" --data-dir "$scratch/wayland-data" >"$scratch/wayland-app.log" 2>&1 &
app_pid=$!
shown=0
for _ in $(seq 300); do
  kill -0 "$app_pid" 2>/dev/null || fail "the app stopped on Wayland: $(tail -n 20 "$scratch/wayland-app.log")"
  if grep -q '/plugins/wayland-shell-integration/libxdg-shell.so' "/proc/$app_pid/maps"; then
    shown=1
    break
  fi
  sleep 0.1
done
[ "$shown" -eq 1 ] || fail "no xdg-shell window on Wayland within 30 s: $(tail -n 20 "$scratch/wayland-app.log")"
grep -q '/plugins/platforms/libqwayland.so' "/proc/$app_pid/maps" || fail "not on the Wayland platform plugin"
kill -TERM "$app_pid"
status=0
wait "$app_pid" || status=$?
app_pid=""
kill "$weston_pid" 2>/dev/null || true
wait "$weston_pid" 2>/dev/null || true
[ "$status" -eq 0 ] || fail "exit code $status on Wayland: $(tail -n 20 "$scratch/wayland-app.log")"
! grep -q Traceback "$scratch/wayland-app.log" || fail "a traceback on Wayland: $(cat "$scratch/wayland-app.log")"
ok "Wayland (weston, headless): window through xdg-shell, exit code 0 on SIGTERM"

# 5. install.sh into the home folder, then --uninstall.
"${clean_env[@]}" "$bundle/install.sh" >"$scratch/install.log" || fail "install.sh: $(cat "$scratch/install.log")"
entry="$home/.local/share/applications/$APP_ID.desktop"
target="$home/.local/opt/FollowUp"
[ -f "$entry" ] || fail "no menu entry at $entry"
grep -qxF "Exec=\"$target/followup-desktop\"" "$entry" || fail "Exec line: $(grep '^Exec=' "$entry")"
if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate "$entry" || fail "the installed menu entry is not valid"
fi
for icon in scalable/apps/$APP_ID.svg 48x48/apps/$APP_ID.png 256x256/apps/$APP_ID.png; do
  [ -f "$home/.local/share/icons/hicolor/$icon" ] || fail "icon $icon not installed"
done
[ -f "$home/.local/share/metainfo/$APP_ID.metainfo.xml" ] || fail "metainfo not installed"
out="$("${clean_env[@]}" "$home/.local/bin/followup-desktop" --version)"
[ "$out" = "FollowUp $version" ] || fail "the installed followup-desktop said: $out"
mkdir -p "$home/.local/share/FollowUp"
echo keep >"$home/.local/share/FollowUp/followup.sqlite3"
"${clean_env[@]}" "$target/install.sh" --uninstall >>"$scratch/install.log" || fail "install.sh --uninstall failed"
[ ! -e "$entry" ] && [ ! -e "$target" ] && [ ! -e "$home/.local/bin/followup-desktop" ] ||
  fail "--uninstall left the program or its menu entry"
[ "$(cat "$home/.local/share/FollowUp/followup.sqlite3")" = keep ] || fail "--uninstall touched the data"
ok "install.sh: menu entry (valid, Exec quoted), icons, metainfo, commands; --uninstall keeps the data"

say "bundle $(du -sh "$bundle" | cut -f1) unpacked, $(du -h "$FOLLOWUP_PACKAGE_TARBALL" | cut -f1) packed;" \
  "build ${FOLLOWUP_PACKAGE_BUILT} s, checks $((SECONDS - tested)) s"
say "$checks passed, 0 failed"
