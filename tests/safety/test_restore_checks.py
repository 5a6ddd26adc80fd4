"""`followup db restore` checks what it restores before touching anything: only a
FollowUp database whose schema this version can open replaces the live one."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from followup_desktop.core.model import Contact, Email
from followup_desktop.paths import AppPaths
from followup_desktop.services import backups
from followup_desktop.services.session import open_services
from followup_desktop.store import migrate
from followup_desktop.store.db import make_engine

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    services = open_services(AppPaths(folder))
    for number in range(5):
        services.contacts.add(Contact(name=f"Live {number}", emails=[Email(f"l{number}@x.org")]))
    services.close()
    return folder


def _restore(data: Path, backup: Path) -> subprocess.CompletedProcess[str]:
    command = ("db", "restore", str(backup))
    return subprocess.run(
        [sys.executable, "-m", "followup_desktop.cli", "--data-dir", str(data), *command],
        cwd=ROOT,
        env={**os.environ},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _good_backup(data: Path, where: Path) -> Path:
    taken = backups.take_backup(AppPaths(data), "manual").path
    return Path(shutil.move(taken, where))


def _foreign(where: Path) -> Path:
    with sqlite3.connect(where) as connection:
        connection.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT)")
        connection.execute("INSERT INTO recipes (title) VALUES ('soup')")
    return where


def _newer(data: Path, where: Path) -> Path:
    backup = _good_backup(data, where)
    with sqlite3.connect(backup) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    return backup


def _table_dropped(data: Path, where: Path) -> Path:
    backup = _good_backup(data, where)
    with sqlite3.connect(backup) as connection:
        connection.execute("DROP TABLE call_drafts")
    return backup


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("empty", "is empty"),
        ("foreign", "not a FollowUp backup"),
        ("newer", "newer FollowUp"),
        ("table dropped", "no call_drafts table"),
    ],
)
def test_a_restore_refuses_what_this_version_cannot_open(
    data: Path, tmp_path: Path, kind: str, expected: str
) -> None:
    where = tmp_path / f"{kind.replace(' ', '-')}.sqlite3"
    if kind == "empty":
        where.write_bytes(b"")
        backup = where
    elif kind == "foreign":
        backup = _foreign(where)
    elif kind == "newer":
        backup = _newer(data, where)
    else:
        backup = _table_dropped(data, where)
    backup_bytes = backup.read_bytes()
    before = {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()}
    result = _restore(data, backup)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert expected in result.stderr
    after = {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()}
    assert after == before  # the live database byte-identical, nothing moved aside
    assert backup.read_bytes() == backup_bytes
    assert not list(data.glob(".restore-check-*"))
    services = open_services(AppPaths(data))  # and every command still works
    try:
        assert len(services.contacts.page(limit=100)) == 5
    finally:
        services.close()


def test_a_backup_from_an_older_schema_is_restored_and_upgraded(data: Path, tmp_path: Path) -> None:
    backup = _good_backup(data, tmp_path / "older.sqlite3")
    engine = make_engine(f"sqlite:///{backup}")
    migrate.downgrade(engine, "0004")
    engine.dispose()
    services = open_services(AppPaths(data))
    services.contacts.add(Contact(name="Added after the backup"))
    services.close()
    result = _restore(data, backup)
    assert result.returncode == 0, result.stderr
    services = open_services(AppPaths(data))
    try:
        names = {s.name for s in services.contacts.page(limit=100)}
    finally:
        services.close()
    assert names == {f"Live {n}" for n in range(5)}


def test_recovery_offers_the_newest_backup_this_version_can_open(
    data: Path, tmp_path: Path
) -> None:
    paths = AppPaths(data)
    good = backups.take_backup(paths, "daily")
    newer = _newer(data, tmp_path / "x.sqlite3")
    # Newer by its name, so first in the list: the recovery must pass over it.
    shutil.move(newer, paths.backups / "followup-20990101T000000Z-manual.sqlite3")
    found = backups.newest_good_backup(paths.backups)
    assert found is not None and found.path == good.path
