"""The desktop entry, the AppStream metadata and the icons pass the freedesktop tools'
own validators and agree with each other and with the app; the autostart entry is the
application's entry with another command."""

from __future__ import annotations

import configparser
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from followup_desktop import __version__
from followup_desktop.services import autostart

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
APP_ID = "com.followupapp.FollowUp"
DESKTOP = RESOURCES / f"{APP_ID}.desktop"
METAINFO = RESOURCES / f"{APP_ID}.metainfo.xml"


def tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: scripts/bootstrap.sh installs it (Debian {package})")
    return found


def validate_desktop(path: Path) -> None:
    result = subprocess.run(
        [tool("desktop-file-validate", "desktop-file-utils"), str(path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def entry(path: Path) -> dict[str, str]:
    parser = configparser.RawConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_the_desktop_entry_is_valid_and_names_the_icon_and_program() -> None:
    validate_desktop(DESKTOP)
    fields = entry(DESKTOP)
    assert fields["Icon"] == APP_ID
    assert fields["Exec"] == "followup-desktop"  # the installers replace it with a path
    assert fields["StartupWMClass"] == "followup-desktop"


def test_the_appstream_metadata_is_valid_and_matches_the_app() -> None:
    result = subprocess.run(
        [tool("appstreamcli", "appstream"), "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == DESKTOP.name
    assert component.findtext("name") == entry(DESKTOP)["Name"]
    newest = component.find("releases/release")
    assert newest is not None and newest.get("version") == __version__, (
        "add a <release> for the new version to the metainfo"
    )


def test_every_icon_size_is_there_at_its_size() -> None:
    theme = RESOURCES / "icons" / "hicolor"
    install = (ROOT / "packaging" / "linux" / "install.sh").read_text(encoding="utf-8")
    listed = re.search(r'^ICON_SIZES="([^"]+)"', install, re.MULTILINE)
    assert listed is not None
    sizes = listed.group(1).split()
    assert sorted(p.name for p in theme.iterdir()) == sorted(sizes)
    for size in sizes:
        side = int(size.split("x")[0])
        assert png_size(theme / size / "apps" / f"{APP_ID}.png") == (side, side)
    assert (RESOURCES / "icons" / "followup.svg").read_text(encoding="utf-8").startswith("<svg")


def test_the_autostart_entry_is_the_application_entry_started_minimized(tmp_path: Path) -> None:
    path = autostart.apply(True, ["/opt/Follow Up/followup-desktop", "--minimized"])
    assert path is not None
    validate_desktop(path)
    started = entry(path)
    application = entry(DESKTOP)
    assert started.pop("Exec") == '"/opt/Follow Up/followup-desktop" --minimized'
    assert started.pop("X-GNOME-Autostart-enabled") == "true"
    assert started.pop("X-FollowUp-Autostart") == "true"
    application.pop("Exec")
    assert started == application
