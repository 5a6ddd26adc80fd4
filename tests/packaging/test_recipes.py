"""The recipes for the platforms this machine cannot build (Windows, macOS) are at least
well-formed and in step with the app's version; the bundle's launcher picks the command
line or the desktop app by the name it is started under, on every platform's names."""

from __future__ import annotations

import ast
import os
import plistlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from followup_desktop import __version__

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


@pytest.mark.parametrize("platform", ["linux", "windows", "macos"])
def test_every_spec_is_python_that_uses_the_shared_settings(platform: str) -> None:
    source = (PACKAGING / platform / "followup.spec").read_text(encoding="utf-8")
    ast.parse(source)
    for shared in ("common.LAUNCHER", "common.datas()", "common.EXCLUDED_MODULES", "common.trim("):
        assert shared in source, f"{platform} spec does not use {shared}"


def test_the_windows_version_resource_names_the_apps_version() -> None:
    text = (PACKAGING / "windows" / "version-info.txt").read_text(encoding="utf-8")
    numbers = tuple(int(part) for part in __version__.split("."))
    quad = ", ".join(str(n) for n in (*numbers, 0))
    assert f"filevers=({quad})" in text and f"prodvers=({quad})" in text
    assert f'StringStruct("ProductVersion", "{__version__}")' in text
    assert f'StringStruct("FileVersion", "{__version__}")' in text


def test_the_installer_and_the_entitlements_are_well_formed() -> None:
    iss = (PACKAGING / "windows" / "followup.iss").read_text(encoding="utf-8")
    sections = re.findall(r"^\[(\w+)\]", iss, re.MULTILINE)
    assert sections[:2] == ["Setup", "Languages"] and {"Files", "Icons"} <= set(sections)
    assert "PrivilegesRequired=lowest" in iss  # a per-user install, like install.sh
    assert 'AppUserModelID: "com.followupapp.FollowUp"' in iss
    with (PACKAGING / "macos" / "entitlements.plist").open("rb") as handle:
        entitlements = plistlib.load(handle)
    assert entitlements == {"com.apple.security.cs.allow-unsigned-executable-memory": True}


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("followup", "followup"),  # the Linux bundle's link
        ("followup-cli.exe", "followup"),  # Windows' console program
        ("followup-cli", "followup"),  # the link inside the macOS app
        ("followup-desktop", "FollowUp"),  # Linux
        ("FollowUp.exe", "FollowUp"),  # Windows
        ("FollowUp", "FollowUp"),  # macOS: not the CLI, whatever the case
    ],
)
def test_the_launcher_is_the_cli_or_the_app_by_its_name(
    tmp_path: Path, name: str, says: str
) -> None:
    program = tmp_path / name
    shutil.copy(PACKAGING / "pyinstaller" / "launcher.py", program)
    result = subprocess.run(
        [sys.executable, str(program), "--version"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{says} {__version__}"
