"""The suite's guard on where the screens write and read: it refuses a write from watched
code on the main thread or on a reader thread, and a read on the main thread; the writer
thread writes, workers read, and the opening of the store does both."""

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


def test_the_writer_thread_and_the_opening_of_the_store_may_write(db: Database) -> None:
    errors: list[BaseException] = []

    def on_thread(as_writer: bool) -> None:
        try:
            if as_writer:
                with write_guard.on_the_writer():
                    _write(db)
            else:
                _write(db)
        except BaseException as error:  # handed to the test thread
            errors.append(error)

    reader = threading.Thread(target=on_thread, args=(False,))
    reader.start()
    reader.join()
    assert len(errors) == 1 and "a reader thread" in str(errors[0])  # sent with run()
    writer = threading.Thread(target=on_thread, args=(True,))
    writer.start()
    writer.join()
    assert len(errors) == 1
    with write_guard.opening_the_store():
        _write(db)
    with db.reading() as session:
        assert settings_repo.get_raw(session, "guard.test") == "1"


def _read(db: Database) -> str | None:
    with db.reading() as session:
        return settings_repo.get_raw(session, "guard.test")


def test_a_read_on_the_main_thread_from_watched_code_is_refused_and_a_worker_may_read(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(write_guard.READS_ENV, THIS_FILE)
    with pytest.raises(write_guard.UiThreadRead, match=r"test_write_guard\.py.*\(_read\)"):
        _read(db)
    found: list[str | None] = []
    worker = threading.Thread(target=lambda: found.append(_read(db)))
    worker.start()
    worker.join()
    assert found == [None]  # read, on a worker
    with write_guard.opening_the_store():
        assert _read(db) is None
