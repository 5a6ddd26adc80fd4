#!/usr/bin/env bash
# Builds FollowUp.app and FollowUp-VERSION-macos-ARCH.dmg (NOT RUN HERE: written and
# reviewed on Linux, see packaging/README.md). On macOS 12+ with Python 3.11 (python.org
# universal2 or Homebrew) and the Xcode command-line tools, from the checkout:
#   packaging/macos/build-dmg.sh
# Signing and notarization (optional, both needed for Gatekeeper to open it without a
# warning):
#   FOLLOWUP_CODESIGN_IDENTITY="Developer ID Application: NAME (TEAMID)"
#   FOLLOWUP_NOTARY_PROFILE=followup-notary   a keychain profile made once with
#       xcrun notarytool store-credentials followup-notary --apple-id ... --team-id ...
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv-macos"
[ -x "$VENV/bin/python" ] || python3.11 -m venv "$VENV"
PY="$VENV/bin/python"
"$PY" -m pip install --quiet --upgrade pip
"$PY" -m pip install --quiet -e ".[package]"
VERSION="$("$PY" -c 'import followup_desktop; print(followup_desktop.__version__)')"
ARCH="$(uname -m)"
APP="dist/macos/FollowUp.app"
DMG="dist/FollowUp-$VERSION-macos-$ARCH.dmg"

"$PY" -m PyInstaller --noconfirm --workpath build/macos --distpath dist/macos packaging/macos/followup.spec

# The command line: the same program under the name the launcher reads as "the CLI"
# (`followup` itself cannot sit beside `FollowUp` on a case-insensitive disk).
ln -sfn FollowUp "$APP/Contents/MacOS/followup-cli"
said="$("$APP/Contents/MacOS/followup-cli" --version)"
[ "$said" = "followup $VERSION" ] || { echo "followup-cli --version said: $said" >&2; exit 1; }

if [ -n "${FOLLOWUP_CODESIGN_IDENTITY:-}" ]; then
  # PyInstaller signed every binary; the link added above changes the bundle's seal.
  codesign --force --options runtime --timestamp \
    --entitlements packaging/macos/entitlements.plist \
    --sign "$FOLLOWUP_CODESIGN_IDENTITY" "$APP"
  codesign --verify --deep --strict --verbose=2 "$APP"
fi

rm -f "$DMG"
staging="$(mktemp -d)"
cp -R "$APP" "$staging/"
ln -s /Applications "$staging/Applications"  # drag FollowUp onto it to install
hdiutil create -volname "FollowUp $VERSION" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$DMG"
rm -rf "$staging"

if [ -n "${FOLLOWUP_CODESIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$FOLLOWUP_CODESIGN_IDENTITY" "$DMG"
  if [ -n "${FOLLOWUP_NOTARY_PROFILE:-}" ]; then
    xcrun notarytool submit "$DMG" --keychain-profile "$FOLLOWUP_NOTARY_PROFILE" --wait
    xcrun stapler staple "$DMG"
    spctl --assess --type open --context context:primary-signature --verbose=2 "$DMG"
  fi
fi
echo "Built $DMG"
