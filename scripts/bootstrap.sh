#!/usr/bin/env bash
# Installs what FollowUp needs on Debian/Ubuntu, and only what is missing:
#   1. the Debian packages in scripts/debian-packages.txt (Qt's libraries, Xvfb, fonts...),
#      through sudo when you are not root;
#   2. a Python >= 3.11 and the environment .venv with FollowUp and its test tools.
# A second run does nothing (and prints nothing) unless something is missing or
# pyproject.toml changed.
#
#   scripts/bootstrap.sh           run it
#   scripts/bootstrap.sh --bundle  also what building the bundle needs (PyInstaller's objdump
#                                  and the shared libpython of .venv's Python)
#   source scripts/bootstrap.sh    the same from a bash script; sets FOLLOWUP_ROOT, FOLLOWUP_VENV

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
  # Sourced: run as a child so that our shell options and exits stay out of the caller.
  bash "${BASH_SOURCE[0]}" || return
  FOLLOWUP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  FOLLOWUP_VENV="$FOLLOWUP_ROOT/.venv"
  export FOLLOWUP_ROOT FOLLOWUP_VENV
  return 0
fi

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PACKAGE_LIST="$ROOT/scripts/debian-packages.txt"
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

say() { printf 'bootstrap: %s\n' "$*" >&2; }

have_apt() { command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; }

# --- root, sudo and apt -------------------------------------------------------------

ROOT_READY=0
# Makes sure commands can be run as root: nothing to do when root (CI); otherwise
# explains why in one line ($1), then lets sudo ask for the password once.
get_root() {
  [ "$ROOT_READY" -eq 1 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      say "$1, which needs root, and sudo is not installed."
      return 1
    fi
    say "$1, which needs root: using sudo (it may ask for your password)."
    sudo -v || return 1
  fi
  ROOT_READY=1
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# apt-get as root, quiet; its output goes to a log that is shown only if it fails.
# If another apt holds the lock, waits for it (up to 15 minutes) instead of failing.
apt_get() {
  local log waited=0
  log="$(mktemp -t followup-apt-XXXXXX.log)"
  while :; do
    if as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get -o DPkg::Lock::Timeout=300 -o Acquire::Retries=3 "$@" >"$log" 2>&1; then
      rm -f "$log"
      return 0
    fi
    if grep -qE 'Could not get lock|Unable to acquire the dpkg frontend lock|Unable to lock' "$log" &&
      [ "$waited" -lt 900 ]; then
      [ "$waited" -eq 0 ] && say "another apt-get is running: waiting for it to finish."
      sleep 10
      waited=$((waited + 10))
      continue
    fi
    tail -n 25 "$log" >&2
    say "apt-get $* failed (full log: $log)."
    return 1
  done
}

APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" -eq 0 ]; then
    apt_get update -qq || return 1
    APT_UPDATED=1
  fi
  apt_get install -y -qq --no-install-recommends "$@"
}

# --- Debian packages ----------------------------------------------------------------

# The listed packages that are not installed, in list order. A name counts as installed
# when a package of that name is, or an installed package provides it (Ubuntu 24.04's
# libglib2.0-0t64 provides libglib2.0-0, for example).
missing_packages() {
  awk 'NR == FNR { have[$0] = 1; next }
       { sub(/#.*/, ""); gsub(/[ \t\r]/, "") }
       $0 != "" && !($0 in have) && !seen[$0]++' \
    <(dpkg-query -W -f='${Status}\t${Package}\t${Provides}\n' 2>/dev/null |
        awk -F'\t' '$1 ~ / installed$/ {
                      print $2
                      n = split($3, provided, /, */)
                      for (i = 1; i <= n; i++) { split(provided[i], word, " "); print word[1] }
                    }') \
    "$PACKAGE_LIST"
}

ensure_debian_packages() {
  local -a missing
  if ! have_apt; then
    mapfile -t missing < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$PACKAGE_LIST" | grep -v '^$')
    say "this is not Debian or Ubuntu (no apt-get): make sure the equivalents of these"
    say "packages are installed, then carry on: ${missing[*]}"
    return 0
  fi
  mapfile -t missing < <(missing_packages)
  [ "${#missing[@]}" -eq 0 ] && return 0
  if get_root "Some Debian packages FollowUp needs are missing (Qt's libraries, a virtual display, fonts...)" &&
    say "installing Debian packages (can take a few minutes on a new machine): ${missing[*]}" &&
    apt_install "${missing[@]}"; then
    say "Debian packages installed."
  else
    say "WARNING: could not install these Debian packages; FollowUp or its tests may not work"
    say "until someone installs them as root: apt-get install ${missing[*]}"
  fi
}

# --- Python -------------------------------------------------------------------------

python_ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; }

# The newest Python >= 3.11 on PATH.
pick_python() {
  local candidate
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

# Sets PYTHON (not printed and captured: the flags ROOT_READY and APT_UPDATED must stick).
ensure_python() {
  if PYTHON="$(pick_python)"; then
    return 0
  fi
  # Ubuntu 22.04's python3 is 3.10; its archive has python3.11 as a separate package.
  say "no Python 3.11 or newer found: installing python3.11 and python3.11-venv."
  if ! have_apt || ! get_root "Installing Python 3.11" || ! apt_install python3.11 python3.11-venv; then
    say "please install Python 3.11 or newer (with its venv module), then run me again."
    return 1
  fi
  PYTHON="$(pick_python)"
}

# .venv works, and was made here: after the checkout is moved, its launchers (pip,
# lint-imports...) still name the old folder's python and no longer start.
venv_ok() {
  [ -x "$VENV/bin/python" ] && python_ok "$VENV/bin/python" &&
    "$VENV/bin/python" -c 'import pip' >/dev/null 2>&1 &&
    [ -f "$VENV/bin/pip" ] && grep -qF -e "#!$VENV/bin/python" -e "'$VENV/bin/python" "$VENV/bin/pip"
}

ensure_venv() {
  local python="$1" output version
  venv_ok && return 0
  if [ -e "$VENV" ]; then
    say "the Python environment in .venv is broken, too old or was made in another folder: making a new one."
    rm -rf "$VENV"
  fi
  say "creating the Python environment .venv with $("$python" -c 'import sys; print(sys.executable, sys.version.split()[0])')."
  if output="$("$python" -m venv "$VENV" 2>&1)"; then
    venv_ok && return 0
    say "the new .venv does not work (made with $python)."
    return 1
  fi
  rm -rf "$VENV"
  version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  if ! have_apt || ! grep -qi 'ensurepip' <<<"$output"; then
    printf '%s\n' "$output" >&2
    say "could not create .venv with $python."
    return 1
  fi
  # Debian and Ubuntu ship the venv module (ensurepip) as a package of its own.
  say "Python's venv module is missing: installing python${version}-venv."
  get_root "Installing python${version}-venv" || return 1
  apt_install "python${version}-venv" || return 1
  "$python" -m venv "$VENV"
}

ensure_python_packages() {
  local stamp log
  stamp="$VENV/.installed-$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
  [ -f "$stamp" ] && return 0
  say "installing FollowUp and its Python dependencies into .venv (about 300 MB the first time)."
  log="$VENV/pip-install.log"
  if ! { "$VENV/bin/python" -m pip install --quiet --upgrade pip &&
         "$VENV/bin/python" -m pip install -e "${ROOT}[test]"; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    say "installing the Python dependencies failed (full log: $log)."
    return 1
  fi
  rm -f "$VENV"/.installed-*
  touch "$stamp"
  say "Python environment ready: $VENV"
}

# --- what building the bundle needs (--bundle) -----------------------------------------

# The shared library PyInstaller copies into the bundle (libpython3.X.so.1.0): beside the
# Python (a self-built one) or where the dynamic linker finds it (Debian's python3.X is
# linked statically; its shared library is the separate package libpython3.X).
libpython_found() {
  local soname libdir
  soname="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_config_var("INSTSONAME") or "")')"
  libdir="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_config_var("LIBDIR") or "")')"
  [ -n "$soname" ] || return 1
  [ -e "$libdir/$soname" ] && return 0
  "$(command -v ldconfig || echo /sbin/ldconfig)" -p 2>/dev/null | grep -qF "$soname"
}

# Each missing tool, as "debian-package<TAB>what it is for".
missing_bundle_tools() {
  local version
  command -v objdump >/dev/null 2>&1 || printf 'binutils\tobjdump, which PyInstaller runs on every library\n'
  if ! libpython_found; then
    version="$("$VENV/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    printf 'libpython%s\tthe shared Python library (libpython%s.so.1.0) the bundle carries\n' \
      "$version" "$version"
  fi
}

ensure_bundle_tools() {
  local -a packages=()
  local line
  while IFS= read -r line; do packages+=("${line%%$'\t'*}"); done < <(missing_bundle_tools)
  [ "${#packages[@]}" -eq 0 ] && return 0
  if have_apt && get_root "Building the bundle needs ${packages[*]}"; then
    say "installing what building the bundle needs: ${packages[*]}"
    apt_install "${packages[@]}" || true
  fi
  local status=0
  while IFS= read -r line; do
    say "missing: Debian package ${line%%$'\t'*} (${line#*$'\t'}); install it and run me again."
    status=1
  done < <(missing_bundle_tools)
  return "$status"
}

ensure_debian_packages
ensure_python
ensure_venv "$PYTHON"
ensure_python_packages
if [ "${1:-}" = "--bundle" ]; then
  ensure_bundle_tools
fi
