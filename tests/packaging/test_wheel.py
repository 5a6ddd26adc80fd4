"""A wheel (what `pip install` makes of a checkout) carries everything FollowUp reads at
run time, and installed code finds it inside the package: the shipped resources, the
desktop files and the Alembic migrations, with no checkout beside it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHECK = """
import json, sqlite3, sys
from pathlib import Path
import followup_desktop
from followup_desktop import paths
from followup_desktop.services import calls
from followup_desktop.services.session import open_services
from followup_desktop.store import migrate

data = Path(sys.argv[1])
services = open_services(paths.AppPaths(data, _explicit=True))
services.close()
with sqlite3.connect(data / paths.DATABASE_NAME) as db:
    revision = db.execute("SELECT version_num FROM alembic_version").fetchone()[0]
resources = paths.resources_dir()
print(json.dumps({
    "package": followup_desktop.__file__,
    "resources": str(resources),
    "migrations": str(migrate.MIGRATIONS),
    "revision": revision,
    "head": migrate.HEAD,
    "cards": len(calls.default_cards()),
    "templates": sorted(p.name for p in (resources / "email_templates").iterdir()),
}))
"""


def _sources(into: Path) -> Path:
    """What a wheel is built from, copied: setuptools builds in the source tree's
    ``build/`` and never removes a file from it, so a module renamed or deleted since an
    earlier build would ride along in the wheel (a migration twice: two heads)."""
    into.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, into / name)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for folder in ("followup_desktop", "resources"):
        shutil.copytree(ROOT / folder, into / folder, ignore=skip)
    return into


def test_an_installed_wheel_finds_its_resources_and_migrates(tmp_path: Path) -> None:
    sources = _sources(tmp_path / "src")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(sources),
        ],
        check=True,
        cwd=tmp_path,
    )
    (wheel,) = tmp_path.glob("followup_desktop-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in (
        "followup_desktop/resources/com.followupapp.FollowUp.desktop",
        "followup_desktop/resources/com.followupapp.FollowUp.metainfo.xml",
        "followup_desktop/resources/icons/followup.svg",
        "followup_desktop/resources/icons/hicolor/256x256/apps/com.followupapp.FollowUp.png",
        "followup_desktop/resources/scripts/default_cards.json",
        "followup_desktop/resources/email_templates/nudge.txt",
        "followup_desktop/store/migrations/env.py",
        "followup_desktop/store/migrations/script.py.mako",
    ):
        assert shipped in names, f"the wheel lacks {shipped}"
    assert not any("__pycache__" in name for name in names)

    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
    )
    # The installed copy comes first on the path; the checkout is nowhere on it.
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", CHECK, str(tmp_path / "data")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    installed = site / "followup_desktop"
    assert Path(found["package"]).parent == installed
    assert Path(found["resources"]) == installed / "resources"
    assert Path(found["migrations"]) == installed / "store" / "migrations"
    assert found["revision"] == found["head"]
    assert found["cards"] > 0
    expected = sorted(p.name for p in (ROOT / "resources" / "email_templates").iterdir())
    assert found["templates"] == expected
