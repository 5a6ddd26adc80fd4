"""The layer rules of ARCHITECTURE.md, checked by import-linter on every test run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = 5


def _lint_imports(cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    return subprocess.run(
        [command, "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120, env=env
    )


def _copy_with(tmp_path: Path, module: str, code: str) -> subprocess.CompletedProcess[str]:
    """lint-imports over a copy of the package with ``code`` added as ``module`` (a path
    inside the package, or ``cli.py`` to append to the command line's module)."""
    package = tmp_path / "followup_desktop"
    shutil.copytree(
        ROOT / "followup_desktop", package, ignore=shutil.ignore_patterns("__pycache__")
    )
    target = package / module
    if target.exists():
        target.write_text(target.read_text(encoding="utf-8") + "\n" + code, encoding="utf-8")
    else:
        target.write_text(code, encoding="utf-8")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return _lint_imports(
        tmp_path, {"PYTHONPATH": str(tmp_path), "PATH": str(Path(sys.executable).parent)}
    )


def test_import_contracts_are_kept() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{CONTRACTS} kept, 0 broken" in result.stdout


def test_a_wrong_arrow_is_caught(tmp_path: Path) -> None:
    """The contract is not decorative: core importing Qt breaks it."""
    result = _copy_with(
        tmp_path,
        "core/bad.py",
        "import PySide6.QtCore\nfrom followup_desktop.services import session\n",
    )
    assert result.returncode != 0
    assert "BROKEN" in result.stdout


@pytest.mark.parametrize(
    ("module", "code"),
    [
        ("ui/shortcut.py", "from followup_desktop.store import db\n"),
        ("cli.py", "from followup_desktop.store import db\n"),
        ("ui/shortcut.py", "import sqlalchemy\n"),
        ("cli.py", "from alembic import command\n"),
    ],
)
def test_a_face_that_skips_the_services_is_caught(tmp_path: Path, module: str, code: str) -> None:
    """ui and cli reach the data through services: a direct store import breaks the
    "through services only" contract, though the layers alone would allow it."""
    result = _copy_with(tmp_path, module, code)
    assert result.returncode != 0, result.stdout
    assert "ui and cli reach the store through services only BROKEN" in result.stdout
    assert f"{CONTRACTS - 1} kept, 1 broken" in result.stdout


def test_a_service_writing_sql_is_caught(tmp_path: Path) -> None:
    result = _copy_with(
        tmp_path,
        "services/shortcut.py",
        "from sqlalchemy import select\nfrom followup_desktop.store.schema import ContactRow\n",
    )
    assert result.returncode != 0, result.stdout
    assert "services keep SQL out (store/ owns every statement) BROKEN" in result.stdout
