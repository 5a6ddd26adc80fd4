"""The suite's guard against writes on the UI thread: it refuses a write made on the main
thread from watched code, and lets workers and the opening of the store write."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup_desktop.store import settings_repo, write_guard
from followup_desktop.store.db import Database

THIS_FILE = "tests/store/test_write_guard.py"


def _write(db: Database) -> None:
    with db.writing() as session:
        settings_repo.set_raw(session, "guard.test", "1")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    opened = Database.open(tmp_path / "guard.sqlite3")
    monkeypatch.setenv(write_guard.ENV, THIS_FILE)  # this file plays the screen's code
    yield opened
    opened.close()


def test_a_write_on_the_main_thread_from_watched_code_is_refused(db: Database) -> None:
    with pytest.raises(write_guard.UiThreadWrite, match=r"test_write_guard\.py"):
        _write(db)
    with db.reading() as session:
        assert settings_repo.get_raw(session, "guard.test") is None


def test_a_worker_thread_and_the_opening_of_the_store_may_write(db: Database) -> None:
    errors: list[BaseException] = []

    def on_worker() -> None:
        try:
            _write(db)
        except BaseException as error:  # handed to the test thread
            errors.append(error)

    worker = threading.Thread(target=on_worker)
    worker.start()
    worker.join()
    assert errors == []
    with write_guard.opening_the_store():
        _write(db)
    with db.reading() as session:
        assert settings_repo.get_raw(session, "guard.test") == "1"
