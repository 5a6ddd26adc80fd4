#!/usr/bin/env bash
# Sets up everything FollowUp needs on Debian/Ubuntu: system packages and .venv.
# Idempotent: a second run does nothing unless something is missing or pyproject changed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
say() { printf 'followup: %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    say "need root to run: $*  (no sudo found)"; return 1
  fi
}

missing_packages() {
  local pkg
  while read -r pkg; do
    pkg="${pkg%%#*}"; pkg="${pkg// /}"
    [ -z "$pkg" ] && continue
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      printf '%s\n' "$pkg"
    fi
  done < "$ROOT/scripts/debian-packages.txt"
}

install_system_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    say "not a Debian/Ubuntu system: install the equivalents of scripts/debian-packages.txt yourself"
    return 0
  fi
  local missing
  missing="$(missing_packages | tr '\n' ' ')"
  [ -z "${missing// /}" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "installing system packages with sudo (Qt libraries, Xvfb, fonts): $missing"
  else
    say "installing system packages: $missing"
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # shellcheck disable=SC2086
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

pick_python() {
  local candidate
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  return 1
}

ensure_python() {
  local python
  if ! python="$(pick_python)"; then
    say "no Python 3.11 or newer found: installing python3.11"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3.11 python3.11-venv >/dev/null
    python="$(pick_python)"
  fi
  printf '%s\n' "$python"
}

ensure_venv() {
  local python="$1"
  if [ ! -x "$VENV/bin/python" ]; then
    say "creating the Python environment in .venv"
    if ! "$python" -m venv "$VENV" 2>/dev/null; then
      local version
      version="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
      say "python -m venv failed: installing python${version}-venv"
      rm -rf "$VENV"
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "python${version}-venv" >/dev/null
      "$python" -m venv "$VENV"
    fi
  fi
  local stamp
  stamp="$VENV/.installed-$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    say "installing FollowUp and its Python dependencies into .venv"
    local log="$VENV/pip-install.log"
    if ! { "$VENV/bin/python" -m pip install --upgrade pip &&
           "$VENV/bin/python" -m pip install -e "$ROOT[test]"; } >"$log" 2>&1; then
      tail -n 30 "$log" >&2
      say "installing the Python dependencies failed (full log: $log)"
      return 1
    fi
    rm -f "$VENV"/.installed-*
    touch "$stamp"
  fi
}

install_system_packages
ensure_venv "$(ensure_python)"
