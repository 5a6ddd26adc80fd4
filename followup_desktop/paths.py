"""Where FollowUp keeps things. Resolved on demand: importing this creates nothing."""

from __future__ import annotations

import argparse
import os
import stat
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
    # The sample-data demo: its own folder inside the rep's, never the rep's database.
    demo: bool = False

    def demo_profile(self) -> AppPaths:
        """Where "Try sample data" plays: ``DATA/demo``, logs and all, apart from the
        rep's own contacts, reminders and backups."""
        if self.demo:
            return self
        return AppPaths(self.data_dir / DEMO_FOLDER, _explicit=True, demo=True)

    def ensure(self) -> None:
        """Create the folders (owner only); called once at start-up, never at import."""
        for folder in (self.data_dir, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)

    def make_private(self) -> list[str]:
        """The data folder (and the log folder) 0700, every file in them 0600: they hold
        customers' names, numbers and notes. Returns what had to be narrowed, for the log.
        Called at start-up; files made later are private by the entry points' umask."""
        fixed: list[str] = []
        if os.name == "nt":  # Windows keeps a user's files private by its ACLs, not modes
            return fixed
        if self.data_dir.is_dir():
            _narrow(self.data_dir, 0o700, fixed)
            # Only what FollowUp keeps there: a data folder chosen with --data-dir may
            # hold other things of the rep's, which are left as they are.
            for entry in self.data_dir.iterdir():
                if entry.name in OWN_FOLDERS:
                    _narrow_tree(entry, fixed)
                elif entry.name.startswith(OWN_FILES) and entry.is_file():
                    _narrow(entry, 0o600, fixed)
        if self.logs.is_dir():
            _narrow_tree(self.logs, fixed)
        return fixed


PRIVATE_UMASK = 0o077


# What FollowUp keeps in its data folder: the database and its companions (-wal, -shm,
# .replaced-…, .damaged-…), the single-instance lock; backups, exports, logs, templates.
OWN_FILES = ("followup",)
DEMO_FOLDER = "demo"
OWN_FOLDERS = frozenset({"backups", "exports", "logs", "email_templates", DEMO_FOLDER})


def _narrow_tree(top: Path, fixed: list[str]) -> None:
    if top.is_symlink() or not top.is_dir():
        return
    for folder, folders, files in os.walk(top):
        _narrow(Path(folder), 0o700, fixed)
        for name in files:
            _narrow(Path(folder) / name, 0o600, fixed)
        folders[:] = [f for f in folders if not (Path(folder) / f).is_symlink()]


def _narrow(path: Path, mode: int, fixed: list[str]) -> None:
    try:
        current = path.lstat()
    except OSError:
        return
    if stat.S_ISLNK(current.st_mode) or not stat.S_IMODE(current.st_mode) & 0o077:
        return
    try:
        os.chmod(path, mode)
    except OSError as error:
        fixed.append(f"{path}: could not make it private ({error.strerror})")
        return
    fixed.append(f"{path} ({stat.S_IMODE(current.st_mode):o} -> {mode:o})")


def _given_folder(text: str) -> str:
    # `--data-dir "$DIR"` with DIR unset in a script: taken for "no --data-dir", it would
    # write into the rep's own data.
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty: give a folder, or leave --data-dir out")
    return text


def add_location_arguments(parser: argparse.ArgumentParser) -> None:
    """Where the book is, the same for the window and the command line: the data folder,
    or a team server instead of the folder's file."""
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        type=_given_folder,
        help="data folder (default: FOLLOWUP_DATA_DIR or the user data folder)",
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        default=os.environ.get("FOLLOWUP_DATABASE", ""),
        help="a team server (postgresql+psycopg://user@host/db) instead of the data "
        "folder's file (also FOLLOWUP_DATABASE)",
    )


def resolve(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """--data-dir beats FOLLOWUP_DATA_DIR beats the platform's user data folder."""
    if data_dir:
        return AppPaths(Path(data_dir).expanduser().resolve(), _explicit=True)
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return AppPaths(Path(from_env).expanduser().resolve())
    return AppPaths(Path(PlatformDirs(APP_NAME, appauthor=False).user_data_dir))


def not_a_folder(data_dir: Path) -> str | None:
    """What is wrong when the data folder, or a folder above it, is a file (``--data-dir``
    given the database itself): said before anything tries to create it, where ``mkdir``
    would fail with a traceback."""
    for path in (data_dir, *data_dir.parents):
        if path.is_dir():
            return None
        if path.exists():
            instead = path.parent if path.name == DATABASE_NAME else "another folder"
            return (
                f"{path} is a file, not a folder: the data folder (--data-dir or "
                f"{DATA_DIR_ENV}) is the folder that holds {DATABASE_NAME}; give {instead}"
            )
    return None


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
