"""Start at login (setting START_AT_LOGIN): an XDG autostart entry on Linux.

The entry is kept true to the setting: written when it is on, removed when it is off —
only ours, recognised by its mark, so an entry another tool wrote is never deleted. It is
the application's own desktop entry (resources/com.followupapp.FollowUp.desktop, the one
the installers put in the menu) with the launch command of this program.
Windows and macOS equivalents (a Run registry value, a LaunchAgent) are described in the
README and not written here yet.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from followup_desktop import paths
from followup_desktop.core.durable_files import replace_file

ENTRY_NAME = "com.followupapp.FollowUp.desktop"
MARK = "X-FollowUp-Autostart=true"


def autostart_dir() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "autostart"


def entry_path() -> Path:
    return autostart_dir() / ENTRY_NAME


def launch_command(*arguments: str) -> list[str]:
    """The same program that is running now, with ``arguments`` (default: start in the
    tray, as at login): the bundle's own executable when frozen (PyInstaller), else the
    installed ``followup-desktop``, else this Python running the package."""
    arguments = arguments or ("--minimized",)
    if getattr(sys, "frozen", False):
        return [sys.executable, *arguments]
    installed = shutil.which("followup-desktop")
    if installed:
        return [installed, *arguments]
    return [sys.executable, "-m", "followup_desktop", *arguments]


RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def _exec_argument(part: str) -> str:
    r"""Quoted as the desktop-entry spec says: double quotes, with \" \` \$ \\ escaped;
    a literal % doubled; then backslashes doubled once more for the string value."""
    if part and not RESERVED & set(part):
        quoted = part
    else:
        escaped = "".join("\\" + c if c in '"`$\\' else c for c in part)
        quoted = f'"{escaped}"'
    return quoted.replace("%", "%%").replace("\\", "\\\\")


def _exec_line(command: list[str]) -> str:
    return " ".join(_exec_argument(part) for part in command)


def application_entry() -> Path:
    return paths.resources_dir() / ENTRY_NAME


def entry_text(command: list[str]) -> str:
    """The application's desktop entry with ``command`` as its Exec line, marked ours."""
    lines = []
    for line in application_entry().read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = f"Exec={_exec_line(command)}"
        elif line.startswith(("X-GNOME-Autostart-enabled=", "X-FollowUp-Autostart=")):
            continue
        lines.append(line)
    return "\n".join([*lines, "X-GNOME-Autostart-enabled=true", MARK, ""])


def is_installed() -> bool:
    return entry_path().exists()


def apply(enabled: bool, command: list[str] | None = None) -> Path | None:
    """Make the autostart entry match the setting. Returns the entry when there is one.
    Only Linux (and other XDG desktops) have this mechanism."""
    if sys.platform in ("win32", "darwin"):
        return None
    path = entry_path()
    if enabled:
        text = entry_text(command or launch_command())
        if not path.exists() or path.read_text(encoding="utf-8", errors="replace") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            replace_file(path, text.encode("utf-8"))  # whole or not at all, and synced
        return path
    if path.exists() and MARK in path.read_text(encoding="utf-8", errors="replace"):
        path.unlink()
    return None
