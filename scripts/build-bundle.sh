#!/usr/bin/env bash
# THE packaging command:  scripts/build-bundle.sh        (or: make package)
# Builds the self-contained Linux bundle from this checkout:
#   build/bundle/FollowUp/                      the folder a rep runs or installs
#   dist/FollowUp-VERSION-linux-x86_64.tar.gz   the same, packed for handing out
# Installs what is missing first (scripts/bootstrap.sh --bundle, then PyInstaller, the `package`
# extra of pyproject.toml, into .venv: a build tool, never part of the app). A rebuild
# reuses PyInstaller's analysis cache in build/pyinstaller/ (--clean starts afresh).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="$ROOT/.venv/bin/python"
WORK="$ROOT/build/pyinstaller"
OUT="$ROOT/build/bundle"
BUNDLE="$OUT/FollowUp"
APP_ID=com.followupapp.FollowUp
clean=()
[ "${1:-}" = "--clean" ] && clean=(--clean)

say() { printf 'build-bundle: %s\n' "$*" >&2; }

"$ROOT/scripts/bootstrap.sh" --bundle
if ! "$PY" -c 'import PyInstaller' >/dev/null 2>&1; then
  mapfile -t wanted < <("$PY" -c 'import tomllib
with open("pyproject.toml", "rb") as f:
    print("\n".join(tomllib.load(f)["project"]["optional-dependencies"]["package"]))')
  say "installing the build tools into .venv: ${wanted[*]}"
  "$PY" -m pip install --quiet "${wanted[@]}"
fi
VERSION="$("$PY" -c 'import followup_desktop; print(followup_desktop.__version__)')"
ARCH="$(uname -m)"
TARBALL="$ROOT/dist/FollowUp-$VERSION-linux-$ARCH.tar.gz"

started=$SECONDS
say "building FollowUp $VERSION with PyInstaller (about 2 minutes on 2 cores)..."
log="$ROOT/build/pyinstaller.log"
mkdir -p "$ROOT/build"
if ! "$PY" -m PyInstaller --noconfirm "${clean[@]}" --log-level WARN \
    --workpath "$WORK" --distpath "$OUT" packaging/linux/followup.spec >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  say "PyInstaller failed (full log: $log)."
  exit 1
fi

# What PyInstaller does not make: the command-line name, the desktop files, the installer.
ln -sfn followup-desktop "$BUNDLE/followup"
share="$BUNDLE/share"
rm -rf "$share"
install -D -m 644 "resources/$APP_ID.desktop" "$share/applications/$APP_ID.desktop"
install -D -m 644 "resources/$APP_ID.metainfo.xml" "$share/metainfo/$APP_ID.metainfo.xml"
install -D -m 644 resources/icons/followup.svg "$share/icons/hicolor/scalable/apps/$APP_ID.svg"
for png in resources/icons/hicolor/*/apps/"$APP_ID.png"; do
  install -D -m 644 "$png" "$share/${png#resources/}"
done
install -m 755 packaging/linux/install.sh "$BUNDLE/install.sh"
install -m 644 packaging/linux/README.txt "$BUNDLE/README.txt"
printf '%s\n' "$VERSION" >"$BUNDLE/VERSION"

mkdir -p "$ROOT/dist"
rm -f "$TARBALL"
tar -C "$OUT" -czf "$TARBALL.partial" FollowUp
mv "$TARBALL.partial" "$TARBALL"

say "built in $((SECONDS - started)) s:"
say "  $BUNDLE  $(du -sh "$BUNDLE" | cut -f1) (unpacked)"
say "  $TARBALL  $(du -h "$TARBALL" | cut -f1)"
