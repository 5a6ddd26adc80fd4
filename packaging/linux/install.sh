#!/bin/sh
# Installs FollowUp for you (no root needed, nothing outside your home folder):
#   ./install.sh              from the unpacked FollowUp folder
#   ./install.sh --uninstall  removes the program and its menu entry (never your data)
# Puts the program in ~/.local/opt/FollowUp, the commands followup-desktop and followup in
# ~/.local/bin, and the menu entry, icons and AppStream data in ~/.local/share.
# Installing again (a newer version) replaces the program and keeps your data.
set -eu

APP_ID=com.followupapp.FollowUp
HERE="$(cd "$(dirname "$0")" && pwd)"
DATA_HOME="${XDG_DATA_HOME:-$HOME/.local/share}"
TARGET="$HOME/.local/opt/FollowUp"
BIN="$HOME/.local/bin"
ENTRY="$DATA_HOME/applications/$APP_ID.desktop"
ICON_SIZES="16x16 22x22 24x24 32x32 48x48 64x64 128x128 256x256 512x512"

say() { printf '%s\n' "$*"; }

refresh_desktop() {
  # Menus and icon caches pick the change up at once (they would at the next login anyway).
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$DATA_HOME/applications" 2>/dev/null || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$DATA_HOME/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t "$DATA_HOME/icons/hicolor" 2>/dev/null || true
  fi
}

uninstall() {
  rm -f "$ENTRY" "$DATA_HOME/metainfo/$APP_ID.metainfo.xml"
  rm -f "$DATA_HOME/icons/hicolor/scalable/apps/$APP_ID.svg"
  for size in $ICON_SIZES; do
    rm -f "$DATA_HOME/icons/hicolor/$size/apps/$APP_ID.png"
  done
  for name in followup-desktop followup; do
    # Only our links: a followup-desktop installed some other way stays.
    case "$(readlink "$BIN/$name" 2>/dev/null || true)" in
      "$TARGET"/*) rm -f "$BIN/$name" ;;
    esac
  done
  rm -rf "$TARGET" "$TARGET.old" "$TARGET.new"
  refresh_desktop
}

# The Exec value of a desktop entry: double-quoted with \ " ` $ escaped, % doubled, then
# every backslash doubled again (the string-value level of the format).
exec_quote() {
  printf '%s' "$1" | sed -e 's/[\\"`$]/\\&/g' -e 's/%/%%/g' -e 's/\\/\\\\/g' -e 's/^/"/' -e 's/$/"/'
}

if [ "${1:-}" = "--uninstall" ]; then
  uninstall
  say "FollowUp is uninstalled. Your contacts and calls are still in ${XDG_DATA_HOME:-$HOME/.local/share}/FollowUp."
  exit 0
fi
if [ ! -x "$HERE/followup-desktop" ] || [ ! -d "$HERE/share/applications" ]; then
  say "Run install.sh from the unpacked FollowUp folder (it needs followup-desktop beside it)." >&2
  exit 1
fi

# The program: copied beside the old one, then swapped in, so a failed copy changes nothing.
if [ "$HERE" != "$TARGET" ]; then
  mkdir -p "$(dirname "$TARGET")"
  rm -rf "$TARGET.new" "$TARGET.old"
  cp -a "$HERE" "$TARGET.new"
  if [ -e "$TARGET" ]; then mv "$TARGET" "$TARGET.old"; fi
  mv "$TARGET.new" "$TARGET"
  rm -rf "$TARGET.old"
fi

mkdir -p "$BIN"
ln -sfn "$TARGET/followup-desktop" "$BIN/followup-desktop"
ln -sfn "$TARGET/followup" "$BIN/followup"

# The menu entry: the bundle's own, pointed at the installed program.
mkdir -p "$(dirname "$ENTRY")"
program="$(exec_quote "$TARGET/followup-desktop")"
# sed's replacement needs its own escaping of \ & and the delimiter |
replacement="$(printf '%s' "$program" | sed -e 's/[\\&|]/\\&/g')"
sed -e "s|^Exec=followup-desktop|Exec=$replacement|" \
  "$TARGET/share/applications/$APP_ID.desktop" >"$ENTRY.partial"
printf 'TryExec=%s\n' "$TARGET/followup-desktop" >>"$ENTRY.partial"
mv "$ENTRY.partial" "$ENTRY"

mkdir -p "$DATA_HOME/metainfo" "$DATA_HOME/icons/hicolor/scalable/apps"
cp "$TARGET/share/metainfo/$APP_ID.metainfo.xml" "$DATA_HOME/metainfo/"
cp "$TARGET/share/icons/hicolor/scalable/apps/$APP_ID.svg" "$DATA_HOME/icons/hicolor/scalable/apps/"
for size in $ICON_SIZES; do
  mkdir -p "$DATA_HOME/icons/hicolor/$size/apps"
  cp "$TARGET/share/icons/hicolor/$size/apps/$APP_ID.png" "$DATA_HOME/icons/hicolor/$size/apps/"
done
refresh_desktop

say "FollowUp $(cat "$TARGET/VERSION" 2>/dev/null || true) is installed: open it from your applications menu,"
say "or run followup-desktop. To remove it: $TARGET/install.sh --uninstall"
case ":$PATH:" in
  *":$BIN:"*) ;;
  *) say "(The followup-desktop and followup commands are in $BIN, which is not on your PATH yet: it will be after you log in again on most systems.)" ;;
esac
