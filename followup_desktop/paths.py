"""Where FollowUp keeps things. Resolved on demand: importing this creates nothing."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "FollowUp"
DATA_DIR_ENV = "FOLLOWUP_DATA_DIR"
DATABASE_NAME = "followup.sqlite3"


@dataclass(frozen=True, slots=True)
class AppPaths:
    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / DATABASE_NAME

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def exports(self) -> Path:
        return self.data_dir / "exports"

    @property
    def logs(self) -> Path:
        # With an explicit data folder everything stays inside it (portable installs, tests).
        if os.environ.get(DATA_DIR_ENV) or self._explicit:
            return self.data_dir / "logs"
        return Path(PlatformDirs(APP_NAME, appauthor=False).user_log_dir)

    _explicit: bool = False

    def ensure(self) -> None:
        """Create the folders; called once at start-up, never at import."""
        for folder in (self.data_dir, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True)


def resolve(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """--data-dir beats FOLLOWUP_DATA_DIR beats the platform's user data folder."""
    if data_dir:
        return AppPaths(Path(data_dir).expanduser().resolve(), _explicit=True)
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return AppPaths(Path(from_env).expanduser().resolve())
    return AppPaths(Path(PlatformDirs(APP_NAME, appauthor=False).user_data_dir))


def resources_dir() -> Path:
    """The shipped resources (icons, default script cards, e-mail templates).

    Installed code finds them inside the package, ``followup_desktop/resources``: a wheel
    maps the checkout's ``resources/`` there (setup.py) and the PyInstaller bundles put them
    there too (packaging/pyinstaller/common.py). A checkout, editable installs included,
    uses the top-level ``resources/`` itself.
    """
    package = Path(__file__).resolve().parent
    installed = package / "resources"
    if installed.is_dir():
        return installed
    return package.parent / "resources"
