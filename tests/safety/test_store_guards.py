"""What the command line refuses to do to a rep's data, through the real `followup`
process: leak customer data into messages and logs, leave files readable by others,
write into a damaged file."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

from followup_desktop.core import settings as options
from followup_desktop.core.model import Contact, Email, Phone
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import open_services

ROOT = Path(__file__).resolve().parents[2]


def _followup(data: Path, *args: str, umask: int | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "followup_desktop.cli", "--data-dir", str(data), *args],
        cwd=ROOT,
        env={**os.environ},
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=None if umask is None else (lambda: os.umask(umask) and None),
    )


def _book(data: Path, contacts: int) -> None:
    services = open_services(AppPaths(data))
    try:
        settings = services.settings.load().with_value(options.REP_EMAIL, "sam@example.com")
        services.settings.save(settings.with_value(options.REP_NAME, "Sam Rivers"))
        for number in range(contacts):
            services.contacts.add(
                Contact(
                    name=f"Client {number}",
                    emails=[Email(f"client{number}@example.com")],
                    phones=[Phone(f"+1312555{number:04d}")],
                )
            )
    finally:
        services.close()


def test_a_database_error_shows_neither_the_name_nor_the_email(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _book(data, 1)
    with sqlite3.connect(data / "followup.sqlite3") as connection:
        # A real database error on the INSERT, carrying the statement and its parameters.
        connection.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON contacts "
            "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )
    result = _followup(
        data, "contact", "add", "--name", "Zebediah Quillfeather", "--email", "zq@secret.example"
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr  # one line
    assert "refused by the test" in result.stderr
    log = (data / "logs" / "cli.log").read_text()
    assert "IntegrityError" in log and "INSERT INTO contacts" in log  # class and statement
    for secret in ("Zebediah", "Quillfeather", "zq@secret", "secret.example"):
        assert secret not in result.stderr
        assert secret not in log


def _modes(folder: Path) -> dict[str, str]:
    found = {}
    for path in [folder, *folder.rglob("*")]:
        found[str(path.relative_to(folder))] = f"{stat.S_IMODE(path.stat().st_mode):o}"
    return found


def test_every_file_in_the_data_folder_is_private_under_umask_022(tmp_path: Path) -> None:
    data = tmp_path / "data"
    old = os.umask(0o022)
    try:
        _book(data, 3)  # as an older FollowUp left it: 0755 folders, 0644 files
        (data / "exports").mkdir()
        (data / "exports" / "old-report.csv").write_text("name\n")
        (data / "my-own-notes.txt").write_text("not FollowUp's\n")  # left as it is
        for path in [data, *data.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    finally:
        os.umask(old)
    assert _followup(data, "contact", "add", "--name", "New One", umask=0o022).returncode == 0
    assert _followup(data, "db", "backup", umask=0o022).returncode == 0
    assert _followup(data, "import", str(_vcard(tmp_path)), umask=0o022).returncode == 0
    logged = _followup(
        data, "log", "1", "--outcome", "connected", "--next", "2030-01-02T10:00Z", "--json"
    )
    assert logged.returncode == 0, logged.stderr
    (agreed,) = [str(f["id"]) for f in json.loads(logged.stdout) if f["agreed"]]
    exported = _followup(data, "export", "ics", agreed, "-o", f"{data / 'exports'}/", umask=0o022)
    assert exported.returncode == 0, exported.stderr
    assert f"{stat.S_IMODE((data / 'my-own-notes.txt').stat().st_mode):o}" == "644"
    (data / "my-own-notes.txt").unlink()
    modes = _modes(data)
    assert {name for name in modes if name.startswith("backups/followup-")}, modes
    assert {name for name in modes if name.startswith("exports/") and name.endswith(".ics")}
    assert "logs/cli.log" in modes
    wider = {
        name: mode
        for name, mode in modes.items()
        if mode != ("700" if (data / name).is_dir() and name != "." else "600")
        and not (name == "." and mode == "700")
    }
    assert wider == {}
    log = (data / "logs" / "cli.log").read_text()
    assert "made private" in log and "followup.sqlite3 (644 -> 600)" in log


def _vcard(folder: Path) -> Path:
    card = folder / "one.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Card Person\r\nEND:VCARD\r\n")
    return card


def test_no_write_goes_into_a_damaged_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _book(data, 1500)
    database = data / "followup.sqlite3"
    log = data / "logs" / "cli.log"
    for name in ("First Script Run", "Second Script Run"):
        assert _followup(data, "contact", "add", "--name", name).returncode == 0
    # The second command found the file as the first one left it: no second full read.
    assert log.read_text().count("quick check before writing: ok") == 1
    size = database.stat().st_size
    with open(database, "r+b") as handle:  # 8 KiB of noise in the middle of the file
        handle.seek(size // 2 // 4096 * 4096)
        handle.write(random.Random(7).randbytes(8192))
    before = database.read_bytes()
    checked = _followup(data, "db", "check")
    assert checked.returncode == 1 and "malformed" in checked.stderr + checked.stdout
    added = _followup(data, "contact", "add", "--name", "Should Not Land")
    assert added.returncode == 1
    assert added.stderr.count("\n") == 1, added.stderr
    assert "damaged" in added.stderr and "followup db restore" in added.stderr
    assert database.read_bytes() == before
    assert not any(p.name.endswith("-wal") and p.stat().st_size for p in data.iterdir())


def _written_by_a_newer_followup(data: Path) -> None:
    """The rep's data as a later FollowUp leaves it: a schema revision this one lacks."""
    _book(data, 1)
    connection = sqlite3.connect(data / "followup.sqlite3")
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    connection.close()  # its -wal checkpointed into the file: the file is the data


def test_data_from_a_newer_followup_is_refused_in_plain_words_and_left_alone(
    tmp_path: Path,
) -> None:
    """A rep back on an older FollowUp (an older install still on the PATH, a bundle
    put back): one line says the data is newer than this version and what to do, and
    nothing is written: no backup per try, the file byte for byte as it was."""
    data = tmp_path / "data"
    _written_by_a_newer_followup(data)
    before = (data / "followup.sqlite3").read_bytes()
    for _attempt in range(2):
        listed = _followup(data, "contacts")
        assert listed.returncode == 1
        assert listed.stdout == ""
        (line,) = listed.stderr.splitlines()
        assert "newer FollowUp" in line and "0099_from_the_future" in line, line
        assert "update FollowUp" in line, line
        assert "CommandError" not in line and "Can't locate revision" not in line, line
    assert list((data / "backups").iterdir()) == []
    assert (data / "followup.sqlite3").read_bytes() == before
