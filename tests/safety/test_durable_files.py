"""Files written whole or not at all: refused names, failures, and SIGKILL mid-write."""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from followup_desktop.core.durable_files import create_file, replace_file
from followup_desktop.exchange.file_names import write_new

WRITER = """
import hashlib, os, sys
from pathlib import Path
from followup_desktop.core.durable_files import replace_file
target, n = Path(sys.argv[1]), 0
while True:
    n += 1
    body = os.urandom(1 << 20)  # 1 MiB: many write calls, so a kill lands mid-write
    replace_file(target, hashlib.sha256(body).hexdigest().encode() + b"\\n" + body)
    print(n, flush=True)
"""


def _whole(path: Path) -> bool:
    digest, _, body = path.read_bytes().partition(b"\n")
    return hashlib.sha256(body).hexdigest().encode() == digest


def test_a_killed_writer_leaves_the_old_file_or_the_new_never_half(tmp_path: Path) -> None:
    target = tmp_path / "export.bin"
    replace_file(target, hashlib.sha256(b"first").hexdigest().encode() + b"\nfirst")
    root = Path(__file__).resolve().parents[2]
    for cycle in range(15):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(target)], cwd=root, stdout=subprocess.PIPE
        )
        assert writer.stdout is not None
        writer.stdout.readline()  # it has replaced the file at least once
        time.sleep(0.01 * (cycle % 7))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        assert _whole(target), f"cycle {cycle}: a torn file"
        for leftover in tmp_path.glob(".export.bin.*.tmp"):
            leftover.unlink()  # a killed writer's temporary file: never under the real name


def test_create_never_replaces_and_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "Jane.ics"
    create_file(target, b"one")
    with pytest.raises(FileExistsError):
        create_file(target, b"two")
    assert target.read_bytes() == b"one"
    assert write_new(tmp_path, "Jane", ".ics", b"two").name == "Jane (2).ics"

    with pytest.raises(TypeError):  # fails inside the write: the old file stays
        replace_file(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Jane (2).ics", "Jane.ics"]
